"""Command-line shell over the library: parse options, make one library call, format rows."""

from __future__ import annotations

import click

from lawgraph import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lawgraph")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Build a knowledge graph of agencies, the laws they cite and the programs they run."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _register_graph_commands() -> None:
    from lawgraph.cli_graph import register

    register(cli)


_register_graph_commands()
