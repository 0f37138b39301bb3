"""The canonical registry of laws and regulations, built from the bundled data files, and the rules
that read a title it does not know.

Keys are folded names (`names.fold`): every official name, every short name (without
中华人民共和国), every alias in the reference alias table and the project's extra table, and the
mechanical short forms of `data/alias_rules.tsv` (kept only when they name exactly one instrument).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lawgraph._accel.snapshot import kept
from lawgraph.data import read_tsv
from lawgraph.lexicon.names import fold

_LOCAL, _COUNTY = "\x01", "\x02"  # markers for {LOCAL}/{COUNTY} in title_rules.tsv's level patterns
_IDEOGRAPHS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")  # no folding, no composing with what follows
_VERSION_SUFFIX = re.compile(r"（(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:修正|修订|修正文本|修订版|版|文本)?）$")


@dataclass(frozen=True)
class Law:
    name: str
    level: str
    status: str = ""
    jurisdiction: str = ""  # empty for national instruments


@dataclass(frozen=True)
class TitleRules:
    """How a title the registry does not know is read (data/title_rules.tsv, data/law_context.tsv)."""

    instrument: re.Pattern[str]  # the title names an instrument (…法, …条例, …办法, …的通知)
    not_instrument: re.Pattern[str]  # … but not these (…法治, …办法论)
    generic: re.Pattern[str]  # a generic word standing for an earlier title (条例, 本办法)
    levels: tuple[tuple[re.Pattern[str], str], ...]  # (pattern over marker + title, level), first wins
    followers: tuple[str, ...]  # words that, right after a law name, make it part of another term


@lru_cache(maxsize=1)
def title_rules() -> TitleRules:
    """The rules, compiled once; a level pattern's {LOCAL}/{COUNTY} matches the marker that
    `lawgraph.resolve.level_of` puts before a title of a legislating place / a county."""
    inst = gen = non = None
    levels = []
    for r in read_tsv("title_rules.tsv"):
        pat = r["pattern"].replace("{LOCAL}", _LOCAL).replace("{COUNTY}", _COUNTY)
        if r["kind"] == "instrument":
            inst = re.compile(pat)
        elif r["kind"] == "not_instrument":
            non = re.compile(pat)
        elif r["kind"] == "generic":
            gen = re.compile(pat)
        elif r["kind"] == "level":
            levels.append((re.compile(pat), r["value"]))
    followers = tuple(sorted((r["follower"] for r in read_tsv("law_context.tsv")), key=len, reverse=True))
    assert inst and gen and non, "title_rules.tsv needs instrument, not_instrument and generic rows"
    return TitleRules(inst, non, gen, tuple(levels), followers)


class AliasConflict(ValueError):
    """An alias would name two different instruments."""


class Registry:
    def __init__(self) -> None:
        self.laws: dict[str, Law] = {}
        self.index: dict[str, str] = {}  # folded key → canonical name
        self.aliases: dict[str, set[str]] = {}  # canonical name → its alias surface forms
        self._memo: dict[str, Law | None] = {}  # title as written → lookup result
        official: dict[str, str] = {}
        for r in read_tsv("national_laws.tsv"):
            self.laws[r["name"]] = Law(r["name"], r["level"], r["status"])
            official[fold(r["name"])] = r["name"]
            official.setdefault(fold(r["short_name"]), r["name"])
        for r in read_tsv("local_regulations.tsv"):
            if r["name"] in self.laws:
                continue
            self.laws[r["name"]] = Law(r["name"], r["level"], r["status"], r["jurisdiction"])
            official.setdefault(fold(r["name"]), r["name"])
        self.index.update(official)
        for table in ("law_aliases.tsv", "law_aliases_extra.tsv"):
            for r in read_tsv(table):
                self._add_alias(r["alias"], r["name"], strict=True)
        self._derive_aliases()

    def _add_alias(self, alias: str, name: str, strict: bool) -> bool:
        if name not in self.laws:
            raise AliasConflict(f"alias {alias} points to {name}, which is not in the registry")
        key = fold(alias)
        have = self.index.get(key)
        if have is not None and have != name:
            if strict:
                raise AliasConflict(f"alias {alias} names both {have} and {name}")
            return False
        self.index[key] = name
        self.aliases.setdefault(name, set()).add(alias)
        return True

    def _derive_aliases(self) -> None:
        rules = [(r["from"], r["to"]) for r in read_tsv("alias_rules.tsv")]
        derived: dict[str, set[str]] = {}
        for law in self.laws.values():
            if law.jurisdiction:
                continue
            short = law.name.removeprefix("中华人民共和国")
            for a, b in rules:
                if a in short:
                    derived.setdefault(fold(short.replace(a, b)), set()).add(law.name)
        for key, targets in sorted(derived.items()):
            if len(targets) == 1 and key not in self.index:
                (name,) = targets
                self.index[key] = name
                self.aliases.setdefault(name, set()).add(key)

    def lookup(self, title: str) -> Law | None:
        """The instrument a title names, or None. 《》 marks, widths and version suffixes do not matter."""
        if title in self._memo:
            return self._memo[title]
        if len(self._memo) > 100_000:
            self._memo.clear()
        self._memo[title] = law = self._lookup(title)
        return law

    def _lookup(self, title: str) -> Law | None:
        key = fold(title)
        name = self.index.get(key)
        if name is None:
            stripped = _VERSION_SUFFIX.sub("", key)
            if stripped != key:
                name = self.index.get(stripped)
        return self.laws[name] if name else None

    def dictionary_keys(self) -> dict[str, str]:
        """Surface forms worth finding without 《》 in running text → canonical name: names and aliases of
        national laws (法, 法典) and administrative regulations (条例), and full names of local regulations."""
        out: dict[str, str] = {}
        for key, name in self.index.items():
            law = self.laws[name]
            if law.jurisdiction:
                if key == fold(name):
                    out[key] = name
            elif law.level in ("宪法", "法律", "行政法规") and (key.endswith(("法", "法典", "条例"))):
                if len(key) >= 3 or key == "宪法":
                    out[key] = name
        return out


@kept("registry", "pickle")
def registry() -> Registry:
    """The registry of the bundled tables (one per process)."""
    return Registry()


@kept("law_completion_tails")
def completion_tails() -> frozenset[str] | None:
    """What follows a division's name in the registry's keys (重庆市|推进科技创新中心建设条例): a
    title can name a registry law once a place is put before it only if its folded form, or that
    without a version suffix, is one of these. None when some division's name is not all ideographs:
    only for those is the folded place + title the place + the folded title."""
    from lawgraph.lexicon.places import places

    names = set(places().by_name)
    if any(not _IDEOGRAPHS.fullmatch(n) for n in names):
        return None
    return frozenset(k[i:] for k in registry().index for i in range(1, len(k) + 1) if k[:i] in names)


@kept("law_reverse_trie")
def reverse_trie() -> dict:
    """The registry's running-text names (`Registry.dictionary_keys`: all end in 法, 法典 or 条例) as a
    trie of their reversed characters, each complete name marked by the key "" → canonical name:
    walking back from each 法/条例 in a text finds every name ending there."""
    trie: dict = {}
    for key, name in registry().dictionary_keys().items():
        node = trie
        for ch in reversed(key):
            node = node.setdefault(ch, {})
        node[""] = name
    return trie
