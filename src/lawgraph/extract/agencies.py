"""Agencies named in a report, resolved against the report's own jurisdiction.

How a name is found (one Aho-Corasick pass over the cleaned text, then local look-behind; the automaton
holds the names reversed and runs over the reversed text, because pyahocorasick tries a node's children
one by one and far fewer characters end a name than begin one):

* an **agency type** from ``data/agency_types.tsv`` (司法局, 科技局, 人大常委会, 政协, 委, 委宣传部 …) is
  the anchor; to its left stands either a chain of **places** (重庆市九龙坡区|教委, 泰州|产研院,
  江苏省|委), or a **level character** 市/区/县/省 meaning "the report's own city/district/county/
  province" (区|司法局 in a 沙坪坝区 report → 重庆市沙坪坝区司法局), or nothing — then only types marked
  ``bare`` (司法局, 政协 …) count, and they mean the body of the report's own jurisdiction;
* a **subordinate unit** (…促进中心, …司法所, …执法大队 from ``data/agency_words.tsv``) written after its
  full place with at most ten characters between and none of them a sentence word
  (莆田市科技特派员促进中心);
* a **central body** from ``data/agency_national.tsv`` (科技部, 国务院, 全国人大 …), written without a place;
* a **university or college** (…大学, …学院), by the word table ``data/agency_universities.tsv``: the
  name is the longest listed word that ends at the 大学/学院 (西南政法大学, 邮电大学, 医学院) — unless a
  place written right before the 大学/学院 starts before that word (黔东南|大学) — else the
  bare 大学/学院 unless it begins a listed word (大学生, 大学城); then the places and regions written right
  before it join the name (重庆|邮电大学, 西南|大学, 漳州|大学). A name shorter than four characters is a
  common noun (医学院, 工学院), and generic words (一流大学, 某大学) name no institution. The table is
  jieba's dictionary entries for these words, extracted once: no segmenter runs at extraction time.

Never agencies: generic words (各部门, 有关单位, 本局, 我局 — no type matches them), a 市/区 that ends a
zone word (高新区科技局) or is counted (各区司法局), and names inside 《》 (they belong to a document
title; the law extractor reports the title).

The reporting agency itself is *not* listed in ``agencies``: it is the document's ``agency``, and its
self-references (市科技局, 区科技局, 科技局) would only repeat it. When the reporting agency is unknown,
those references are listed like any other.

In the report of a development zone's body (see meta: 平潭综合实验区社会事业局), 区 means the zone:
区公安局 → 平潭综合实验区公安局, 区党工委 → 中共平潭综合实验区工作委员会.

A reference whose place cannot be told (区司法局 in a report whose jurisdiction is unknown) keeps its
written form with the type expanded (区司法局 stays 区司法局, 市科技局 → 市科学技术局): never a guessed
place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lawgraph.clean import Cleaned
from lawgraph.data import read_tsv
from lawgraph.extract import without_overlaps
from lawgraph.models import Entity, Mention
from lawgraph.places import MUNICIPALITIES, Place, places

LEVEL_CHARS = "省市区县"
_OWN = "我本全"  # 我市/本区/全县 + type: still the report's own place
_CJK = re.compile(r"[\u3400-\u9fff]")
_BOOK = re.compile(r"《[^《》\n]{0,200}》")
_UNI_TRIGGERS = ("大学", "学院")
_RUN_MARKS = "、（“"  # a vocational college's own name starts right after a list mark or an opening bracket
_UNI_WINDOW = 12  # a university's name starts at most this many characters before its 大学/学院


@dataclass(frozen=True, eq=False)  # one object per table row: hashed by identity (memoised resolution)
class AgencyType:
    stem: str
    full: str
    template: str
    bare: bool
    needs: str
    not_before: str


@dataclass(frozen=True)
class Hit:
    """One agency name in the cleaned text: [start, end) covers the place/level prefix too."""

    start: int
    end: int
    kind: str  # local | national | university | unit
    name: str = ""  # national or university: the canonical name
    atype: AgencyType | None = None
    places: tuple[str, ...] = ()  # written place names, outermost first
    level: str = ""  # 市/区/县/省 when the place is only implied

    @property
    def implied(self) -> bool:
        """A local name whose place is not written (区科技局, 司法局)."""
        return self.kind == "local" and not self.places


class _Index:
    def __init__(self) -> None:
        import ahocorasick

        self.types: dict[str, list[AgencyType]] = {}
        for r in read_tsv("agency_types.tsv"):
            t = AgencyType(r["stem"], r["full"], r["template"], r["bare"] == "y", r["needs"], r["not_before"])
            self.types.setdefault(t.stem, []).append(t)
        self.national = {r["alias"]: r["name"] for r in read_tsv("agency_national.tsv")}
        words = read_tsv("agency_words.tsv")
        self.zone = {r["word"] for r in words if r["role"] == "zone"}
        self.plural = {r["word"] for r in words if r["role"] == "plural"}
        self.unit_suffixes = {r["word"] for r in words if r["role"] == "unit_suffix"}
        self.unit_stops = tuple(r["word"] for r in words if r["role"] == "unit_stop")
        P = places()
        self.place_names: dict[str, list[Place]] = {}
        for p in P.by_code.values():
            self.place_names.setdefault(p.name, []).append(p)
        for p in P.by_code.values():  # short names (泰州, 江津) only where no full name is spelt so
            if len(p.short) >= 2 and p.short != p.name and p.short not in P.by_name:
                self.place_names.setdefault(p.short, []).append(p)
        self.max_place = max(len(n) for n in self.place_names)
        # the lengths of the place names ending in each pair of characters, longest first: finding the
        # longest name that ends at a position tries only those (all names have 2+ characters)
        ends: dict[str, set[int]] = {}
        for n in self.place_names:
            ends.setdefault(n[-2:], set()).add(len(n))
        self.place_ends = {k: tuple(sorted(v, reverse=True)) for k, v in ends.items()}
        self.zone_words = tuple(self.zone)
        # stems that may stand alone (no place, no level character): some row without `needs` is bare
        self.bare_stems = {stem: any(t.bare for t in rows if not t.needs) for stem, rows in self.types.items()}
        uni = read_tsv("agency_universities.tsv")
        self.uni_words = {r["word"]: r["role"] for r in uni if r["role"] in ("name", "generic", "run")}
        self.uni_lens = tuple(sorted({len(w) for w in self.uni_words}, reverse=True))
        self.uni_after = tuple(r["word"] for r in uni if r["role"] == "after")
        self.regions = {r["word"] for r in uni if r["role"] == "region"}
        auto = ahocorasick.Automaton()  # reversed keys, for the reversed text (see the module docstring)
        for stem in self.types:
            auto.add_word(stem[::-1], ("local", stem, len(stem)))
        for alias in self.national:
            auto.add_word(alias[::-1], ("national", alias, len(alias)))
        for w in self.unit_suffixes:
            if w not in self.types:
                auto.add_word(w[::-1], ("unit", w, len(w)))
        for w in _UNI_TRIGGERS:
            auto.add_word(w[::-1], ("university", w, len(w)))
        auto.make_automaton()
        self.auto = auto


@lru_cache(maxsize=1)
def index() -> _Index:
    return _Index()


# ---- finding names -----------------------------------------------------------------------------


def _place_before(ix: _Index, text: str, pos: int) -> tuple[str, int] | None:
    """The longest place name ending at pos: (name, start)."""
    if pos < 2:
        return None
    for n in ix.place_ends.get(text[pos - 2 : pos], ()):
        if n <= pos and (w := text[pos - n : pos]) in ix.place_names:
            return w, pos - n
    return None


def _inside_word(text: str, pos: int) -> bool:
    """Whether a two-character place name (成县, 和县) starting at pos begins inside a word that
    jieba cuts there (完成|县人大: no cut before 成), so its first character belongs to that word."""
    if pos == 0 or not _CJK.match(text[pos - 1]):
        return False
    from lawgraph.extract import segment

    a = max(0, pos - 4)
    edges, i = set(), a
    for w in segment.cut(text[a : pos + 2]):
        i += len(w)
        edges.add(i)
    return pos not in edges


def _local(ix: _Index, text: str, s: int, e: int, stem: str) -> Hit | None:
    chain: list[str] = []
    pos = s
    while (found := _place_before(ix, text, pos)) is not None:
        chain.insert(0, found[0])
        pos = found[1]
    if len(chain) == 1 and len(chain[0]) == 2 and chain[0][-1] in LEVEL_CHARS and _inside_word(text, pos):
        chain, pos = [], s  # 完成县人大: 成县 is not named; 县 means the report's own county
    level = ""
    if not chain and s > 0 and text[s - 1] in LEVEL_CHARS:
        if text.endswith(ix.zone_words, max(0, s - 3), s) or text[s - 2 : s - 1] in ix.plural:
            return None  # 高新区科技局, 各区司法局
        level = text[s - 1]
        pos = s - 1
        if pos > 0 and text[pos - 1] in _OWN:
            pos -= 1
    rows = ix.types[stem]
    nxt = text[e : e + 1]
    chosen = None
    for t in rows:
        if t.not_before and nxt and nxt in t.not_before:
            continue
        if t.needs:
            if chain and text[pos - len(t.needs) : pos] == t.needs:
                chosen, pos = t, pos - len(t.needs)
                break
        elif chosen is None:
            chosen = t
    if chosen is None:
        return None
    if not chain and not level and not chosen.bare:
        return None
    return Hit(pos, e, "local", atype=chosen, places=tuple(chain), level=level)


def _university(ix: _Index, text: str, s: int, e: int) -> Hit | None:
    """…大学/…学院 at [s, e): the listed word that ends here, with the places and regions before it."""
    a = s  # the name lies in the run of CJK characters before the trigger, at most _UNI_WINDOW long
    while a > 0 and s - a < _UNI_WINDOW and _CJK.match(text[a - 1]):
        a -= 1
    start = s
    for n in ix.uni_lens:
        if e - n >= a and (role := ix.uni_words.get(text[e - n : e])) is not None:
            if role == "generic":
                return None  # 一流大学: no one institution
            start = e - n
            if role == "run" and (found := _place_before(ix, text, start)) is None:
                if 2 <= start - a <= 4 and a > 0 and text[a - 1] in _RUN_MARKS:
                    return Hit(a, e, "university", name=text[a:e])  # 、湄洲湾职业技术学院
                return None  # 职业技术学院 alone names no one college
            # a place that ends right before the trigger and starts before the word takes the word's
            # first characters: 黔东南|大学, not 黔|东南大学
            if start < s and (found := _place_before(ix, text, s)) is not None and a <= found[1] < start:
                start = found[1]
            break
    else:
        if text.startswith(ix.uni_after, s):
            return None  # 大学生, 大学城: the trigger does not end a name here
    while start > a:
        if (found := _place_before(ix, text, start)) is not None and found[1] >= a:
            start = found[1]
        elif start - 2 >= a and text[start - 2 : start] in ix.regions:
            start -= 2
        else:
            break
    if e - start < 4:
        return None  # a bare 大学/学院, or a common noun such as 医学院
    return Hit(start, e, "university", name=text[start:e])


def _unit(ix: _Index, text: str, s: int, e: int) -> Hit | None:
    """A subordinate unit written after its full place (莆田市|科技特派员|促进中心): the nearest place
    name with its level word (…省/市/县/区) that ends at most 10 characters before the suffix, with no
    sentence word (data: unit_stop) between."""
    for p in range(s - 2, max(-1, s - 11), -1):
        if p < 2 or not _CJK.match(text[p]):
            return None
        found = _place_before(ix, text, p)
        if found is not None and found[0][-1] in LEVEL_CHARS:
            body = text[p:s]
            if any(w in body for w in ix.unit_stops):
                return None
            start = found[1]
            while (outer := _place_before(ix, text, start)) is not None:
                start = outer[1]
            return Hit(start, e, "unit", name=text[start:e])
    return None


def scan(text: str) -> list[Hit]:
    """Every agency name in `text` (cleaned), left to right, without overlaps."""
    ix = index()
    last = len(text) - 1
    # hot path: one automaton pass over the text. The reversed key ends at reversed offset r: the key
    # starts at last - r. Sorted by (start, -end) so that a key inside a longer one comes after it.
    raw = [(last - r, r - last - n, kind, key) for r, (kind, key, n) in ix.auto.iter(text[::-1])]
    raw.sort()
    found: list[Hit] = []
    reach = -1
    for s, neg_e, kind, key in raw:
        e = -neg_e
        if e <= reach:
            continue  # inside a longer one (人大 in 全国人大常委会, 委 in 委宣传部)
        reach = e
        if kind == "local":
            if (not ix.bare_stems.get(key) and (s == 0 or text[s - 1] not in LEVEL_CHARS)
                    and text[s - 2 : s] not in ix.place_ends):
                continue  # no place, no 市/区/县/省 and not a bare type (法治政府): what _local rejects
            h = _local(ix, text, s, e, key)
        elif kind == "national":
            if text[e : e + 1] == "门" and key.endswith("部"):
                continue  # 科技部门, 司法部门: a department in general
            h = Hit(s, e, "national", name=ix.national[key])
        elif kind == "unit":
            h = _unit(ix, text, s, e)
        else:
            h = _university(ix, text, s, e)
        if h is not None:
            found.append(h)
    found.sort(key=lambda h: (h.start, h.start - h.end))
    return without_overlaps(found)  # earliest, then longest


# ---- resolving names ---------------------------------------------------------------------------


def written(p: Place) -> str:
    """A jurisdiction as officials prefix a body's name: 泰州市, 重庆市江津区, 泰州市海陵区, 江苏省; a
    county or county-level city stands alone (长沙县, 江阴市)."""
    if p.level == "county" and p.name.endswith("区"):
        parent = places().parent(p)
        if parent is not None and (parent.level == "city" or parent.code in MUNICIPALITIES):
            return parent.name + p.name
    return p.name


def _inside(p: Place, q: Place) -> bool:
    return q in places().chain(p)


@lru_cache(maxsize=1 << 14)
def resolve_chain(names: tuple[str, ...], context: Place | None) -> Place | None:
    """The place a written chain names (重庆市+九龙坡区, 泰州, 江津区), or None when it is ambiguous."""
    ix = index()
    cands = list(ix.place_names.get(names[-1], []))
    for outer in names[:-1]:
        outs = ix.place_names.get(outer, [])
        cands = [c for c in cands if any(_inside(c, o) and c != o for o in outs)]
    if len(cands) <= 1:
        return cands[0] if cands else None
    if context is not None:
        ctx_chain = places().chain(context)
        near = [c for c in cands if any(_inside(c, q) for q in ctx_chain) or _inside(context, c)]
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


def full_name(t: AgencyType, place: Place) -> str:
    return (t.template or "{place}" + t.full).format(place=written(place))


@lru_cache(maxsize=1 << 16)
def _resolved(t: AgencyType, names: tuple[str, ...], level: str, context: Place | None) -> tuple[str | None, Place | None]:
    """resolve() of a local name by its parts, memoised: reports repeat the same few names. A name of
    None: the full name cannot be built, the caller keeps the name as written."""
    if names:
        p = resolve_chain(names, context)
    elif level:
        p = level_place(level, context)
    else:
        p = context
    if p is not None:
        return full_name(t, p), p
    if t.template:
        return None, None
    return "".join(names) + level + t.full, None


def resolve(hit: Hit, context: Place | None, text: str = "") -> tuple[str, Place | None]:
    """(canonical name, its place) of a hit, in a report whose jurisdiction is `context`."""
    if hit.kind != "local":
        return hit.name, None
    t = hit.atype
    assert t is not None
    name, p = _resolved(t, hit.places, hit.level, context)
    if name is None:  # cannot build the full name: keep it as written
        return (text[hit.start : hit.end] if text else "".join(hit.places) + hit.level + t.stem), None
    return name, p


# ---- the extractor -----------------------------------------------------------------------------


def _book_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _BOOK.finditer(text)]


def extract(cleaned: Cleaned, meta=None) -> list[Entity]:
    text = cleaned.text
    context = getattr(meta, "place", None)
    zone = getattr(meta, "zone", None)  # a zone's report: 区 means the zone (区公安局 → X综合实验区公安局)
    own = getattr(meta, "agency", None)
    books = _book_spans(text)
    bi = 0
    ents: dict[str, Entity] = {}
    for h in scan(text):
        while bi < len(books) and books[bi][1] <= h.start:
            bi += 1
        if bi < len(books) and books[bi][0] < h.end and h.start < books[bi][1]:
            continue  # inside a document title
        name, _ = resolve(h, context, text)
        if zone and zone.endswith("区") and context is None and h.kind == "local" and h.level == "区" \
                and not h.places:
            assert h.atype is not None
            name = (h.atype.template or "{place}" + h.atype.full).format(place=zone)
        if own and name == own:
            continue  # the reporting agency itself: it is the document's `agency`
        a, b, src = cleaned.source(h.start, h.end)
        ent = ents.get(name)
        if ent is None:
            ent = ents[name] = Entity(name=name, kind="agency")
        ent.mentions.append(Mention(a, b, src, "agency", h.kind))
    return list(ents.values())
