"""Plain data objects passed between the pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lawgraph.lexicon.places import Place


# Not frozen: a frozen dataclass's __init__ sets each field through object.__setattr__, three times
# slower, and a report makes thousands of these. Hashed and compared by value as a frozen one is; no
# code assigns to a field after construction.
@dataclass(order=True, unsafe_hash=True)
class Mention:
    """One occurrence of an entity: [start, end) are offsets into the ORIGINAL text."""

    start: int
    end: int
    text: str
    kind: str = "law"  # law | agency | program
    how: str = ""  # which rule found it: title, inner_title, dictionary, anaphora, defined, ...

    def to_dict(self, original: str, context: int = 30) -> dict:
        a, b = max(0, self.start - context), min(len(original), self.end + context)
        excerpt = " ".join(original[a:b].split())
        return {"text": self.text, "start": self.start, "end": self.end, "context": excerpt}


@dataclass
class Entity:
    """A canonical entity of one document with all its mentions."""

    name: str
    kind: str
    level: str = ""
    level_basis: str = ""  # registry | title | default
    jurisdiction: str = ""
    mentions: list[Mention] = field(default_factory=list)
    contains: list[str] = field(default_factory=list)  # titles nested in this one (〈…〉)

    def to_dict(self, original: str) -> dict:
        d: dict = {"name": self.name}
        if self.kind == "law":
            d["level"] = self.level
            d["level_basis"] = self.level_basis
            if self.jurisdiction:
                d["jurisdiction"] = self.jurisdiction
            if self.contains:
                d["contains"] = sorted(self.contains)
        d["mentions"] = [m.to_dict(original) for m in sorted(self.mentions)]
        return d


@dataclass
class Document:
    """A loaded report: its source path and original text (decoded, never changed)."""

    source: str
    original: str
    encoding: str = "utf-8"


@dataclass
class Meta:
    """What a report says about itself: the reporting agency, its jurisdiction and place, the year."""

    agency: str | None = None
    jurisdiction: str | None = None
    place: Place | None = None
    year: int | None = None
    how: str = ""  # which rule told the agency: header | title | signature, + context when implied
    zone: str | None = None  # the development zone the reporting agency belongs to (not a division)
