"""One extractor per kind of entity; each takes the cleaned text and the document's context."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

T = TypeVar("T", bound=Any)


def without_overlaps(found: Iterable[T]) -> list[T]:
    """The one rule that decides overlapping finds (each with `start` and `end`), given in order of
    start and, among equal starts, of preference (longest first): a find that starts inside one kept
    before is dropped."""
    out: list[T] = []
    for f in found:
        if out and f.start < out[-1].end:
            continue
        out.append(f)
    return out
