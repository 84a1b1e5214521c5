"""The document archive: versions are immutable, the record is written last, and an interruption is repaired."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from collector.docs.archive import (
    ArchiveDamagedError,
    DocumentArchive,
    NewVersion,
    Record,
    VersionReason,
    all_records,
    sha256,
)

MOMENT = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.UTC)


def new_version(text: str, moment: dt.datetime = MOMENT, *, snapshot: bytes = b"<html>x</html>") -> NewVersion:
    return NewVersion(
        text=text,
        snapshot=snapshot,
        snapshot_suffix=".html",
        url="https://example.test/card",
        media_type="text/html",
        reason=VersionReason.FIRST,
        extractor="1",
        selectors="abc",
        moment=moment,
    )


@pytest.fixture
def archive(tmp_path: Path) -> DocumentArchive:
    return DocumentArchive(tmp_path / "archive", "example-labs", "nova-2-system-card")


def fresh_record() -> Record:
    return Record(
        "example-labs", "nova-2-system-card", "Nova 2 system card", "system-card", "https://example.test/card"
    )


def test_a_recorded_version_writes_its_text_the_latest_text_the_snapshot_and_the_record(archive):
    record = fresh_record()
    version = archive.record_version(record, new_version("First text.\n"))
    assert (archive.folder / version.file).read_text() == "First text.\n"
    assert (archive.folder / "latest.md").read_text() == "First text.\n"
    assert (archive.folder / "snapshot-20261128T093000Z.html").read_bytes() == b"<html>x</html>"
    loaded = archive.load()
    assert loaded is not None
    assert loaded.latest == version
    assert version.text_sha256 == sha256("First text.\n")
    assert archive.version_ref(version) == "documents/example-labs/nova-2-system-card/versions/20261128T093000Z.md"


def test_a_second_version_keeps_the_first_versions_text(archive):
    record = fresh_record()
    first = archive.record_version(record, new_version("First text.\n"))
    second = archive.record_version(record, new_version("Second text.\n", MOMENT + dt.timedelta(days=3)))
    assert archive.version_text(first) == "First text.\n"
    assert archive.version_text(second) == "Second text.\n"
    assert [v.stamp for v in archive.load().versions] == [first.stamp, second.stamp]


def test_two_versions_in_the_same_second_get_distinct_stamps(archive):
    record = fresh_record()
    first = archive.record_version(record, new_version("one\n"))
    second = archive.record_version(record, new_version("two\n"))
    assert second.stamp > first.stamp


def test_a_snapshot_that_is_not_the_recorded_one_is_not_offered_for_re_extraction(archive):
    record = fresh_record()
    archive.record_version(record, new_version("text\n"))
    (archive.folder / record.snapshot).write_bytes(b"<html>tampered</html>")
    assert archive.snapshot_bytes(record) is None


def test_an_interrupted_write_is_repaired_from_the_version_the_record_names(archive):
    record = fresh_record()
    archive.record_version(record, new_version("Old text.\n", snapshot=b"<html>old</html>"))
    # An interruption after the new version, its snapshot and latest.md were written, before the record:
    (archive.folder / "versions" / "20261201T000000Z.md").write_text("New text.\n")
    (archive.folder / "snapshot-20261201T000000Z.html").write_bytes(b"<html>new</html>")
    (archive.folder / "latest.md").write_text("New text.\n")
    done = archive.repair(archive.load())
    assert (archive.folder / "latest.md").read_text() == "Old text.\n"
    assert not (archive.folder / "versions" / "20261201T000000Z.md").exists()
    assert not (archive.folder / "snapshot-20261201T000000Z.html").exists()
    assert archive.snapshot_bytes(archive.load()) == b"<html>old</html>"  # the previous snapshot survived
    assert len(done) == 3


def test_a_second_version_replaces_the_snapshot_only_after_the_record(archive):
    record = fresh_record()
    archive.record_version(record, new_version("one\n", snapshot=b"<html>1</html>"))
    archive.record_version(record, new_version("two\n", MOMENT + dt.timedelta(days=1), snapshot=b"<html>2</html>"))
    assert [p.name for p in archive.folder.glob("snapshot-*")] == ["snapshot-20261129T093000Z.html"]


def test_versions_without_a_record_are_not_deleted_but_reported(archive):
    record = fresh_record()
    archive.record_version(record, new_version("evidence\n"))
    (archive.folder / "record.json").unlink()
    with pytest.raises(ArchiveDamagedError, match="restore the folder from git"):
        archive.repair(archive.load())
    assert (archive.folder / "versions" / "20261128T093000Z.md").exists()


def test_an_older_version_the_record_does_not_list_is_not_deleted(archive):
    record = fresh_record()
    archive.record_version(record, new_version("evidence\n"))
    (archive.folder / "versions" / "20200101T000000Z.md").write_text("older evidence\n")
    with pytest.raises(ArchiveDamagedError):
        archive.repair(archive.load())
    assert (archive.folder / "versions" / "20200101T000000Z.md").exists()


@pytest.mark.parametrize(
    "content",
    [
        "null",
        '"text"',
        "42",
        '{"versions": "x"}',
        '{"developer": "a", "document": "b", "title": "t", "kind": "k", "url": "u", "snapshot": "", "versions": [1]}',
    ],
)
def test_a_record_of_the_wrong_shape_is_damaged_not_a_crash(archive, content):
    archive.folder.mkdir(parents=True)
    (archive.folder / "record.json").write_text(content)
    with pytest.raises(ArchiveDamagedError):
        archive.load()
    assert all_records(archive.archive_root) == {}


def test_a_version_stamp_that_is_a_path_is_refused(archive):
    record = fresh_record()
    archive.record_version(record, new_version("text\n"))
    path = archive.folder / "record.json"
    path.write_text(path.read_text().replace('"stamp": "20261128T093000Z"', '"stamp": "../../../../../README"'))
    with pytest.raises(ArchiveDamagedError, match="unexpected version stamp"):
        archive.load()


def test_an_unreadable_record_is_reported_not_guessed(archive):
    archive.folder.mkdir(parents=True)
    (archive.folder / "record.json").write_text("{not json")
    with pytest.raises(ArchiveDamagedError, match="restore it from git"):
        archive.load()


def test_all_records_lists_every_archived_document(tmp_path, archive):
    archive.record_version(fresh_record(), new_version("text\n"))
    assert list(all_records(tmp_path / "archive")) == [("example-labs", "nova-2-system-card")]
