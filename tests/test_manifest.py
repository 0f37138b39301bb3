"""manifest.csv: every input, deterministic, written atomically; the summary line and exit codes."""

from __future__ import annotations

import csv

import pytest

from lawgraph import manifest
from lawgraph.manifest import Record, exit_status, read_manifest, summary_line, write_manifest

RECORDS = [
    Record("b/r2.txt", "processed", sha256="ab" * 32, bytes=120, format="text", laws=3, agencies=2, programs=1,
           warnings="no agency found; no year found"),
    Record("=1+2.txt", "processed", sha256="12" * 32, bytes=9, format="text", laws=1,
           warnings="-read flat"),  # formula characters in a name and a note
    Record("a/copy.txt", "duplicate", "same content as a/r.txt; read once, under that name", "cd" * 32, 10),
    Record("a/empty.txt", "skipped", "a/empty.txt is empty; remove it or pass the full report", "e3" * 32, 0),
    Record("a/README.md", "skipped", "unsupported file type .md; supported: .txt"),
    Record("a/r.txt", "processed", sha256="cd" * 32, bytes=10, format="html", laws=1),
]


def test_manifest_columns_and_order(tmp_path) -> None:
    path = write_manifest(RECORDS, tmp_path / "out" / "manifest.csv")
    rows = list(csv.reader(path.open(encoding="utf-8")))
    assert rows[0] == ["path", "sha256", "status", "format", "bytes", "laws", "agencies", "programs", "reason",
                       "warnings"]
    assert [r[0] for r in rows[1:]] == ["'=1+2.txt", "a/README.md", "a/copy.txt", "a/empty.txt", "a/r.txt", "b/r2.txt"]
    assert rows[1] == ["'=1+2.txt", "12" * 32, "processed", "text", "9", "1", "0", "0", "", "'-read flat"]
    assert rows[2] == ["a/README.md", "", "skipped", "", "", "0", "0", "0", "unsupported file type .md; supported: .txt",
                       ""]
    assert rows[6] == ["b/r2.txt", "ab" * 32, "processed", "text", "120", "3", "2", "1", "",
                       "no agency found; no year found"]


def test_a_name_that_is_not_utf8_is_written_escaped(tmp_path) -> None:
    name = "bad\udcff.txt"  # the byte 0xff of a file name, as Python keeps it
    path = write_manifest([Record(name, "skipped", "x")], tmp_path / "manifest.csv")
    assert path.read_text(encoding="utf-8").splitlines()[1].startswith("bad\\xff.txt,")


def test_manifest_is_deterministic_and_round_trips(tmp_path) -> None:
    a = write_manifest(RECORDS, tmp_path / "a.csv").read_bytes()
    b = write_manifest(list(reversed(RECORDS)), tmp_path / "b.csv").read_bytes()
    assert a == b
    assert sorted(read_manifest(tmp_path / "a.csv"), key=lambda r: r.path) == sorted(RECORDS, key=lambda r: r.path)


def test_a_failed_write_leaves_the_old_manifest_and_no_temp_file(tmp_path, monkeypatch) -> None:
    path = write_manifest(RECORDS[:1], tmp_path / "manifest.csv")
    before = path.read_bytes()

    class Boom(RuntimeError):
        pass

    def broken_writer(*args, **kwargs):
        raise Boom("disk full")

    monkeypatch.setattr(manifest.csv, "DictWriter", broken_writer)
    with pytest.raises(Boom):
        write_manifest(RECORDS, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.csv"]


@pytest.mark.parametrize("statuses,strict,line,code", [
    (["processed", "skipped", "duplicate"], False, "processed 1, skipped 1, duplicates 1", 0),
    (["processed", "skipped", "duplicate"], True, "processed 1, skipped 1, duplicates 1", 2),  # --strict
    (["processed", "duplicate"], True, "processed 1, skipped 0, duplicates 1", 0),  # a duplicate is no failure
    (["skipped", "skipped"], False, "processed 0, skipped 2, duplicates 0", 2),  # nothing could be processed
    ([], False, "processed 0, skipped 0, duplicates 0", 2),  # no input at all
])
def test_summary_and_exit_status(statuses: list[str], strict: bool, line: str, code: int) -> None:
    records = [Record(f"{i}.txt", s) for i, s in enumerate(statuses)]
    assert summary_line(records) == line
    assert exit_status(records, strict=strict) == code
