"""The reporting agency, its jurisdiction and the year reported on.

Reporting agency — the first of these that names one, most explicit first:

1. a crawler header ``发布机构：重庆市XX局``;
2. the title line ``重庆市沙坪坝区科学技术局关于2021年度法治政府建设情况的报告`` (or the opening sentence
   ``现将区科技局2021年度法治政府建设推进情况报告如下``): the agency name that ends right before
   ``关于``/the year;
3. the subject of the opening sentence (``2023年，市司法局在市委领导下…``);
4. a signature near the end: a line that is an agency name, optionally followed by a date.

A candidate whose place is written (重庆市江津区科学技术局, 泰州市科技局) wins over one whose place is
only implied (市科技局, 区科技局). An implied place is told from context: the places the report names
(full names, and the short names of provinces and cities) are counted, and the one named most often
that fits the level (``市`` → a place whose name ends in 市; ``区`` → …区) is taken when it is named at
least twice and at least twice as often as the next one. Otherwise the agency is ``None``: never a
guess. Short forms are expanded (科技局 → 科学技术局) and districts written after their city or
municipality (重庆市江津区科学技术局); the jurisdiction is the full chain (江苏省泰州市).

Year — the year in the title line or opening statement (``关于2019年度…的报告``, ``现将2024年度…报告如
下``), else the year an opening line starts with (``2024年，…``, ``2024年以来，…``). Publication dates
(``发布日期：2025-01-07``, a signature's ``2022年2月28日``) are never the year reported on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from lawgraph.clean import Cleaned
from lawgraph.data import read_tsv
from lawgraph.lexicon.agency_names import Hit, scan
from lawgraph.lexicon.names import agency_variants
from lawgraph.lexicon.places import (
    Place,
    after_places,
    context_place,
    place_counts,
    places,
    prefix_loose,
    written,
)
from lawgraph.models import Meta
from lawgraph.resolve import resolve_agency
from lawgraph.text import CJK, plain

__all__ = ["Meta", "detect"]



def _word_list(role: str) -> list[str]:
    """The words of one role of data/report_words.tsv, in file order."""
    return [r["word"] for r in read_tsv("report_words.tsv") if r["role"] == role]


def _words(role: str) -> str:
    """The words of one role of data/report_words.tsv as a regex alternation, in file order."""
    return "|".join(re.escape(w) for w in _word_list(role))


_YEAR = r"(?:19|20)\d{2}"
# title line / opening statement: [agency](关于)YYYY年(度)…法治政府建设…报告
_TITLE_TAIL = (
    r"(?P<y>" + _YEAR + r")\s*年度?(?![\d月])"
    r"[^\n。，；]{0,30}?(?:" + _words("genre_topic") + r")[^\n。；]{0,24}?(?:" + _words("genre_kind") + ")"
)
_PRE_MAX = 80  # the agency before a title's year: at most this many characters of one line
_PRE_STOPS = "\n。；"
# _TITLE is the rule; _titles() finds the same matches from the years outward (see there)
_TITLE = re.compile(r"(?P<pre>[^\n。；]{0," + str(_PRE_MAX) + r"}?)(?:关于)?" + _TITLE_TAIL)
_TITLE_AT_YEAR = re.compile(_TITLE_TAIL)
_YEAR_START = re.compile(r"(?:19|20)(?=\d{2})")  # every offset a year starts at (none starts inside 19/20)
# a line start, or the end of a title that Word's line break joined to the opening (…情况的报告2023年，)
_LINE_START = r"(?:^|(?<=[告况的]))"
_OPENING_YEAR = re.compile(_LINE_START + r"(?P<y>" + _YEAR + r")\s*年(?:度|以来|上半年|全年)?[，、]", re.M)
_OPENING_SUBJECT = re.compile(_LINE_START + _YEAR + r"\s*年(?:度|以来)?，", re.M)
# the same two rules led by the year's first digits, with the line-start test looking back from there
# (hot path: a pattern that starts with a literal lets the engine skip to where one is; one that
# starts with a test is tried at every character)
_YEAR_AT_LINE_START = r"(?:19|20)(?<![^\n告况的]..)\d{2}"
_OPENING_YEAR_FAST = re.compile(r"(?P<y>" + _YEAR_AT_LINE_START + r")\s*年(?:度|以来|上半年|全年)?[，、]")
_OPENING_SUBJECT_FAST = re.compile(_YEAR_AT_LINE_START + r"\s*年(?:度|以来)?，")
_SINCE = re.compile(r"(?P<y>" + _YEAR + r")\s*年以来")
# the publisher fields of government information-disclosure pages (发布机构, 发文机关, 发布单位 …)
_HEADER = re.compile(r"(?:" + _words("header_label") + r")[：:]\s*(?P<name>[^\s，。；]{2,40})")
# a crawler's or page's source line (来源：X局), at the top of the text or at the end of a scraped page
_SOURCE = re.compile(r"(?<![" + _words("source_not_after").replace("|", "") + r"])(?:" + _words("source_label")
                     + r")[：:]\s*(?P<name>[^\s，。；]{2,40})")  # not 资金来源：
# the same, led by the label, each label looking back past itself (hot path, as the opening rules)
_SOURCE_FAST = re.compile(
    "(?:" + "|".join(f"{re.escape(w)}(?<![{_words('source_not_after').replace('|', '')}]{re.escape(w)})"
                     for w in _word_list("source_label"))
    + r")[：:]\s*(?P<name>[^\s，。；]{2,40})")
_NEXT_LABEL = re.compile(_words("next_label"))
_VALUE_END = re.compile(r"\d")  # a joined line after a header value starts with a year or a date
_SIGN_DATE = re.compile(_YEAR + r"\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_AGENCY_END = re.compile(r"(?:" + _words("agency_end") + r")$")
_HEAD = 1500  # the title and opening lie within this many characters
_TAIL = 400  # the signature within this many of the end


# ---- agency -----------------------------------------------------------------------------------


def _last_hit(segment: str) -> Hit | None:
    """The local agency name that ends `segment` (allowing for trailing 关于)."""
    seg = segment.removesuffix("关于").rstrip()
    hits = [h for h in scan(seg) if h.kind == "local" and h.end == len(seg)]
    return hits[-1] if hits else None


def _written_name(segment: str) -> tuple[str, Place] | None:
    """A title agency whose type is not in the table: the places it starts with + the rest
    (重庆市两江新区社会事业局 → 重庆市 + 两江新区社会事业局)."""
    seg = segment.removesuffix("关于").rstrip()
    for i in range(len(seg)):
        found = prefix_loose(seg[i:])
        if found:
            n = len(seg[i:]) - len(after_places(seg[i:], found))
            rest = seg[i + n :]
            if 2 <= len(rest) <= 20 and _AGENCY_END.search(rest):
                p = found[-1]
                return written(p) + rest, p
            return None
    return None


@lru_cache(maxsize=1)
def _zone_re() -> re.Pattern[str]:
    suffixes = sorted((r["suffix"] for r in read_tsv("zone_names.tsv")), key=len, reverse=True)
    return re.compile(r"(?P<zone>" + CJK.pattern + r"{2,10}?(?:" + "|".join(suffixes) + r"))"
                      r"(?P<body>" + CJK.pattern + r"{2,16})$")


def _zone_name(segment: str) -> tuple[str, str] | None:
    """A zone's body written in full (平潭综合实验区社会事业局, 长沙高新区管理委员会): (name, zone). The
    name is the segment from the zone's first character; zones are not divisions, so no Place."""
    seg = segment.removesuffix("关于").strip()
    m = _zone_re().match(seg)  # the whole segment: a zone named mid-sentence (现将乡…) is no name
    if m and _AGENCY_END.search(m.group("body")) and not m.group("body").startswith(("关于", "法治")):
        return agency_variants(seg)[-1], m.group("zone")
    return None


