"""Plain-text reports: decoded as they are (see `lawgraph.io.decode`)."""

from __future__ import annotations

from lawgraph.io.decode import decode


def read(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding used) of a plain-text file."""
    return decode(data, name, encoding)
