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
from collections.abc import Callable, Iterator
from typing import Any


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
    """``run`` each document: collector paused, and frozen every ``every`` documents."""

    def __init__(self, every: int = 64) -> None:
        self.every = every
        self.steps = 0

    def run(self, fn: Callable[..., None], *args: Any) -> None:
        """``fn(*args)`` with the collector paused (a plain call: no context-manager generator per document)."""
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            fn(*args)
            self.steps += 1
            if self.steps % self.every == 0:
                gc.freeze()
        finally:
            if was_enabled:
                gc.enable()
