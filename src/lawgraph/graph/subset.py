"""A focused subset of the knowledge graph: the reports of one province and/or of some years, and
the N laws cited by the most agencies among them (`lawgraph build/matrix --province --year --top-laws`).

A large corpus gives a graph no one can read whole; a focus gives one that can be read. The subset
is a new graph (the full one is never changed) made from the full graph alone, with no report read
again: a node or edge is kept when one of its sources is a kept report, and its ``documents`` /
``weight``, ``sources``, ``years`` and (for a citing edge) per-relation counts are those of the kept
reports only. Sizes and positions are computed again for the subset (``build.place_nodes``), so the
layout uses the canvas. Deterministic: the same graph and options give the same subset.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import networkx as nx

from lawgraph.errors import InputError, NoResult
from lawgraph.extract.relations import RELATIONS as MENTION_RELATIONS
from lawgraph.extract.relations import main_relation
from lawgraph.graph.build import place_nodes
from lawgraph.graph.schema import COUNT_PREFIX, LIST_SEP, years_list

_YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–~]\s*(\d{4})\s*)?$")


@dataclass(frozen=True)
class Focus:
    """The options of a focus, checked: ``province`` the official name (江苏省), ``years`` an
    inclusive range, ``top_laws`` a count. ``text`` says it the way the build's summary line does."""

    province: str | None = None
    years: tuple[int, int] | None = None
    top_laws: int | None = None

    @property
    def text(self) -> str:
        parts = []
        if self.province:
            parts.append(self.province)
        if self.years:
            a, b = self.years
            parts.append(str(a) if a == b else f"{a}-{b}")
        if self.top_laws is not None:
            parts.append(f"top {self.top_laws} laws")
        return ", ".join(parts)

    def options(self) -> dict[str, Any]:
        """The focus as the build stamp records it (a folder built with other options is rebuilt)."""
        return {"province": self.province, "years": list(self.years) if self.years else None,
                "top_laws": self.top_laws}


def _provinces() -> dict[str, str]:
    """Every name a province-level unit goes by (江苏省, 江苏) → its official name."""
    from lawgraph.lexicon.places import places

    out: dict[str, str] = {}
    for p in places().by_code.values():
        if p.level == "province":
            out[p.name] = p.name
            if p.short and len(p.short) >= 2:
                out.setdefault(p.short, p.name)
    return out


def province_name(name: str) -> str:
    """The official name of a province given it or its short name; InputError naming the closest."""
    known = _provinces()
    found = known.get(name.strip())
    if found is None:
        close = difflib.get_close_matches(name.strip(), sorted(known), n=3, cutoff=0.0)
        names = ", ".join(dict.fromkeys(known[c] for c in close))
        raise InputError(f"unknown province {name!r}; the closest are {names}; pass a province such as 江苏 or 江苏省")
    return found


def parse_years(text: str | int) -> tuple[int, int]:
    """A year (2024) or an inclusive range (2020-2023) as (first, last)."""
    m = _YEARS.match(str(text))
    if not m:
        raise InputError(f"cannot read the year {text!r}; pass a year such as 2024 or a range such as 2020-2023")
    a, b = int(m.group(1)), int(m.group(2) or m.group(1))
    if b < a:
        raise InputError(f"the year range {text!r} ends before it starts; pass it as 2020-2023")
    return a, b


def make_focus(province: str | None = None, year: str | int | None = None, top_laws: int | None = None) -> Focus | None:
    """The checked Focus of the CLI's options, or None when none was given."""
    if province is None and year is None and top_laws is None:
        return None
    if top_laws is not None and top_laws < 1:
        raise InputError(f"--top-laws {top_laws} keeps nothing; pass a number of laws of at least 1")
    return Focus(province_name(province) if province is not None else None,
                 parse_years(year) if year is not None else None, top_laws)


def _province_of(label: str) -> str | None:
    """The province a jurisdiction as written on its node (江苏省泰州市, 重庆市江津区, 泰州市) lies in."""
    from lawgraph.lexicon.places import places

    found = places().prefix(label)
    if not found:
        return None
    return places().chain(found[-1])[0].name


def _documents(G: nx.DiGraph, focus: Focus) -> set[str]:
    """The sources of the documents the focus keeps (by the reporting agency's jurisdiction and the
    document's year)."""
    kept = set()
    province_cache: dict[str, str | None] = {}
    for nid, d in G.nodes(data=True):
        if d["type"] != "document":
            continue
        source = d["sources"][0] if d.get("sources") else None
        if source is None:
            continue
        if focus.years:
            ys = years_list(d.get("years", ""))
            if not any(focus.years[0] <= y <= focus.years[1] for y in ys):
                continue
        if focus.province:
            provinces = set()
            for agency, _, rel in G.in_edges(nid, data="relation"):
                if rel != "authored" or G.nodes[agency]["type"] != "agency":
                    continue
                for _, place, ed in G.out_edges(agency, data=True):
                    if ed.get("relation") == "in" and source in ed.get("sources", ()):
                        label = G.nodes[place]["label"]
                        if label not in province_cache:
                            province_cache[label] = _province_of(label)
                        provinces.add(province_cache[label])
            if focus.province not in provinces:
                continue
        kept.add(source)
    return kept


