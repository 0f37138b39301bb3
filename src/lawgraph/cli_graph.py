"""The graph commands: build, laws, agencies, matrix, stats.

Thin: parse options, make one library call, format rows. Heavy modules (networkx, pyvis, the
pipeline) are imported inside the commands so ``lawgraph --help`` stays instant.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

DEFAULT_DIR = "graph_exports"
DEFAULT_SEEDS = "seeds"
FORMATS = click.Choice(["table", "json", "csv"])
F = TypeVar("F", bound=Callable[..., Any])


# --- output formatting ----------------------------------------------------------------------------


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _cell(v: object) -> str:
    return "" if v is None else str(v)


def format_rows(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None) -> str:
    """Rows as an aligned table (CJK counted double width), JSON or CSV; always ends with a newline."""
    cols = list(columns) if columns is not None else (list(rows[0]) if rows else [])
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in cols} for r in rows], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in cols])
        return buf.getvalue()
    table = [cols] + [[_cell(r.get(c)) for c in cols] for r in rows]
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


# --- errors ---------------------------------------------------------------------------------------


def _fail(ctx: click.Context, message: str, code: int) -> None:
    click.echo(f"lawgraph: {message}", err=True)
    ctx.exit(code)


def _query_error() -> type[Exception]:
    """QueryError, imported only when an exception is being matched (lawgraph.query loads networkx)."""
    from lawgraph.query import QueryError

    return QueryError


def _errors(func: F) -> F:
    """Library errors → one line on stderr and the CONTRACT exit code; tracebacks only with --debug."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        debug = bool((ctx.obj or {}).get("debug"))
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except _query_error() as exc:
            if debug:
                raise
            _fail(ctx, str(exc), exc.exit_code)
        except OSError as exc:
            if debug:
                raise
            where = f" {exc.filename}" if exc.filename else ""
            _fail(ctx, f"cannot read or write{where}: {exc.strerror or exc}", 2)
        except Exception as exc:
            if debug:
                raise
            _fail(ctx, f"internal error ({type(exc).__name__}: {exc}); rerun with --debug for details", 2)

    return wrapper  # type: ignore[return-value]


def _in_option(func: F) -> F:
    return click.option(
        "--in",
        "in_dir",
        default=DEFAULT_DIR,
        show_default=True,
        type=click.Path(file_okay=False, path_type=str),
        help="Folder written by `lawgraph build`.",
    )(func)


def _format_option(func: F) -> F:
    return click.option(
        "--format", "fmt", type=FORMATS, default="table", show_default=True, help="Output format."
    )(func)


# --- commands -------------------------------------------------------------------------------------


def _size(ctx: click.Context, param: click.Parameter, value: str) -> int:
    from lawgraph.io import parse_size

    try:
        return parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "-o", "--out", "out_dir", default=DEFAULT_DIR, show_default=True, type=click.Path(file_okay=False, path_type=str),
    help="Folder for graph.graphml, graph.gexf, graph.json, nodes.csv, edges.csv, graph.html, index.html, manifest.csv.",
)  # fmt: skip
@click.option("--encoding", default=None, help="Text encoding of the reports (default: detect).")
@click.option("-j", "--jobs", type=click.IntRange(1), default=None,
              help="Worker processes [default: all cores]; the output is the same for any number.")
@click.option("--no-cache", is_flag=True, help="Analyse every report again and rewrite every export instead of reusing earlier results.")
@click.option("--cache-dir", default=None, type=click.Path(file_okay=False, path_type=str),
              help="Where per-report results are cached [default: $XDG_CACHE_HOME/lawgraph or ~/.cache/lawgraph].")
@click.option("--max-size", default="20M", show_default=True, callback=_size,
              help="Skip input files larger than this (e.g. 50M).")
