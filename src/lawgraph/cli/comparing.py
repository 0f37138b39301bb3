"""The evidence and the comparisons over a built graph: mentions, similar, compare, changes.
One library call each (``lawgraph.query.mentions``, ``lawgraph.compare``)."""

from __future__ import annotations

import click

from lawgraph.cli.common import errors, format_option, format_rows, in_option

ROW_FORMATS = ("table", "json", "csv", "jsonl")
#: the relations of a law mention (``lawgraph.extract.relations.RELATIONS``; kept here so --help loads nothing)
RELATIONS = ("implements", "studies", "drafts", "reviews", "cites")
MARK_OPEN, MARK_CLOSE = "【", "】"

relation_option = click.option("--relation", type=click.Choice(RELATIONS), default=None,
                               help="Only mentions of this relation (what the bureau does with the law).")


def marked(snippet: str, mark: list[int]) -> str:
    """The snippet with the mention between 【 and 】 (for the table and CSV, which have no mark column)."""
    a, b = mark
    return f"{snippet[:a]}{MARK_OPEN}{snippet[a:b]}{MARK_CLOSE}{snippet[b:]}"


@click.command("mentions")
@click.option("--agency", "agency", required=True, help="Agency name; short forms such as 泰州市科技局 work.")
@click.option("--law", "law", default=None, help="Only mentions of this law (title or alias).")
@relation_option
@in_option
@format_option(*ROW_FORMATS)
@errors
def mentions_cmd(agency: str, law: str | None, relation: str | None, in_dir: str, fmt: str) -> None:
    """Every law mention in an agency's reports: document, year, offsets into the original file,
    line, relation, and the cleaned sentence with the name marked."""
    from lawgraph.query import mentions

    rows = mentions(in_dir, agency, law, relation)
    if fmt in ("json", "jsonl"):
        cols = ["source", "year", "start", "end", "line", "relation", "law", "text", "snippet", "mark"]
    else:
        rows = [{**r, "snippet": marked(r["snippet"], r["mark"])} for r in rows]
        cols = ["source", "year", "start", "end", "line", "relation", "snippet"]
        if fmt == "csv":
            cols[-1:-1] = ["law", "text"]
    click.echo(format_rows(rows, fmt, cols), nl=False)


@click.command("similar")
@click.argument("agency")
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=1), help="How many agencies.")
@in_option
@format_option(*ROW_FORMATS)
@errors
def similar_cmd(agency: str, top: int, in_dir: str, fmt: str) -> None:
    """The agencies whose cited laws are most like AGENCY's: idf-weighted cosine over the sets of
    cited laws (a law nearly every bureau cites counts little), with the laws they share."""
    from lawgraph.compare import similar_to

    click.echo(format_rows(similar_to(in_dir, agency, top), fmt, ["agency", "score", "shared_count", "shared"]), nl=False)


@click.command("compare")
@click.argument("agency_a")
@click.argument("agency_b")
@in_option
@format_option(*ROW_FORMATS)
@errors
def compare_cmd(agency_a: str, agency_b: str, in_dir: str, fmt: str) -> None:
    """The laws both agencies cite (side both), only AGENCY_A (only_a), only AGENCY_B (only_b)."""
    from lawgraph.compare import compare_by_name

    click.echo(format_rows(compare_by_name(in_dir, agency_a, agency_b), fmt, ["side", "law", "level", "agency"]),
               nl=False)


@click.command("changes")
@click.argument("agency")
@in_option
@format_option(*ROW_FORMATS)
@errors
def changes_cmd(agency: str, in_dir: str, fmt: str) -> None:
    """Year by year, the laws AGENCY newly cites and no longer cites, against its previous report year."""
    from lawgraph.compare import changes_by_name

    click.echo(format_rows(changes_by_name(in_dir, agency), fmt, ["year", "previous", "cited", "new", "dropped"]),
               nl=False)
