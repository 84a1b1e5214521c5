"""Hostile scorecard data stays text: no payload runs, anywhere a reader can go.

The payloads (tests/browser/xss_payloads.py) sit in every free-text field and every URL
field of the fixture scorecards under tests/fixtures/xss/, which the session's site build
includes.  Any payload that runs sets ``window.__xss``; the tests also look for the
markup a payload would leave behind (event-handler attributes, javascript: links,
srcdoc frames, injected scripts or styles) and for dialogs.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import urllib.request
import xml.etree.ElementTree as ET
import zipfile
from typing import Any

import jinja2
import markdown
import pytest

from collector.cli import main as scorecards_main
from tests.browser import xss_payloads
from tests.browser.conftest import COMPARE_TABLE, Recorder, Site, search, visit

pytestmark = pytest.mark.slow

CARDS = xss_payloads.scorecards()
XSS_IDS = list(CARDS)
PAYLOAD_IDS = [i for i in XSS_IDS if not i.startswith("xss-csv")]

# Markup that only an executed or injected payload leaves in the DOM (the site itself has none of it).
FIND_INJECTED = """() => {
  const found = [];
  const describe = el => '<' + el.tagName.toLowerCase() + '> in ' + (el.parentElement ? el.parentElement.tagName : '?');
  for (const el of document.querySelectorAll('*')) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on') && attr.value.includes('__xss')) found.push(describe(el) + ' has ' + name);
      if (name === 'srcdoc') found.push(describe(el) + ' has srcdoc');
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(name)
          && /^\\s*javascript:/i.test(attr.value)) found.push(describe(el) + ' ' + name + '=' + attr.value);
    }
    if (['SCRIPT', 'STYLE'].includes(el.tagName) && el.textContent.includes('__xss'))
      found.push(describe(el) + ': ' + el.textContent.slice(0, 80));
  }
  return found;
}"""


def assert_nothing_ran(page: Any, recorder: Recorder, where: str) -> None:
    page.wait_for_timeout(50)  # let late error/load handlers of injected elements fire
    ran = [frame.url for frame in page.frames if frame.evaluate("() => typeof window.__xss !== 'undefined'")]
    assert not ran, f"{where}: a payload ran (window.__xss is set in {ran})"
    assert not recorder.dialogs, f"{where}: a dialog opened: {recorder.dialogs}"
    injected = page.evaluate(FIND_INJECTED)
    assert not injected, f"{where}: injected markup in the DOM: {injected}"


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def fetch(site: Site, path: str) -> str:
    return fetch_bytes(site, path).decode("utf-8")


def fetch_bytes(site: Site, path: str) -> bytes:
    with urllib.request.urlopen(site.url(path), timeout=10) as response:  # the test server, 127.0.0.1
        return bytes(response.read())


# ------------------------------------------------------------------ the fixture itself


def test_the_fixture_files_are_generated_from_the_payload_list():
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in xss_payloads.FIXTURE_DIR.glob("*.yaml")}
    assert on_disk == xss_payloads.expected_files(), "regenerate: .venv/bin/python -m tests.browser.xss_payloads"
    sources = xss_payloads.SOURCES_FILE.read_text(encoding="utf-8")
    assert sources == xss_payloads.expected_sources(), "regenerate: .venv/bin/python -m tests.browser.xss_payloads"


def test_every_payload_is_in_a_fixture_and_every_fixture_passes_validation(built_project, capsys):
    every_text = json.dumps(CARDS, default=str)
    for payload in xss_payloads.PAYLOADS + xss_payloads.URL_PAYLOADS:
        assert json.dumps(payload)[1:-1] in every_text
    project, _ = built_project
    code = scorecards_main(["--root", str(project), "validate", str(project / "scorecards" / "xss")])
    out, err = capsys.readouterr()
    assert code == 0, out + err


# How a careless renderer could put a payload into a page; a live payload runs (or leaves
# injected markup) in at least one of them, unescaped.
CONTEXTS = {
    "html": lambda p: f"<div>{p}</div>",
    "double-quoted attribute": lambda p: f'<input value="{p}">',
    "single-quoted attribute": lambda p: f"<input value='{p}'>",
    "unquoted URL attribute": lambda p: f"<a href={p}>x</a>",
    "title": lambda p: f"<title>{p}</title>",
    "textarea": lambda p: f"<textarea>{p}</textarea>",
    "comment": lambda p: f"<!-- {p} -->",
    "script string": lambda p: f'<script>var s = "{p}";</script>',
    "script template literal": lambda p: f"<script>var s = `{p}`;</script>",
    "entities decoded twice": lambda p: f"<div>{html.unescape(p)}</div>",
    "rendered as a Jinja template": lambda p: f"<div>{jinja2.Environment().from_string(p).render()}</div>",
    "rendered as Markdown": markdown.markdown,
}
SCRIPT_CONTEXTS = {"script string", "script template literal"}  # the payload is in a script anyway: only running counts
LITERAL_ONLY = {"{{ 7*7 }}"}  # cannot run; the model page test checks that it is shown as written, not as 49


def runs_or_injects(page: Any, markup: str, *, markup_counts: bool = True) -> bool:
    page.evaluate("() => { delete window.__xss; }")  # set_content keeps the window object
    page.set_content(f"<!doctype html><html><head></head><body>{markup}</body></html>", wait_until="load")
    for _ in range(2):  # some handlers (focus, toggle) fire a moment after load
        if any(f.evaluate("() => typeof window.__xss !== 'undefined'") for f in page.frames):
            return True
        if markup_counts and page.evaluate(FIND_INJECTED):
            return True
        page.wait_for_timeout(30)
    return False


def test_every_payload_is_live_when_a_page_inserts_it_unescaped(page):
    """The detector's own check: a payload that could never run would prove nothing."""
    assert runs_or_injects(page, CONTEXTS["html"](xss_payloads.PAYLOADS[1]))
    assert not runs_or_injects(page, CONTEXTS["html"](html.escape(xss_payloads.PAYLOADS[1]))), "escaped must be dead"
    dead = []
    for payload in xss_payloads.PAYLOADS:
        if payload in LITERAL_ONLY:
            continue
        for name, context in CONTEXTS.items():
            try:
                markup = context(payload)
            except jinja2.TemplateError:
                continue
            if runs_or_injects(page, markup, markup_counts=name not in SCRIPT_CONTEXTS):
                break
        else:
            dead.append(payload)
    assert not dead, f"payloads that neither run nor leave injected markup in any of {list(CONTEXTS)}: {dead}"


