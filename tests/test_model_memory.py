"""Loaded scorecards share what pydantic would otherwise keep per instance, and behave the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from collector.loading import load_model
from collector.schema import Scorecard
from tests.conftest import REPO

FALCON = REPO / "scorecards" / "tii" / "falcon-7b.yaml"


def claims(card: Scorecard) -> list:
    return [claim for assessment in card.assessments for claim in assessment.indicators.values()]


def test_models_with_the_same_given_fields_share_one_set():
    card = load_model(FALCON, Scorecard, "falcon-7b.yaml").model
    assert card is not None
    provenances = [claim.provenance for claim in claims(card)]
    distinct = {id(p.__pydantic_fields_set__) for p in provenances}
    assert len(distinct) < len(provenances) / 10


def test_a_shared_set_still_serves_dumps_copies_and_equality(tmp_path: Path):
    card = load_model(FALCON, Scorecard, "falcon-7b.yaml").model
    assert card is not None
    again = Scorecard.model_validate(card.model_dump())
    assert again == card
    assert card.model_dump(exclude_unset=True)["subject"]["id"] == "falcon-7b"
    before = [frozenset(c.model_fields_set) for c in claims(card)]
    unnoted = next(c for c in claims(card) if "note" not in c.model_fields_set)
    copied = unnoted.model_copy(update={"note": "changed"})
    assert copied.note == "changed" and "note" in copied.model_fields_set
    assert [frozenset(c.model_fields_set) for c in claims(card)] == before  # the shared sets are untouched


def test_a_loaded_model_still_refuses_assignment():
    card = load_model(FALCON, Scorecard, "falcon-7b.yaml").model
    assert card is not None
    with pytest.raises(ValidationError):
        card.subject.name = "x"  # type: ignore[misc]
