"""Cited laws, regulations and policy documents.

Finds, in the cleaned text:
- titles in 《…》, with titles nested in them (〈…〉 or an inner 《…》): both are cited;
- definitions `《X》（以下简称“Y”）` and later uses of Y;
- anaphora such as 《条例》, which points back to the last cited title ending in 条例;
- names of laws in running text (民法典、统计法), from the registry's dictionary, kept only where the
  name is a word of its own (jieba cuts at both edges: `lexicon.boundaries.word_at`) and is not the
  start of another term (公司法人, 宪法宣传周).
Each title is resolved by `lawgraph.resolve.resolve_title`: to the registry's canonical name where it
is known, else kept as written (and completed with the report's own jurisdiction only where the
registry makes that certain), with a level from the registry or from `data/title_rules.tsv`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lawgraph.clean import Cleaned
from lawgraph.lexicon.boundaries import word_at
from lawgraph.lexicon.names import fold
from lawgraph.lexicon.registry import registry, reverse_trie, title_rules
from lawgraph.models import Entity, Mention, Meta
from lawgraph.resolve import bare_title, resolve_title, title_places
from lawgraph.text import plain

MAX_TITLE = 120
_MARKS = re.compile(r"[《》〈〉<>]")
# an unclosed 《 still ends where a document number in brackets follows an instrument word:
# 《X局印发〈…〉的通知（X科〔2020〕25号）… — official citations put the 文号 right after the title
_NUMBERED_END = re.compile(r"（[^（）《》\n]{0,12}〔\d{4}〕[^（）《》\n]{0,6}号）")
_SENTENCE_END = re.compile(r"[。；]")
_DIGIT_DASH = re.compile(r"(?<=\d)[—–~～至](?=\d)")
_DEFINITION = re.compile(r"（(?:以下|下文)?简称[“《\"]?([^”》\"）]{1,20})[”》\"]?）")
# a title with no other mark and no sentence end inside, at most MAX_TITLE from mark to mark: what
# find_titles' walk over the marks closes at once when no other title is open
_SIMPLE_TITLE = re.compile(r"《[^《》〈〉<>。；]{0," + str(MAX_TITLE - 1) + r"}》")


@lru_cache(maxsize=1)
def _key_end() -> re.Pattern[str]:
    """Where a running-text name can end: 法, 法典 or 条例, not followed by a one-character word from
    data/law_context.tsv (法治, 法律, 法规 … are most of the 法 in a report)."""
    singles = "".join(sorted(f for f in title_rules().followers if len(f) == 1))
    return re.compile(r"(?:法典|法|条例)" + (f"(?![{re.escape(singles)}])" if singles else ""))


@lru_cache(maxsize=1)
def _named_end() -> re.Pattern[str]:
    """`_key_end` where a registry name can end: the two characters that end there end some name
    too (most 法 of a report — 依法, 执法, 推进法治 — fail at the character before it). A match of
    `_key_end` the walk back through the trie would find no name for is then no match at all (the
    first walk step always succeeds and no name is one character long; the two-character ends 法典
    and 条例 always pass, so the choice between 法典 and 法 at a position does not change)."""
    trie = reverse_trie()
    classes = []
    for last in ("法", "典", "例"):
        node = trie.get(last, {})
        if "" in node:  # a one-character name: every 法 may end one
            return _key_end()
        before = "".join(sorted(ch for ch in node if ch))
        if before:
            classes.append(f"[{re.escape(before)}]{last}")
    if not classes:
        return _key_end()
    return re.compile(_key_end().pattern + "(?<=" + "|".join(classes) + ")")


def dictionary_hits(text: str) -> list[tuple[int, int, str]]:
    """(start, end, canonical name) of registry names in text: longest at each end, no overlaps."""
    trie = reverse_trie()
    out: list[tuple[int, int, str]] = []
    ends = _key_end() if plain() else _named_end()
    for m in ends.finditer(text):  # hot path: only where a name can end
        end = m.end()
        node: Any = trie
        i, best = end, None
        while i > 0:
            node = node.get(text[i - 1])
            if node is None:
                break
            i -= 1
            if "" in node:
                best = (i, node[""])
        if best is None:
            continue
        start, name = best
        while out and out[-1][1] > start:  # overlapping: keep the longer (the later one, if as long)
            if out[-1][1] - out[-1][0] > end - start:
                break
            out.pop()
        else:
            out.append((start, end, name))
    return out


# ---- titles -----------------------------------------------------------------------------------


@dataclass
class Title:
    start: int  # cleaned offset of the opening mark
    end: int  # cleaned offset after the closing mark
    inner: list[Title] = field(default_factory=list)
    nested: bool = False
    closed: bool = True  # False: a 《 the writer never closed, ended before its document number


def find_titles(text: str) -> list[Title]:
    """Outer titles in 《…》 with their nested titles (〈…〉 or 《…》 inside), in text order.
    A title may run over line breaks (Word and web pages break long titles); an unclosed 《 is dropped
    at the next 。 or ； or after MAX_TITLE characters, and the titles closed inside it stand alone."""
    out: list[Title] = []
    stack: list[tuple[str, int, list[Title]]] = []

    def drop(entries: list[tuple[str, int, list[Title]]]) -> None:
        for ch, s, inner in entries:
            if ch == "《" and (cut := _unclosed(text, s, inner)):
                out.append(cut)
                continue
            for t in inner:  # titles closed inside an unclosed mark are cited on their own
                t.nested = False
                out.append(t)

    simple = None if plain() else _SIMPLE_TITLE.match
    search = _MARKS.search
    pos = 0
    while (m := search(text, pos)) is not None:  # hot path: title marks only
        ch, i = m.group(), m.start()
        pos = i + 1
        if simple and not stack and ch == "《" and (one := simple(text, i)) is not None:
            pos = one.end()  # most titles: one match instead of a step per mark
            if pos - i > 2:
                out.append(Title(i, pos))
            continue
        if ch in "<>":  # ASCII angle brackets nest a title only inside an open 《
            if not stack:
                continue
            ch = "〈" if ch == "<" else "〉"
        if stack and (i - stack[0][1] > MAX_TITLE or _SENTENCE_END.search(text, stack[-1][1], i)):
            drop(stack)  # the open title ran past a sentence end or too far: it was never closed
            stack.clear()
        if ch == "《" or (ch == "〈" and stack):
            stack.append((ch, i, []))
        elif ch in "》〉" and stack:
            opener = "《" if ch == "》" else "〈"
            if stack[-1][0] != opener:
                if not any(s[0] == opener for s in stack):
                    continue
                while stack[-1][0] != opener:  # an unclosed inner mark: drop it
                    drop([stack.pop()])
            _, s, inner = stack.pop()
            t = Title(s, i + 1, inner, nested=bool(stack))
            if stack:
                stack[-1][2].append(t)
            elif i + 1 - s > 2:
                out.append(t)
    drop(stack)
    out.sort(key=lambda t: t.start)
    return out


def _unclosed(text: str, start: int, inner: list[Title]) -> Title | None:
    """The title of an unclosed 《 at start that a document number ends (see _NUMBERED_END)."""
    stop = _SENTENCE_END.search(text, start)
    m = _NUMBERED_END.search(text, start, stop.start() if stop else start + MAX_TITLE)
    if m is None or m.start() - start > MAX_TITLE or "《" in text[start + 1 : m.start()]:
        return None
    if not title_rules().instrument.search(text[start + 1 : m.start()]):
        return None
    for t in inner:
        t.nested = True
    return Title(start, m.start(), [t for t in inner if t.end <= m.start()], closed=False)


def title_name(text: str, t: Title) -> str:
    """Canonical spelling of a title as written: inner 《》 and <> shown as 〈〉, dashes in year ranges as -."""
    return _spelled(text[t.start + 1 : t.end - (1 if t.closed else 0)])


@lru_cache(maxsize=1 << 16)
def _spelled(body: str) -> str:
    """`title_name` of a title's text between its marks (memoised: titles recur within and across reports)."""
    body = body.replace("\n", "")
    body = body.replace("《", "〈").replace("》", "〉")
    if "<" in body and ">" in body:
        body = body.replace("<", "〈").replace(">", "〉")
    return _DIGIT_DASH.sub("-", body).strip()