# ------------------------------------------------------------------ pages


def test_the_leaderboard_shows_payloads_as_text_and_runs_none(page, site, recorder):
    visit(page, site, "")
    assert_nothing_ran(page, recorder, "leaderboard")
    names = page.locator("table[data-sc-sortable] tbody th[scope=row]").all_text_contents()
    for subject_id in PAYLOAD_IDS:
        assert normalize(CARDS[subject_id]["subject"]["name"]) in map(normalize, names)
    # sorting and filtering move and re-read the rows: still nothing runs
    page.locator("table[data-sc-sortable] thead th[data-sort] button").nth(1).click()
    page.locator("[data-sc-filter=text]").fill("<img src=x onerror=window.__xss=true>")
    page.select_option(
        "[data-sc-filter=developer]", index=len(page.locator("[data-sc-filter=developer] option").all()) - 1
    )
    assert_nothing_ran(page, recorder, "leaderboard after sorting and filtering")


@pytest.mark.parametrize("subject_id", XSS_IDS)
def test_a_model_page_shows_every_payload_as_literal_text_and_runs_none(page, site, recorder, subject_id):
    card = CARDS[subject_id]
    visit(page, site, f"models/{subject_id}/")
    assert_nothing_ran(page, recorder, f"models/{subject_id}/")

    text = normalize(page.locator(".md-content").text_content())
    subject = card["subject"]
    latest = card["assessments"][-1]
    claim = latest["indicators"]["license"]
    shown = {
        "name": subject["name"],
        "developer": subject["developer"],
        "description": subject["description"],
        "base_model": subject["base_model"],
        "summary": latest["summary"],
        "note": claim["note"],
        "quote": claim["evidence"][0]["quote"],
        "provenance by": claim["provenance"]["by"],
        "reviewed_by": claim["provenance"]["reviewed_by"],
    }
    if "locator" in claim["evidence"][0]:
        shown["locator"] = claim["evidence"][0]["locator"]
    missing = [field for field, value in shown.items() if normalize(value) not in text]
    assert not missing, f"not shown verbatim as text: {missing}"
    group = xss_payloads.GROUPS[PAYLOAD_IDS.index(subject_id)] if subject_id in PAYLOAD_IDS else []
    assert not [p for p in group if normalize(p) not in text], "a payload is not shown as literal text"

    hrefs = set(page.eval_on_selector_all(".md-content a[href]", "links => links.map(a => a.getAttribute('href'))"))
    missing_urls = [url for url in xss_payloads.URL_PAYLOADS if url not in hrefs]
    assert not missing_urls, f"payload URLs not linked exactly as written: {missing_urls}"
    assert normalize(page.title()) == normalize(f"{subject['name']} - AI Transparency Scorecards")


