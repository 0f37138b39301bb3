"""Ctrl-C and SIGTERM: a command stops with one line and status 130; a build stopped while it makes
DIR current finishes that first, so DIR holds one whole build (the old one, or the new one without
its stamp), never part of each."""

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
