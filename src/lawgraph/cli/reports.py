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


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@format_option("jsonl", "json", default="jsonl")
@encoding_option
@max_size_option
@click.option("--strict", is_flag=True, help="Exit with status 2 if any input was skipped (duplicates are not).")
@click.option("-j", "--jobs", type=click.IntRange(1), default=1, show_default=True,
              help="Worker processes (the output is the same for any number).")
@verbosity_options
@errors
def extract_cmd(paths: tuple[str, ...], fmt: str, encoding: str | None, max_size: int, strict: bool, jobs: int,
                quiet: bool, verbose: bool) -> None:
    """Extract the reporting agency, year, cited laws, agencies and programs of each report.

    PATHS are report files or folders (searched recursively): .txt, .html/.htm, .docx and .pdf, told
    by content as well as by suffix. jsonl: one JSON object per document; json: one JSON array. Files
    that cannot be read or are not reports are listed on stderr with the reason and the fix (inputs
    with the same bytes as another only with -v), then a summary line; the others are processed.
    """
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

    run = extract_paths(paths, encoding=encoding, max_size=max_size, jobs=jobs, sink=emit)
    if fmt == "json":
        out.write("[]\n" if count == 0 else "\n]\n")
    out.flush()
    for line in record_lines(run.records, quiet, verbose):
        say(line)
    if count == 0:
        fail("no report could be read from " + ", ".join(paths))
    if not quiet:
        say(summary_line(run.records))
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
