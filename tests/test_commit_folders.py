"""Making a build current (build._link_site, build._commit) folder by folder (FAST_FOLDERS) leaves DIR
exactly as the plain file-by-file way does: the same files with the same bytes, unchanged files kept
(same inode, same mtime), stale pages and folders gone, files lawgraph does not own left alone."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import lawgraph.build  # noqa: F401  (the module, for its FAST_FOLDERS switch)
from lawgraph.cli import cli

ROOT = Path(__file__).resolve().parents[1]
BUILD = sys.modules["lawgraph.build"]
NEW_LAW = "学习《中华人民共和国民法典》。"
CITES_NO_CIVIL_CODE = "004_4acc2f9e54aa100b.txt"
DROPPED = "001_941c10f9f08c4ec0.txt"  # its agency's page goes when the report goes


def tree(out: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file under `out`: bytes, inode, mtime_ns (the build stamp aside: it records times)."""
    return {p.relative_to(out).as_posix(): (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(out.rglob("*")) if p.is_file() and p.name != ".lawgraph-build.json"}


def folders(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_dir())


def build(work: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "seeds", "-o", "out", "-j", "1", "-q", "--cache-dir", "cache"])
    assert result.exit_code == 0, result.output


def no_links(*_args, **_kwargs) -> None:
    raise OSError("hard links not supported")


def history(work: Path, fast: bool, monkeypatch: pytest.MonkeyPatch) -> list[tuple[dict, list[str]]]:
    """Three builds into one folder: a first one (beside a file of the user's), then one after a new
    citation, a dropped report and stray pages, then one after nothing changed but the stamp."""
    monkeypatch.setattr(BUILD, "FAST_FOLDERS", fast)
    shutil.copytree(ROOT / "seeds", work / "seeds")
    monkeypatch.chdir(work)  # the same relative paths in both histories
    out = work / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    states = []
    build(work)
    states.append((tree(out), folders(out)))
    with open(work / "seeds" / CITES_NO_CIVIL_CODE, "a", encoding="utf-8") as f:
        f.write(NEW_LAW)
    (work / "seeds" / DROPPED).unlink()
    (out / "agencies" / "agency_000000000000.html").write_text("stale", encoding="utf-8")
    (out / "agencies" / "old" / "deep").mkdir(parents=True)
    (out / "agencies" / "old" / "deep" / "page.html").write_text("stale", encoding="utf-8")
    build(work)
    states.append((tree(out), folders(out)))
    (out / ".lawgraph-build.json").unlink()  # forces the exports to be written again
    build(work)
    states.append((tree(out), folders(out)))
    return states


@pytest.mark.parametrize("links", [True, False], ids=["hard links", "no hard links"])
def test_folder_by_folder_gives_the_same_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, links: bool) -> None:
    if not links:  # the site is not linked into staging: the commit itself removes what was not staged
        monkeypatch.setattr(BUILD.os, "link", no_links)
    fast = history(tmp_path / "fast", True, monkeypatch)
    plain = history(tmp_path / "plain", False, monkeypatch)
    for (f_files, f_dirs), (p_files, p_dirs) in zip(fast, plain):
        assert f_dirs == p_dirs
        assert {k: v[0] for k, v in f_files.items()} == {k: v[0] for k, v in p_files.items()}
    first, second, third = (files for files, _ in fast)
    assert "agencies/agency_000000000000.html" not in second
    # a page in a folder lawgraph does not write goes, whether or not the site was linked into staging
    assert not any(k.startswith("agencies/old/") for k in second)
    assert "agencies/old" not in fast[1][1]
    assert "agencies/lib" in fast[1][1] and "laws/lib" in fast[1][1]
    assert second["notes.txt"][0] == b"mine"
    changed = {k for k in second if k in first and second[k][0] != first[k][0]}
    assert {"graph.json", "nodes.csv", "manifest.csv"} <= changed
    assert len(set(first) - set(second)) >= 1  # the dropped report's agency page
    kept = [k for k in second if k in first and second[k][0] == first[k][0]]
    assert any(k.startswith("agencies/") for k in kept) and any(k.startswith("laws/") for k in kept)
    for k in kept:  # the same bytes: the very same file, not a copy
        assert second[k][1:] == first[k][1:], k
    assert second["graph.json"][1:] != first["graph.json"][1:]
    assert third == second  # written again with the same bytes: every file kept as it was
