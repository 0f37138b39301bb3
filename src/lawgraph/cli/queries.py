"""The questions over a built graph: laws, agencies, matrix, stats. One library call each."""

from __future__ import annotations

import click

from lawgraph.cli.building import focus_options
from lawgraph.cli.common import errors, format_option, format_rows, in_option, shown
from lawgraph.cli.comparing import relation_option

ROW_FORMATS = ("table", "json", "csv", "jsonl")


@click.command("laws")
@click.option("--agency", "agency", required=True, help="Agency name; short forms such as 泰州市科技局 work.")
@relation_option
@in_option
@format_option(*ROW_FORMATS)
@errors
def laws_cmd(agency: str, relation: str | None, in_dir: str, fmt: str) -> None:
    """The laws and documents an agency cites, with counts, years and what it does with each law
    (mentions per relation; --relation keeps the laws with at least one mention of it)."""
    from lawgraph.query import COUNT_COLUMNS, laws_of_agency

    rows = laws_of_agency(in_dir, agency, relation)
    cols = ["law", "level", "documents", "years", "sources", "relation_main", *COUNT_COLUMNS]
    click.echo(format_rows(rows, fmt, cols), nl=False)


@click.command("agencies")
@click.option("--law", "law", required=True, help="Law title or alias, e.g. 科技进步法 or 《宪法》.")
@in_option
@format_option(*ROW_FORMATS)
@errors
def agencies_cmd(law: str, in_dir: str, fmt: str) -> None:
    """The agencies (or reports without a known agency) that cite a law, with counts and years."""
    from lawgraph import agencies_citing

    rows = agencies_citing(in_dir, law)
    click.echo(format_rows(rows, fmt, ["agency", "type", "documents", "years", "sources"]), nl=False)


@click.command("matrix")
@click.option("-o", "--out", "out_file", default=None, type=click.Path(dir_okay=False, path_type=str),
              help="Write the matrix to this CSV file (UTF-8 with BOM) instead of stdout.")
@in_option
@format_option(*ROW_FORMATS)
@focus_options
@errors
def matrix_cmd(out_file: str | None, in_dir: str, fmt: str, province: str | None, year: str | None,
               top_laws: int | None) -> None:
    """Agency × law citation counts (number of reports); --province, --year and --top-laws focus it
    first, as on lawgraph build."""
    from lawgraph import matrix

    columns, rows = matrix(in_dir, province=province, year=year, top_laws=top_laws)
    if out_file:
        from lawgraph.files import atomic_write_bytes

        atomic_write_bytes(out_file, format_rows(rows, "csv", columns).encode("utf-8-sig"))
        click.echo(f"{len(rows)} agencies x {len(columns) - 1} laws written to {shown(out_file)}")
    else:
        click.echo(format_rows(rows, fmt, columns), nl=False)


@click.command("stats")
@in_option
@format_option(*ROW_FORMATS)
@errors
def stats_cmd(in_dir: str, fmt: str) -> None:
    """Counts of documents, nodes by type and edges by relation."""
    from lawgraph import stats

    click.echo(format_rows(stats(in_dir), fmt, ["what", "type", "count"]), nl=False)