def _titles(head: str) -> list[tuple[str, int]]:
    """(pre, year) of every match of _TITLE.finditer(head), left to right — computed from the few
    places a year starts instead of trying the lazy 80-character prefix at every offset.

    A match is the leftmost start i (at or after the previous match's end) from which a prefix of at
    most _PRE_MAX characters without a line/sentence stop reaches a pre-end p where the tail matches:
    p = y (the year) or p = y - 2 when 关于 precedes the year. Among the pre-ends reachable from i the
    regex takes the nearest, so the match is the option with the smallest (earliest start, p)."""
    options = []  # (pre-end, year offset, match end)
    for m in _YEAR_START.finditer(head):
        y = m.start()
        if (t := _TITLE_AT_YEAR.match(head, y)) is None:
            continue
        if head[y - 2 : y] == "关于" and y >= 2:
            options.append((y - 2, y, t.end()))
        options.append((y, y, t.end()))
    out: list[tuple[str, int]] = []
    pos = 0
    while True:
        best = None
        for p, y, end in options:
            if p < pos:
                continue
            stop = max(head.rfind(c, 0, p) for c in _PRE_STOPS)
            lo = max(pos, p - _PRE_MAX, stop + 1)
            if best is None or (lo, p) < best[:2]:
                best = (lo, p, y, end)
        if best is None:
            return out
        i, p, y, end = best
        out.append((head[i:p], int(head[y : y + 4])))
        pos = end


