"""Render the whole site: pages (HTML fragments) and data files, from a loaded dataset.

Pages are rendered from Jinja templates straight to HTML, with autoescaping on:
every string from a scorecard or a vendor page is text, never markup.  The
Markdown parser never sees data, which keeps both injection and build time out.

The pages and files it yields are described in :mod:`collector.render.site_items`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, replace
from functools import cached_property, lru_cache, partial
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from collector import jsonschema, safefiles
from collector.dataset import Dataset
from collector.quote_checks import MAX_ARCHIVED_TEXT_BYTES
from collector.render import badges, changes, charts, exports, feed, findings_charts, scorecard_files
from collector.render.compare_data import compare_files
from collector.render.developer_rankings import DeveloperRanking, rank_all_developers
from collector.render.developer_views import DeveloperView, group_by_developer
from collector.render.findings import build_findings
from collector.render.helpers import TemplateHelpers
from collector.render.history import History, read_history
from collector.render.indicator_pages import IndicatorPages
from collector.render.rankings import RankingLink, board_context, ranking_links, rubric_label
from collector.render.search_entries import claim_sections, search_boost
from collector.render.site_items import DataFile, Page, RenderedSite, RenderOptions
from collector.render.statuses import STATUS_LABELS, status_html
from collector.render.urls import safe_url
from collector.render.views import DEFAULT_RUBRIC, ModelView, SiteData, build_site_data
from collector.schema import Status
from collector.scoring import shown


@lru_cache(maxsize=8)
def make_environment(templates: Path) -> jinja2.Environment:
    """The templates' environment, one per folder for the process: templates compile once, and again only
    when their file changes (Jinja checks), which keeps each rebuild of ``serve`` from compiling them all."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["score"] = lambda v: f"{v:.0f}"
    env.filters["shown"] = shown  # a score, or the range of an incomplete assessment
    env.filters["pct"] = lambda v: f"{v * 100:.0f}%"
    env.filters["band"] = charts.band
    env.filters["rubric_label"] = rubric_label  # a rubric's name and version, the version once
    env.globals["STATUS_LABELS"] = STATUS_LABELS
    env.globals["status"] = status_html
    env.globals["Status"] = Status
    return env


def render_site(dataset: Dataset, options: RenderOptions) -> RenderedSite:
    site = build_site_data(dataset)
    env = make_environment(options.templates)
    rendered = RenderedSite()
    renderer = _Renderer(site, env, options)
    rendered.pages = renderer.pages()
    rendered.files = renderer.files()
    rendered.problems_html = renderer.problems_html()
    return rendered


