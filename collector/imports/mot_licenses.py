"""Which license names in the Model Openness Tool's files are open licenses, and if not why not.

The files spell licenses as free text ("Apache 2.0", "BSD-3", "MIT license", "Component not include."):
each name is matched case-insensitively against explicit lists, and a name on neither list is counted as
not open and reported by the importer.  What license a component *has* (its own, or the release's by
inheritance) is decided in :mod:`collector.imports.mot_inheritance`; this module only judges a name.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Licenses counted as open, as the data spells them (compared case-insensitively, spaces collapsed)
#: -> the SPDX id.  OSI-approved software licenses, and open data / content licenses (Creative Commons
#: BY, BY-SA, CC0; CDLA-Permissive; ODC-By), as MOF asks of each component.  Entries marked "data"
#: occur in the MOT files of commit 8b5d30e; the others are common SPDX ids added so that a new file
#: using them is not reported as unclassified.
OPEN_LICENSES = {
    "apache-2.0": "Apache-2.0",  # data
    "apache 2.0": "Apache-2.0",  # data
    "apache license 2.0": "Apache-2.0",  # data
    "mit": "MIT",  # data
    "mit license": "MIT",  # data
    "bsd-3": "BSD-3-Clause",  # data: not an SPDX id, read as the 3-clause BSD license
    "bsd-3-clause": "BSD-3-Clause",
    "bsd-2-clause": "BSD-2-Clause",
    "bsd": "BSD",  # data: variant not given; every BSD variant is a free-software license
    "cc-by-4.0": "CC-BY-4.0",  # data
    "cc-by-sa-4.0": "CC-BY-SA-4.0",  # data
    "cc by-sa 4.0": "CC-BY-SA-4.0",  # data
    "cdla-permissive-2.0": "CDLA-Permissive-2.0",  # data
    "odc-by-1.0": "ODC-By-1.0",  # data
    "cc0-1.0": "CC0-1.0",
    "cc-by-3.0": "CC-BY-3.0",
    "cdla-permissive-1.0": "CDLA-Permissive-1.0",
    "odc-by": "ODC-By-1.0",
    "pddl-1.0": "PDDL-1.0",
    "isc": "ISC",
    "mpl-2.0": "MPL-2.0",
    "gpl-2.0": "GPL-2.0",
    "gpl-3.0": "GPL-3.0",
    "lgpl-2.1": "LGPL-2.1",
    "lgpl-3.0": "LGPL-3.0",
    "agpl-3.0": "AGPL-3.0",
    "epl-2.0": "EPL-2.0",
}

#: What the data says instead of a license when the component is not there.
NOT_INCLUDED = ("component not include", "component component not included")

#: License names in the data that are not open licenses (each checked by hand), by why.
NOT_OPEN = {
    # restricted model licenses: use restrictions, non-commercial terms or custom terms
    **dict.fromkeys(
        ["gemma terms of use", "gemma", "openrail", "llama 2 community license",
         "meta llama 3 community license agreement", "llama 3 community license", "llama 3.1 community license",
         "llama 3.2 community license", "tongyi-qianwen-research", "tongyi-qianwen-license-agreement",
         "tongyi-qianwen", "qwen license agreement", "deepseek license agreement", "databricks open model license",
         "bigscience-bloom-rail-1.0", "bloom", "ai sweden's llm ai model license agreement",
         "nvidia open model license", "bigcode openrail-m v1 license agreement", "baai aquila model license",
         "baichuan-7b license", "chatglm-6b license", "chatglm2-6b license", "chatglm3-6b license",
         "codefuse community license", "apple-sample-code-license",
         "dialogue model and data evaluation license agreement", "proprietary", "other license",
         "cc-by-nc-4.0", "creative commons attribution non commercial 4.0",
         "creative commons attribution non commercial share alike 4.0",
         "commercial use restrcitions; cc-by-nc-sa-4.0",
         "commercial use restrcitions; apache 2.0, telechat模型社区许可协议"],
        "restricted",
    ),
    # arXiv's license lets arXiv distribute a paper; it grants readers nothing
    **dict.fromkeys(
        ["arxiv.org perpetual non-exclusive license 1.0", "arxiv.org perpetual, non-exclusive license 1.0",
         "arxiv.org - non-exclusive license", "arxiv.org - non-exclusive", "arxiv-non-excluse-1.0",
         "arxiv non exclusive"],
        "restricted",
    ),
    "undisclosed": "undisclosed",
    # text in the license field that names no single license
    **dict.fromkeys(
        ['datasets with "mit" “apache-2”, “bsd-3-clause”, “bsd-2-clause”, “cc0-1.0”, “unlicense”, “isc”',
         "mc4, cc100, wikipedia, eleutherai/pile, togethercomputer/redpajama-data-1t", "pubmed",
         "license only specified in original dataset starcoderdata", "https://arxiv.org/pdf/2401.06066",
         "license", "component not included but listed sources"],
        "no-single-license",
    ),
}  # fmt: skip


def name_key(name: str) -> str:
    """A name compared case-insensitively, spaces collapsed."""
    return " ".join(name.split()).lower()


@dataclass(frozen=True)
class Verdict:
    open: bool
    reason: str  # why not, for a note; the SPDX id when open
    classified: bool = True


def license_verdict(license_name: str | None) -> Verdict:
    """Whether a component's license (as the file spells it) is an open license, and if not why not."""
    if license_name is None or not license_name.strip():
        return Verdict(False, "no license given")
    key = name_key(license_name)
    if key in OPEN_LICENSES:
        return Verdict(True, OPEN_LICENSES[key])
    if key == "unlicensed":
        return Verdict(False, "unlicensed")
    if key.startswith(NOT_INCLUDED):
        return Verdict(False, f"marked as not included (license field: {license_name.strip()!r})")
    kind = NOT_OPEN.get(key)
    if kind == "undisclosed":
        return Verdict(False, "license undisclosed")
    if kind == "no-single-license":
        return Verdict(False, f"license field {license_name.strip()!r} names no single license")
    if kind == "restricted":
        return Verdict(False, f"license {license_name.strip()} is not an open license")
    return Verdict(False, f"license {license_name.strip()} is not an open license (not on the allow-list)", False)
