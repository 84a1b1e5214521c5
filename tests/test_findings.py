"""The findings page's results: on small hand-made datasets with known answers, and on the shipped data."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from collector.dataset import load_dataset
from collector.render import render_site
from collector.render.findings import (
    UNKNOWN_ACCESS,
    build_findings,
    by_access,
    contrast,
    disclosed_by_all,
    disclosed_by_none,
    domain_findings,
    indicator_findings,
    least_disclosed,
    never_assessed,
    rubric_findings,
    short_name,
    summarise,
)
from collector.render.findings_charts import page_charts, rate_bars
from collector.render.site_items import RenderOptions
from collector.render.views import DEFAULT_RUBRIC, build_site_data
from collector.schema import Rubric, Status, SubjectKind
from collector.scoring import AssessmentScore, IndicatorScore
from tests.conftest import REPO

D, P, N, U = Status.DISCLOSED, Status.PARTIAL, Status.NOT_DISCLOSED, Status.NOT_ASSESSED
CREDIT = {D: 1.0, P: 0.5}  # a graded rubric's credit, as collector.scoring gives it


def make_rubric(domains: dict[str, list[str]]) -> Rubric:
    """A graded rubric of weight-1 indicators: {domain id: [indicator ids]}."""
    return Rubric.model_validate(
        {
            "id": "hand",
            "version": "1.0",
            "title": "Hand-made rubric",
            "released": "2025-01-01",
            "license": "CC0-1.0",
            "description": "For tests.",
            "domains": [{"id": d, "name": d.title()} for d in domains],
            "indicators": [
                {"id": i, "domain": d, "name": i.title(), "question": "?", "full_credit": "All."}
                for d, ids in domains.items()
                for i in ids
            ],
        }
    )


def make_score(subject: str, rubric: Rubric, statuses: dict[str, Status]) -> AssessmentScore:
    """An assessment's score: indicators left out of ``statuses`` are not assessed."""
    ratings = tuple(
        IndicatorScore(i.id, i.domain, statuses.get(i.id, U), CREDIT.get(statuses.get(i.id, U), 0.0), 1.0)
        for i in rubric.indicators
    )
    return AssessmentScore(
        subject_id=subject,
        subject_name=subject.title(),
        developer="Dev",
        rubric_id=rubric.id,
        rubric_version=rubric.version,
        date=dt.date(2025, 1, 1),
        points=sum(r.points for r in ratings),
        max_points=float(len(ratings)),
        assessed=sum(r.status is not U for r in ratings),
        indicator_count=len(ratings),
        domains=(),
        indicators=ratings,
    )


RUBRIC = make_rubric({"alpha": ["a1", "a2"], "beta": ["b1", "b2"]})


def test_the_least_disclosed_domain_is_the_one_with_the_lowest_rate_over_assessed_ratings():
    # alpha: disclosed wherever assessed (100%), but half unassessed; beta: 3 of 4 credits (75%).
    # Counting the unassessed as undisclosed would name alpha (50%); it must be beta.
    scores = [
        make_score("one", RUBRIC, {"a1": D, "b1": P, "b2": D}),
        make_score("two", RUBRIC, {"a1": D, "b1": P, "b2": D}),
    ]
    order = least_disclosed(domain_findings(scores, RUBRIC))
    assert [d.domain_id for d in order] == ["beta", "alpha"]
    assert order[0].tally.rate == pytest.approx(0.75)
    assert order[1].tally.rate == pytest.approx(1.0)


def test_a_domain_nobody_assessed_has_no_rate_and_is_not_called_least_disclosed():
    scores = [make_score("one", RUBRIC, {"a1": N})]
    domains = domain_findings(scores, RUBRIC)
    beta = next(d for d in domains if d.domain_id == "beta")
    assert beta.tally.rate is None and beta.tally.not_assessed == 2
    assert [d.domain_id for d in least_disclosed(domains)] == ["alpha"]


