"""Snapshots of derived data tables: read back when present, rebuilt when missing, damaged, foreign or
made from other files — never trusted."""

from __future__ import annotations

import marshal
import os

import pytest

from lawgraph import files
from lawgraph._accel import snapshot
from lawgraph.lexicon.boundaries import straddlers
from lawgraph.lexicon.registry import Registry, reverse_trie


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    snapshot.folder.cache_clear()
    yield tmp_path
    snapshot.folder.cache_clear()


def _loader(calls: list[int]):
    @snapshot.kept("test_table")
    def table() -> dict:
        calls.append(1)
        return {"法": {"宪": {"": "中华人民共和国宪法"}}}

    return table


def test_a_snapshot_is_written_then_read_back(cache_home) -> None:
    calls: list[int] = []
    first = _loader(calls)()
    path = snapshot.folder() / "test_table.marshal"
    assert path.is_file() and str(path).startswith(str(cache_home))
    again = _loader(calls)()  # a new loader: as a new process would see it
    assert again == first and calls == [1]  # built once, then read


@pytest.mark.parametrize("content", [
    b"",  # cut off
    b"\x00garbage",  # damaged
    marshal.dumps(("another-program", {"x": 1})),  # written by something else
    marshal.dumps({"法": {}}),  # not a (format, value) pair
])
def test_a_bad_snapshot_is_rebuilt_and_rewritten(cache_home, content: bytes) -> None:
    calls: list[int] = []
    good = _loader(calls)()
    path = snapshot.folder() / "test_table.marshal"
    path.write_bytes(content)
    assert _loader(calls)() == good and calls == [1, 1]
    assert path.read_bytes() != content  # rewritten
    assert _loader(calls)() == good and calls == [1, 1]


def test_the_fingerprint_follows_the_package_files(cache_home, tmp_path, monkeypatch) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "table.tsv").write_text("a\tb\n", encoding="utf-8")
    monkeypatch.setattr(files, "PACKAGE", pkg)
    snapshot.folder.cache_clear()
    before = snapshot.folder()
    snapshot.folder.cache_clear()
    assert snapshot.folder() == before  # nothing changed: same folder
    (pkg / "table.tsv").write_text("a\tc\n", encoding="utf-8")
    st = os.stat(pkg / "table.tsv")
    os.utime(pkg / "table.tsv", ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    snapshot.folder.cache_clear()
    assert snapshot.folder() != before


def test_an_unwritable_cache_only_costs_time(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # folders cannot be made under a file
    snapshot.folder.cache_clear()
    try:
        calls: list[int] = []
        assert _loader(calls)() == {"法": {"宪": {"": "中华人民共和国宪法"}}}
        assert _loader(calls)() and calls == [1, 1]  # built each time, no error
    finally:
        snapshot.folder.cache_clear()


def test_kept_tables_equal_the_tables_built_now() -> None:
    """The snapshots in use hold what the loaders build from the bundled tables today."""
    assert reverse_trie() == reverse_trie.build()
    assert straddlers() == straddlers.build()
    from lawgraph.lexicon.registry import registry

    fresh = Registry()
    assert registry().index == fresh.index and registry().laws == fresh.laws


def test_extraction_is_the_same_with_and_without_snapshots(tmp_path) -> None:
    """LAWGRAPH_SNAPSHOTS=0 switches the snapshots off; the output does not change (second run: read back)."""
    import subprocess
    import sys
    from pathlib import Path

    seeds = str(Path(__file__).resolve().parents[1] / "seeds")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    cmd = [sys.executable, "-m", "lawgraph", "extract", "-q", seeds]
    runs = [subprocess.run(cmd, env=e, capture_output=True, check=True).stdout
            for e in (env, env, {**env, "LAWGRAPH_SNAPSHOTS": "0"})]
    assert list((tmp_path / "lawgraph" / "snapshots").glob("*/registry.pickle"))
    assert runs[0] == runs[1] == runs[2] and runs[0].count(b"\n") >= 5


def test_a_switched_off_snapshot_builds_from_the_tables(cache_home, monkeypatch) -> None:
    monkeypatch.setenv("LAWGRAPH_SNAPSHOTS", "0")
    calls = []

    @snapshot.kept("test_off")
    def table() -> dict:
        calls.append(1)
        return {"a": 1}

    assert table() == {"a": 1} and calls == [1]
    assert not (snapshot.folder() / "test_off.marshal").exists()
