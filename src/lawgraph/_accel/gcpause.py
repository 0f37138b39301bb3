"""Keep Python's cycle collector off the graph while it is being assembled.

Assembling the graph creates hundreds of thousands of sets, dicts and tuples that never form a
cycle. With the collector on, every collection rescans them, and they are the bulk of what is
alive, so the cost grows with the graph. ``Quiet`` pauses the collector while a document is
added (restoring its state after) and, every ``every`` documents, moves what is alive into the
permanent generation (``gc.freeze``) so that later collections, made by whatever runs between
two documents, skip it. Neither changes any result, only when memory is scanned.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The cycle collector off for the block, and back on after if it was on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Quiet:
    """``step()`` around each document: collector paused, and frozen every ``every`` steps."""

    def __init__(self, every: int = 64) -> None:
        self.every = every
        self.steps = 0

    @contextlib.contextmanager
    def step(self) -> Iterator[None]:
        with paused():
            yield
            self.steps += 1
            if self.steps % self.every == 0:
                gc.freeze()
