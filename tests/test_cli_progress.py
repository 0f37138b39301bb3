"""The progress line: shown on a terminal, silent otherwise."""

from __future__ import annotations

import click
from click.testing import CliRunner

from lawgraph.cli.progress import ProgressLine


def run(enabled: bool | None) -> str:
    @click.command()
    def cmd() -> None:
        p = ProgressLine(enabled=enabled, min_interval=0.0)
        for i in range(5):
            p(i, 4, i * 2**20)
        p.close()

    return CliRunner().invoke(cmd).stderr


def test_progress_line_counts_files_rate_and_eta() -> None:
    out = run(True)
    assert out.startswith("\r[------------------------] 0/4 files")
    assert "\r[##################------] 3/4 files" in out
    assert "\r[########################] 4/4 files" in out
    assert "MB/s  ETA " in out and out.endswith("\n")


def test_progress_line_is_silent_when_disabled_or_not_a_terminal() -> None:
    assert run(False) == ""
    assert run(None) == ""  # CliRunner's stderr is not a terminal
