"""A progress line on stderr for long runs: files done, MB/s, ETA. Silent when stderr is not a
terminal or when --quiet is given (part of the CLI layer: the library only calls back)."""

from __future__ import annotations

import sys
import time

import click


class ProgressLine:
    def __init__(self, enabled: bool | None = None, min_interval: float = 0.2) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.start = time.monotonic()
        self.last = 0.0
        self.min_interval = min_interval
        self.shown = False

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

    def close(self) -> None:
        if self.shown:
            click.echo("", err=True)
