"""lawgraph.build, the library verb behind `lawgraph build`, and the output folder it owns: one whole
build at a time (a lock), exports made current together (staging), leftovers of killed builds
removed, nothing changed by a build that processes nothing, and the folder never read as input."""

from __future__ import annotations

import errno
import fcntl
import importlib
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import lawgraph
from lawgraph.cli import cli
from lawgraph.errors import ExportError, OutputBusy

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
build_module = importlib.import_module("lawgraph.build")  # the module (lawgraph.build is the verb)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder`: its bytes and mtime_ns."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run(*args: str):
    return CliRunner().invoke(cli, [*args])


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A folder holding a complete build of the seeds."""
    out = tmp_path / "out"
    lawgraph.build([str(p) for p in SEEDS[:3]], out, jobs=1, cache_dir=str(tmp_path / "cache"))
    return out


def test_build_returns_a_report_and_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    seen: list[tuple[int, int]] = []
    report = lawgraph.build([str(ROOT / "seeds")], tmp_path / "out", jobs=1, cache_dir=str(tmp_path / "cache"),
                            progress=lambda done, total, _bytes: seen.append((done, total)))
    assert (report.processed, report.skipped, report.duplicates, report.written) == (len(SEEDS), 0, 0, True)
    assert report.nodes > 0 and report.edges > 0 and report.exit_status() == 0
    assert seen[-1] == (len(SEEDS), len(SEEDS))  # (every report analysed: the cache was empty)
    assert capsys.readouterr() == ("", "")
    again = lawgraph.build([str(ROOT / "seeds")], tmp_path / "out", jobs=1)
    assert (again.written, again.nodes, again.edges) == (False, report.nodes, report.edges)  # the stamp held


@pytest.mark.parametrize("paths", [["no/such/folder"], ["typo.txt", "also-missing"]])
def test_a_build_of_nothing_leaves_the_folder_as_it_was(built: Path, paths: list[str]) -> None:
    before = snapshot(built)
    result = run("build", *paths, "-o", str(built))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"lawgraph: no readable reports in {', '.join(paths)}; {built} left as it was"
    assert snapshot(built) == before


def test_a_build_of_nothing_makes_no_folder(tmp_path: Path) -> None:
    with pytest.raises(build_module.NothingBuilt) as err:
        lawgraph.build([str(tmp_path / "missing")], tmp_path / "out")
    assert err.value.exit_code == 2 and err.value.report.skipped == 1
    assert not (tmp_path / "out").exists()


def test_the_output_folder_is_never_an_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "reports").mkdir()
    for p in SEEDS[:2]:
        shutil.copy(p, tmp_path / "reports" / p.name)
    monkeypatch.chdir(tmp_path)
    first = run("build", ".", "-j", "1", "--no-cache")  # default -o graph_exports/, inside "."
    again = run("build", ".", "-j", "1", "--no-cache")
    assert first.exit_code == again.exit_code == 0, again.output
    assert first.stdout == again.stdout and first.stderr == again.stderr
    manifest = Path("graph_exports/manifest.csv").read_text(encoding="utf-8")
    assert "graph_exports" not in manifest.split("\n", 1)[1]


def test_an_input_inside_the_output_folder_is_left_out_with_a_warning(built: Path) -> None:
    result = run("build", str(SEEDS[0]), str(built / "graph.html"), "-o", str(built), "-j", "1")
    assert result.exit_code == 0, result.output
    assert (f"lawgraph: {built / 'graph.html'} is in the output folder {built}, which is never an input; left out"
            in result.stderr.splitlines())


def test_a_folder_in_use_is_refused(built: Path) -> None:
    before = snapshot(built)
    fd = os.open(built, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as another build would hold it
        result = run("build", str(SEEDS[4]), "-o", str(built), "--no-cache")
        with pytest.raises(OutputBusy):
            lawgraph.build([str(SEEDS[4])], built)
    finally:
        os.close(fd)
    assert result.exit_code == 2
    assert result.stderr == (f"lawgraph: {built} is in use by another lawgraph build; wait for it to finish "
                             "or choose another folder with -o\n")
    assert snapshot(built) == before


def test_a_failed_export_leaves_the_previous_build(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(built)
    real_export = build_module._export

    def half_then_full_disk(G, folder: Path, records, jobs: int, formats=None) -> None:
        real_export(G, folder, records, jobs, formats)  # every file written into the staging folder …
        raise OSError(errno.ENOSPC, "No space left on device")  # … then the disk fills up

    monkeypatch.setattr(build_module, "_export", half_then_full_disk)
    result = run("build", *map(str, SEEDS[2:]), "-o", str(built), "--no-cache", "-j", "1")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"lawgraph: cannot write to the output folder {built}: No space left on device; "
        "fix its permissions or free space, or choose another folder with -o")
    assert snapshot(built) == before  # no staging folder left, nothing renamed


@pytest.mark.parametrize(("where", "why"), [("f/out", "Not a directory"), ("f", "File exists")])
def test_an_unwritable_output_folder_is_named_with_the_fix(tmp_path: Path, where: str, why: str) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    out = tmp_path / where
    with pytest.raises(ExportError) as err:
        lawgraph.build([str(SEEDS[0])], out)
    assert str(err.value) == (f"cannot write to the output folder {out}: {why}; "
                              "fix its permissions or free space, or choose another folder with -o")
    if where == "f/out":  # (click itself refuses `-o f` when f is a file)
        result = run("build", str(SEEDS[0]), "-o", str(out))
        assert (result.exit_code, result.stderr) == (2, f"lawgraph: {err.value}\n")


@pytest.mark.parametrize("inputs", ["other reports (a full build)", "the same reports (up to date)"])
def test_leftovers_of_a_killed_build_are_removed(built: Path, inputs: str) -> None:
    (built / ".lawgraph-staging-99999" / "agencies").mkdir(parents=True)
    (built / ".lawgraph-staging-99999" / "graph.json").write_text("half", encoding="utf-8")
    (built / ".graph.json.99999.tmp").write_text("half", encoding="utf-8")
    (built / "agencies" / ".agency_x.html.99999.tmp").write_text("half", encoding="utf-8")
    chosen = SEEDS[1:] if inputs.startswith("other") else SEEDS[:3]
    result = run("build", *map(str, chosen), "-o", str(built), "-j", "1", "--cache-dir", str(built.parent / "cache"))
    assert result.exit_code == 0, result.output
    left = [p.name for p in built.rglob("*") if p.name.startswith(".") and p.name != ".lawgraph-build.json"]
    assert left == []


def test_exports_are_the_same_with_and_without_the_stamp_and_cache(tmp_path: Path) -> None:
    paths = [str(p) for p in SEEDS]
    lawgraph.build(paths, tmp_path / "a", jobs=1, cache_dir=str(tmp_path / "cache"))
    os.utime(SEEDS[0])  # a touched report: the stamp says up to date
    kept = lawgraph.build(paths, tmp_path / "a", jobs=1, cache_dir=str(tmp_path / "cache"))
    lawgraph.build(paths, tmp_path / "b", jobs=1, use_cache=False)
    assert kept.written is False
    a, b = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    skip = {".lawgraph-build.json", "manifest.csv"}  # the stamp holds mtimes; manifest paths differ not
    assert {k: v[0] for k, v in a.items() if k not in skip} == {k: v[0] for k, v in b.items() if k not in skip}
    assert a["manifest.csv"][0] == b["manifest.csv"][0]


def test_stale_agency_pages_go_when_their_agency_does(tmp_path: Path) -> None:
    out = tmp_path / "out"
    lawgraph.build([str(p) for p in SEEDS], out, jobs=1)
    pages = {p.name for p in (out / "agencies").glob("*.html")}
    lawgraph.build([str(SEEDS[0])], out, jobs=1)
    fewer = {p.name for p in (out / "agencies").glob("*.html")}
    assert fewer < pages
    fresh = tmp_path / "fresh"
    lawgraph.build([str(SEEDS[0])], fresh, jobs=1)
    assert {k: v[0] for k, v in snapshot(out).items() if k != ".lawgraph-build.json"} == {
        k: v[0] for k, v in snapshot(fresh).items() if k != ".lawgraph-build.json"}


def test_a_full_rebuild_keeps_unchanged_site_pages(built: Path) -> None:
    """A full build of the same inputs writes the same bytes, so every file (the pages and the data
    files alike) keeps its file and mtime."""
    before = snapshot(built)
    result = run("build", *map(str, SEEDS[:3]), "-o", str(built), "-j", "1", "--no-cache")
    assert result.exit_code == 0, result.output
    after = snapshot(built)
    assert {k: v[0] for k, v in after.items() if k != ".lawgraph-build.json"} == {
        k: v[0] for k, v in before.items() if k != ".lawgraph-build.json"}
    pages = [k for k in before if k.startswith("agencies/")]
    assert pages and all(after[k][1] == before[k][1] for k in pages)
    assert all(after[k][1] == before[k][1] for k in after if k != ".lawgraph-build.json")  # graph.json too
