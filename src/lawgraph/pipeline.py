"""Document → extraction result (the CONTRACT.md `extract` dict), and many paths → ExtractRun."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from lawgraph.clean import clean
from lawgraph.load import LoadError, iter_paths, load_file
from lawgraph.models import Document, Entity


@dataclass
class ExtractRun:
    documents: list[dict] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


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


def extract_paths(paths: Iterable[str | os.PathLike], encoding: str | None = None) -> ExtractRun:
    """Analyse every report under `paths`; files that cannot be read are listed in `skipped`."""
    run = ExtractRun()
    for path, reason in iter_paths(paths):
        if reason:
            run.skipped.append((path, reason))
            continue
        try:
            doc = load_file(path, encoding)
        except LoadError as exc:
            run.skipped.append((path, str(exc)))
            continue
        run.documents.append(analyse(doc))
    return run
