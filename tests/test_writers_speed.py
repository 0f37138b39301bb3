"""The fast paths of the whole-graph writers give the plain paths' bytes.

Each writer's speed tricks sit behind a seam: GraphML, GEXF and graph.json have ``streamed=False``
(networkx' and json's own writers), the CSV files ``fast=False`` (one row at a time through csv's
writer and a UTF-8-sig text file). The store has no second writer: its file is compared with the
one the earlier procedure makes (WAL, one transaction, checkpoint, back to DELETE), and its rows
with the graph's evidence given as dicts (a graph read back from graph.json) instead of tuples.
Graphs: the five sample reports, and a hand-made one with awkward strings (XML specials, control
characters XML allows, CSV-injection starts, quotes, commas, line ends) and values that are equal
but written differently (1, True, 1.0; 0.0 and -0.0) on edges that otherwise look alike.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import networkx as nx
import pytest

from lawgraph._accel.streamwriters import EdgeTexts
from lawgraph.exporters import csvfiles, gexf, graphml, jsonfile
from lawgraph.graph import build_graph
from lawgraph.graph.mention import KEYS, Mention
from lawgraph.io import load_file
from lawgraph.pipeline import analyse
from lawgraph.store import schema
from lawgraph.store import write as write_store
from lawgraph.store.write import fill

ROOT = Path(__file__).resolve().parents[1]
AWKWARD = ['a&b <c> "d" \'e\'', "=SUM(A1)", "+1", "-2", "@x", "\tlead", "\rcr", "line\nend", "com,ma", 'q"uote',
           "]]> 《法》 \U0001f600 é", "", " space"]


def seeds_graph() -> nx.DiGraph:
    return build_graph([analyse(load_file(p)) for p in sorted((ROOT / "seeds").glob("*.txt"))])


def awkward_graph(bare: bool = True) -> nx.DiGraph:
    """The awkward graph; ``bare`` adds a node without attributes (the store needs a type and a label)."""
    G = nx.DiGraph()
    for i, text in enumerate(AWKWARD):
        G.add_node(f"n{i}{text}", label=text or "空", type="law" if i % 2 else "agency", aliases=f"{text}|别名",
                   documents=i, years="2020;2021" if i % 3 else "2019", excerpt=text, color="#E15759",
                   size=10.0 + i, x=float(i), y=-float(i), sources=(f"{text}.txt",), level=text)
    G.add_node("doc,1", label="报告=1", type="document", years="2021", sources=("r/=a,b.txt",), documents=1)
    if bare:
        G.add_node("bare")
    names = list(G)
    for i, (u, v) in enumerate(zip(names, names[1:] + names[:1])):
        G.add_edge(u, v, relation="cites" if i % 2 else "mentions", label="cites", weight=1 + i % 2,
                   years="2021" if i % 3 else "2020;2022", sources=("r/=a,b.txt",) * (1 + i % 2),
                   excerpt=AWKWARD[i % len(AWKWARD)], n_implements=i % 2, n_studies=0, n_drafts=0, n_reviews=0,
                   n_cites=1, relation_main=AWKWARD[i % len(AWKWARD)] or "cites")
    # equal values of other types on edges like the others: each keeps its own text
    for u, v, value in (("n1=SUM(A1)", "n3-2", True), ("n3-2", "n5\tlead", 1.0), ("n5\tlead", "n7line\nend", -0.0),
                        ("n7line\nend", "n9q\"uote", 0.0), ("n9q\"uote", "n1=SUM(A1)", 1)):
        G.add_edge(u, v, relation="cites", label="cites", weight=value, years="2021", n_cites=value)
    G.graph["mentions"] = [
        Mention(None if i % 4 == 0 else names[0], names[1], "doc,1", "r/=a,b.txt", None if i % 5 == 0 else 2021,
                i, i + 3, None if i % 3 == 0 else i, "cites", text, f"{text}…{text}", [0, 3])
        for i, text in enumerate(AWKWARD)
    ]
    return G


GRAPHS = {"seeds": seeds_graph, "awkward": awkward_graph, "awkward-store": lambda: awkward_graph(bare=False)}


@pytest.fixture(scope="module", params=sorted(GRAPHS))
def G(request) -> nx.DiGraph:
    return GRAPHS[request.param]()


@pytest.mark.parametrize("module", [graphml, gexf, jsonfile], ids=["graphml", "gexf", "json"])
def test_streamed_files_are_the_reference_bytes(G: nx.DiGraph, module, tmp_path: Path) -> None:
    module.write(G, tmp_path / "fast", streamed=True)
    module.write(G, tmp_path / "plain", streamed=False)
    assert (tmp_path / "fast").read_bytes() == (tmp_path / "plain").read_bytes()


@pytest.mark.parametrize("writer", [csvfiles.write_nodes, csvfiles.write_edges, csvfiles.write_mentions],
                         ids=["nodes", "edges", "mentions"])
def test_fast_csv_files_are_the_plain_bytes(G: nx.DiGraph, writer, tmp_path: Path) -> None:
    writer(G, tmp_path / "fast.csv", fast=True)
    writer(G, tmp_path / "plain.csv", fast=False)
    assert (tmp_path / "fast.csv").read_bytes() == (tmp_path / "plain.csv").read_bytes()


def test_fast_mentions_csv_reads_dict_mentions_like_tuples(tmp_path: Path) -> None:
    G = awkward_graph()
    csvfiles.write_mentions(G, tmp_path / "tuples.csv")
    G.graph["mentions"] = [m.as_dict() for m in G.graph["mentions"]]
    csvfiles.write_mentions(G, tmp_path / "dicts.csv")
    assert (tmp_path / "tuples.csv").read_bytes() == (tmp_path / "dicts.csv").read_bytes()


def test_csv_writers_refuse_a_lone_surrogate_on_both_paths(tmp_path: Path) -> None:
    G = awkward_graph()
    G.add_node("bad", label="x\ud800", type="law")
    for fast in (True, False):
        with pytest.raises(UnicodeEncodeError):
            csvfiles.write_nodes(G, tmp_path / "nodes.csv", fast=fast)
    assert list(tmp_path.iterdir()) == []


def earlier_store(G: nx.DiGraph, path: Path) -> None:
    """The store as earlier builds wrote it: WAL, one transaction, checkpoint, back to DELETE."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("BEGIN")
    fill(conn, G)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()


