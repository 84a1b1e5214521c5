"""Writing the generated pages and files: the same bytes whatever the number of processes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from collector.render.output import page_path, write_all
from collector.render.site_items import DataFile, Page


def make_pages(count: int) -> list[Page]:
    return [
        Page(f"models/m{n}", f"Model {n}", f"<p>m{n}</p>", lambda n=n: f"<p>{'body ' * (n % 50)}</p>")
        for n in range(count)
    ]


def make_files(count: int) -> list[DataFile]:
    return [DataFile(f"data/models/m{n}.json", make=lambda n=n: f'{{"id": "m{n}"}}') for n in range(count)]


def fill(page: Page) -> str:
    return f"<html><title>{page.title}</title>{page.body()}</html>"


def tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


def test_two_processes_write_the_same_bytes_as_one(tmp_path):
    pages, files = make_pages(300), make_files(300)
    write_all(tmp_path / "one", pages, files, fill, workers=1)
    write_all(tmp_path / "two", pages, files, fill, workers=2)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert len(tree(tmp_path / "one")) == 600


def test_pages_are_written_at_their_directory_url(tmp_path):
    write_all(tmp_path, [*make_pages(1), Page("index", "Home", "", lambda: "home")], [], fill, workers=1)
    assert (tmp_path / "models" / "m0" / "index.html").read_text().endswith("</html>")
    assert (tmp_path / "index.html").exists()
    assert page_path(Page("developers/index", "D", "", str)) == "developers/index.html"


def test_a_file_outside_the_site_folder_is_refused(tmp_path):
    with pytest.raises(ValueError, match="outside the site folder"):
        write_all(tmp_path / "site", [], [DataFile("archive/../../escape.txt", "x")], fill, workers=1)
    assert not (tmp_path / "escape.txt").exists()


def test_content_is_made_only_when_written(tmp_path):
    made: list[str] = []
    lazy = DataFile("data/x.json", make=lambda: made.append("x") or "{}")
    assert made == []
    write_all(tmp_path, [], [lazy], fill, workers=1)
    assert made == ["x"]