class _Renderer:
    def __init__(self, site: SiteData, env: jinja2.Environment, options: RenderOptions) -> None:
        self.site = site
        self.env = env
        self.options = options

    @cached_property
    def helpers(self) -> TemplateHelpers:
        return TemplateHelpers(self.site, self.developers, self.indicators)

    @cached_property
    def indicators(self) -> IndicatorPages:
        return IndicatorPages(self.site.dataset.rubrics, self.site.rubric)

    @cached_property
    def edition_series(self) -> list[changes.EditionSeries]:
        return changes.edition_series(self.site.models.values(), self.site.dataset.rubrics)

    @cached_property
    def history(self) -> History:
        """The commits that changed the data (the Changes page and the feed read it once per build)."""
        by_file = {model.source_file: model.id for model in self.site.models.values()}
        return read_history(self.site.dataset.paths.root, by_file)

    def _feed(self) -> str:
        items = feed.entries(self.edition_series, self.site.revisions, self.history)
        return feed.atom_feed(items, site_url=self.options.site_url, site_name=self.options.site_name)

    @cached_property
    def developers(self) -> dict[str, DeveloperView]:
        return group_by_developer(self.site.models.values(), self.site.dataset.developers)

    @cached_property
    def ranking_links(self) -> list[RankingLink]:
        return ranking_links(self.site)

    @cached_property
    def developer_rankings(self) -> dict[tuple[str, str], DeveloperRanking]:
        return rank_all_developers(self.site, self.helpers.developer_of)

    # ---------------------------------------------------------------- pages

    def pages(self) -> list[Page]:
        pages = [
            self._page(
                "index",
                "Leaderboard",
                "leaderboard.html",
                in_nav=True,
                summary=self._home_summary(),
                ranking=self.site.ranking,
                rubric=self.site.rubric,
                **board_context(self.site, self.site.rubric, self.ranking_links),
            ),
            self._page(
                "developers/index",
                "Developers",
                "developers.html",
                in_nav=True,
                developers=self.developers,
                links=self.ranking_links,
            ),
            self._findings_page(),
            self._page("indicators/index", "Indicators", "indicators.html", in_nav=True),
            self._page("compare", "Compare", "compare.html", in_nav=True),
            self._page("methodology", "Methodology", "methodology.html", in_nav=True),
            self._page(
                "changes",
                "Changes",
                "changes.html",
                in_nav=True,
                series=self.edition_series,
                revisions=self.site.revisions,
                history=self.history,
                feed_limit=feed.LIMIT,
            ),
            self._page("sources", "Sources", "sources.html", in_nav=True, documents=self.site.documents),
            self._page("downloads", "Downloads", "downloads.html", in_nav=True),
        ]
        pages.extend(self._ranking_pages())
        for model in self.site.models.values():
            subject = model.card.subject
            summary = f"<p>{_text(subject.name)}, by {_text(subject.developer)}. {_text(subject.description or '')}</p>"
            page = self._page(f"models/{model.id}", subject.name, "model.html", summary=summary, model=model)
            sections = partial(claim_sections, model)
            boost = search_boost(model)
            pages.append(replace(page, scorecards=(model.id,), sections=sections, boost=boost))
        for moved in self.site.dataset.moved:  # old addresses keep a page that says where the model went
            target = self.site.models.get(moved.to)
            if target is not None and moved.from_id not in self.site.models:
                title = f"Moved: {target.card.subject.name}"
                pages.append(self._page(f"models/{moved.from_id}", title, "moved.html", moved=moved, target=target))
        for developer in self.developers.values():
            summary = f"<p>{_text(developer.name)}: {len(developer.models)} model(s) tracked.</p>"
            page = self._page(
                f"developers/{developer.id}", developer.name, "developer.html", summary=summary, developer=developer
            )
            shown = [*developer.models, *developer.profiles, *(m for c in developer.collaborations for m in c.models)]
            pages.append(replace(page, scorecards=tuple(sorted({m.id for m in shown}))))
        if self.site.rubric is not None:
            # The heat map, a domain a page: the whole (a linked cell per model and indicator) was 300 KB
            for domain in self.site.rubric.domains:
                pages.append(
                    self._page(
                        f"indicators/heatmap/{domain.id}",
                        f"Heat map: {domain.name}",
                        "heatmap.html",
                        domain=domain,
                    )
                )
        pages.extend(self._indicator_pages())
        return pages

    def _ranking_pages(self) -> list[Page]:
        """Each rubric version's ranking (the headline one is the home page) and its developers ranking."""
        pages = []
        for link in self.ranking_links:
            key = link.rubric.key
            if not link.headline:
                title = f"{link.label} ranking"
                pages.append(
                    self._page(
                        link.models_slug.rstrip("/"),
                        title,
                        "leaderboard.html",
                        ranking=self.site.rankings[key],
                        rubric=link.rubric,
                        **board_context(self.site, link.rubric, self.ranking_links),
                    )
                )
            pages.append(
                self._page(
                    f"{link.developers_slug}index",
                    f"{link.label}: developers ranked",
                    "developer_ranking.html",
                    link=link,
                    ranked=self.developer_rankings[key],
                    links=self.ranking_links,
                )
            )
        return pages

    def _indicator_pages(self) -> Iterator[Page]:
        """A page per indicator of every rubric version, and a list of each version's indicators but ours
        (the Indicators page lists those); addresses as ``indicator_pages`` gives them."""
        for rubric in self.indicators.others():
            title = f"{rubric.title}, version {rubric.version}: indicators"
            summary = f"<p>{_text(rubric.description)}</p>"
            yield self._page(self.indicators.rubric_slug(rubric), title, "rubric.html", summary=summary, rubric=rubric)
        for item in self.indicators.pages():
            summary = f"<p>{_text(item.indicator.question)}</p>"
            yield self._page(item.slug, item.title, "indicator.html", summary=summary, **item.context)

    def _page(
        self, slug: str, title: str, template: str, *, in_nav: bool = False, summary: str = "", **context: Any
    ) -> Page:
        page = Page(slug, title, summary or f"<p>{_text(title)}</p>", lambda: "", in_nav)
        root = "../" * page.depth

        def body() -> str:
            return self.env.get_template(template).render(
                site=self.site,
                root=root,
                options=self.options,
                page=page,
                helpers=self.helpers,
                problems=self.site.dataset.problems,
                **context,
            )

        return Page(slug, title, page.summary, body, in_nav, page.search)

    def _findings_page(self) -> Page:
        findings = build_findings(self.site)
        charts_ = findings_charts.page_charts(findings)
        summary = (
            "<p>Findings computed from the data: the least disclosed domains, open-weight against API models, "
            "the indicators no model discloses, and the spread of scores.</p>"
        )
        return self._page(
            "findings", "Findings", "findings.html", in_nav=True, summary=summary, findings=findings, charts=charts_
        )

    def _home_summary(self) -> str:
        names = ", ".join(_text(s.subject_name) for s in self.site.ranking[:50] if s.complete)
        return f"<p>Transparency ranking of AI models: {names}</p>"

    def problems_html(self) -> str:
        problems = self.site.dataset.problems
        if not problems:
            return ""
        return self.env.get_template("_problems.html").render(problems=problems)

    # ---------------------------------------------------------------- files

    def files(self) -> list[DataFile]:
        site = self.site
        files = [
            DataFile("data/scorecards.zip", stream=partial(exports.write_zip, "scorecards.json", self._all_records)),
            DataFile("data/scores.zip", stream=partial(exports.write_zip, "scores.csv", self._scores_rows)),
            DataFile("data/totals.csv", make=partial(exports.totals_csv, site)),
            DataFile("feed.xml", make=self._feed),
        ]
        for filename, model in jsonschema.SCHEMAS.items():
            files.append(DataFile(f"schema/{filename}", jsonschema.render(model)))
        if site.rubric is not None:
            files.append(DataFile("data/rubric.json", site.rubric.model_dump_json(indent=1)))
        for model_view in site.models.values():
            model_id = model_view.id
            files.append(
                DataFile(f"data/models/{model_id}.json", make=partial(self._summary, model_id), scorecards=(model_id,))
            )
            if (yaml_path := scorecard_files.site_path(model_view)) is not None:  # the file the page is made from
                read = scorecard_files.reader(site.dataset.paths, yaml_path)
                files.append(DataFile(yaml_path, make=read, scorecards=(model_id,)))
        headline = site.rubric.id if site.rubric is not None else None
        made = [*badges.model_badges(site), *badges.developer_badges(self.developer_rankings, headline)]
        files.extend(DataFile(path, make=make, scorecards=cards) for path, make, cards in made)
        files.append(DataFile("data/index.json", json.dumps(self._index(), ensure_ascii=False)))
        files.extend(DataFile(path, text) for path, text in compare_files(site))
        files.append(DataFile("data/developers.json", json.dumps(self._developer_index(), indent=1)))
        files.append(DataFile("data/sources.json", json.dumps([asdict(d) for d in site.documents], indent=1)))
        files.append(DataFile("data/verification.json", site.verification.to_json()))
        files.extend(self._archived_copies())
        return files

    def _record(self, model_id: str) -> str:
        return self._per_model(model_id, 0, lambda model: exports.compact_json(exports.model_record(model)))

    def _summary(self, model_id: str) -> str:
        return self._per_model(model_id, 2, lambda model: exports.compact_json(exports.model_summary(model)))

    def _all_records(self) -> Iterator[str]:
        return exports.scorecards_json(self._record(model_id) for model_id in self.site.models)

    def _scores_rows(self) -> Iterator[str]:
        return exports.scores_csv(self._per_model(m, 1, exports.scores_rows) for m in self.site.models)

    def _per_model(self, model_id: str, part: int, make: Callable[[ModelView], str]) -> str:
        """A model's part of the downloads, from ``reuse`` when its key has not changed since it was made."""
        reuse = self.options.reuse
        own = reuse.keys.get(model_id) if reuse is not None else None
        if reuse is None or own is None:
            return make(self.site.models[model_id])
        key = f"{reuse.keys.get('', '')} {own}"  # all else the part reads, and the model's scorecard
        kept = reuse.parts.get((model_id, part))
        if kept is not None and kept[0] == key:
            return kept[1]
        text = make(self.site.models[model_id])
        reuse.parts[(model_id, part)] = (key, text)
        return text

    def _archived_copies(self) -> list[DataFile]:
        """The archived documents that evidence quotes, published as plain text so readers can check them.

        The ``.txt`` suffix matters: a ``.md`` file would be rendered by the site generator as a page,
        and third-party Markdown may carry raw HTML.
        """
        archive_dir = self.site.dataset.paths.archive
        refs: set[str] = set()
        for m in self.site.models.values():
            for a in m.assessments:
                for c in a.assessment.indicators.values():
                    refs.update(
                        e.archive for e in [*c.evidence, *(c.proposed.evidence if c.proposed else [])] if e.archive
                    )
                    refs.update(d.archive for d in c.searched if d.archive)
        refs.update(d.latest_ref for d in self.site.documents if d.latest_ref)
        out = []
        for ref in sorted(refs):
            try:  # never a link, a device or anything outside archive/: validation reports those
                data = safefiles.read_bytes(archive_dir / ref, limit=MAX_ARCHIVED_TEXT_BYTES, inside=archive_dir)
            except (OSError, safefiles.RefusedPathError):
                continue
            out.append(DataFile(f"archive/{ref}.txt", data))
        return out

    def _developer_index(self) -> list[dict[str, Any]]:
        """Each developer with the ids of its scorecards, so a reader can join our data with theirs."""
        return [
            {
                "id": d.id,
                "name": d.name,
                "aliases": d.aliases,
                "listed": d.listed,
                "members": [m.id for m in d.members],
                "models": [m.id for m in d.models],
                "developer_ratings": [p.id for p in d.profiles],
            }
            for d in self.developers.values()
        ]

    def _index(self) -> list[dict[str, Any]]:
        """The compact model list the compare page's picker uses."""
        out = []
        for model in sorted(self.site.models.values(), key=lambda m: m.name.lower()):
            latest = model.latest(DEFAULT_RUBRIC)
            out.append(
                {
                    "id": model.id,
                    "name": model.name,
                    "developer": model.card.subject.developer,
                    "total": round(latest.score.total, 1) if latest and latest.score.complete else None,
                    "range": shown(latest.score) if latest else None,
                }
            )
        return out


def _text(value: str) -> str:
    """Escape text for HTML built outside templates."""
    return str(markupsafe.escape(value))
