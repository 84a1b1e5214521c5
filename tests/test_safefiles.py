"""Hostile trees: links, devices, folders and NUL bytes never make the project read or publish outside itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from collector import safefiles
from collector.cli import main
from collector.dataset import load_dataset
from collector.sitebuild import build
from tests.conftest import copy_shipped_project

SECRET = "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "credentials"
    path.parent.mkdir()
    path.write_text(SECRET, encoding="utf-8")
    return path


def test_a_link_is_refused_not_followed(tmp_path, secret):
    (tmp_path / "link").symlink_to(secret)
    with pytest.raises(safefiles.RefusedPathError, match="symbolic link"):
        safefiles.read_bytes(tmp_path / "link", limit=1000)


def test_a_link_to_a_folder_on_the_way_is_refused(tmp_path, secret):
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "folder").symlink_to(secret.parent)
    with pytest.raises(safefiles.RefusedPathError, match="symbolic link"):
        safefiles.read_bytes(tmp_path / "tree" / "folder" / "credentials", limit=1000, inside=tmp_path / "tree")


def test_a_path_that_leaves_its_tree_is_refused(tmp_path, secret):
    (tmp_path / "tree").mkdir()
    with pytest.raises(safefiles.RefusedPathError, match="outside"):
        safefiles.read_bytes(tmp_path / "tree" / ".." / "outside" / "credentials", limit=1000, inside=tmp_path / "tree")


def test_a_nul_byte_in_a_path_is_refused_without_a_traceback(tmp_path):
    with pytest.raises(safefiles.RefusedPathError, match="NUL"):
        safefiles.read_bytes(tmp_path / "a\x00b", limit=10, inside=tmp_path)


def test_a_device_is_not_a_file(tmp_path):
    with pytest.raises(safefiles.RefusedPathError, match="device"):
        safefiles.read_bytes(Path("/dev/zero"), limit=10)


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(safefiles.RefusedPathError, match="folder"):
        safefiles.read_bytes(tmp_path, limit=10)


def test_reading_stops_at_the_limit(tmp_path):
    (tmp_path / "big").write_bytes(b"x" * 101)
    with pytest.raises(safefiles.TooLargeError):
        safefiles.read_bytes(tmp_path / "big", limit=100)
    assert safefiles.read_bytes(tmp_path / "big", limit=101) == b"x" * 101


def test_a_folder_is_not_created_through_a_link(tmp_path, secret):
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "acme").symlink_to(secret.parent)
    with pytest.raises(safefiles.RefusedPathError, match="symbolic link"):
        safefiles.make_folder(tmp_path / "tree" / "acme" / "new", inside=tmp_path / "tree")
    assert not (secret.parent / "new").exists()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_shipped_project(tmp_path / "project")


def test_validate_reports_a_committed_link_in_the_archive_and_never_shows_its_target(capsys, project, secret):
    link = project / "archive" / "leak.md"
    link.symlink_to(secret)
    falcon = project / "scorecards" / "tii" / "falcon-7b.yaml"
    text = falcon.read_text(encoding="utf-8")
    card = "github.com/tenstorrent/tt-buda/97caab7903a95ede3ddea536e3e3aec89cb98da5/pybuda/test/falcon/models/falcon7b"
    falcon.write_text(text.replace(f"archive: {card}/README.md", "archive: leak.md", 1), encoding="utf-8")
    code = main(["--root", str(project), "validate"])
    out = capsys.readouterr().out
    assert code == 1
    assert "archive/leak.md" in out and "symbolic link" in out
    assert "wJalrXUtnFEMI" not in out


def test_a_scorecard_that_is_a_link_is_an_error_not_a_read(project, secret):
    (project / "scorecards" / "tii" / "stolen.yaml").symlink_to(secret)
    problems = [p for p in load_dataset(project).problems if "stolen.yaml" in p.file]
    assert problems and all("symbolic link" in p.message for p in problems)
    assert not any("wJalrXUtnFEMI" in p.message for p in problems)


def test_a_linked_developer_folder_is_reported(project, secret):
    (project / "scorecards" / "evil").symlink_to(secret.parent)
    assert any(p.file == "scorecards/evil" and "symbolic link" in p.message for p in load_dataset(project).problems)


def test_a_link_to_dev_zero_is_refused_at_once(project):
    (project / "archive" / "zero.md").symlink_to("/dev/zero")
    problems = load_dataset(project).problems
    assert any(p.file == "archive/zero.md" for p in problems)


def test_developers_yaml_replaced_by_a_folder_is_a_located_error(capsys, project):
    (project / "developers.yaml").mkdir()
    code = main(["--root", str(project), "validate"])
    out = capsys.readouterr().out
    assert code == 1
    assert "developers.yaml:1:1" in out and "a folder, not a regular file" in out


@pytest.mark.slow
def test_build_refuses_to_publish_a_tree_with_links(project, secret):
    (project / "site" / "pages" / "leak.md").symlink_to(secret)
    result = build(project, site_dir=project / "out")
    assert result.error is not None and "site/pages/leak.md" in result.error
    assert not any(SECRET.strip() in p.read_text(errors="replace") for p in (project / "out").rglob("*") if p.is_file())


def test_permissions_do_not_matter_to_the_link_check(project, secret):
    secret.chmod(0o000)
    try:
        (project / "archive" / "locked.md").symlink_to(secret)
        assert any(p.file == "archive/locked.md" for p in load_dataset(project).problems)
    finally:
        secret.chmod(0o600)


def test_a_collector_never_writes_through_a_linked_folder(tmp_path, secret):
    from collector.store import write_atomically

    tree = tmp_path / "archive"
    (tree / "documents").mkdir(parents=True)
    (tree / "documents" / "acme").symlink_to(secret.parent)
    with pytest.raises(safefiles.RefusedPathError, match="symbolic link"):
        write_atomically(tree / "documents" / "acme" / "card" / "latest.md", "text", inside=tree)
    assert sorted(p.name for p in secret.parent.iterdir()) == ["credentials"]