def _named(segment: str) -> Hit | tuple[str, Place] | tuple[str, str] | None:
    """The agency that ends a header value or a title's head: a name with its place written, else
    one the tables do not list after a written place, else a zone's body (平潭综合实验区社会事业局,
    a zone's, not an implied 社会事业局), else an implied one (区科技局)."""
    h = _last_hit(segment)
    if h is not None and not h.implied:
        return h
    return _written_name(segment) or _zone_name(segment) or _government(segment) or h


def _government(segment: str) -> tuple[str, Place] | None:
    """A title that names only a place (南京市2022年度法治政府建设情况报告): that government's own."""
    seg = segment.removesuffix("关于").strip()
    found = prefix_loose(seg) if seg else []
    if found and after_places(seg, found) in ("", "人民政府", "政府"):
        return written(found[-1]) + "人民政府", found[-1]
    return None


_Candidate = tuple[str, Hit | tuple[str, Place] | tuple[str, str]]


def _candidates(text: str, titles: list[tuple[str, int]] | None = None) -> Iterator[_Candidate]:
    """(how, agency) of every rule that names one, most explicit rule first, made as they are read
    (the first explicit one usually decides: the later rules are then never run)."""
    head = text[:_HEAD]
    if titles is None:
        titles = _titles(head)
    source = _SOURCE if plain() else _SOURCE_FAST
    for m in (_HEADER.search(head), source.search(head), source.search(text[-_TAIL:])):
        if m is None:
            continue
        # the header's lines may have been joined: the value ends where the next label starts
        value = _VALUE_END.split(_NEXT_LABEL.split(m.group("name"), maxsplit=1)[0], maxsplit=1)[0]
        if c := _named(value):
            yield "header", c
    for pre, _y in titles:
        if pre.rfind("《") > pre.rfind("》"):
            continue
        if c := _named(pre):
            yield "title", c
            break
    if m := (_OPENING_SUBJECT if plain() else _OPENING_SUBJECT_FAST).search(head):  # 2023年，市司法局在市委领导下… : the subject of the opening
        hits = scan(head[m.end() : m.end() + 40])
        if hits and hits[0].start == 0 and hits[0].kind == "local":
            yield "opening", hits[0]
    tail_lines = [ln.strip() for ln in text[-_TAIL:].split("\n") if ln.strip()]
    for ln in reversed(tail_lines[-4:]):
        name = _SIGN_DATE.sub("", ln).strip()
        if 4 <= len(name) <= 40 and (h := _last_hit(name)) is not None and h.start == 0:
            yield "signature", h
            break


