"""Scoring against hand-computed examples (rubric: tests/fixtures/mini)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from collector.dataset import load_dataset
from collector.ranking import latest_scores, latest_version, split_ranked, version_key
from collector.schema import Claim, Evidence, Provenance, Scorecard, Status
from collector.scoring import score_assessment, shown


@pytest.fixture
def dataset(mini_project):
    return load_dataset(mini_project, today=dt.date(2026, 1, 1))


def score_of(dataset, subject_id, version):
    return next(s for s in dataset.scores() if s.subject_id == subject_id and s.rubric_version == version)


def test_graded_scores_match_the_hand_computation(dataset):
    # acme-one under mini 1.0: data-sources partial (0.5 x weight 1), data-size disclosed (1 x weight 2),
    # license not-disclosed (0), model-size absent = not assessed (0). 2.5 of 5 points.
    score = score_of(dataset, "acme-one", "1.0")
    assert (score.points, score.max_points) == (2.5, 5.0)
    assert score.total == 50.0
    domains = {d.domain_id: d for d in score.domains}
    assert domains["data"].score == pytest.approx(250 / 3)  # 2.5 of 3
    assert domains["model"].score == 0.0


def test_coverage_counts_explicit_and_implicit_not_assessed(dataset):
    one = score_of(dataset, "acme-one", "1.0")
    assert (one.assessed, one.indicator_count, one.coverage) == (3, 4, 0.75)
    two = score_of(dataset, "acme-two", "1.0")  # license disclosed, model-size explicitly not assessed
    assert (two.assessed, two.coverage, two.total) == (1, 0.25, 20.0)


def test_binary_rubric_gives_full_credit_for_disclosed(dataset):
    score = score_of(dataset, "acme-two", "2.0")
    assert score.total == 50.0  # 1 of 2 indicators


def test_scoring_is_deterministic(dataset):
    first = [s.to_dict() for s in dataset.scores()]
    second = [s.to_dict() for s in dataset.scores()]
    assert first == second


def test_to_dict_has_the_fields_tools_rely_on(dataset):
    row = score_of(dataset, "acme-one", "1.0").to_dict()
    assert {
        "subject_id",
        "subject_name",
        "developer",
        "rubric_id",
        "rubric_version",
        "date",
        "total",
        "domains",
        "coverage",
    } <= set(row)
    assert row["domains"]["data"]["score"] == 83.33


def test_a_partial_claim_is_worth_half_its_weight(dataset):
    rubric = dataset.rubrics[("mini", "1.0")]
    card = dataset.valid_scorecards()[0]
    claim = Claim(
        status=Status.PARTIAL,
        evidence=[Evidence(url="https://example.com/x", quote="q", retrieved=dt.date(2025, 1, 1))],
        provenance=Provenance(source="person", by="@a"),
    )
    assessment = card.assessments[0].model_copy(update={"indicators": {"data-size": claim}})
    score = score_assessment(card, assessment, rubric)
    assert score.points == 1.0  # half of weight 2


def test_ranking_uses_one_rubric_version_and_the_latest_assessment(dataset):
    scores = dataset.scores()
    assert latest_version(scores, "mini") == "2.0"
    ranked = latest_scores(scores, "mini", "1.0")
    assert [s.subject_id for s in ranked] == ["acme-one", "acme-two"]
    assert [s.subject_id for s in latest_scores(scores, "mini", "2.0")] == ["acme-two"]


def test_versions_sort_numerically():
    assert sorted(["1.10", "1.9", "2023.5", "2.0"], key=version_key) == ["1.9", "1.10", "2.0", "2023.5"]


def test_an_empty_assessment_scores_zero_with_zero_coverage(dataset):
    rubric = dataset.rubrics[("mini", "1.0")]
    card: Scorecard = dataset.valid_scorecards()[0]
    empty = card.assessments[0].model_copy(update={"indicators": {}})
    score = score_assessment(card, empty, rubric)
    assert (score.total, score.coverage) == (0.0, 0.0)


def test_an_incomplete_assessment_has_a_range_from_nothing_to_full_credit_for_what_is_unassessed(dataset):
    # acme-one under mini 1.0: model-size (weight 1 of 5) is unassessed, so it earns 0 to 1 point
    score = score_of(dataset, "acme-one", "1.0")
    assert score.complete is False
    assert (score.lower, score.upper) == (50.0, 70.0)
    domains = {d.domain_id: d for d in score.domains}
    assert domains["data"].complete and domains["data"].upper == domains["data"].score
    assert not domains["model"].complete and (domains["model"].score, domains["model"].upper) == (0.0, 50.0)


def test_an_incomplete_assessment_has_no_total_in_its_export(dataset):
    row = score_of(dataset, "acme-one", "1.0").to_dict()
    assert (row["complete"], row["total"], row["lower"], row["upper"]) == (False, None, 50.0, 70.0)
    assert row["domains"]["model"]["score"] is None
    assert (row["domains"]["model"]["lower"], row["domains"]["model"]["upper"]) == (0.0, 50.0)


def test_shown_gives_a_score_or_a_range():
    complete = SimpleNamespace(complete=True, lower=42.4, upper=42.4)
    incomplete = SimpleNamespace(complete=False, lower=24.2, upper=61.0)
    assert shown(complete) == "42"
    assert shown(incomplete) == "24–61"


def test_only_complete_assessments_are_ranked_and_incomplete_ones_follow_by_name(dataset):
    rubric = dataset.rubrics[("mini", "1.0")]
    card = dataset.valid_scorecards()[0]
    searched = Claim(
        status=Status.NOT_DISCLOSED,
        searched=[{"url": "https://example.com/card"}],
        provenance=Provenance(source="person", by="@a"),
    )
    every = {indicator.id: searched for indicator in rubric.indicators}
    low = score_assessment(card, card.assessments[0].model_copy(update={"indicators": every}), rubric)
    incomplete = score_of(dataset, "acme-one", "1.0")  # 50 to 70: higher than the complete one's 0
    ranked, unranked = split_ranked([incomplete, low])
    assert ranked == [low] and low.total == 0.0
    assert unranked == [incomplete]
