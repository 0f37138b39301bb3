"""All place logic: administrative divisions (data/divisions.tsv) looked up by name, found at the
start of a title or right before a position, counted in a report, resolved from a written chain
(重庆市+九龙坡区) or from a bare 市/区/县/省 in a report's context, and written the way officials do
(江苏省泰州市, 重庆市江津区).

Extraction (agency names, the reporting agency, law titles) and resolution all ask this module, so a
place is read the same way wherever it is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lawgraph.data import read_tsv
from lawgraph.lexicon import boundaries
from lawgraph.text import CJK

#: the province-level municipalities (data/municipalities.tsv): their districts are written after them
MUNICIPALITIES = tuple(r["code"] for r in read_tsv("municipalities.tsv"))
LEVEL_CHARS = "省市区县"


@dataclass(frozen=True, eq=False)  # one object per division: hashed and compared by identity (memo keys)
class Place:
    code: str
    name: str
    level: str  # province | city | county | zone
    parent: str
    short: str

    @property
    def legislates(self) -> bool:
        """Provinces and prefecture-level cities make 地方性法规 and 地方政府规章."""
        return self.level in ("province", "city")


class Places:
    def __init__(self) -> None:
        self.by_code: dict[str, Place] = {}
        self.by_name: dict[str, list[Place]] = {}
        for r in read_tsv("divisions.tsv"):
            p = Place(r["code"], r["name"], r["level"], r["parent_code"], r["short_name"] or r["name"])
            if p.level == "zone":
                continue
            self.by_code[p.code] = p
            self.by_name.setdefault(p.name, []).append(p)
        self.max_len = max(len(n) for n in self.by_name)
        # the lengths of the names that start with each pair of characters, longest first: finding
        # the places at a position tries only those (all names have 2+ characters)
        starts: dict[str, set[int]] = {}
        for n in self.by_name:
            starts.setdefault(n[:2], set()).add(len(n))
        self.starts = {k: tuple(sorted(v, reverse=True)) for k, v in starts.items()}

    def parent(self, p: Place) -> Place | None:
        return self.by_code.get(p.parent) if p.parent else None

    def chain(self, p: Place) -> list[Place]:
        """Province first: [江苏省, 泰州市] for 泰州市."""
        out = [p]
        while (q := self.parent(out[-1])) is not None:
            out.append(q)
        return out[::-1]

    def jurisdiction(self, p: Place) -> str:
        """Full written jurisdiction: 江苏省泰州市, 重庆市江津区, 重庆市."""
        return "".join(q.name for q in self.chain(p))

    def lookup(self, name: str) -> list[Place]:
        return self.by_name.get(name, [])

    def prefix(self, text: str) -> list[Place]:
        """Places named at the start of text, nested: 重庆市九龙坡区… → [重庆市, 九龙坡区].
        Each later place must lie inside the earlier one."""
        out: list[Place] = []
        i = 0
        while i < len(text):
            found = None
            room = len(text) - i
            for n in self.starts.get(text[i : i + 2], ()):  # hot path: only lengths a name has here
                if n > room:
                    continue
                cands = self.by_name.get(text[i : i + n])
                if not cands:
                    continue
                if out:
                    inside = [c for c in cands if out[-1] in self.chain(c)[:-1]]
                    if inside:
                        found = inside[0]
                elif len(cands) == 1 or any(c.level == "province" for c in cands):
                    found = next((c for c in cands if c.level == "province"), cands[0])
                if found:
                    i += n
                    break
            if not found:
                break
            out.append(found)
        return out


@lru_cache(maxsize=1)
def places() -> Places:
    return Places()


@lru_cache(maxsize=1)
def _province_short_names() -> dict[str, Place]:
    """Short names of province-level units (重庆, 江苏, 内蒙古 …), each naming exactly one province."""
    out: dict[str, Place] = {}
    seen: dict[str, int] = {}
    for p in places().by_code.values():
        if p.level == "province" and p.short and p.short != p.name and len(p.short) >= 2:
            seen[p.short] = seen.get(p.short, 0) + 1
            out[p.short] = p
    return {k: v for k, v in out.items() if seen[k] == 1}


def prefix_loose(text: str) -> list[Place]:
    """Like `Places.prefix`, but a province-level unit may also be written by its short name, as
    officials do before a zone or district (重庆两江新区 → [重庆市]; 江苏泰州市 → [江苏省, 泰州市])."""
    P = places()
    found = P.prefix(text)
    if found:
        return found
    for n in (3, 2):
        p = _province_short_names().get(text[:n])
        if p is not None:
            rest = P.prefix(text[n:])
            return [p, *rest] if rest and p in P.chain(rest[0]) else [p]
    return []


def after_places(text: str, found: list[Place]) -> str:
    """What follows the places `prefix_loose` found at the start of text (each written in full or,
    first, by its short name): 重庆市两江新区社会事业局 with [重庆市] → 两江新区社会事业局."""
    for p in found:
        for w in (p.name, p.short):
            if w and text.startswith(w):
                text = text[len(w):]
                break
    return text


# ---- names in running text ----------------------------------------------------------------------


class NameIndex:
    """Every spelling of a place that running text uses: full names, and short names (泰州, 江津) where
    no full name is spelt so; with, per last two characters, the lengths of the names ending so."""

    def __init__(self) -> None:
        P = places()
        self.names: dict[str, list[Place]] = {}
        for p in P.by_code.values():
            self.names.setdefault(p.name, []).append(p)
        for p in P.by_code.values():
            if len(p.short) >= 2 and p.short != p.name and p.short not in P.by_name:
                self.names.setdefault(p.short, []).append(p)
        # the lengths of the names ending in each pair of characters, longest first: finding the
        # longest name that ends at a position tries only those (all names have 2+ characters)
        ends: dict[str, set[int]] = {}
        for n in self.names:
            ends.setdefault(n[-2:], set()).add(len(n))
        self.ends = {k: tuple(sorted(v, reverse=True)) for k, v in ends.items()}


@lru_cache(maxsize=1)
def name_index() -> NameIndex:
    return NameIndex()


def place_before(text: str, pos: int) -> tuple[str, int] | None:
    """The longest place name ending at pos: (name, start)."""
    if pos < 2:
        return None
    ix = name_index()
    for n in ix.ends.get(text[pos - 2 : pos], ()):
        if n <= pos and (w := text[pos - n : pos]) in ix.names:
            return w, pos - n
    return None


def starts_inside_word(text: str, pos: int) -> bool:
    """Whether a two-character place name (成县, 和县) starting at pos begins inside a word that jieba
    cuts there (完成|县人大: no cut before 成), so its first character belongs to that word."""
    if pos == 0 or not CJK.match(text[pos - 1]):
        return False
    return not boundaries.cut_at(text, pos, before=4, after=2)


def written(p: Place) -> str:
    """A jurisdiction as officials prefix a body's name: 泰州市, 重庆市江津区, 泰州市海陵区, 江苏省; a
    county or county-level city stands alone (长沙县, 江阴市)."""
    if p.level == "county" and p.name.endswith("区"):
        parent = places().parent(p)
        if parent is not None and (parent.level == "city" or parent.code in MUNICIPALITIES):
            return parent.name + p.name
    return p.name


def inside(p: Place, q: Place) -> bool:
    """Is p q itself or a place within q?"""
    return q in places().chain(p)


@lru_cache(maxsize=1 << 14)
def resolve_chain(names: tuple[str, ...], context: Place | None) -> Place | None:
    """The place a written chain names (重庆市+九龙坡区, 泰州, 江津区), or None when it is ambiguous:
    each name must lie inside the one before; among several, the one near the report's own place,
    else the only one of the highest level."""
    ix = name_index()
    cands = list(ix.names.get(names[-1], []))
    for outer in names[:-1]:
        outs = ix.names.get(outer, [])
        cands = [c for c in cands if any(inside(c, o) and c != o for o in outs)]
    if len(cands) <= 1:
        return cands[0] if cands else None
    if context is not None:
        ctx_chain = places().chain(context)
        near = [c for c in cands if any(inside(c, q) for q in ctx_chain) or inside(context, c)]
        if len(near) == 1:
            return near[0]
    order = {"province": 0, "city": 1, "county": 2}
    best = min(order.get(c.level, 3) for c in cands)
    top = [c for c in cands if order.get(c.level, 3) == best]
    return top[0] if len(top) == 1 else None


@lru_cache(maxsize=1 << 12)
def level_place(level: str, context: Place | None) -> Place | None:
    """The place a bare 市/区/县/省 means in a report of `context`: the nearest enclosing one so named."""
    if context is None:
        return None
    for p in reversed(places().chain(context)):
        if p.name.endswith(level):
            return p
    return None


# ---- places a report names ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _counting_automaton() -> Any:  # an ahocorasick.Automaton
    """Full names, and short names of provinces and cities, reversed (for the reversed text: far
    fewer characters end a name than begin one)."""
    import ahocorasick

    P = places()
    auto = ahocorasick.Automaton()
    keys: dict[str, list[Place]] = {}
    for p in P.by_code.values():
        keys.setdefault(p.name, []).append(p)
        if p.level in ("province", "city") and len(p.short) >= 2 and p.short not in P.by_name:
            keys.setdefault(p.short, []).append(p)
    for k, v in keys.items():
        auto.add_word(k[::-1], (k, tuple(v)))
    auto.make_automaton()
    return auto


def place_counts(text: str) -> dict[Place, int]:
    """How often each place is named (泰州 and 泰州市 both count for 泰州市; overlapping names once)."""
    # A name counts unless another one contains it. The automaton reports names by end offset (in the
    # reversed text: containment is the same either way), so walking them backwards, of the names that
    # end at one offset only the longest can count, and it does when every name ending later starts
    # after it.
    counts: dict[Place, int] = {}
    hits = list(_counting_automaton().iter(text[::-1]))
    first = len(text) + 1  # the smallest start of the names ending after the current offset
    i = len(hits) - 1
    while i >= 0:
        end = hits[i][0]
        start = end + 1
        ps: tuple[Place, ...] = ()
        while i >= 0 and hits[i][0] == end:
            k, qs = hits[i][1]
            if end + 1 - len(k) < start:
                start, ps = end + 1 - len(k), qs
            i -= 1
        if start < first:
            first = start
            if len(ps) == 1:  # an ambiguous name (朝阳区) tells nothing
                counts[ps[0]] = counts.get(ps[0], 0) + 1
    return counts


def context_place(text: str, level: str, counts: dict[Place, int] | None = None) -> Place | None:
    """The place an implied 市/区/县/省 means, told from the places the report names: the one named
    most often that fits the level, when named at least twice and twice as often as the next."""
    counts = place_counts(text) if counts is None else counts
    fits = sorted(((n, p) for p, n in counts.items() if p.name.endswith(level)), key=lambda x: -x[0])
    if not fits or fits[0][0] < 2:
        return None
    if len(fits) > 1 and fits[0][0] < 2 * fits[1][0]:
        return None
    return fits[0][1]
