"""The progress line: shown on a terminal, silent otherwise; after the files, the build's stages
with the time each took."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import lawgraph
from lawgraph.build import STAGES
from lawgraph.cli import progress
from lawgraph.cli.progress import ProgressLine


def run(enabled: bool | None, stages: tuple[str, ...] = ()) -> str:
    @click.command()
    def cmd() -> None:
        p = ProgressLine(enabled=enabled, min_interval=0.0)
        for i in range(5):
            p(i, 4, i * 2**20)
        for name in stages:
            p.stage(name)
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


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """time.monotonic of the progress line: 0, 1.5, 3.0, 4.5 … s at each call."""
    ticks = iter(range(0, 100))
    monkeypatch.setattr(progress.time, "monotonic", lambda: 1.5 * next(ticks))


def test_stages_follow_the_files_with_their_times(clock: None) -> None:
    out = run(True, STAGES)
    files, stages = out.split("\n", 1)
    assert files.endswith("\r[########################] 4/4 files  0.5 MB/s  ETA 0s ")  # 4 MB in 7.5 s
    assert stages.split("\r")[1:] == [
        "building the graph…",
        "graph 1.5 s · writing the exports…",
        "graph 1.5 s · exports 1.5 s".ljust(len("graph 1.5 s · writing the exports…")) + "\n",  # over the longer line
    ]


def test_stages_are_silent_when_disabled_or_not_a_terminal() -> None:
    assert run(False, STAGES) == ""
    assert run(None, STAGES) == ""


def test_build_starts_each_stage_in_order_and_none_when_up_to_date(seed_paths: list[Path], tmp_path: Path) -> None:
    started: list[str] = []
    lawgraph.build([seed_paths[0].parent], tmp_path / "out", stage=started.append)
    assert started == ["graph", "exports"] == list(STAGES)
    again: list[str] = []
    report = lawgraph.build([seed_paths[0].parent], tmp_path / "out", stage=again.append)
    assert not report.written and again == []