# ---- extraction -------------------------------------------------------------------------------


class _Doc:
    """Entities of one document in citation order, keyed by canonical name."""

    def __init__(self, cleaned: Cleaned) -> None:
        self.cleaned = cleaned
        self.entities: dict[str, Entity] = {}
        self.order: list[str] = []  # canonical names in order of first citation
        self.defined: dict[str, str] = {}  # in-document alias (以下简称) → canonical name
        self.definitions: list[tuple[int, int]] = []  # cleaned spans of the （以下简称…） parentheses
        self.seen: set[tuple[str, int, int]] = set()  # (name, start, end): one mention per span
        # last character of a title (without its trailing parentheticals) → {name: start of its last citation}
        self.recent: dict[str, dict[str, int]] = {}

    def mention(self, start: int, end: int, how: str) -> Mention:
        a, b, text = self.cleaned.source(start, end)
        return Mention(a, b, text, "law", how)

    def add(self, name: str, level: str, basis: str, juris: str, m: Mention) -> Entity:
        e = self.entities.get(name)
        if e is None:
            e = self.entities[name] = Entity(name, "law", level, basis, juris)
            self.order.append(name)
        if (name, m.start, m.end) not in self.seen:
            self.seen.add((name, m.start, m.end))
            e.mentions.append(m)
            if m.how in ("title", "inner_title"):
                bucket = self.recent.setdefault(bare_title(name)[-1:], {})
                bucket[name] = max(bucket.get(name, -1), m.start)
        return e


