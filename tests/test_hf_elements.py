"""How a card finding becomes a checklist grade: the collector credits only what the finding itself shows."""

from __future__ import annotations

from collector.hf.elements import graded
from collector.hf.rules import METADATA, Finding
from collector.schema import Status


def finding(indicator_id: str, status: Status = Status.DISCLOSED, locator: str = "## Training") -> Finding:
    return Finding(indicator_id=indicator_id, status=status, quote="q", locator=locator)


def test_a_section_on_hardware_shows_the_type_but_not_the_count():
    checklists = {"training-hardware": ["hardware-type", "hardware-count"]}
    assert graded(finding("training-hardware"), checklists) == (Status.PARTIAL, ["hardware-type"])


def test_a_license_id_in_the_metadata_shows_every_license_element():
    checklists = {"license": ["named", "full-text", "assets-covered"]}
    assert graded(finding("license", locator=METADATA), checklists) == (
        Status.DISCLOSED,
        ["named", "full-text", "assets-covered"],
    )


def test_a_license_of_other_without_a_name_shows_nothing():
    checklists = {"license": ["named", "full-text"]}
    assert graded(finding("license", Status.PARTIAL, METADATA), checklists) == (Status.NOT_DISCLOSED, [])


def test_a_placeholder_section_is_not_disclosed_with_no_elements():
    checklists = {"limitations": ["stated", "specific"]}
    assert graded(finding("limitations", Status.NOT_DISCLOSED), checklists) == (Status.NOT_DISCLOSED, [])


def test_an_element_the_rubric_does_not_list_is_never_credited():
    checklists = {"limitations": ["specific"]}  # a checklist without the "stated" element
    assert graded(finding("limitations"), checklists) == (Status.NOT_DISCLOSED, [])


def test_an_indicator_without_a_checklist_keeps_the_finding_status():
    assert graded(finding("limitations", Status.PARTIAL), {}) == (Status.PARTIAL, None)
