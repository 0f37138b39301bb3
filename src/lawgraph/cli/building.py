"""`lawgraph build`: one call of `lawgraph.build`, then what it did, said once."""

from __future__ import annotations

import os
from pathlib import Path

import click

from lawgraph.cli.common import (
    DEFAULT_DIR,
    encoding_option,
    errors,
    fail,
    max_size_option,
    record_lines,
    say,
    shown,
    strict_check,
    verbosity_options,
)

DEFAULT_SEEDS = "seeds"


def focus_options(func):  # noqa: ANN001, ANN201 - a click decorator
    """--province, --year, --top-laws: a focused subset (lawgraph.graph.subset), on build and matrix."""
    func = click.option("--top-laws", "top_laws", type=click.IntRange(1), default=None,
                        help="Keep only the N laws cited by the most agencies (ties by title).")(func)
    func = click.option("--year", default=None, metavar="Y",
                        help="Keep only the reports of year Y or of a range such as 2020-2023.")(func)
    return click.option("--province", default=None, metavar="P",
                        help="Keep only the reports of agencies in province P (江苏 or 江苏省).")(func)


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "-o", "--out", "out_dir", default=DEFAULT_DIR, show_default=True, type=click.Path(file_okay=False, path_type=str),
    help="Folder for graph.graphml, graph.gexf, graph.json, lawgraph.sqlite, the CSV files, graph.html, index.html, manifest.csv.",
)  # fmt: skip
@encoding_option
@click.option("-j", "--jobs", type=click.IntRange(1), default=None,
              help="Worker processes [default: all cores]; the output is the same for any number.")
@click.option("--no-cache", is_flag=True,
              help="Analyse every report again and rewrite every export instead of reusing earlier results.")
@click.option("--cache-dir", default=None, type=click.Path(file_okay=False, path_type=str),
              help="Where per-report results are cached [default: $XDG_CACHE_HOME/lawgraph or ~/.cache/lawgraph].")
@max_size_option
@click.option("--strict", is_flag=True, help="Exit with status 2 if any input was skipped (duplicates are not).")
@click.option("--from-results", "from_results", is_flag=True,
              help="PATHS are the results files of every shard (lawgraph extract --format results): build "
                   "from them without reading a report.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Run the extraction on the Dask distributed scheduler at ADDRESS (tcp://host:8786; "
                   "needs lawgraph[dask]).")
@click.option("--formats", "formats", default=None, metavar="LIST",
              help="The exports to write, comma-separated: graphml, gexf, json, csv, cocitation, html, or all "
                   "[default: all]. lawgraph.sqlite (read by every query) and manifest.csv are always written; "
                   "the files of a format left out are removed from DIR.")
@focus_options
@verbosity_options
@errors
def build_cmd(paths: tuple[str, ...], out_dir: str, encoding: str | None, jobs: int | None, no_cache: bool,
              cache_dir: str | None, max_size: int, strict: bool, from_results: bool, scheduler: str | None,
              formats: str | None, province: str | None, year: str | None, top_laws: int | None, quiet: bool,
              verbose: bool) -> None:
    """Build the knowledge graph from reports (default: seeds/) and write every export to -o DIR.

    Every input file is accounted for in DIR/manifest.csv (processed, skipped with the reason, or a
    duplicate of another file); a summary line goes to stderr. DIR always holds one whole build: the
    exports are written aside and put in place together, a build that processes nothing leaves DIR as
    it was, and a second build into a DIR in use stops at once (exit 2). A rebuild into the same DIR
    rewrites no export when the graph would come out the same (DIR/.lawgraph-build.json).
    --province, --year and --top-laws write the exports of a focused subset (every input is still in
    manifest.csv); the summary says how many documents it kept. --formats writes only the exports
    named (an archive that needs Gephi and the pages: --formats graphml,html).

    --from-results builds from the results files of `lawgraph extract --shard K/N --format results`
    (all N shards, made from the same PATHS in the same folder) without reading the reports; the
    exports are byte for byte those of a direct build. Such a build writes no build stamp, so the
    next build into DIR is a full one. --scheduler sends the extraction to a Dask cluster whose
    workers can read PATHS (a shared file system; same folder or absolute paths); same output.
    """
    from lawgraph import build
    from lawgraph.build import NothingBuilt
    from lawgraph.cli.progress import ProgressLine
    from lawgraph.outputs import parse

    selection = None if formats is None else parse(formats)  # a bad name stops here, before any work
    extractor = _extractor(paths, from_results, scheduler)
    if not paths:
        if not Path(DEFAULT_SEEDS).is_dir():
            fail(f"no {DEFAULT_SEEDS}/ folder here; pass the report files or folders to build")
        paths = (DEFAULT_SEEDS,)
    progress = ProgressLine(enabled=False if quiet else None)
    try:
        report = build(paths, out_dir, encoding=encoding, max_size=max_size, jobs=jobs or os.cpu_count() or 1,
                       use_cache=not no_cache, cache_dir=cache_dir, progress=progress, province=province,
                       year=year, top_laws=top_laws, extractor=extractor, formats=selection, stage=progress.stage)
    except NothingBuilt as exc:
        progress.close()
        _tell(exc.report, quiet, verbose)
        raise
    progress.close()
    _tell(report, quiet, verbose)
    focused = ""
    if report.focused is not None:
        text, kept, total = report.focused
        focused = f"focused on {text}: {kept} of {total} documents; "
    click.echo(f"{report.processed} documents processed, {report.skipped} skipped, {report.duplicates} duplicates; "
               f"{focused}{report.nodes} nodes, {report.edges} edges; written to {shown(out_dir.rstrip('/'))}/")
    strict_check(report.records, strict)


def _extractor(paths: tuple[str, ...], from_results: bool, scheduler: str | None):  # noqa: ANN202
    """Where the (Record, result) pairs come from: None (here), results files, or a Dask cluster."""
    if from_results:
        ctx = click.get_current_context()
        if scheduler is not None:
            fail("--from-results and --scheduler do not go together: results files are extracted already")
        if not paths:
            fail("--from-results needs the results files: lawgraph build --from-results 1.jsonl 2.jsonl -o DIR")
        for name in ("encoding", "max_size"):
            if ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT:
                fail(f"--{name.replace('_', '-')} was fixed when the results were extracted; "
                     "pass it to lawgraph extract instead")
        from lawgraph.distribute.results import FromResults

        return FromResults()
    if scheduler is not None:
        from lawgraph.distribute.dask import OnDask

        return OnDask(scheduler)
    return None


def _tell(report, quiet: bool, verbose: bool) -> None:
    """stderr: the warnings, the per-input lines, and the summary (the same numbers as stdout's)."""
    from lawgraph.manifest import summary_line

    for line in [*report.warnings, *record_lines(report.records, quiet, verbose)]:
        say(line)
    say(summary_line(report.records))