def _resolve(doc: _Doc, name: str, key: str, meta: Meta | None) -> tuple[str, str, str, str] | None:
    """(canonical, level, level_basis, jurisdiction) for a written title (`key`: its `fold`), or None
    if it is no instrument."""
    if doc.defined and key in doc.defined:
        e = doc.entities[doc.defined[key]]
        return e.name, e.level, e.level_basis, e.jurisdiction
    return resolve_title(name, getattr(meta, "place", None))


def _antecedent(doc: _Doc, word: str, before: int) -> Entity | None:
    """The title cited most recently before `before` whose name ends with the generic word (条例, 纲要 …)."""
    word = re.sub(r"^(?:本|该|此|上述|前述)", "", word)
    best: tuple[int, str] | None = None
    for name, start in doc.recent.get(word[-1:], {}).items():
        if start < before and bare_title(name).endswith(word) and (best is None or start > best[0]):
            best = (start, name)
    return doc.entities.get(best[1]) if best else None


@lru_cache(maxsize=1 << 16)
def _read(body: str) -> tuple[str, bool, str]:
    """(`title_name`, whether it is a generic word such as 条例 or 本办法, its `fold`) of a title's
    text between its marks, memoised: the same titles recur within and across reports."""
    name = _spelled(body)
    return name, title_rules().generic.match(name) is not None, fold(name)