def test_developer_pages_show_payload_developers_as_text_and_run_none(page, site, recorder):
    visit(page, site, "developers/")
    assert_nothing_ran(page, recorder, "developers/")
    text = normalize(page.locator(".md-content").text_content())
    developers = {CARDS[i]["subject"]["developer"] for i in PAYLOAD_IDS}
    assert not [d for d in developers if normalize(d) not in text], "a developer name is not shown as text"
    links = page.eval_on_selector_all(
        '.md-content a[href*="developers/xss-lab"]', "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(links) == len(developers)
    for link in links:
        path = link.removeprefix("../")
        visit(page, site, path)
        assert_nothing_ran(page, recorder, path)
        heading = normalize(page.locator(".md-content h1").first.text_content())
        assert heading in {normalize(d) for d in developers}


@pytest.mark.parametrize("path", ["indicators/license/", "indicators/model-size/", "indicators/heatmap/training-data/"])
def test_indicator_pages_list_payload_models_as_text_and_run_none(page, site, recorder, path):
    visit(page, site, path)
    assert_nothing_ran(page, recorder, path)
    text = normalize(page.locator(".md-content").text_content())
    for subject_id in PAYLOAD_IDS:
        assert normalize(CARDS[subject_id]["subject"]["name"]) in text


@pytest.mark.parametrize(
    "models",
    [
        PAYLOAD_IDS[:4],
        PAYLOAD_IDS[4:8],
        [i for i in XSS_IDS if i.startswith("xss-csv")],
    ],
    ids=",".join,
)
def test_compare_shows_payload_models_as_text_and_runs_none(page, site, recorder, models):
    visit(page, site, "compare/?models=" + ",".join(models))
    page.wait_for_selector(COMPARE_TABLE)
    assert_nothing_ran(page, recorder, f"compare {models}")
    headers = [normalize(h) for h in page.locator(f"{COMPARE_TABLE} thead th").all_text_contents()]
    assert headers == ["Indicator"] + [normalize(CARDS[m]["subject"]["name"]) for m in models]
    options = page.locator("select[name=m0] option").all_text_contents()
    assert any(normalize(CARDS[models[0]]["subject"]["name"]) in normalize(o) for o in options)


def test_compare_ignores_payloads_in_its_own_address(page, site, recorder):
    payload = "<img src=x onerror=window.__xss=true>"
    visit(page, site, f"compare/?models={payload},falcon-7b,pythia-160m#{payload}")
    page.wait_for_selector(COMPARE_TABLE)
    assert_nothing_ran(page, recorder, "compare with a payload in its URL")


def test_the_changes_page_shows_payload_models_as_text_and_runs_none(page, site, recorder):
    visit(page, site, "changes/")
    assert_nothing_ran(page, recorder, "changes")
    text = normalize(page.locator(".md-content").text_content())
    for subject_id in XSS_IDS:
        assert normalize(CARDS[subject_id]["subject"]["name"]) in text


def test_the_sources_page_shows_payload_documents_as_text_and_runs_none(page, site, recorder):
    visit(page, site, "sources/")
    assert_nothing_ran(page, recorder, "sources")
    text = normalize(page.locator(".md-content").text_content())
    declared = xss_payloads.sources()
    assert normalize(declared["developer"]) in text
    for document in declared["documents"]:
        assert normalize(document["title"]) in text
    hrefs = page.eval_on_selector_all(".md-content a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h.strip().lower().startswith(("javascript:", "data:", "vbscript:"))]


# The index splits words on whitespace, hyphens and punctuation, and the search matches word prefixes:
# these words start tokens of the payloads ("onerror=...", "srcdoc=...", "javascript:...", "XSS").
SEARCHES = ["onerror", "srcdoc", "javascript", "XSS"]


def test_search_results_for_payload_text_and_the_pages_they_open_run_none(page, site, recorder):
    opened: dict[str, str] = {}  # page path -> the result link (with search.highlight's ?h=<query>)
    for query in SEARCHES:
        visit(page, site, "")
        items = search(page, query)
        page.wait_for_timeout(200)  # results render progressively
        assert_nothing_ran(page, recorder, f"search results for {query!r}")
        links = items.locator("a").evaluate_all("links => links.map(a => a.href)")
        found = [link for link in links if "/models/xss-" in link]
        assert found, f"the search for {query!r} found no payload model: {links}"
        for link in found:
            opened.setdefault(link.split("?")[0].split("#")[0], link)
    assert len(opened) >= len(PAYLOAD_IDS)
    for link in opened.values():
        page.goto(link, wait_until="load")
        assert_nothing_ran(page, recorder, f"{link} (opened from search, highlighted)")


# ------------------------------------------------------------------ downloads


def read_csv(site: Site, path: str) -> list[list[str]]:
    if path.endswith(".zip"):  # a zipped download holds one CSV
        with zipfile.ZipFile(io.BytesIO(fetch_bytes(site, path))) as bundle:
            (name,) = bundle.namelist()
            text = bundle.read(name).decode("utf-8")
    else:
        text = fetch(site, path)
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(
    ("path", "columns"),
    [
        ("data/scores.zip", ("subject_name", "developer")),
        ("data/totals.csv", ("subject_name", "developer")),
    ],
)
def test_csv_downloads_prefix_cells_that_would_start_a_formula_with_a_quote(site, path, columns):
    header, *rows = read_csv(site, path)
    known = set(CARDS) | {p.stem for p in (site.project / "scorecards").rglob("*.yaml")}
    records = [dict(zip(header, row, strict=False)) for row in rows if row and row[0] in known]
    formulas = [(record["subject_id"], column, record[column]) for record in records for column in header
                if record.get(column, "").startswith(xss_payloads.FORMULA_START)]  # fmt: skip
    assert not formulas, f"cells that start a formula: {formulas[:5]}"

    expected = {
        "xss-csv-1": (xss_payloads.FORMULA_NAME, xss_payloads.FORMULA_DEVELOPER),
        "xss-csv-2": (xss_payloads.FORMULA_NAME_2, xss_payloads.FORMULA_DEVELOPER_2 + xss_payloads.FORMULA_DEVELOPER_3),
    }
    for subject_id, values in expected.items():
        mine = [r for r in records if r["subject_id"] == subject_id]
        assert mine, f"no row for {subject_id} in {path}"
        for column, value in zip(columns, values, strict=False):
            if value is not None:
                cells = {r[column] for r in mine}
                assert "'" + value in cells, f"{subject_id} {column}: {value!r} is not written as {chr(39) + value!r}"


def test_a_carriage_return_in_a_value_neither_splits_the_csv_row_nor_starts_a_formula(site):
    header, *rows = read_csv(site, "data/scores.zip")
    ragged = [(n, row[:2]) for n, row in enumerate(rows, start=2) if len(row) != len(header)]
    assert not ragged, f"rows whose cell count differs from the header's {len(header)}: {ragged[:4]}"
    formulas = [(n, cell) for n, row in enumerate(rows, start=2) for cell in row
                if cell.startswith(xss_payloads.FORMULA_START)]  # fmt: skip
    assert not formulas, f"cells that start a formula: {formulas[:4]}"
    developers = {row[header.index("developer")] for row in rows if row[0] == "xss-csv-2"}
    assert "'" + xss_payloads.FORMULA_DEVELOPER_2 + xss_payloads.FORMULA_DEVELOPER_3 in developers


def test_badges_feed_and_json_downloads_are_well_formed_and_keep_payloads_as_data(site):
    for badge in sorted((site.root / "badges").glob("*.svg")):
        ET.fromstring(fetch(site, f"badges/{badge.name}"))
    complete, incomplete = fetch(site, "badges/xss-7.svg"), fetch(site, "badges/xss-2.svg")
    assert "transparency: 62/100<" in complete and 'fill="#6b6b6b"' not in complete  # a score, coloured by band
    assert "transparency: 2–98/100 (3/80)" in incomplete and 'fill="#6b6b6b"' in incomplete  # a range, grey
    feed = ET.fromstring(fetch(site, "feed.xml"))
    feed_text = " ".join(feed.itertext())
    # the feed holds the 200 newest changes: the fixtures' are the newest, so payload names are in it, as text
    in_feed = [i for i in PAYLOAD_IDS if normalize(CARDS[i]["subject"]["name"]) in normalize(feed_text)]
    assert in_feed, "no fixture's change is in the feed"
    with zipfile.ZipFile(io.BytesIO(fetch_bytes(site, "data/scorecards.zip"))) as bundle:
        records = {r["id"]: r for r in json.loads(bundle.read("scorecards.json"))}
    for subject_id, card in CARDS.items():
        assert records[subject_id]["subject"]["name"] == card["subject"]["name"]
        model = json.loads(fetch(site, f"data/models/{subject_id}.json"))
        assert model["subject"]["developer"] == card["subject"]["developer"]