@click.option("--strict", is_flag=True, help="Exit with status 2 if any input was skipped (duplicates are not).")
@click.option("-q", "--quiet", is_flag=True, help="No progress line and no list of skipped files.")
@click.pass_context
@_errors
def build_cmd(ctx: click.Context, paths: tuple[str, ...], out_dir: str, encoding: str | None, jobs: int | None,
              no_cache: bool, cache_dir: str | None, max_size: int, strict: bool, quiet: bool) -> None:
    """Build the knowledge graph from reports (default: seeds/) and write every export to -o DIR.

    Every input file is accounted for in DIR/manifest.csv (processed, skipped with the reason, or a
    duplicate of another file); a summary line goes to stderr. A rebuild into the same DIR rewrites no
    export when the graph would come out the same (DIR/.lawgraph-build.json records what it was built from).
    """
    if not paths:
        if not Path(DEFAULT_SEEDS).is_dir():
            _fail(ctx, f"no {DEFAULT_SEEDS}/ folder here; pass the report files or folders to build", 2)
        paths = (DEFAULT_SEEDS,)

    from lawgraph import buildstate

    def finish(records: list, nodes: int, edges: int) -> None:
        click.echo(buildstate.done_line(records, nodes, edges, out_dir))
        code, why = buildstate.strict_failure(records, strict)
        if code:
            _fail(ctx, why, code)

    # the stamp in DIR says whether the exports are already those of these inputs
    kept = None if no_cache else buildstate.reuse(list(paths), out_dir, encoding, max_size, cache_dir, quiet, strict)
    if kept is not None:
        for line in [*buildstate.skipped_lines(kept.records, quiet), buildstate.summary(kept.records)]:
            click.echo(line, err=True)
        return finish(kept.records, kept.nodes, kept.edges)
    buildstate.forget(out_dir)

    from lawgraph._accel.cache import Cache
    from lawgraph.cli_progress import ProgressLine
    from lawgraph.exporters import write_all
    from lawgraph.graph import GraphAssembler
    from lawgraph.manifest import write_manifest
    from lawgraph.pipeline import extract_paths

    progress = ProgressLine(enabled=False if quiet else None)
    jobs = jobs or os.cpu_count() or 1
    graph = GraphAssembler()  # assembled while the workers extract; no document is kept in memory
    digests = buildstate.Digests(graph.add)  # and each result's digest kept for the stamp
    run = extract_paths(list(paths), encoding=encoding, max_size=max_size, jobs=jobs,
                        cache=None if no_cache else Cache(cache_dir), progress=progress, sink=digests, lean=True)
    progress.close()
    for line in buildstate.skipped_lines(run.records, quiet):
        click.echo(line, err=True)
    write_manifest(run.records, Path(out_dir) / "manifest.csv")
    click.echo(buildstate.summary(run.records), err=True)
    if not graph.documents:
        _fail(ctx, f"no readable reports in {', '.join(paths)}; only manifest.csv written", 2)
    G = graph.finish()
    nodes, edges = G.number_of_nodes(), G.number_of_edges()
    write_all(G, out_dir, jobs=jobs)
    buildstate.record(out_dir, run.records, digests, nodes, edges, encoding, max_size, quiet, strict)
    finish(run.records, nodes, edges)


@click.command("laws")
@click.option("--agency", "agency", required=True, help="Agency name; short forms such as 泰州市科技局 work.")
@_in_option
@_format_option
@_errors
def laws_cmd(agency: str, in_dir: str, fmt: str) -> None:
    """The laws and documents an agency cites, with counts and years."""
    from lawgraph import query

    rows = query.laws_of_agency(query.load(in_dir), agency)
    click.echo(format_rows(rows, fmt, ["law", "level", "documents", "years", "sources"]), nl=False)


@click.command("agencies")
@click.option("--law", "law", required=True, help="Law title or alias, e.g. 科技进步法 or 《宪法》.")
@_in_option
@_format_option
@_errors
def agencies_cmd(law: str, in_dir: str, fmt: str) -> None:
    """The agencies (or reports without a known agency) that cite a law, with counts and years."""
    from lawgraph import query

    rows = query.agencies_citing(query.load(in_dir), law)
    click.echo(format_rows(rows, fmt, ["agency", "type", "documents", "years", "sources"]), nl=False)


@click.command("matrix")
@click.option("-o", "--out", "out_file", default=None, type=click.Path(dir_okay=False, path_type=str),
              help="Write the matrix to this CSV file (UTF-8 with BOM) instead of stdout.")  # fmt: skip
@_in_option
@_format_option
@_errors
def matrix_cmd(out_file: str | None, in_dir: str, fmt: str) -> None:
    """Agency × law citation counts (number of reports)."""
    from lawgraph import query

    columns, rows = query.matrix(query.load(in_dir))
    if out_file:
        from lawgraph.files import atomic_write_bytes

        atomic_write_bytes(out_file, format_rows(rows, "csv", columns).encode("utf-8-sig"))
        click.echo(f"{len(rows)} agencies x {len(columns) - 1} laws written to {out_file}")
    else:
        click.echo(format_rows(rows, fmt, columns), nl=False)


@click.command("stats")
@_in_option
@_format_option
@_errors
def stats_cmd(in_dir: str, fmt: str) -> None:
    """Counts of documents, nodes by type and edges by relation."""
    from lawgraph import query

    click.echo(format_rows(query.stats(query.load(in_dir)), fmt, ["what", "type", "count"]), nl=False)


def register(cli: click.Group) -> None:
    """Add the graph commands to the main ``lawgraph`` group."""
    for cmd in (build_cmd, laws_cmd, agencies_cmd, matrix_cmd, stats_cmd):
        cli.add_command(cmd)