def _zone_jurisdiction(text: str, zone: str) -> str:
    """A zone's jurisdiction: the province the report names most (context), then the zone."""
    province = context_place(text, "省")
    return (province.name if province is not None else "") + zone


def _agency(text: str, titles: list[tuple[str, int]] | None = None
            ) -> tuple[str | None, Place | None, str, str | None]:
    """(name, place, how, the zone when the agency is a zone's body)."""
    cands: list[_Candidate] = []
    # LAWGRAPH_PLAIN: every rule runs first; else only until the first explicit name that resolves
    for how, c in list(_candidates(text, titles)) if plain() else _candidates(text, titles):
        cands.append((how, c))
        if not isinstance(c, tuple) and c.implied:
            continue
        if isinstance(c, tuple):
            if isinstance(c[1], str):
                return c[0], None, how, c[1]
            return c[0], c[1], how, None
        name, p = resolve_agency(c, None, text)
        if p is not None:
            return name, p, how, None
    counts = None
    for how, c in cands:
        assert isinstance(c, Hit)
        level = c.level
        if not level:
            continue  # a bare 科技局 tells no level at all
        if counts is None:
            counts = place_counts(text)
        sal = _salutation_place(text)
        p = sal if sal is not None and sal.name.endswith(level) else context_place(text, level, counts)
        if p is None:
            continue
        name, q = resolve_agency(c, p, text)
        if q is not None:
            return name, q, how + ("+salutation" if p is sal else "+context"), None
    if not cands and (gov := _own_government(text)) is not None:
        return gov[0], gov[1], "own place", None
    return None, None, "", None


_SALUTATION = re.compile(r"^(?:中共)?(?P<line>[^\n：。，]{2,40})：", re.M)
_OWN_PLACE = re.compile(r"(?:我|本|全)(?P<level>[省市县区])(?![场级域内外])")
_OWN_BODY = re.compile(r"(?:我|本)(?:局|委|厅|办|院|中心|单位|部门)")


def _salutation_place(text: str) -> Place | None:
    """The place of the body a report is addressed to (南京市人民政府：), from the first lines."""
    for m in _SALUTATION.finditer(text, 0, min(len(text), 600)):
        found = prefix_loose(m.group("line"))
        if found and _AGENCY_END.search(m.group("line")):
            return found[-1]
    return None


def _own_government(text: str) -> tuple[str, Place] | None:
    """A government's own report: it speaks of 我市/我县/全区 and never of 我局/本委 (a department's
    voice); the place at that level told by context gives X人民政府."""
    head = text[:_HEAD]
    m = _OWN_PLACE.search(head)
    if m is None or _OWN_BODY.search(text):
        return None
    p = context_place(text, m.group("level"))
    if p is None:
        return None
    return written(p) + "人民政府", p


# ---- year -------------------------------------------------------------------------------------


def _year(text: str, titles: list[tuple[str, int]] | None = None) -> int | None:
    head = text[:_HEAD]
    for pre, y in _titles(head) if titles is None else titles:
        if pre.rfind("《") > pre.rfind("》"):
            continue  # the year of a cited document's title (《2024年全区法治政府建设工作要点》)
        return y
    if m := (_OPENING_YEAR if plain() else _OPENING_YEAR_FAST).search(head):
        return int(m.group("y"))
    if m := _SINCE.search(head[:500]):
        return int(m.group("y"))
    return None


def detect(cleaned: Cleaned) -> Meta:
    """The reporting agency, its jurisdiction and the year of one report (see the module docstring)."""
    text = cleaned.text
    titles = _titles(text[:_HEAD])  # one scan of the head for both the agency and the year
    name, place, how, zone = _agency(text, titles)
    return Meta(
        agency=name,
        zone=zone,
        jurisdiction=places().jurisdiction(place) if place is not None else
        _zone_jurisdiction(text, zone) if zone else None,
        place=place,
        year=_year(text, titles),
        how=how,
    )
