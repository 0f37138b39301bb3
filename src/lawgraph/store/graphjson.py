"""graph.json read back as a networkx graph, checked: for scripts and ``lawgraph.load_graph`` (the
queries read the store, ``lawgraph.store.read``). A damaged file is a GraphError naming it, never a
wrong graph. Today's graph.json is lean (CONTRACT.md "Graph exports"): the graph read back has
``sources`` on document nodes only and an empty ``mentions`` list (the evidence: lawgraph.sqlite,
mentions.csv); an older file loads with all it holds (indented or not, with its ``mentions``).
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lawgraph.errors import GraphError
from lawgraph.store.schema import ALIAS_SEP, LIST_SEP

if TYPE_CHECKING:
    import networkx as nx

DEFAULT_DIR = "graph_exports"


def load(in_dir: str | os.PathLike[str] = DEFAULT_DIR) -> nx.DiGraph:
    """The graph stored in ``in_dir/graph.json``; GraphError when it is missing or damaged in any way
    (every check below is one way a file can be cut short, edited by hand or written by other code)."""
    folder = Path(in_dir)
    path = folder / "graph.json"
    if not folder.is_dir():
        raise GraphError(f"no graph folder {in_dir}: run lawgraph build first (or pass --in DIR)")
    if not path.is_file():
        if (folder / "lawgraph.sqlite").is_file():  # a build that left the json format out (build --formats)
            raise GraphError(f"no graph.json in {in_dir}: it was built without the json format; "
                             f"rebuild it with lawgraph build -o {in_dir} --formats json,… (or all)")
        raise GraphError(f"no graph.json in {in_dir}: run lawgraph build first (or pass --in DIR)")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GraphError(f"cannot read {path}: {exc.strerror or exc}; make it readable or rebuild it") from exc
    try:
        return graph_from_json(raw)
    except _Damaged as exc:
        raise GraphError(f"{path} is damaged: {exc}; rebuild with lawgraph build") from None


class _Damaged(Exception):
    """What is wrong with a graph.json, in a few words."""


_SCALARS = (str, int, float, bool)


_LIST_FIELDS = {"years": int, "aliases": str, "sources": str}  # arrays in graph.json (text in older files)


def _from_list(k: str, v: list[Any], what: str) -> str | tuple[str, ...]:
    """A list field of graph.json in the graph's own form: years and aliases joined, sources a tuple."""
    kind = _LIST_FIELDS[k]
    if not all(isinstance(x, kind) and not isinstance(x, bool) for x in v):
        raise _Damaged(f"{what} has a list of other things than {kind.__name__} as its {k!r}")
    if k == "sources":
        return tuple(v)
    return (ALIAS_SEP if k == "aliases" else LIST_SEP).join(str(x) for x in v)


def _scalar_attrs(d: dict[str, Any], what: str, drop: tuple[str, ...]) -> dict[str, Any]:
    attrs = {}
    for k, v in d.items():
        if k in drop:
            continue
        if isinstance(v, list) and k in _LIST_FIELDS:
            v = _from_list(k, v, what)
        elif not isinstance(v, _SCALARS):
            raise _Damaged(f"{what} has a {type(v).__name__} as its {k!r}")
        attrs[k] = v
    for k in ("label", "type", "relation", "level", "aliases", "years"):
        if k in attrs and not isinstance(attrs[k], str):
            raise _Damaged(f"{what} has a {type(attrs[k]).__name__} as its {k!r}, not text")
    return attrs


def graph_from_json(raw: bytes) -> nx.DiGraph:
    """The DiGraph in the bytes of a graph.json (node-link JSON as `lawgraph build` writes it); raises
    _Damaged naming the first thing that does not hold: valid UTF-8 JSON, a simple directed graph,
    nodes with unique text ids, a text type and label, edges between listed nodes with a text
    relation and a finite numeric weight, scalar attribute values only."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _Damaged("not UTF-8 text") from None
    except RecursionError:
        raise _Damaged("nested too deeply") from None
    except ValueError as exc:
        raise _Damaged(f"not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise _Damaged(f"a JSON {type(data).__name__}, not an object")
    if data.get("multigraph") is not False or data.get("directed") is not True:
        raise _Damaged("not a simple directed graph ('directed' must be true and 'multigraph' false)")
    nodes, edges = data.get("nodes"), data.get("edges")
    if not isinstance(nodes, list) or not isinstance(edges, list):
        raise _Damaged("no list of 'nodes' and 'edges'")
    import networkx as nx

    G = nx.DiGraph()
    for i, d in enumerate(nodes):
        if not isinstance(d, dict) or not isinstance(d.get("id"), str) or not d["id"]:
            raise _Damaged(f"node {i + 1} has no id")
        if d["id"] in G:
            raise _Damaged(f"node {d['id']!r} is listed twice")
        attrs = _scalar_attrs(d, f"node {d['id']!r}", ("id",))
        if "type" not in attrs or "label" not in attrs:
            raise _Damaged(f"node {d['id']!r} has no type or label")
        G.add_node(d["id"], **attrs)
    for i, d in enumerate(edges):
        if not isinstance(d, dict) or not isinstance(d.get("source"), str) or not isinstance(d.get("target"), str):
            raise _Damaged(f"edge {i + 1} has no source or target")
        u, v = d["source"], d["target"]
        if u not in G or v not in G:
            raise _Damaged(f"edge {u!r} -> {v!r} leads to a node that is not listed")
        if G.has_edge(u, v):
            raise _Damaged(f"edge {u!r} -> {v!r} is listed twice")
        attrs = _scalar_attrs(d, f"edge {u!r} -> {v!r}", ("source", "target"))
        w = attrs.get("weight")
        if "relation" not in attrs or isinstance(w, bool) or not isinstance(w, (int, float)) or not math.isfinite(w):
            raise _Damaged(f"edge {u!r} -> {v!r} has no relation or no finite numeric weight")
        G.add_edge(u, v, **attrs)
    G.graph["mentions"] = _mentions(data.get("mentions", []), G)
    return G


_MENTION_KEYS: dict[str, tuple[type, ...]] = {
    "agency": (str, type(None)), "law": (str,), "document": (str,), "source": (str,), "year": (int, type(None)),
    "start": (int,), "end": (int,), "line": (int, type(None)), "relation": (str,), "text": (str,),
    "snippet": (str,), "mark": (list,),
}  # fmt: skip


def _mentions(raw: Any, G: nx.DiGraph) -> list[dict[str, Any]]:
    """The evidence array of an older graph.json (today's has none: the evidence is in lawgraph.sqlite
    and mentions.csv; an empty list then), checked: every mention has each key of the right type, names
    nodes of the graph, and a mark of two ints inside its snippet."""
    if not isinstance(raw, list):
        raise _Damaged("'mentions' is not a list")
    for i, m in enumerate(raw):
        where = f"mention {i + 1}"
        if not isinstance(m, dict):
            raise _Damaged(f"{where} is not an object")
        for k, types in _MENTION_KEYS.items():
            if not isinstance(m.get(k), types) or isinstance(m.get(k), bool):
                raise _Damaged(f"{where} has no valid {k!r}")
        for k in ("agency", "law", "document"):
            if m[k] is not None and m[k] not in G:
                raise _Damaged(f"{where} names a node that is not listed ({m[k]!r})")
        a_b = m["mark"]
        if not (len(a_b) == 2 and all(type(x) is int for x in a_b) and 0 <= a_b[0] <= a_b[1] <= len(m["snippet"])):
            raise _Damaged(f"{where} has a mark outside its snippet")
    return raw
