"""What happened to every input: one Record per path, written as DIR/manifest.csv.

Nothing is lost silently: each input path is `processed`, `skipped` (with a one-line reason naming
the fix) or a `duplicate` (same bytes as an earlier path in sorted order, which was read instead).
Every cell is formula-safe (`lawgraph.csvsafe.safe_cell`); a path whose bytes are not UTF-8 is shown
with backslash-x escapes (`lawgraph.io.shown`).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from lawgraph.csvsafe import FORMULA_STARTS, safe_cell
from lawgraph.files import atomic_path
from lawgraph.io.paths import shown

PROCESSED, SKIPPED, DUPLICATE = "processed", "skipped", "duplicate"


@dataclass
class Record:
    """One input path and its outcome. `reason` explains a skip or duplicate; for a processed file
    it may carry a note (e.g. an incomplete last character)."""

    path: str
    status: str
    reason: str = ""
    sha256: str = ""
    bytes: int | None = None
    format: str = ""  # text | html | docx | pdf, for files that were read
    laws: int = 0
    agencies: int = 0
    programs: int = 0
    warnings: str = ""  # what the reader or the extractors noticed in a processed file, "; "-joined


COLUMNS = ("path", "sha256", "status", "format", "bytes", "laws", "agencies", "programs", "reason", "warnings")


def write_manifest(records: Iterable[Record], path: str | os.PathLike) -> Path:
    """Write the records as CSV (UTF-8, sorted by path) to `path` atomically: a temporary file in
    the same folder, then os.replace, so a crash never leaves a half manifest."""
    target = Path(path)
    rows = sorted(records, key=lambda r: (r.path, r.status))
    with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        for r in rows:
            row = {k: ("" if v is None else v) for k, v in asdict(r).items()}
            row["path"] = shown(r.path)
            w.writerow({k: safe_cell(v) for k, v in row.items()})
        f.flush()
        os.fsync(f.fileno())
    return target


def _unsafe(cell: str) -> str:
    """A cell as it was before `safe_cell` (its added quote removed)."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def read_manifest(path: str | os.PathLike) -> list[Record]:
    """The records of a manifest.csv (as written by write_manifest)."""
    ints = {f.name for f in fields(Record) if f.name in ("laws", "agencies", "programs")}
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            vals: dict = {k: _unsafe(row.get(k) or "") for k in COLUMNS}
            for k in ints:
                vals[k] = int(vals[k] or 0)
            vals["bytes"] = int(vals["bytes"]) if vals["bytes"] else None
            out.append(Record(**vals))
    return out


def counts(records: Iterable[Record]) -> dict[str, int]:
    c = {PROCESSED: 0, SKIPPED: 0, DUPLICATE: 0}
    for r in records:
        c[r.status] = c.get(r.status, 0) + 1
    return c


def summary_line(records: Iterable[Record]) -> str:
    """'processed 5, skipped 2, duplicates 1'."""
    c = counts(records)
    return f"processed {c[PROCESSED]}, skipped {c[SKIPPED]}, duplicates {c[DUPLICATE]}"


def exit_status(records: Iterable[Record], strict: bool = False) -> int:
    """The exit code for a run (CONTRACT.md): 2 when nothing could be processed, or when `strict`
    and anything was skipped (duplicates are not failures); otherwise 0."""
    c = counts(records)
    if c[PROCESSED] == 0 or (strict and c[SKIPPED]):
        return 2
    return 0