def _title(doc: _Doc, t: Title, meta: Meta | None, how: str) -> Entity | None:
    text = doc.cleaned.text
    if plain():
        name = title_name(text, t)
        generic, key = title_rules().generic.match(name) is not None, fold(name)
    else:
        name, generic, key = _read(text[t.start + 1 : t.end - (1 if t.closed else 0)])
    if len(name) < 2:
        return None
    m = doc.mention(t.start, t.end, how)
    if generic:
        ante = _antecedent(doc, name, m.start)
        if ante is not None and key not in doc.defined:
            ante.mentions.append(Mention(m.start, m.end, m.text, "law", "anaphora"))
        if key not in doc.defined:
            return None
    inner = [e for sub in t.inner if (e := _title(doc, sub, meta, "inner_title")) is not None]
    res = _resolve(doc, name, key, meta)
    if res is None:
        return None
    canonical, level, basis, juris = res
    e = doc.add(canonical, level, basis, juris, m)
    for sub in inner:
        if sub.name != e.name and sub.name not in e.contains:
            e.contains.append(sub.name)
    d = _DEFINITION.match(text, t.end)  # （以下简称“Y”） right after the title
    if d:
        doc.definitions.append(d.span())
        doc.defined[fold(d.group(1))] = e.name
        doc.defined[fold(f"《{d.group(1)}》")] = e.name
    return e


def _inside(spans: list[tuple[int, int]], i: int) -> bool:
    """Is cleaned offset i inside one of the sorted, non-overlapping spans?"""
    k = bisect_right(spans, (i, 1 << 62)) - 1
    return k >= 0 and spans[k][1] > i


def _dictionary(doc: _Doc, taken: list[tuple[int, int]]) -> None:
    """Unbracketed names of laws in running text."""
    text = doc.cleaned.text
    followers = title_rules().followers
    for start, end, name in dictionary_hits(text):
        if _inside(taken, start):
            continue  # inside a cited title
        if text.startswith(followers, end):
            continue
        if not word_at(text, start, end):  # the word-boundary rule: lexicon.boundaries
            continue
        law = registry().laws[name]
        doc.add(name, law.level, "registry", law.jurisdiction, doc.mention(start, end, "dictionary"))


def _defined_uses(doc: _Doc, taken: list[tuple[int, int]]) -> None:
    """Later bare uses of an abbreviation that the report defined with 以下简称."""
    text = doc.cleaned.text
    for alias, name in doc.defined.items():
        if alias.startswith("《"):
            continue
        first = min(m.start for m in doc.entities[name].mentions)
        i = text.find(alias)
        while i >= 0:
            if not _inside(taken, i) and doc.cleaned.pos(i) > first:
                e = doc.entities[name]
                doc.add(e.name, e.level, e.level_basis, e.jurisdiction, doc.mention(i, i + len(alias), "defined"))
            i = text.find(alias, i + len(alias))


def _merge_local_shorthand(doc: _Doc) -> None:
    """A title cited once with its place and once without (《重庆市X条例》 … 《X条例》) is one instrument."""
    for name in list(doc.order):
        e = doc.entities.get(name)
        if e is None or e.level_basis == "registry" or title_places(name):
            continue
        full = [o for o in doc.order if o != name and o.endswith(name) and title_places(o)
                and len(title_places(o[: len(o) - len(name)])) > 0
                and "".join(p.name for p in title_places(o)) == o[: len(o) - len(name)]]
        if len(full) == 1:
            target = doc.entities[full[0]]
            target.mentions.extend(e.mentions)
            for c in e.contains:
                if c not in target.contains:
                    target.contains.append(c)
            del doc.entities[name]
            doc.order.remove(name)


def extract(cleaned: Cleaned, meta: Meta | None = None) -> list[Entity]:
    """Every instrument the document cites, once, with all its mentions."""
    doc = _Doc(cleaned)
    titles = find_titles(cleaned.text)
    for t in titles:
        _title(doc, t, meta, "title")
    taken = sorted([(t.start, t.end) for t in titles] + doc.definitions)
    _defined_uses(doc, taken)
    _dictionary(doc, taken)
    _merge_local_shorthand(doc)
    for e in doc.entities.values():
        e.mentions.sort()
    return sorted(doc.entities.values(), key=lambda e: (e.mentions[0].start, e.name))
