"""Document → extraction result (the CONTRACT.md `extract` dict), and many paths → ExtractRun."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from lawgraph.clean import clean
from lawgraph.formats import DAMAGED
from lawgraph.load import (
    DEFAULT_MAX_SIZE,
    LoadError,
    fingerprint,
    iter_paths,
    not_a_report,
    read_document,
    read_input,
)
from lawgraph.manifest import DUPLICATE, PROCESSED, SKIPPED, Record
from lawgraph.models import Document, Entity


@dataclass
class ExtractRun:
    documents: list[dict] = field(default_factory=list)  # one `extract` dict per processed file
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason), duplicates included
    records: list[Record] = field(default_factory=list)  # one per input path, for the manifest


def _entities(ents: list[Entity], original: str) -> list[dict]:
    return [e.to_dict(original) for e in sorted(ents, key=lambda e: (e.mentions[0].start, e.name))]


def analyse(doc: Document) -> dict:
    """Everything lawgraph extracts from one document, as a JSON-ready dict."""
    from lawgraph.extract import agencies, laws, meta, programs

    cleaned = clean(doc.original)
    m = meta.detect(cleaned)
    result = {
        "source": doc.source,
        "agency": {"name": m.agency, "jurisdiction": m.jurisdiction} if m.agency else None,
        "year": m.year,
        "laws": _entities(laws.extract(cleaned, m), doc.original),
        "agencies": _entities(agencies.extract(cleaned, m), doc.original),
        "programs": _entities(programs.extract(cleaned, m), doc.original),
    }
    return result


def _fingerprints(inputs: list[tuple[str, str | None]]) -> tuple[dict[str, tuple[str, int]], dict[str, str]]:
    """(path → (sha256, size), sha256 → the path that is read for that content: the first in sorted order)."""
    prints: dict[str, tuple[str, int]] = {}
    first: dict[str, str] = {}
    for path, reason in inputs:
        if reason or path in prints:
            continue
        try:
            prints[path] = sha, size = fingerprint(path)
        except LoadError:
            continue  # reading it again gives the reason
        if size and (sha not in first or path < first[sha]):
            first[sha] = path
    return prints, first


def _process(path: str, prints: dict, first: dict, done: set[str], encoding: str | None,
             max_size: int | None) -> tuple[Record, dict | None]:
    """The outcome of one input path that iter_paths let through."""
    sha, size = prints.get(path, ("", None))
    rec = Record(path, SKIPPED, sha256=sha, bytes=size)
    if size == 0:
        rec.reason = f"{path} is empty; remove it or pass the full report"
        return rec, None
    if sha and (first[sha] != path or path in done):
        rec.status = DUPLICATE
        rec.reason = ("same path given twice; read once" if first[sha] == path
                      else f"same content as {first[sha]}; read once, under that name")
        return rec, None
    try:
        doc, rec.format = read_document(read_input(path, max_size), path, encoding)
    except LoadError as exc:
        rec.reason = str(exc)
        return rec, None
    problem = not_a_report(doc)
    if problem:
        rec.reason = problem
        return rec, None
    try:
        result = analyse(doc)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a build; it is listed instead
        rec.reason = (f"lawgraph failed on {path} ({type(exc).__name__}: {exc}); "
                      "please report it with the file")
        return rec, None
    done.add(path)
    rec.status = PROCESSED
    rec.laws, rec.agencies, rec.programs = (len(result[k]) for k in ("laws", "agencies", "programs"))
    if DAMAGED in doc.encoding:  # read, but not cleanly: say so in the manifest
        rec.reason = f"{doc.encoding.partition('(')[2].rstrip(')')}; the file may be damaged or cut short"
    return rec, result


def extract_paths(paths: Iterable[str | os.PathLike], encoding: str | None = None,
                  max_size: int | None = DEFAULT_MAX_SIZE) -> ExtractRun:
    """Analyse every report under `paths`. Every input path gets a Record; files that cannot be read,
    are not reports, or repeat an earlier file's bytes are also listed in `skipped` with the reason."""
    inputs = list(iter_paths(paths))
    prints, first = _fingerprints(inputs)
    run = ExtractRun()
    done: set[str] = set()
    for path, reason in inputs:
        if reason:
            rec, result = Record(path, SKIPPED, reason), None
        else:
            rec, result = _process(path, prints, first, done, encoding, max_size)
        run.records.append(rec)
        if result is None:
            run.skipped.append((path, rec.reason))
        else:
            run.documents.append(result)
    return run
