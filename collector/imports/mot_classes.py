"""The Model Openness Framework's classes, as the Model Openness Tool applies them.

The classes are cumulative (PROVENANCE.md of the data; ``required`` and ``class`` of each component in
the tool's ``mof.settings.yml``): Class III "Open Model" needs its six components under open licenses,
Class II "Open Tooling" adds four, Class I "Open Science" four more; the three optional components
(supporting libraries, model metadata, sample outputs) do not matter.

One rule of the tool's evaluator (``web/modules/mof/src/ModelEvaluator.php``,
``handleTechnicalReportOmission`` and ``getProgress``): "The technical report MAY be omitted if a
research paper is provided".  A research paper under an open license therefore stands in for a
technical report that is not, in every class.
"""

from __future__ import annotations

#: Components each class requires in addition to the class below it (reference ids of mof-1.0).
CLASS_III = frozenset(
    {"model-architecture", "model-parameters-final", "model-card", "data-card", "technical-report",
     "evaluation-results"}
)  # fmt: skip
CLASS_II_OWN = frozenset({"training-code", "inference-code", "evaluation-code", "evaluation-data"})
CLASS_I_OWN = frozenset({"datasets", "model-parameters-intermediate", "data-preprocessing-code", "research-paper"})
CLASS_II = CLASS_III | CLASS_II_OWN
CLASS_I = CLASS_II | CLASS_I_OWN
TECHNICAL_REPORT, RESEARCH_PAPER = "technical-report", "research-paper"

#: Rubric domains: the components by the class that first requires them.
DOMAINS: tuple[tuple[str, str, str, frozenset[str]], ...] = (
    ("class-iii", "Class III (Open Model)", "Required for Class III and so for every class.", CLASS_III),
    ("class-ii", "Class II (Open Tooling)", "Required, with Class III's components, for Class II and I.",
     CLASS_II_OWN),
    ("class-i", "Class I (Open Science)", "Required, with Class II's components, for Class I.", CLASS_I_OWN),
    ("not-class-required", "Not required for a class",
     "Components of the framework that no class requires under the rules applied here.", frozenset()),
)  # fmt: skip

#: Each class with what it requires, from the lowest up.
LADDER = (("Class III", CLASS_III), ("Class II", CLASS_II), ("Class I", CLASS_I))


def counted(open_components: set[str] | frozenset[str]) -> frozenset[str]:
    """The components that count towards a class: an open research paper also stands for the report."""
    if RESEARCH_PAPER in open_components:
        return frozenset(open_components) | {TECHNICAL_REPORT}
    return frozenset(open_components)


def paper_stands_in(open_components: set[str] | frozenset[str]) -> bool:
    """Whether the research paper stands in for a technical report that is not open."""
    return RESEARCH_PAPER in open_components and TECHNICAL_REPORT not in open_components


def mof_class(open_components: set[str] | frozenset[str]) -> str | None:
    """The MOF class a model reaches with these components open (mof-1.0 reference ids), or None."""
    reached = None
    usable = counted(open_components)
    for label, required in LADDER:
        if not required.issubset(usable):
            break
        reached = label
    return reached


def next_class_lacks(open_components: set[str] | frozenset[str]) -> tuple[str, list[str]] | None:
    """The next class up and the components it still needs open (sorted ids), or None at Class I."""
    usable = counted(open_components)
    for label, required in LADDER:
        if not required.issubset(usable):
            return label, sorted(required - usable)
    return None


def domain_of(component_id: str) -> str:
    for domain_id, _, _, members in DOMAINS:
        if component_id in members:
            return domain_id
    return DOMAINS[-1][0]
