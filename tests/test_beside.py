"""``_accel.beside``: a value worked out in a forked child is the value worked out here, a child
that fails is replaced by working it out here, and a child nobody asks is killed; the build's
layout worked out beside the graph (``graph.build.LAYOUT_BESIDE``) gives the same graph."""

from __future__ import annotations

import copy
import json
import os
import sys
import time
from pathlib import Path

import pytest

import lawgraph.graph.build  # noqa: F401  (the module, for its LAYOUT_BESIDE switch)
from lawgraph._accel.beside import Beside
from lawgraph._accel.parallel import can_fork
from lawgraph.graph import GraphAssembler
from lawgraph.graph.layout import layout, layout_of
from lawgraph.pipeline import extract_paths

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs fork")
ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "graph" / "docs.jsonl"
GRAPH_BUILD = sys.modules["lawgraph.graph.build"]
HERE = os.getpid()


def where_and_value(n: int) -> tuple[int, dict[str, tuple[float, float]]]:
    return os.getpid(), {f"n{i}": (i / 3, -i * 0.1) for i in range(n)}


def fails_in_a_child(n: int) -> tuple[int, dict[str, tuple[float, float]]]:
    if os.getpid() != HERE:
        raise MemoryError("the child ran out")
    return where_and_value(n)


def test_the_childs_value_is_the_value() -> None:
    pid, value = Beside(where_and_value, 2000).result()
    assert pid != os.getpid()  # worked out in the child
    assert value == where_and_value(2000)[1]


def test_a_failing_child_is_replaced_by_working_it_out_here() -> None:
    pid, value = Beside(fails_in_a_child, 50).result()
    assert pid == os.getpid() and value == where_and_value(50)[1]


def test_a_child_not_asked_is_killed_and_reaped() -> None:
    start = time.monotonic()
    with Beside(time.sleep, 30) as beside:
        child = beside._pid
        assert child
    assert time.monotonic() - start < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)  # reaped already: no zombie left


def test_layout_of_is_the_layout_of_the_graph() -> None:
    G = GraphAssembler()
    for doc in _fixture_docs():
        G.add(doc)
    graph = G.finish(positions=False)
    assert layout_of(sorted(graph), list(graph.edges()), graph.number_of_edges()) == layout(graph)


def _fixture_docs() -> list[dict]:
    return [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]


def _snapshot(G) -> str:
    return repr(([(n, list(d.items())) for n, d in G.nodes(data=True)],
                 [(u, v, list(d.items())) for u, v, d in G.edges(data=True)], sorted(G.graph)))


@pytest.mark.parametrize("docs", [lambda: extract_paths([ROOT / "seeds"], lean=True).documents, _fixture_docs],
                         ids=["seeds", "fixture"])
def test_the_graph_is_the_same_laid_out_beside_or_here(docs, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(GRAPH_BUILD, "BESIDE_MIN", 0)  # the seeds are far below the size that forks
    forked: list[int] = []

    class Counted(Beside):
        def __init__(self, *args) -> None:
            super().__init__(*args)
            forked.append(self._pid)

    monkeypatch.setattr(GRAPH_BUILD, "Beside", Counted)
    documents = docs()
    graphs = []
    for beside in (True, False):
        monkeypatch.setattr(GRAPH_BUILD, "LAYOUT_BESIDE", beside)
        g = GraphAssembler()
        for doc in copy.deepcopy(documents):
            g.add(doc)
        graphs.append(_snapshot(g.finish()))
    assert graphs[0] == graphs[1] and "'x'" in graphs[0]
    assert len(forked) == 1 and forked[0]  # laid out in a child once, and here once
