"""Bundled data files (see SOURCES.md in this folder) and a tiny TSV reader."""

from __future__ import annotations

from importlib import resources


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a bundled UTF-8 TSV file (one header line, '#' lines are comments)."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    header = lines[0].split("\t")
    rows = []
    for ln in lines[1:]:
        cells = ln.split("\t")
        cells += [""] * (len(header) - len(cells))
        rows.append(dict(zip(header, cells)))
    return rows
