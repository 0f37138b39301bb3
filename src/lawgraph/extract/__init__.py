"""Finding mentions: one extractor per kind of entity, one signature, one overlap rule.

Each extractor is a module with ``extract(cleaned, meta) -> list[Entity]``: the cleaned text and what
the report says about itself (`meta.detect`: reporting agency, place, year) in, the entities it names
(each with its mentions, spans into the ORIGINAL text) out. Which canonical entity a mention names is
`lawgraph.resolve`'s job; the word lists and place indexes are `lawgraph.lexicon`'s.

`analyse` runs them all on one document and adds, per law mention, what the bureau does with the law
(`lawgraph.extract.relations`: implements | studies | drafts | reviews | cites).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from lawgraph.models import Document, Entity

T = TypeVar("T", bound=Any)

#: (key of the result, module under lawgraph.extract), in output order
EXTRACTORS: tuple[tuple[str, str], ...] = (("laws", "laws"), ("agencies", "agencies"), ("programs", "programs"))


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


def _entities(ents: list[Entity], original: str) -> list[dict]:
    return [e.to_dict(original) for e in sorted(ents, key=lambda e: (e.mentions[0].start, e.name))]


def analyse(doc: Document) -> dict:
    """Everything lawgraph extracts from one document, as the CONTRACT.md `extract` dict: the reporting
    agency and year, then laws, agencies and programs with their mentions; each law mention carries its
    `relation`, read from its own clause in one pass over the document, and its evidence (`line`,
    `snippet`, `mark`: `lawgraph.extract.evidence`). `warnings` lists what looks
    lost (a text with 《…》 titles but no law, agency names but no agency), [] when nothing."""
    from importlib import import_module

    from lawgraph.clean import clean
    from lawgraph.extract import checks, evidence, meta, relations

    cleaned = clean(doc.original)
    m = meta.detect(cleaned)
    result: dict = {
        "source": doc.source,
        "agency": {"name": m.agency, "jurisdiction": m.jurisdiction} if m.agency else None,
        "year": m.year,
    }
    for key, module in EXTRACTORS:
        result[key] = _entities(import_module(f"lawgraph.extract.{module}").extract(cleaned, m), doc.original)
    law_mentions = [mention for law in result["laws"] for mention in law["mentions"]]
    spans = [(x["start"], x["end"]) for x in law_mentions]
    in_cleaned = [relations.cleaned_span(cleaned, s, e) for s, e in spans]
    sentences = relations.sentence_bounds(cleaned.text, in_cleaned)  # read by both: one pass
    for mention, rel, ev in zip(law_mentions, relations.relations(cleaned.text, in_cleaned, sentences),
                                evidence.evidence(cleaned, doc.original, spans, in_cleaned, sentences)):
        mention["relation"] = rel
        mention.update(ev)  # line, snippet, mark: the evidence a reader follows
    result["warnings"] = checks.warnings(cleaned.text, result)
    return result
