"""Ctrl-C and SIGTERM: a command stops with one line and status 130 (143 for SIGTERM to the `lawgraph`
program), its staging folder removed; a build stopped while it makes DIR current finishes that
first, so DIR holds one whole build (the old one, or the new one without its stamp), never part of
each. A worker killed from outside stops the build with one line naming the fix."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import lawgraph
import lawgraph.build  # noqa: F401  (the module, loaded: `lawgraph.build` is the function)
from lawgraph.cli import cli
from test_export_selection import files  # every file of a build folder and its bytes, the stamp aside

build_module = sys.modules["lawgraph.build"]
ROOT = Path(__file__).resolve().parents[1]


def test_ctrl_c_is_one_line_and_status_130(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           seed_paths: list[Path]) -> None:
    out = tmp_path / "out"
    lawgraph.build([str(p) for p in seed_paths[:2]], out, jobs=1, use_cache=False)
    before = files(out)

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "_analyse", interrupted)
    result = CliRunner().invoke(cli, ["build", *map(str, seed_paths), "-o", str(out), "-j", "1", "--no-cache", "-q"])
    assert (result.exit_code, result.stdout, result.stderr) == (130, "", "lawgraph: interrupted\n")
    assert files(out) == before  # DIR as it was


def _interrupt_the_commit(monkeypatch: pytest.MonkeyPatch, signum: int) -> None:
    real = build_module._move_tree
    sent = []

    def move_tree(*args: object, **kwargs: object) -> None:
        if not sent:  # the first folder: before anything of DIR is replaced
            sent.append(signum)
            os.kill(os.getpid(), signum)
        real(*args, **kwargs)

    monkeypatch.setattr(build_module, "_move_tree", move_tree)


def test_ctrl_c_while_dir_is_made_current_waits_for_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       seed_paths: list[Path]) -> None:
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    lawgraph.build([str(p) for p in seed_paths[:2]], out, jobs=1, use_cache=False)
    lawgraph.build([str(p) for p in seed_paths], fresh, jobs=1, use_cache=False)
    assert files(out) != files(fresh)
    with monkeypatch.context() as m:
        _interrupt_the_commit(m, signal.SIGINT)
        with pytest.raises(KeyboardInterrupt):
            lawgraph.build([str(p) for p in seed_paths], out, jobs=1, use_cache=False)
    assert files(out) == files(fresh)  # the new build, whole
    assert not (out / ".lawgraph-build.json").exists()  # not vouched for: the next build is a full one
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    again = lawgraph.build([str(p) for p in seed_paths], out, jobs=1)
    assert again.written and files(out) == files(fresh)


SCRIPT = """
import os, signal, sys
import lawgraph, lawgraph.build
build = sys.modules["lawgraph.build"]
real = build._move_tree
def move_tree(*args, **kwargs):
    if not getattr(move_tree, "sent", False):
        move_tree.sent = True
        os.kill(os.getpid(), signal.SIGTERM)
    real(*args, **kwargs)
build._move_tree = move_tree
lawgraph.build(sys.argv[2:], sys.argv[1], jobs=1, use_cache=False)
print("not reached")
"""


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name != "posix", reason="POSIX signals")
def test_sigterm_while_dir_is_made_current_ends_the_process_after_it(tmp_path: Path, seed_paths: list[Path]) -> None:
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    lawgraph.build([str(p) for p in seed_paths[:2]], out, jobs=1, use_cache=False)
    lawgraph.build([str(p) for p in seed_paths], fresh, jobs=1, use_cache=False)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    run = subprocess.run([sys.executable, "-c", SCRIPT, str(out), *map(str, seed_paths)], capture_output=True, env=env)
    assert run.returncode == -signal.SIGTERM and b"not reached" not in run.stdout
    staging = [p for p in out.iterdir() if p.name.startswith(".lawgraph-staging-")]
    assert {k: v for k, v in files(out).items() if not k.startswith(".lawgraph-staging-")} == files(fresh)
    assert len(staging) <= 1  # a process ended by the signal cleans nothing up; the next build does
    lawgraph.build([str(p) for p in seed_paths], out, jobs=1, use_cache=False)
    assert files(out) == files(fresh) and not any(p.name.startswith(".lawgraph-staging-") for p in out.iterdir())


# --- SIGTERM to the `lawgraph` program, and a worker killed from outside ------------------------------

TERM_SCRIPT = """
import os, signal, sys
from lawgraph.exporters import runner
real = runner._finished
def finished(running):
    if not getattr(finished, "sent", False):  # the export workers are running, the staging folder filling
        finished.sent = True
        os.kill(os.getpid(), signal.SIGTERM)
    return real(running)
runner._finished = finished
sys.argv = ["lawgraph", "build", *sys.argv[2:], "-o", sys.argv[1], "-j", "2", "--no-cache", "-q"]
from lawgraph.cli import main
main()
"""


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name != "posix", reason="POSIX signals and fork")
def test_sigterm_stops_the_program_like_ctrl_c(tmp_path: Path, seed_paths: list[Path]) -> None:
    """A scheduler's time limit: one line, status 143, DIR as it was, and no staging folder (as big as
    a build) left in it; before, the process just ended and left it there until the next build."""
    out = tmp_path / "out"
    lawgraph.build([str(p) for p in seed_paths[:2]], out, jobs=1, use_cache=False)
    before = files(out)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    run = subprocess.run([sys.executable, "-c", TERM_SCRIPT, str(out), *map(str, seed_paths)],
                         capture_output=True, env=env, timeout=120)
    assert (run.returncode, run.stdout, run.stderr) == (143, b"", b"lawgraph: terminated\n")
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".lawgraph-staging-")) == []
    assert files(out) == before


KILLED: list = []  # [the real pipeline._job, the name of the input whose worker is killed]


def kill_one(task: tuple) -> object:
    """pipeline._job, except that the worker given one input is killed, as by the OOM killer (a
    module-level function: the pool's workers find it by name)."""
    real, name = KILLED
    if Path(task[0][0]).name == name:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(task)


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals and fork")
def test_a_worker_killed_from_outside_is_one_line_naming_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 seed_paths: list[Path]) -> None:
    from lawgraph import pipeline

    out = tmp_path / "out"
    lawgraph.build([str(p) for p in seed_paths[:2]], out, jobs=1, use_cache=False)
    before = files(out)
    monkeypatch.setattr(sys.modules[__name__], "KILLED", [pipeline._job, seed_paths[2].name])
    monkeypatch.setattr(pipeline, "_job", kill_one)
    result = CliRunner().invoke(cli, ["build", *map(str, seed_paths), "-o", str(out), "-j", "2", "--no-cache", "-q"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("lawgraph: a worker process of the build was killed, most often because the system "
                             "ran short of memory; run again with fewer workers (-j 1 uses none)\n")
    assert files(out) == before
