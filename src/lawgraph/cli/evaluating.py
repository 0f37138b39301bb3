"""`lawgraph eval`: extract the reports and score them against a gold file (one library call each)."""

from __future__ import annotations

import json

import click

from lawgraph.cli.common import encoding_option, errors

_MINIMUMS = ("law_f1", "national_recall", "level", "agency", "year", "mentioned", "programs")


def _min_options(func):
    for key in reversed(_MINIMUMS):
        func = click.option(f"--min-{key.replace('_', '-')}", key, type=float, default=None,
                            help=f"Exit 1 when {key} is below this.")(func)
    return func


@click.command("eval")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--gold", "gold_path", required=True, type=click.Path(),
              help="Gold answers (JSON; format in CONTRACT.md).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("-v", "--verbose", is_flag=True, help="List each document's misses.")
@encoding_option
@_min_options
@errors
def eval_command(paths: tuple[str, ...], gold_path: str, fmt: str, verbose: bool, encoding: str | None,
                 **minimums: float | None) -> None:
    """Score lawgraph's extraction of PATHS against hand-made answers in GOLD.

    Prints law precision/recall/F1, national-law recall, level accuracy, reporting agency and year
    accuracy, mentioned-agency and program recall and the number of bad mention offsets. Exits 1 when
    a --min-… threshold is missed, a gold document is not among PATHS or an offset is bad.
    """
    from lawgraph.evaluate import evaluate_paths

    m = evaluate_paths(gold_path, paths, encoding=encoding)
    if fmt == "json":
        click.echo(json.dumps(m.as_dict(), ensure_ascii=False, sort_keys=False))
    else:
        if verbose:
            for d in m.documents:
                click.echo(_document_lines(d))
        for key, value in m.as_dict().items():
            shown = f"{value}/{m.offsets_total}" if key == "offsets_bad" else f"{value:.3f}"
            click.echo(f"{key:<16}{shown}")
    fails = m.failures(minimums)
    for line in fails:
        click.echo(f"lawgraph: below threshold: {line}", err=True)
    if fails:
        raise SystemExit(1)


def _document_lines(d) -> str:
    head = (f"{d.file}: agency {'ok' if d.agency_ok else repr(d.agency)}, year {d.year}"
            + ("" if d.found else " (not among the results)"))
    rows = ([f"  missed law: {x}" for x in d.missed_laws] + [f"  extra law: {x}" for x in d.extra_laws]
            + [f"  missed agency: {x}" for x in d.missed_agencies]
            + [f"  missed program: {x}" for x in d.missed_programs])
    return "\n".join([head, *rows])
