"""What every command shares: the options, the formatting of rows and names, and the one mapping
from library errors to a one-line message and an exit code (CONTRACT.md: 1 no result, 2 bad usage
or unreadable input; 130 when interrupted by Ctrl-C; 143 when stopped by SIGTERM; 141 when the
reader of stdout went away, as for any program killed by SIGPIPE).

Light on purpose (click only): the commands import the library inside their bodies, so
``lawgraph --help`` loads no graph library.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_DIR = "graph_exports"
SIGPIPE_STATUS = 128 + 13
INTERRUPT_STATUS = 128 + 2  # Ctrl-C (SIGINT), as a shell reports a program it stopped
TERMINATE_STATUS = 128 + 15  # SIGTERM: the polite kill of a scheduler's time limit, `timeout` or `kill`


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread by the `lawgraph` program (``main`` installs the handler).
    A KeyboardInterrupt, so it unwinds exactly as Ctrl-C does: workers stopped, the staging folder
    removed, DIR left whole; a process that SIGTERM simply ended would leave its staging folder in
    DIR (up to the size of a build) until the next build."""


def terminate(_signum: int, _frame: object) -> None:
    """The SIGTERM handler of the `lawgraph` program."""
    raise Terminated


# --- names and rows -------------------------------------------------------------------------------


def shown(text: str) -> str:
    """`text` safe for a terminal: control characters (escape codes, newlines, C1 controls) and the
    stand-ins for bytes that were not UTF-8 in a file name are written as \\xNN escapes."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif unicodedata.category(ch) in ("Cc", "Cs"):
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def say(message: str) -> None:
    """One line on stderr, prefixed 'lawgraph: ', names escaped."""
    click.echo(f"lawgraph: {shown(message)}", err=True)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _cell(v: object) -> str:
    """A value in a table or CSV cell: lists (years, sources, law names) ";"-joined."""
    if isinstance(v, (list, tuple)):
        return ";".join(_cell(x) for x in v)
    return "" if v is None else str(v)


def format_rows(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None) -> str:
    """Rows as an aligned table (CJK counted double width), JSON, JSON lines or CSV (formula-safe
    cells, see lawgraph.csvsafe); always ends with a newline."""
    from lawgraph.csvsafe import safe_cell

    cols = list(columns) if columns is not None else (list(rows[0]) if rows else [])
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in cols} for r in rows], ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps({c: r.get(c) for c in cols}, ensure_ascii=False) + "\n" for r in rows)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow([safe_cell(c) for c in cols])
        for r in rows:
            w.writerow([safe_cell(_cell(v)) if isinstance(v, (list, tuple)) else _cell(safe_cell(v))
                        for v in (r.get(c) for c in cols)])
        return buf.getvalue()
    table = [cols] + [[shown(_cell(r.get(c))) for c in cols] for r in rows]
    widths = [max(_width(line[i]) for line in table) for i in range(len(cols))]
    numeric = [all(isinstance(r.get(c), int) for r in rows) and rows for c in cols]
    out = []
    for k, line in enumerate(table):
        cells = []
        for i, v in enumerate(line):
            pad = " " * (widths[i] - _width(v))
            cells.append(pad + v if numeric[i] and k > 0 else v + pad)
        out.append("  ".join(cells).rstrip())
        if k == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out) + "\n"


# --- errors: the one mapping ----------------------------------------------------------------------


def describe(exc: BaseException) -> tuple[int, str]:
    """(exit code, one-line message) for an exception a command let through."""
    from lawgraph.errors import LawgraphError

    if isinstance(exc, LawgraphError):
        return exc.exit_code, str(exc)
    if isinstance(exc, OSError):
        where = f" {os.fsdecode(exc.filename)}" if exc.filename else ""
        return 2, f"cannot read or write{where}: {exc.strerror or exc}"
    return 2, f"internal error ({type(exc).__name__}: {exc}); rerun with --debug for details"


def _stdout_gone() -> None:
    """The reader of stdout went away (`lawgraph extract … | head`): stop quietly with the status of
    a program killed by SIGPIPE; later writes go nowhere."""
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    sys.exit(SIGPIPE_STATUS)


def errors(func: F) -> F:
    """Run a command: library errors become one line on stderr and their exit code; tracebacks only
    with --debug."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        try:
            result = func(*args, **kwargs)
            sys.stdout.flush()
            return result
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:
            _stdout_gone()
        except Terminated:  # SIGTERM: cleaned up like Ctrl-C, then the status a shell reports for it
            say("terminated")
            ctx.exit(TERMINATE_STATUS)
        except KeyboardInterrupt:  # Ctrl-C: one line, not click's "Aborted!" with the status of "no result"
            say("interrupted")
            ctx.exit(INTERRUPT_STATUS)
        except Exception as exc:
            if (ctx.find_root().obj or {}).get("debug"):
                raise
            code, message = describe(exc)
            say(message)
            ctx.exit(code)

    return wrapper  # type: ignore[return-value]


def fail(message: str, code: int = 2) -> None:
    """Stop the command with a one-line message (bad usage found by the CLI itself)."""
    say(message)
    click.get_current_context().exit(code)


# --- options --------------------------------------------------------------------------------------


class Size(click.ParamType):
    """A size such as 20M, 500k or 1G, parsed once here for every command."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        from lawgraph.io import parse_size

        if isinstance(value, int):
            return value
        try:
            return parse_size(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def max_size_option(func: F) -> F:
    return click.option("--max-size", type=Size(), default="20M", show_default=True,
                        help="Skip input files larger than this (e.g. 50M).")(func)


def encoding_option(func: F) -> F:
    return click.option("--encoding", default=None,
                        help="Decode input files with this encoding (e.g. gb18030, big5) [default: detect].")(func)


def in_option(func: F) -> F:
    return click.option("--in", "in_dir", default=DEFAULT_DIR, show_default=True,
                        type=click.Path(file_okay=False, path_type=str), help="Folder written by `lawgraph build`.")(func)


def format_option(*choices: str, default: str = "table") -> Callable[[F], F]:
    def deco(func: F) -> F:
        return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default,
                            show_default=True, help="Output format.")(func)

    return deco


def verbosity_options(func: F) -> F:
    """-q (no progress, no per-file lines) and -v (also list duplicates)."""
    func = click.option("-v", "--verbose", is_flag=True, help="Also list inputs that duplicate another.")(func)
    return click.option("-q", "--quiet", is_flag=True, help="No progress line and no per-file lines.")(func)


def record_lines(records: Sequence[Any], quiet: bool, verbose: bool) -> list[str]:
    """stderr: one line per skipped input (none with -q), duplicates too with -v."""
    if quiet:
        return []
    return [f"{r.status} {r.path}: {r.reason}" for r in records
            if r.status == "skipped" or (verbose and r.status == "duplicate")]


def strict_check(records: Sequence[Any], strict: bool) -> None:
    """--strict: exit 2 when any input was skipped (a duplicate was read under its other name and
    is no failure)."""
    from lawgraph.manifest import exit_status, summary_line

    if strict and exit_status(records, strict):
        fail(f"{summary_line(records)}; --strict fails on any skipped input")
