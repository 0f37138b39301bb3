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


ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def program(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lawgraph", *args], capture_output=True, env=ENV, **kwargs)


def version_after(setup: str) -> subprocess.CompletedProcess:
    """`lawgraph --version` through ``main`` in a Python that first runs ``setup``."""
    code = f"import sys; from lawgraph.cli import main; {setup}; sys.argv = ['lawgraph', '--version']; main()"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, env=ENV)


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
    run = version_after(f"import atexit, pathlib; atexit.register(lambda: pathlib.Path({str(mark)!r}).write_text('yes'))")
    assert run.returncode == 0 and run.stdout.startswith(b"lawgraph, version")
    assert mark.read_text() == "yes"


def test_other_threads_finish_first(tmp_path: Path) -> None:
    """As at a normal exit, a thread that is not a daemon finishes before the process ends."""
    mark = tmp_path / "thread"
    run = version_after("import pathlib, threading, time; threading.Thread(target=lambda: (time.sleep(0.3), "
                        f"pathlib.Path({str(mark)!r}).write_text('done'))).start()")
    assert run.returncode == 0 and mark.read_text() == "done"


def test_reader_gone_is_the_sigpipe_status() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "lawgraph", "extract", SEEDS, "--format", "jsonl"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait() == 141 and err == b""
