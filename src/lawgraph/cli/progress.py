"""A progress line on stderr for long runs: files done, MB/s, ETA, then the build's later stages
(``stage``: the graph, the exports) with the time each took. Silent when stderr is not a terminal or
when --quiet is given (part of the CLI layer: the library only calls back)."""

from __future__ import annotations

import sys
import time

import click

# a build's stage (lawgraph.build.STAGES) → (what the line says while it runs, its name once done)
_STAGES = {"graph": ("building the graph", "graph"), "exports": ("writing the exports", "exports")}


class ProgressLine:
    def __init__(self, enabled: bool | None = None, min_interval: float = 0.2) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.start = time.monotonic()
        self.last = 0.0
        self.min_interval = min_interval
        self.shown = False
        self._stage: tuple[str, float] | None = None  # (name once done, when it started)
        self._done: list[str] = []  # "graph 2.4 s" for each stage finished
        self._width = 0  # of the stages' line as last written (a shorter one is padded over it)

    def __call__(self, done: int, total: int, nbytes: int) -> None:
        if not self.enabled or total == 0:
            return
        now = time.monotonic()
        if done < total and now - self.last < self.min_interval:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-6)
        rate = nbytes / 2**20 / elapsed
        eta = (total - done) * elapsed / done if done else 0.0
        width = 24
        bar = "#" * (width * done // total) + "-" * (width - width * done // total)
        click.echo(f"\r[{bar}] {done}/{total} files  {rate:.1f} MB/s  ETA {eta:.0f}s ", err=True, nl=False)
        self.shown = True

    def stage(self, name: str) -> None:
        """The build has started stage ``name``: on a line of its own after the files', saying what
        runs now and how long each stage before it took."""
        if not self.enabled:
            return
        now = time.monotonic()
        if self._stage is None and not self._done and self.shown:
            click.echo("", err=True)  # the files' line stays as it ended
        self._end_stage(now)
        doing, done = _STAGES.get(name, (name, name))
        self._stage = (done, now)
        self._write(" · ".join([*self._done, doing + "…"]))

    def close(self) -> None:
        if self._stage is not None:  # the last stage ends here: the line lists each with its time
            self._end_stage(time.monotonic())
            self._write(" · ".join(self._done))
        if self.shown:
            click.echo("", err=True)

    def _end_stage(self, now: float) -> None:
        if self._stage is not None:
            name, since = self._stage
            self._done.append(f"{name} {now - since:.1f} s")
            self._stage = None

    def _write(self, line: str) -> None:
        """The stages' line, written over the last one (padded where it was longer)."""
        click.echo(f"\r{line:<{self._width}}", err=True, nl=False)
        self._width = len(line)
        self.shown = True
