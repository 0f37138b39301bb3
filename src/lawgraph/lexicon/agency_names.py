"""Agency names as they are written: the tables of agency types, central bodies, subordinate units
and universities, and `scan`, which finds every such name in a text (one Aho-Corasick pass, then local
look-behind for the places before it).

The automaton holds the names reversed and runs over the reversed text, because pyahocorasick tries a
node's children one by one and far fewer characters end a name than begin one. What a name is, and
what it is not, is told in the docstring of `lawgraph.extract.agencies`; which body a name means is
`lawgraph.resolve.resolve_agency`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from lawgraph.data import read_tsv
from lawgraph.extract import without_overlaps
from lawgraph.lexicon.places import LEVEL_CHARS, name_index, place_before, starts_inside_word
from lawgraph.text import CJK

_OWN = "我本全"  # 我市/本区/全县 + type: still the report's own place
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


@dataclass(unsafe_hash=True)  # by value, as frozen would be; not frozen: cheaper to make (see models.Mention)
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
    """The agency tables of data/, and the automaton of every name that ends an agency name."""

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
    """The tables, loaded once per process."""
    return _Index()


# ---- finding names -----------------------------------------------------------------------------



def _local(ix: _Index, text: str, s: int, e: int, stem: str) -> Hit | None:
    chain: list[str] = []
    pos = s
    while (found := place_before(text, pos)) is not None:
        chain.insert(0, found[0])
        pos = found[1]
    if len(chain) == 1 and len(chain[0]) == 2 and chain[0][-1] in LEVEL_CHARS and starts_inside_word(text, pos):
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
    while a > 0 and s - a < _UNI_WINDOW and CJK.match(text[a - 1]):
        a -= 1
    start = s
    for n in ix.uni_lens:
        if e - n >= a and (role := ix.uni_words.get(text[e - n : e])) is not None:
            if role == "generic":
                return None  # 一流大学: no one institution
            start = e - n
            if role == "run" and (found := place_before(text, start)) is None:
                if 2 <= start - a <= 4 and a > 0 and text[a - 1] in _RUN_MARKS:
                    return Hit(a, e, "university", name=text[a:e])  # 、湄洲湾职业技术学院
                return None  # 职业技术学院 alone names no one college
            # a place that ends right before the trigger and starts before the word takes the word's
            # first characters: 黔东南|大学, not 黔|东南大学
            if start < s and (found := place_before(text, s)) is not None and a <= found[1] < start:
                start = found[1]
            break
    else:
        if text.startswith(ix.uni_after, s):
            return None  # 大学生, 大学城: the trigger does not end a name here
    while start > a:
        if (found := place_before(text, start)) is not None and found[1] >= a:
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
        if p < 2 or not CJK.match(text[p]):
            return None
        found = place_before(text, p)
        if found is not None and found[0][-1] in LEVEL_CHARS:
            body = text[p:s]
            if any(w in body for w in ix.unit_stops):
                return None
            start = found[1]
            while (outer := place_before(text, start)) is not None:
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
    bare, place_ends = ix.bare_stems, name_index().ends
    for s, neg_e, kind, key in raw:
        e = -neg_e
        if e <= reach:
            continue  # inside a longer one (人大 in 全国人大常委会, 委 in 委宣传部)
        reach = e
        if kind == "local":
            if (not bare.get(key) and (s == 0 or text[s - 1] not in LEVEL_CHARS)
                    and text[s - 2 : s] not in place_ends):
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