def _narrowed(data: dict[str, Any], kept: set[str], year_of: dict[str, int | None], count: str) -> dict[str, Any] | None:
    """A copy of a node's or edge's attributes for the kept sources only (None when it has none)."""
    sources = data.get("sources", ())
    mine = tuple(s for s in sources if s in kept)
    if not mine:
        return None
    out = dict(data)
    if len(mine) != len(sources):
        out["sources"] = mine
        out[count] = len(mine)
        years = sorted({y for s in mine if (y := year_of.get(s)) is not None})
        if years:
            out["years"] = LIST_SEP.join(str(y) for y in years)
        else:
            out.pop("years", None)
    return out


def _recount(G: nx.DiGraph, mentions: list[dict[str, Any]]) -> None:
    """Per-relation counts of every citing edge whose reports were narrowed, from the kept evidence."""
    counts: dict[tuple[str, str], Counter[str]] = {}
    for m in mentions:
        citer = m["agency"] or m["document"]
        counts.setdefault((citer, m["law"]), Counter())[m["relation"]] += 1
    for u, v, d in G.edges(data=True):
        if d.pop("_narrowed", False) and "relation_main" in d:
            c = counts.get((u, v), Counter())
            for rel in MENTION_RELATIONS:
                d[COUNT_PREFIX + rel] = c[rel]
            d["relation_main"] = main_relation(c)


def top_laws(G: nx.DiGraph, n: int) -> list[str]:
    """The ids of the n laws cited by the most agencies (a report without a known agency counts as
    one citer), ties by title."""
    citers: Counter[str] = Counter()
    for u, v, rel in G.edges(data="relation"):
        if rel == "cites" and G.nodes[v]["type"] == "law" and G.nodes[u]["type"] in ("agency", "document"):
            citers[v] += 1
    laws = [nid for nid, t in G.nodes(data="type") if t == "law"]
    return sorted(laws, key=lambda nid: (-citers[nid], G.nodes[nid]["label"], nid))[:n]


def focus(G: nx.DiGraph, province: str | None = None, year: str | int | None = None,
          top_laws: int | None = None, *, positions: bool = True) -> nx.DiGraph:
    """The subset of G for the given options (see the module's docstring); G is not changed.

    InputError for an unknown province or a bad year; NoResult when no document is left."""
    f = make_focus(province, year, top_laws)
    return apply(G, f, positions=positions) if f is not None else G.copy()


def apply(G: nx.DiGraph, f: Focus, *, positions: bool = True) -> nx.DiGraph:
    """`focus` with checked options."""
    kept = _documents(G, f) if (f.province or f.years) else {
        d["sources"][0] for _, d in G.nodes(data=True) if d["type"] == "document" and d.get("sources")}
    if not kept:
        raise NoResult(f"no document in this graph is of {f.text}; try a wider focus")
    year_of: dict[str, int | None] = {}
    for _, d in G.nodes(data=True):
        if d["type"] == "document" and d.get("sources"):
            ys = years_list(d.get("years", ""))
            year_of[d["sources"][0]] = ys[0] if ys else None
    H = nx.DiGraph()
    H.graph.update({k: v for k, v in G.graph.items() if k != "mentions"})
    for nid, d in G.nodes(data=True):
        attrs = _narrowed(d, kept, year_of, "documents")
        if attrs is not None:
            H.add_node(nid, **attrs)
    for u, v, d in G.edges(data=True):
        if u in H and v in H:
            attrs = _narrowed(d, kept, year_of, "weight")
            if attrs is not None:
                if len(attrs.get("sources", ())) != len(d.get("sources", ())):
                    attrs["_narrowed"] = True
                H.add_edge(u, v, **attrs)
    if f.top_laws is not None:
        keep = set(top_laws(H, f.top_laws))
        H.remove_nodes_from([nid for nid, t in list(H.nodes(data="type")) if t == "law" and nid not in keep])
    docs = {nid for nid, t in H.nodes(data="type") if t == "document"}
    reporters = {u for d in docs for u, _, rel in H.in_edges(d, data="relation") if rel == "authored"}
    H.remove_nodes_from([nid for nid in list(H) if H.degree(nid) == 0 and nid not in docs | reporters])
    mentions = [m for m in G.graph.get("mentions", ())
                if m["source"] in kept and m["law"] in H and m["document"] in H and (m["agency"] is None or m["agency"] in H)]
    H.graph["mentions"] = mentions
    _recount(H, mentions)
    place_nodes(H, positions)
    return H
