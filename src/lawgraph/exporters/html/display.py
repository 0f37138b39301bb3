"""What the pages show of a node beyond its label: the aliases worth reading, and the province and
city of the nodes that have a place (the pages' province/city filter).

Aliases are every surface form the reports used, including the raw ones of converted web pages
(``中華人民共和國科學(xué)技術(shù)…``: traditional characters with pinyin annotations). The graph keeps
them (they are what the reports say); the pages show and search only the readable ones: no
traditional character (``clean.to_simplified`` leaves the alias as it is), no pinyin annotation and
no line or word break inside the name (the same name again, as the search ignores spaces).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import networkx as nx

from lawgraph.clean import to_simplified
from lawgraph.graph.schema import ALIAS_SEP, LIST_SEP

# a pinyin annotation after a character, in either kind of parentheses: (xué) （jì）
_SPACE = re.compile(r"\s")
_PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ]{1,6}[)）]")


def readable_alias(alias: str) -> bool:
    """True for an alias a page shows: simplified characters only, no pinyin annotation, no break
    inside it, not a path."""
    if not alias or "/" in alias or "\\" in alias:  # a report's source path: the page names its file
        return False
    if _SPACE.search(alias):  # a line or word break inside a name ("中 华人民共和国…"): the same name again
        return False
    return _PINYIN.search(alias) is None and to_simplified(alias) == alias


def display_aliases(aliases: str | Iterable[str]) -> list[str]:
    """The readable aliases, in their order (``aliases``: ALIAS_SEP-joined or a list)."""
    items = aliases.split(ALIAS_SEP) if isinstance(aliases, str) else list(aliases)
    return [a for a in items if readable_alias(a)]


def _place_keys(label: str, cache: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """(province, province+city) of a jurisdiction as written on its node (江苏省泰州市海陵区 →
    江苏省, 江苏省泰州市); the province alone for a province or a municipality's district."""
    if label not in cache:
        from lawgraph.lexicon.places import places

        found = places().prefix(label)
        keys: tuple[str, ...] = ()
        if found:
            chain = places().chain(found[-1])
            keys = (chain[0].name,)
            if len(chain) > 1 and chain[1].level == "city":
                keys += (chain[0].name + chain[1].name,)
        cache[label] = keys
    return cache[label]


def node_places(G: nx.DiGraph) -> dict[str, str]:
    """{node: "province;province+city;…"} for every agency, jurisdiction and document: a
    jurisdiction's own place, an agency's the places it is ``in``, a report's its authors'. A node of
    these types with no known place maps to "" (a place filter hides it); laws and programs have
    none (the filter keeps those linked to a kept node)."""
    cache: dict[str, tuple[str, ...]] = {}
    attrs = G.nodes
    found: dict[str, set[str]] = {}
    places = []
    for n, d in G.nodes(data=True):
        t = d["type"]
        if t in ("jurisdiction", "agency", "document"):
            found[n] = set()
            if t == "jurisdiction":
                places.append((n, _place_keys(d["label"], cache)))
    for j, keys in places:  # an agency's places: the jurisdictions it is `in`, read from their side
        found[j].update(keys)
        for u, e in G.pred[j].items():
            if e.get("relation") == "in" and attrs[u]["type"] == "agency":
                found[u].update(keys)
    for n in list(found):
        if attrs[n]["type"] == "document":
            for u, e in G.pred[n].items():
                if attrs[u]["type"] == "agency" and "authored" in str(e.get("relation", "")):
                    found[n] |= found.get(u, set())
    return {n: LIST_SEP.join(sorted(keys)) for n, keys in found.items()}


def place_options(values: Iterable[str]) -> list[tuple[str, str]]:
    """(value, text) of the place filter's options: each province, then its cities indented."""
    keys = {k for v in values for k in v.split(LIST_SEP) if k}
    provinces = sorted(k for k in keys if not any(k != p and k.startswith(p) for p in keys))
    out = []
    for p in provinces:
        out.append((p, p))
        out.extend((c, "　" + c[len(p):]) for c in sorted(k for k in keys if k != p and k.startswith(p)))
    return out
