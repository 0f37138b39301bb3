"""`lawgraph extract` and `lawgraph text`: what lawgraph reads and finds in each report."""

from __future__ import annotations

import json
import sys

import click

from lawgraph.cli.common import (
    encoding_option,
    errors,
    fail,
    format_option,
    max_size_option,
    record_lines,
    say,
    strict_check,
    verbosity_options,
)


def _shard(ctx: click.Context, param: click.Parameter, value: str | None):  # noqa: ANN202 - a click callback
    from lawgraph.distribute.shards import parse_shard

    try:
        return None if value is None else parse_shard(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx, param) from None


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@format_option("jsonl", "json", "results", default="jsonl")
@click.option("--shard", default=None, metavar="K/N", callback=_shard,
              help="Only shard K of N of the inputs (each input is in exactly one of the N shards).")
@encoding_option
@max_size_option
@click.option("--strict", is_flag=True, help="Exit with status 2 if any input was skipped (duplicates are not).")
@click.option("-j", "--jobs", type=click.IntRange(1), default=1, show_default=True,
              help="Worker processes (the output is the same for any number).")
@verbosity_options
@errors
def extract_cmd(paths: tuple[str, ...], fmt: str, shard, encoding: str | None, max_size: int,  # noqa: ANN001
                strict: bool, jobs: int, quiet: bool, verbose: bool) -> None:
    """Extract the reporting agency, year, cited laws, agencies and programs of each report.

    PATHS are report files or folders (searched recursively): .txt, .html/.htm, .docx and .pdf, told
    by content as well as by suffix. jsonl: one JSON object per document; json: one JSON array;
    results: what `lawgraph build --from-results` needs (every input's outcome, skipped ones too).
    Files that cannot be read or are not reports are listed on stderr with the reason and the fix
    (inputs with the same bytes as another only with -v), then a summary line; the others are processed.

    --shard K/N takes the inputs at positions K-1, K-1+N, … of the discovery order, so N machines
    given the same PATHS share them out exactly; a shard with no readable report is no error. For a
    large archive: `lawgraph extract --shard K/N --format results PATHS > K.jsonl` on each machine,
    then `lawgraph build --from-results 1.jsonl … N.jsonl -o DIR`.
    """
    from lawgraph.distribute.shards import ALL, Selection
    from lawgraph.manifest import summary_line
    from lawgraph.pipeline import extract_paths

    out = sys.stdout
    count = 0

    def emit(doc: dict) -> None:  # each report is written as soon as it is ready, in input order
        nonlocal count
        out.write(("" if fmt == "jsonl" else "[\n" if count == 0 else ",\n")
                  + json.dumps(doc, ensure_ascii=False, indent=None if fmt == "jsonl" else 1)
                  + ("\n" if fmt == "jsonl" else ""))
        count += 1

    selection = Selection(shard or ALL) if shard is not None or fmt == "results" else None
    writer = None
    if fmt == "results":
        from lawgraph.distribute.results import ResultsWriter

        out = getattr(sys.stdout, "buffer", sys.stdout)  # bytes: file names' lone surrogates kept
        writer = ResultsWriter(out, selection, paths, encoding, max_size)
    run = extract_paths(paths, encoding=encoding, max_size=max_size, jobs=jobs, sink=writer or emit,
                        lean=writer is not None, select=selection)
    if writer is not None:
        writer.finish(run.records)
        count = writer.results
    if fmt == "json":
        out.write("[]\n" if count == 0 else "\n]\n")
    out.flush()
    for line in record_lines(run.records, quiet, verbose):
        say(line)
    if count == 0 and shard is None:  # a shard may hold no readable report: the build decides
        fail("no report could be read from " + ", ".join(paths))
    if not quiet:
        part = f"shard {shard}, {len(run.records)} of {selection.total} inputs: " if shard is not None else ""
        say(part + summary_line(run.records))
    strict_check(run.records, strict)


@click.command("text")
@click.argument("file", type=click.Path())
@encoding_option
@max_size_option
@errors
def text_cmd(file: str, encoding: str | None, max_size: int) -> None:
    """Print the original plain text lawgraph reads from FILE (decoded, before any cleaning).

    For a .txt file, the decoded file; for HTML, DOCX and PDF, the text taken out of them (a web
    page's article without navigation, scripts, share bars and footers). Mention offsets in `extract`
    output index this text.
    """
    from lawgraph import load

    doc = load(file, encoding=encoding, max_size=max_size)
    out = getattr(sys.stdout, "buffer", sys.stdout)  # bytes: line endings exactly as in the file
    sys.stdout.flush()
    out.write(doc.original.encode("utf-8"))
    out.flush()
