"""Real processes against one output folder: two builds at once (the folder ends as one build's
exports, or one build refuses), and a build killed with SIGKILL while writing its exports (the
previous build stays whole; the next build cleans up)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import lawgraph
from test_export_selection import files  # every file of a build folder and its bytes, the stamp aside

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def start(paths: list[str], out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "lawgraph", "build", *paths, "-o", str(out), "-j", "1", "-q",
                             *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def variants(folder: Path, n: int) -> list[str]:
    """n distinct reports (a seed with a line of its own appended): a bigger graph to export."""
    folder.mkdir()
    for i in range(n):
        seed = SEEDS[i % len(SEEDS)]
        (folder / f"{i:03d}.txt").write_text(seed.read_text(encoding="utf-8") + f"\n附件{i}\n", encoding="utf-8")
    return [str(folder)]


def test_two_builds_into_one_folder_never_mix(tmp_path: Path) -> None:
    a, b = [str(p) for p in SEEDS[:3]], [str(p) for p in SEEDS[2:]]
    lawgraph.build(a, tmp_path / "ref_a", jobs=1, use_cache=False)
    lawgraph.build(b, tmp_path / "ref_b", jobs=1, use_cache=False)
    refs = {"a": files(tmp_path / "ref_a"), "b": files(tmp_path / "ref_b")}
    assert refs["a"] != refs["b"]
    out = tmp_path / "out"
    for _trial in range(3):
        procs = {"a": start(a, out, "--no-cache"), "b": start(b, out, "--no-cache")}
        done = {k: (p.wait(timeout=120), p.stderr.read()) for k, p in procs.items()}
        codes = sorted(code for code, _ in done.values())
        assert codes in ([0, 0], [0, 2]), done
        for code, err in done.values():
            if code == 2:
                assert err == (f"lawgraph: {out} is in use by another lawgraph build; wait for it to finish "
                               "or choose another folder with -o\n")
        assert files(out) in (refs["a"], refs["b"])
    winner = "a" if files(out) == refs["a"] else "b"
    lawgraph.build(a if winner == "a" else b, out, jobs=1)  # the stamp may say "up to date": it must be right
    assert files(out) == refs[winner]


def test_a_killed_build_leaves_the_previous_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    lawgraph.build([str(p) for p in SEEDS[:2]], out, jobs=1, use_cache=False)
    before = {p.relative_to(out).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
              for p in sorted(out.rglob("*")) if p.is_file()}
    many = variants(tmp_path / "many", 24)
    for _attempt in range(3):
        proc = start(many, out, "--no-cache")
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if any(p.is_file() for p in out.glob(".lawgraph-staging-*/*")):
                os.kill(proc.pid, signal.SIGKILL)  # mid-export: some files staged, none made current
                break
            time.sleep(0.002)
        proc.wait()
        if proc.returncode == -signal.SIGKILL:
            break
    else:
        pytest.skip("the build finished before it could be killed mid-export")
    after = {p.relative_to(out).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
             for p in sorted(out.rglob("*")) if p.is_file() and ".lawgraph-staging-" not in p.as_posix()}
    assert after == before  # the previous build, whole and untouched
    assert list(out.glob(".lawgraph-staging-*"))  # what the killed build left …
    report = lawgraph.build(many, out, jobs=1)
    assert report.written and not list(out.glob(".lawgraph-staging-*"))  # … the next build removes
    assert not [p for p in out.rglob(".*.tmp")]
    lawgraph.build(many, tmp_path / "fresh", jobs=1, use_cache=False)
    assert files(out) == files(tmp_path / "fresh")
