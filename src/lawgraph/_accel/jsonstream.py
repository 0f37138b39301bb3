"""Streamed graph.json: the same bytes as ``json.dumps(jsonfile.to_data(G), ensure_ascii=False,
separators=(",", ":"), sort_keys=True)`` (compact, no whitespace), the reference ``lawgraph.exporters.jsonfile`` uses (tests compare them
byte for byte), written object by object without holding the document or its text in memory.
List fields are arrays (``schema.json_attrs``); ``sources`` only on document nodes and no edge
excerpt (``exporters.common.lean_node``/``lean_edge``); the evidence is in lawgraph.sqlite and
mentions.csv, not here.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # type: ignore[attr-defined]  # C, ensure_ascii=False
from typing import IO, Any

import networkx as nx

from lawgraph.exporters.common import EDGE_DROP_GEPHI, NODE_DROP
from lawgraph.graph.schema import json_attrs

_CHUNK = 2_000
SEPARATORS = (",", ":")  # compact: no whitespace (a fifth of the bytes at indent=1)
_LIST_KEYS = frozenset(("years", "aliases", "sources"))  # arrays in graph.json (schema.json_attrs)


def _scalar(v: Any) -> str:
    t = type(v)
    if t is str:
        return encode_basestring(v)
    if t is list:  # a list of text or ints at depth 3 (years, aliases, sources, mark)
        if not v:
            return "[]"
        parts = [encode_basestring(x) if type(x) is str else int.__repr__(x) if type(x) is int else None for x in v]
        if None not in parts:
            return "[" + ",".join(parts) + "]"  # type: ignore[arg-type]
    if t is int:
        return int.__repr__(v)
    if t is float and v == v and v not in (float("inf"), float("-inf")):
        return float.__repr__(v)
    if t is bool:
        return "true" if v else "false"
    if v is None:
        return "null"
    # anything else (nested values, NaN/inf, subclasses): the json module's own text
    return json.dumps(v, ensure_ascii=False, separators=SEPARATORS, sort_keys=True)


def _nodes(G: nx.DiGraph, out: IO[bytes]) -> None:
    """Write the node objects (``{…},{…}``): keys sorted, the node id as ``id`` (over an attribute of
    that name), without what ``exporters.common.lean_node`` leaves out. The sorted keys and their
    texts are made once per attribute names."""
    plans: dict[tuple[tuple[str, ...], Any], list[tuple[str | None, str]]] = {}
    lists: dict[tuple[str, Any], str] = {}  # (key, joined value) → its array text: the same years recur
    parts: list[str] = []
    add = parts.append
    sep = ""
    for n, d in G.nodes(data=True):
        drop = _node_drop(d)
        plan = plans.get((tuple(d), drop))
        if plan is None:
            plan = plans[(tuple(d), drop)] = _plan(d, drop)
        members = []
        for k, key_text in plan:
            if k is None:
                members.append(key_text + _scalar(n))
                continue
            v = d[k]
            if k in _LIST_KEYS and type(v) is not list:
                text = lists.get((k, v))
                if text is None:
                    text = lists[(k, v)] = _scalar(json_attrs({k: v})[k])
                members.append(key_text + text)
            else:
                members.append(key_text + _scalar(v))
        add(sep + "{" + ",".join(members) + "}")
        sep = ","
        if len(parts) >= _CHUNK:
            out.write("".join(parts).encode("utf-8"))
            parts.clear()
    out.write("".join(parts).encode("utf-8"))


def _plan(d: dict[str, Any], drop: Any) -> list[tuple[str | None, str]]:
    """A node's members in key order as (attribute name, or None for the id; ``"key":``)."""
    keys = sorted({*(k for k in d if k not in drop), "id"})
    return [(None if k == "id" else k, encode_basestring(k) + ":") for k in keys]


def _node_drop(d: dict[str, Any]) -> Any:
    return () if d.get("type") == "document" else NODE_DROP


_ENDS = ("source", "target")  # the keys an edge object gets from its ends


def _edge_text(d: dict[str, Any]) -> tuple[str, str, str]:
    """An edge object's text around its ends: (``{`` and the members sorted before "source",
    those between "source" and "target", those after "target" and ``}``), each member with its comma."""
    members = [(k, _member(k, v)) for k, v in d.items() if k not in EDGE_DROP_GEPHI and k not in _ENDS]
    members.sort()
    before = [m for k, m in members if k < "source"]
    between = [m for k, m in members if "source" < k < "target"]
    after = [m for k, m in members if k > "target"]
    return ("{" + "".join(m + "," for m in before), "".join("," + m for m in between),
            "".join("," + m for m in after) + "}")


def _member(k: str, v: Any) -> str:
    """``"key":value`` of one attribute (list fields as arrays, ``schema.json_attrs``)."""
    if k in _LIST_KEYS and type(v) is not list:
        v = json_attrs({k: v})[k]
    return encode_basestring(k) + ":" + _scalar(v)


def _edges(G: nx.DiGraph, out: IO[bytes]) -> None:
    """Write the edge objects (``{…},{…}``): what surrounds an edge's ends is made once per
    distinct attribute values (``streamwriters.EdgeTexts``)."""
    from lawgraph._accel.streamwriters import EdgeTexts

    text_of = EdgeTexts(_edge_text)
    end_text = {n: _scalar(n) for n in G}
    parts: list[str] = []
    add = parts.append
    sep = ""
    for u, v, d in G.edges(data=True):
        before, between, after = text_of(d)
        add(f'{sep}{before}"source":{end_text[u]}{between},"target":{end_text[v]}{after}')
        sep = ","
        if len(parts) >= _CHUNK:
            out.write("".join(parts).encode("utf-8"))
            parts.clear()
    out.write("".join(parts).encode("utf-8"))


def write_json(G: nx.DiGraph, f: IO[bytes]) -> None:
    """``json.dumps(node_link_data(flat copy of G), ensure_ascii=False, separators=(",", ":"), sort_keys=True)``
    plus a newline, as a stream into ``f``."""
    n_edges = G.number_of_edges()
    f.write(b'{"directed":' + (b"true" if G.is_directed() else b"false") + b',"edges":')
    if n_edges:
        f.write(b"[")
        _edges(G, f)
        f.write(b"]")
    else:
        f.write(b"[]")
    f.write(b',"graph":{},"multigraph":false,"nodes":')
    if len(G):
        f.write(b"[")
        _nodes(G, f)
        f.write(b"]")
    else:
        f.write(b"[]")
    f.write(b"}\n")