def test_a_domain_tally_counts_each_status_apart():
    scores = [make_score("one", RUBRIC, {"a1": D, "a2": P}), make_score("two", RUBRIC, {"a1": N})]
    alpha = domain_findings(scores, RUBRIC)[0].tally
    assert (alpha.disclosed, alpha.partial, alpha.not_disclosed, alpha.not_assessed) == (1, 1, 1, 1)
    assert alpha.assessed == 3
    assert alpha.rate == pytest.approx(1.5 / 3)


def test_an_indicator_disclosed_by_none_was_assessed_and_never_disclosed_even_partly():
    scores = [make_score("one", RUBRIC, {"a1": N, "a2": P, "b1": N}), make_score("two", RUBRIC, {"a1": N})]
    indicators = indicator_findings(scores, RUBRIC)
    assert [i.indicator_id for i in disclosed_by_none(indicators)] == ["a1", "b1"]
    assert [i.indicator_id for i in never_assessed(indicators)] == ["b2"]


def test_an_indicator_disclosed_by_all_is_disclosed_by_every_model_not_only_by_those_assessed():
    scores = [make_score("one", RUBRIC, {"a1": D, "a2": D}), make_score("two", RUBRIC, {"a1": D})]
    indicators = indicator_findings(scores, RUBRIC)
    assert [i.indicator_id for i in disclosed_by_all(indicators, len(scores))] == ["a1"]


def test_a_summary_of_incomplete_scores_gives_the_range_of_its_mean_and_median():
    scores = [
        make_score("one", RUBRIC, {"a1": D, "a2": D}),  # 50 to 100
        make_score("two", RUBRIC, {"a1": N, "a2": N, "b1": N, "b2": N}),  # exactly 0
        make_score("three", RUBRIC, {"a1": D, "a2": D, "b1": D, "b2": N}),  # exactly 75
    ]
    summary = summarise(scores)
    assert summary is not None
    assert (summary.n, summary.complete, summary.exact) == (3, 2, False)
    assert summary.mean == pytest.approx((125 / 3, 175 / 3))
    assert summary.median == pytest.approx((50.0, 75.0))
    assert summary.low == pytest.approx((0.0, 0.0))
    assert summary.high == pytest.approx((75.0, 100.0))


def test_a_summary_of_complete_scores_is_exact():
    summary = summarise([make_score("one", RUBRIC, {"a1": D, "a2": N, "b1": P, "b2": N})])
    assert summary is not None and summary.exact and summary.mean == pytest.approx((37.5, 37.5))


def test_models_of_unknown_access_are_their_own_group_never_counted_as_open_or_api():
    scores = [make_score(s, RUBRIC, {"a1": D}) for s in ("open", "api", "nobody-says", "open-too")]
    access = {"open": "open-weights", "open-too": "open-weights", "api": "api-only"}
    groups = by_access(scores, RUBRIC, access.get)
    assert [(g.access, g.summary.n) for g in groups] == [("open-weights", 2), ("api-only", 1), (UNKNOWN_ACCESS, 1)]
    assert [s.subject_id for s in groups[-1].scores] == ["nobody-says"]


def test_each_access_group_has_its_own_domain_rates():
    scores = [make_score("open", RUBRIC, {"a1": D, "b1": N}), make_score("api", RUBRIC, {"a1": N, "b1": D})]
    groups = by_access(scores, RUBRIC, {"open": "open-weights", "api": "api-only"}.get)
    rates = {g.access: [d.tally.rate for d in g.domains] for g in groups}
    assert rates == {"open-weights": [1.0, 0.0], "api-only": [0.0, 1.0]}


def test_open_weights_score_higher_than_api_only_only_when_their_ranges_do_not_overlap():
    access = {"open": "open-weights", "api": "api-only"}.get
    apart = [make_score("open", RUBRIC, {"a1": D, "a2": D, "b1": D}), make_score("api", RUBRIC, {"a1": N, "a2": N})]
    result = contrast(by_access(apart, RUBRIC, access))  # open: 75 to 100; api: 0 to 50
    assert result is not None and result.higher is not None and result.higher.access == "open-weights"
    overlapping = [make_score("open", RUBRIC, {"a1": D}), make_score("api", RUBRIC, {"a1": N})]  # 25-100, 0-75
    result = contrast(by_access(overlapping, RUBRIC, access))
    assert result is not None and result.higher is None


