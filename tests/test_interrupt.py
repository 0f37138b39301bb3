"""Ctrl-C and SIGTERM: a command stops with one line and status 130 (143 for SIGTERM to the `lawgraph`
program), its staging folder removed; a build stopped while it makes DIR current finishes that
first, so DIR holds one whole build (the old one, or the new one without its stamp), never part of
each. A worker killed from outside stops the build with one line naming the fix."""

from __future__ import annotations

import csv
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


KILLED: list = []  # [the real pipeline._job, the name of the input whose worker is killed, the signal]


def kill_one(task: tuple) -> object:
    """pipeline._job, except that a worker given one input is killed (a module-level function: the
    pool's workers find it by name)."""
    real, name, signum = KILLED
    if Path(task[0][0]).name == name:
        import faulthandler

        faulthandler.disable()  # pytest's: it would print the dying worker's stack
        os.kill(os.getpid(), signum)
    return real(task)


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals and fork")
@pytest.mark.parametrize("signum, how", [(signal.SIGSEGV, "was killed by SIGSEGV"),
                                         (signal.SIGKILL, "was killed by SIGKILL, most often for lack of memory")])
def test_an_input_that_kills_its_worker_is_skipped_and_the_build_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed_paths: list[Path], signum: int, how: str) -> None:
    """One bad file never costs a build, even one that crashes the process reading it (a C library's
    segfault, memory it alone exhausts): it is listed as skipped, the rest is built."""
    from lawgraph import pipeline

    out, fresh = tmp_path / "out", tmp_path / "fresh"
    bad = seed_paths[2]
    lawgraph.build([str(p) for p in seed_paths if p != bad], fresh, jobs=1, use_cache=False)
    monkeypatch.setattr(sys.modules[__name__], "KILLED", [pipeline._job, bad.name, signum])
    monkeypatch.setattr(pipeline, "_job", kill_one)
    result = CliRunner().invoke(cli, ["build", *map(str, seed_paths), "-o", str(out), "-j", "2", "--no-cache"])
    reason = f"lawgraph crashed on {bad} (its worker process {how}); please report it with the file"
    assert result.exit_code == 0
    assert result.stdout.startswith("4 documents processed, 1 skipped, 0 duplicates; ")
    assert result.stderr.splitlines()[0] == f"lawgraph: skipped {bad}: {reason}"
    with open(out / "manifest.csv", encoding="utf-8", newline="") as f:
        skipped = [(row["path"], row["reason"]) for row in csv.DictReader(f) if row["status"] == "skipped"]
    assert skipped == [(str(bad), reason)]
    assert {k: v for k, v in files(out).items() if k != "manifest.csv"} == \
        {k: v for k, v in files(fresh).items() if k != "manifest.csv"}  # the build of the other four


def killed_child(*_args: object) -> None:
    """runner._child of an export worker killed as by the out-of-memory killer."""
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals and fork")
def test_an_export_worker_killed_from_outside_is_one_line_naming_the_fix(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed_paths: list[Path]) -> None:
    from lawgraph.exporters import runner

    out = tmp_path / "out"
    lawgraph.build([str(p) for p in seed_paths[:2]], out, jobs=1, use_cache=False)
    before = files(out)
    monkeypatch.setattr(runner, "_child", killed_child)
    result = CliRunner().invoke(cli, ["build", *map(str, seed_paths), "-o", str(out), "-j", "2", "--no-cache", "-q"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("lawgraph: a worker process of the build was killed by SIGKILL, most often because the "
                             "system ran short of memory; run again with fewer workers (-j 1 uses none)\n")
    assert files(out) == before and not [p for p in out.iterdir() if p.name.startswith(".lawgraph-staging-")]


FORK_SCRIPT = """
import os, signal, sys
from lawgraph._accel.parallel import collect, fork_child
from lawgraph.cli.common import Terminated, terminate

signal.signal(signal.SIGTERM, terminate)
os.register_at_fork(after_in_parent=lambda: os.kill(os.getpid(), signal.SIGTERM))  # while a worker is forked
try:
    collect(*fork_child(lambda: b"done"))
except Terminated:
    print("stopped")
else:
    print("went on")
"""


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signal masks")
def test_a_stop_signal_while_a_worker_is_forked_stops_the_parent(tmp_path: Path) -> None:
    """Before, the handler ran inside the interpreter's after-fork callbacks: its exception was printed
    as ignored and the build went on (seen once in a real build sent SIGTERM)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    run = subprocess.run([sys.executable, "-c", FORK_SCRIPT], capture_output=True, text=True, env=env, timeout=60)
    assert (run.returncode, run.stdout, run.stderr) == (0, "stopped\n", "")
