"""The `lawgraph` program leaves its process without the interpreter's teardown (`cli.main`): its
output, exit status and exit handlers are those of `cli` run the usual way."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lawgraph.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SEEDS = str(ROOT / "seeds")


def program(*args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "lawgraph", *args], capture_output=True, env=env, **kwargs)


@pytest.mark.parametrize(
    "args",
    [
        ("extract", SEEDS, "--format", "jsonl"),  # a long stdout, all of it
        ("--version",),
        ("extract", "no/such/folder"),  # an error: its one line and status
        ("laws", "--agency", "x", "--graph", "no/such/graph.json"),
        ("no-such-command",),  # a usage error of click's: status 2
    ],
)
def test_same_output_and_status_as_the_command(args: tuple[str, ...]) -> None:
    run = program(*args)
    usual = CliRunner().invoke(cli, list(args), prog_name="lawgraph")
    assert (run.returncode, run.stdout.decode("utf-8")) == (usual.exit_code, usual.stdout)
    assert run.stderr.decode("utf-8") == usual.stderr
    if args[0] == "extract" and args[1] == SEEDS:
        assert run.stdout.count(b"\n") == 5 and run.returncode == 0


def test_exit_handlers_still_run(tmp_path: Path) -> None:
    """An exit handler registered by the process (coverage tools, temporary folders) still runs."""
    mark = tmp_path / "ran"
    code = (
        "import atexit, pathlib, sys; from lawgraph.cli import main; "
        f"atexit.register(lambda: pathlib.Path({str(mark)!r}).write_text('yes')); "
        "sys.argv = ['lawgraph', '--version']; main()"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert run.returncode == 0 and run.stdout.startswith(b"lawgraph, version")
    assert mark.read_text() == "yes"


def test_other_threads_finish_first(tmp_path: Path) -> None:
    """As at a normal exit, a thread that is not a daemon finishes before the process ends."""
    mark = tmp_path / "thread"
    code = (
        "import pathlib, sys, threading, time; from lawgraph.cli import main; "
        f"threading.Thread(target=lambda: (time.sleep(0.3), pathlib.Path({str(mark)!r}).write_text('done'))).start(); "
        "sys.argv = ['lawgraph', '--version']; main()"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert run.returncode == 0 and mark.read_text() == "done"


def test_reader_gone_is_the_sigpipe_status() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "lawgraph", "extract", SEEDS, "--format", "jsonl"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait() == 141 and err == b""
