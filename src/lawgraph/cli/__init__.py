"""The `lawgraph` command: a click group over the library. Each command parses its options, makes
one library call and formats what comes back; `common.errors` is the one place that turns library
errors into a message and an exit code.

Commands live by topic: reports.py (extract, text), building.py (build), queries.py (laws,
agencies, matrix, stats), comparing.py (mentions, similar, compare, changes), evaluating.py (eval). To add one, append it to COMMANDS below.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys
import threading
import traceback

import click

from lawgraph import __version__
from lawgraph.cli.building import build_cmd
from lawgraph.cli.common import SIGPIPE_STATUS, terminate
from lawgraph.cli.comparing import changes_cmd, compare_cmd, mentions_cmd, similar_cmd
from lawgraph.cli.evaluating import eval_command
from lawgraph.cli.queries import agencies_cmd, laws_cmd, matrix_cmd, stats_cmd
from lawgraph.cli.reports import extract_cmd, text_cmd


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lawgraph")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Build a knowledge graph of agencies, the laws they cite and the programs they run."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


# every command of `lawgraph`, in the order `lawgraph --help` lists them (click sorts by name)
COMMANDS: list[click.Command] = [extract_cmd, text_cmd, build_cmd, laws_cmd, agencies_cmd, matrix_cmd, stats_cmd,
                               mentions_cmd, similar_cmd, compare_cmd, changes_cmd, eval_command]

for _command in COMMANDS:
    cli.add_command(_command)


def main() -> None:
    """The `lawgraph` program (console script, `python -m lawgraph`): `cli`, then out of the process
    once its output is flushed, its other threads have ended and its exit handlers have run,
    without the interpreter freeing its objects one by one first; after a build of 10,000 reports
    that teardown alone took 1 s. The exit status and output are those of `cli` run the usual way
    (tests/test_cli_exit.py).

    SIGTERM (a scheduler's time limit, `timeout`, `kill`) is turned into an exception while the
    command runs, so it cleans up as Ctrl-C does and ends with status 143 (tests/test_interrupt.py)."""
    sigterm = getattr(signal, "SIGTERM", None)
    if sigterm is not None:
        signal.signal(sigterm, terminate)
    try:
        cli.main(prog_name="lawgraph")
        status: object = 0
    except SystemExit as exc:
        status = exc.code
    except BaseException:  # what Python prints for an uncaught exception (--debug): the traceback, status 1
        traceback.print_exc()
        status = 1
    if sigterm is not None:
        signal.signal(sigterm, signal.SIG_DFL)  # the command is over: nothing left to clean up
    if status is None:
        status = 0
    elif not isinstance(status, int):  # sys.exit("message"): the message on stderr, status 1
        print(status, file=sys.stderr)
        status = 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away after the last write: as for SIGPIPE
        status = SIGPIPE_STATUS
    except (OSError, ValueError):
        pass
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    for thread in threading.enumerate():  # as the interpreter would: its other threads finish first
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    os._exit(status & 0xFF)


__all__ = ["cli", "COMMANDS", "main"]
