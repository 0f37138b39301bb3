"""The speed and memory seams of graph assembly and of reading cached results change no answer.

- ``GraphAssembler(direct=...)``: the assembled attribute dicts go into the graph as they are, or
  through ``add_node``/``add_edge``; ``quiet_gc`` pauses the collector. Same graph, same order,
  same attribute order, either way.
- The cache checks its checksum on the bytes as read, and the shape of every cached result in
  plain loops: a damaged or foreign entry is still a miss.
- The stamp's digest (marshal bytes) is the same for a result analysed or read from the cache,
  and differs when anything the graph reads differs.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import pytest

from lawgraph._accel.cache import Cache, valid_result
from lawgraph._accel.stamp import digest
from lawgraph.graph import GraphAssembler
from lawgraph.pipeline import extract_paths

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "graph" / "docs.jsonl"


def _seeds_lean() -> list[dict]:
    return extract_paths([ROOT / "seeds"], lean=True).documents


def _fixture_docs() -> list[dict]:
    return [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]


def _snapshot(G) -> str:
    """Everything of the graph, in order, attribute order and value types included."""
    return repr(([(n, list(d.items())) for n, d in G.nodes(data=True)],
                 [(u, v, list(d.items())) for u, v, d in G.edges(data=True)],
                 [tuple(m) for m in G.graph["mentions"]], sorted(G.graph)))


@pytest.mark.parametrize("docs", [_seeds_lean, _fixture_docs], ids=["seeds", "fixture"])
def test_the_graph_is_the_same_with_and_without_the_seams(docs) -> None:
    documents = docs()
    graphs = []
    for direct in (True, False):
        for quiet in (True, False):
            g = GraphAssembler(direct=direct, quiet_gc=quiet)
            for doc in copy.deepcopy(documents):
                g.add(doc)
            graphs.append(_snapshot(g.finish()))
    assert all(s == graphs[0] for s in graphs[1:])
    assert "n_cites" in graphs[0] and "excerpt" in graphs[0]


def test_the_graph_does_not_depend_on_the_order_of_the_documents() -> None:
    # an edge's excerpt is kept from the first source in order, however the documents come
    docs = _seeds_lean()
    graphs = []
    for order in (docs, list(reversed(docs))):
        g = GraphAssembler()
        for doc in copy.deepcopy(order):
            g.add(doc)
        graphs.append(_snapshot(g.finish(positions=False)))
    assert graphs[0] == graphs[1]


def test_direct_insertion_gives_networkx_tables_it_would_build() -> None:
    g = GraphAssembler()
    for doc in _seeds_lean():
        g.add(doc)
    G = g.finish(positions=False)
    for u, v, d in G.edges(data=True):
        assert G._pred[v][u] is d  # one dict per edge, shared by both tables
    assert list(G._succ) == list(G._pred) == list(G._node) == sorted(G)
    H = G.copy()  # networkx's own operations see the same graph
    assert _snapshot(H) == _snapshot(G)


def _put_then_get(tmp_path: Path, raw: bytes, key: str) -> object:
    c = Cache(tmp_path)
    c._path(key).parent.mkdir(parents=True, exist_ok=True)
    c._path(key).write_bytes(raw)
    return c.get(key, lambda v: v)


def test_an_entry_is_read_only_as_put_wrote_it(tmp_path: Path) -> None:
    c = Cache(tmp_path)
    value = {"record": {"a": 1}, "result": {"name": "《中华人民共和国统计法》"}}
    c.put("k1", value)
    assert Cache(tmp_path).get("k1", lambda v: v) == value
    good = c._path("k1").read_bytes()
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    spaced = json.dumps(value, ensure_ascii=False).encode()  # the same value, other bytes
    for raw in (
        good.replace(b'"k1"', b'"k2"', 1),  # another key
        good.replace(b'"schema":2', b'"schema":3', 1),  # another layout
        good[:-1],  # cut short
        good.replace("统计".encode(), "审计".encode()),  # value changed, stale checksum
        good.replace(body, spaced),  # not as put writes it
        b'{"key":"k1","schema":2,"sum":"' + hashlib.sha256(b"[1]").hexdigest().encode() + b'","value":[1]}',
    ):
        assert _put_then_get(tmp_path, raw, "k1") is None


RESULT = {
    "agency": {"name": "泰州市科技局", "jurisdiction": "江苏省泰州市"}, "year": 2024, "warnings": [],
    "laws": [{"name": "中华人民共和国科学技术进步法", "level": "法律", "level_basis": "registry",
              "contains": ["x"], "mentions": [{"text": "《科技进步法》", "start": 3, "end": 10, "context": "c"}]}],
    "agencies": [], "programs": [],
}  # fmt: skip


@pytest.mark.parametrize("damage", [
    lambda r: r["laws"][0].__setitem__("contains", None),
    lambda r: r["laws"][0].__setitem__("contains", [1]),
    lambda r: r["laws"][0]["mentions"][0].__setitem__("context", None),
    lambda r: r["laws"][0]["mentions"][0].__setitem__("start", True),
    lambda r: r["laws"][0]["mentions"][0].__setitem__("text", ""),
    lambda r: r["laws"][0].__setitem__("level_basis", 1),
    lambda r: r["agency"].__setitem__("jurisdiction", 3),
    lambda r: r.__delitem__("agency"),
    lambda r: r.__delitem__("year"),
    lambda r: r.__setitem__("programs", None),
    lambda r: r["agencies"].append("泰州市"),
], ids=["contains null", "contains int", "context null", "start bool", "empty text", "level basis int",
        "jurisdiction int", "no agency", "no year", "programs null", "entity a string"])
def test_a_result_of_the_wrong_shape_is_refused(damage) -> None:
    assert valid_result(RESULT)
    bad = copy.deepcopy(RESULT)
    damage(bad)
    assert not valid_result(bad)


def test_the_digest_is_the_same_analysed_or_cached(tmp_path: Path) -> None:
    fresh: list[dict] = []
    extract_paths([ROOT / "seeds"], lean=True, sink=fresh.append, cache=Cache(tmp_path))
    cached: list[dict] = []
    c = Cache(tmp_path)
    extract_paths([ROOT / "seeds"], lean=True, sink=cached.append, cache=c)
    assert c.hits == len(cached) == len(fresh) > 0
    assert [digest(r) for r in cached] == [digest(r) for r in fresh]
    changed = copy.deepcopy(fresh[0])
    changed["laws"][0]["mentions"][-1]["start"] += 1
    assert digest(changed) != digest(fresh[0])
    assert len({digest(r) for r in fresh}) == len(fresh)


def _doc(source: str, context: str) -> dict:
    return {"source": source, "year": 2020, "agency": {"name": "泰州市科技局", "jurisdiction": "江苏省泰州市"},
            "laws": [{"name": "中华人民共和国统计法", "mentions": [
                {"text": "《统计法》", "start": 1, "end": 6, "context": context}]}],
            "agencies": [], "programs": []}


@pytest.mark.parametrize("direct", [True, False])
def test_an_edge_keeps_the_excerpt_of_its_first_source_in_any_order(direct: bool) -> None:
    a, b, c = _doc("a/1.txt", "甲：学习《统计法》。"), _doc("b/2.txt", "乙：学习《统计法》。"), _doc("c/3.txt", "丙")
    for order in ([a, b, c], [c, b, a], [b, c, a], [c, a, b]):
        g = GraphAssembler(direct=direct)
        for doc in copy.deepcopy(order):
            g.add(doc)
        G = g.finish(positions=False)
        cites = [d for _, _, d in G.edges(data=True) if d["relation"] == "cites"]
        assert [d["excerpt"] for d in cites] == ["甲：学习《统计法》。"]
        assert cites[0]["sources"] == ("a/1.txt", "b/2.txt", "c/3.txt") and cites[0]["n_cites"] == 3
