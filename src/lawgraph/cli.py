"""Command-line shell over the library: parse options, make one library call, format rows."""

from __future__ import annotations

import json
import sys

import click

from lawgraph import __version__


class Fail(click.ClickException):
    """A one-line error with an exit code from CONTRACT.md (2: bad usage or unreadable input)."""

    exit_code = 2

    def show(self, file=None) -> None:  # one plain sentence, no "Error:" decoration duplication
        click.echo(f"lawgraph: {self.format_message()}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lawgraph")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Build a knowledge graph of agencies, the laws they cite and the programs they run."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


class Size(click.ParamType):
    """A size such as 20M, 500k or 1G."""

    name = "size"

    def convert(self, value, param, ctx) -> int:
        from lawgraph.io import parse_size

        try:
            return parse_size(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def max_size_option(func):
    """--max-size: larger input files are skipped unread (the default keeps memory bounded)."""
    return click.option("--max-size", type=Size(), default="20M", show_default=True,
                        help="Skip input files larger than this (e.g. 50M).")(func)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json"]), default="jsonl", show_default=True,
              help="jsonl: one JSON object per document; json: one JSON array.")
@click.option("--encoding", default=None, help="Decode input files with this encoding (e.g. gb18030, big5).")
@max_size_option
@click.option("--strict", is_flag=True, help="Exit with status 2 if any input was skipped.")
@click.option("-j", "--jobs", type=click.IntRange(1), default=1, show_default=True,
              help="Worker processes (the output is the same for any number).")
@click.pass_context
def extract(ctx: click.Context, paths: tuple[str, ...], fmt: str, encoding: str | None, max_size: int,
            strict: bool, jobs: int) -> None:
    """Extract the reporting agency, year, cited laws, agencies and programs of each report.

    PATHS are report files or folders (searched recursively): .txt, .html/.htm, .docx and .pdf, told
    by content as well as by suffix. Files that cannot be read or are not reports are listed on stderr
    with the reason and the fix; the others are still processed.
    """
    from lawgraph.pipeline import extract_paths

    out = sys.stdout
    count = 0

    def emit(doc: dict) -> None:  # each report is written as soon as it is ready, in input order
        nonlocal count
        out.write(("" if fmt == "jsonl" else "[\n" if count == 0 else ",\n")
                  + json.dumps(doc, ensure_ascii=False, indent=None if fmt == "jsonl" else 1)
                  + ("\n" if fmt == "jsonl" else ""))
        count += 1

    run = _guard(ctx, lambda: extract_paths(paths, encoding=encoding, max_size=max_size, jobs=jobs, sink=emit))
    if fmt == "json":
        out.write("[]\n" if count == 0 else "\n]\n")
    for path, reason in run.skipped:
        click.echo(f"lawgraph: skipped {path}: {reason}", err=True)
    if count == 0:
        raise Fail("no report could be read from " + ", ".join(paths))
    if strict and any(r.status == "skipped" for r in run.records):
        from lawgraph.manifest import summary_line

        raise Fail(f"{summary_line(run.records)}; --strict fails on any skipped input")


@cli.command()
@click.argument("file", type=click.Path())
@click.option("--encoding", default=None, help="Decode the file with this encoding.")
@max_size_option
@click.pass_context
def text(ctx: click.Context, file: str, encoding: str | None, max_size: int) -> None:
    """Print the original plain text lawgraph reads from FILE (decoded, before any cleaning).

    For a .txt file, the decoded file; for HTML, DOCX and PDF, the text taken out of them (a web
    page's article without navigation, scripts, share bars and footers). Mention offsets in `extract`
    output index this text.
    """
    from lawgraph.io import load_file

    doc = _guard(ctx, lambda: load_file(file, encoding, max_size=max_size))
    out = getattr(sys.stdout, "buffer", sys.stdout)  # bytes: line endings exactly as in the file
    sys.stdout.flush()
    out.write(doc.original.encode("utf-8"))
    out.flush()


def _guard(ctx: click.Context, call):
    """Run a library call; turn its one-line errors into exit code 2 unless --debug."""
    from lawgraph.io import LoadError

    try:
        return call()
    except LoadError as exc:
        if ctx.find_root().obj.get("debug"):
            raise
        raise Fail(str(exc)) from None


def _register_graph_commands() -> None:
    from lawgraph.cli_graph import register  # the graph commands live in their own module

    register(cli)


_register_graph_commands()