def test_the_widest_access_gap_is_the_domain_whose_rates_differ_most():
    access = {"open": "open-weights", "api": "api-only"}.get
    scores = [make_score("open", RUBRIC, {"a1": D, "b1": P}), make_score("api", RUBRIC, {"a1": N, "b1": D})]
    result = contrast(by_access(scores, RUBRIC, access))  # alpha: 100% against 0%; beta: 50% against 100%
    assert result is not None and result.widest_gap is not None
    assert [d.domain_id for d in result.widest_gap] == ["alpha", "alpha"]


def test_no_contrast_without_both_open_weight_and_api_models():
    scores = [make_score("open", RUBRIC, {"a1": D}), make_score("unknown", RUBRIC, {"a1": N})]
    assert contrast(by_access(scores, RUBRIC, {"open": "open-weights"}.get)) is None


@pytest.mark.parametrize(
    ("title", "version", "expected"),
    [
        (
            "Foundation Model Transparency Index, December 2025",
            "2025.12",
            "Foundation Model Transparency Index 2025.12",
        ),
        (
            "Model Openness Framework 1.0 (Model Openness Tool)",
            "1.0",
            "Model Openness Framework 1.0 (Model Openness Tool)",
        ),
        ("Scorecard rubric 1.01", "1.0", "Scorecard rubric 1.01 1.0"),
    ],
)
def test_a_rubric_short_name_names_its_version_once(title, version, expected):
    rubric = RUBRIC.model_copy(update={"title": title, "version": version})
    assert short_name(rubric) == expected


def test_the_rate_chart_names_itself_and_states_every_number_and_escapes_labels():
    svg = rate_bars([("<b>Data</b>", 0.25), ("Model", None)], title="Rates & more", chart_id="c")
    assert 'role="img"' in svg and 'aria-labelledby="c-t c-d"' in svg
    assert '<title id="c-t">Rates &amp; more</title>' in svg
    assert '<desc id="c-d">&lt;b&gt;Data&lt;/b&gt;: 25%; Model: not assessed.</desc>' in svg
    assert "<b>" not in svg


# ---------------------------------------------------------------- a two-model project, loaded from files


def test_the_two_model_mini_project_has_model_as_its_least_disclosed_domain(mini_project: Path):
    # acme-one: data-sources partial, data-size (weight 2) disclosed, license not disclosed; acme-two:
    # license disclosed.  Data earns 2.5 of 3, Model 1 of 2.
    site = build_site_data(load_dataset(mini_project))
    rubric = site.dataset.rubrics[("mini", "1.0")]
    result = rubric_findings(site.rankings[("mini", "1.0")], rubric, "rankings/mini/1.0/")
    assert [(d.domain_id, d.tally.rate) for d in result.least_disclosed] == [("model", 0.5), ("data", 2.5 / 3)]
    assert [i.indicator_id for i in result.never_assessed] == ["model-size"]


def test_a_project_without_our_rubric_renders_a_findings_page_without_its_results(mini_project: Path):
    rendered = render_site(load_dataset(mini_project), RenderOptions(templates=REPO / "site" / "templates"))
    body = next(p for p in rendered.pages if p.slug == "findings").body()
    assert "<h1>Findings</h1>" in body
    assert "The least disclosed domain is" not in body and "Open-weight and API models" not in body


# ---------------------------------------------------------------- the shipped data


@pytest.fixture(scope="module")
def shipped():
    site = build_site_data(load_dataset(REPO))
    return site, build_findings(site)


def test_shipped_ratings_add_up_to_every_indicator_of_every_rated_model(shipped):
    site, findings = shipped
    assert findings.ours is not None and site.rubric is not None
    total = findings.ours.ratings
    assert total.assessed + total.not_assessed == len(site.ranking) * len(site.rubric.indicators)
    by_domain = sum(d.tally.assessed + d.tally.not_assessed for d in findings.ours.domains)
    assert by_domain == len(site.ranking) * len(site.rubric.indicators)