def test_store_is_the_earlier_procedures_bytes(G: nx.DiGraph, tmp_path: Path) -> None:
    if "bare" in G:
        pytest.skip("the store needs every node's type and label")
    write_store(G, tmp_path / "fast.sqlite")
    earlier_store(G, tmp_path / "earlier.sqlite")
    assert (tmp_path / "fast.sqlite").read_bytes() == (tmp_path / "earlier.sqlite").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["earlier.sqlite", "fast.sqlite"]


def test_store_reads_dict_mentions_and_list_sources_like_the_graphs_own(tmp_path: Path) -> None:
    G = awkward_graph(bare=False)
    write_store(G, tmp_path / "own.sqlite")
    G.graph["mentions"] = [m.as_dict() for m in G.graph["mentions"]]
    for _, _, d in G.edges(data=True):
        if "sources" in d:
            d["sources"] = list(d["sources"])
    write_store(G, tmp_path / "read_back.sqlite")
    assert (tmp_path / "own.sqlite").read_bytes() == (tmp_path / "read_back.sqlite").read_bytes()


def test_mention_fields_agree_with_the_graph() -> None:
    """store.schema repeats the order of a mention's fields so that the store imports no graph code."""
    assert schema.MENTION_FIELDS == KEYS


def test_edge_texts_tell_equal_values_of_other_types_apart() -> None:
    texts = EdgeTexts(lambda d: repr(d["weight"]))
    assert [texts({"weight": w}) for w in (1, True, 1.0, 0.0, -0.0, 1)] == ["1", "True", "1.0", "0.0", "-0.0", "1"]
    assert texts({"weight": 2, "excerpt": "a"}) == texts({"weight": 2, "excerpt": "b"}) == "2"
