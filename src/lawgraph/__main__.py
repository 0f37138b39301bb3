from lawgraph.cli import cli

if __name__ == "__main__":  # pragma: no cover
    cli()