def test_shipped_unassessed_counts_match_the_scorecards(shipped):
    site, findings = shipped
    assert findings.ours is not None
    unassessed = 0
    for score in site.ranking:
        claims = site.models[score.subject_id].latest(DEFAULT_RUBRIC).assessment.indicators  # type: ignore[union-attr]
        unassessed += sum(1 for i in findings.ours.rubric.indicators if i.id not in claims or claims[i.id].status is U)
    assert findings.ours.ratings.not_assessed == unassessed


def test_shipped_least_disclosed_domain_has_the_lowest_rate(shipped):
    _, findings = shipped
    for result in (findings.ours, findings.index):
        assert result is not None
        worst = result.least_disclosed[0]
        assert all((worst.tally.rate or 0) <= (d.tally.rate or 0) for d in result.domains if d.tally.rate is not None)


def test_shipped_index_is_fmti_newest_edition_and_every_rating_there_is_assessed(shipped):
    site, findings = shipped
    assert findings.index is not None
    newest = max((v for (r, v) in site.rankings if r == "fmti"), key=lambda v: tuple(map(int, v.split("."))))
    assert (findings.index.rubric.id, findings.index.rubric.version) == ("fmti", newest)
    assert findings.index.ratings.not_assessed == 0


def test_shipped_indicators_disclosed_by_none_have_no_disclosed_claim_in_any_latest_fmti_rating(shipped):
    site, findings = shipped
    assert findings.index is not None
    key = (findings.index.rubric.id, findings.index.rubric.version)
    for indicator in findings.index.disclosed_by_none:
        for score in site.rankings[key]:
            rating = next(r for r in score.indicators if r.indicator_id == indicator.indicator_id)
            assert rating.status is N


def test_shipped_access_groups_cover_every_rated_model_once(shipped):
    site, findings = shipped
    grouped = [s.subject_id for g in findings.access for s in g.scores]
    assert sorted(grouped) == sorted(s.subject_id for s in site.ranking)
    for group in findings.access:
        for score in group.scores:
            access = site.models[score.subject_id].card.subject.access
            assert (access.value if access else UNKNOWN_ACCESS) == group.access


def test_shipped_coverage_counts_rated_and_imported_only_models_apart(shipped):
    site, findings = shipped
    models = [m for m in site.models.values() if m.card.subject.kind is SubjectKind.MODEL]
    cov = findings.coverage
    assert cov.rated == len({s.subject_id for s in site.ranking} & {m.id for m in models})
    assert cov.rated + cov.imported_only == len(models) == cov.models
    assert cov.developer_ratings == len(site.models) - len(models)


def test_shipped_coverage_points_to_every_published_index_ranking_with_its_size(shipped):
    site, findings = shipped
    expected = {f"rankings/{r}/{v}/": len(s) for (r, v), s in site.rankings.items() if r != DEFAULT_RUBRIC}
    assert {page: n for page, _, n in findings.coverage.index_rankings} == expected


def test_every_chart_of_the_shipped_findings_names_itself_with_ids_that_exist(shipped):
    _, findings = shipped
    charts = page_charts(findings)
    assert set(charts) == {"ours-domains", "ours-spread", "index-domains", "index-spread", "access-scores"}
    for svg in charts.values():
        (labelled,) = re.findall(r'aria-labelledby="([^"]+)"', svg)
        for element_id in labelled.split():
            assert re.search(rf'<(title|desc) id="{element_id}">[^<]+</', svg)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def test_every_link_of_the_shipped_findings_page_leads_to_a_page_of_the_site():
    rendered = render_site(load_dataset(REPO), RenderOptions(templates=REPO / "site" / "templates"))
    slugs = {p.slug for p in rendered.pages}
    page = next(p for p in rendered.pages if p.slug == "findings")
    parser = _Links()
    parser.feed(page.body())
    assert parser.hrefs
    for href in parser.hrefs:
        assert href.startswith("../"), href  # the page is one folder deep
        path = href[3:].split("#")[0].rstrip("/")
        assert (path or "index") in slugs or f"{path}/index" in slugs, href
