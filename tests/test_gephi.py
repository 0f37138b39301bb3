"""What Gephi gets: the HTML page's picture (y mirrored), edge colours by relation, lawgraph as the
GEXF creator, and edge weights per year."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from lawgraph.exporters import gexf, graphml
from lawgraph.graph import build_graph

FIXTURE = Path(__file__).parent / "fixtures" / "graph" / "docs.jsonl"
GRAPHML = {"g": "http://graphml.graphdrawing.org/xmlns"}
GEXF = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}


@pytest.fixture(scope="module")
def G() -> nx.DiGraph:
    docs = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return build_graph(docs)


@pytest.mark.parametrize(
    ("css", "hex_"),
    [
        ("rgba(225,87,89,0.45)", "#E15759"),  # the page's edge colours: alpha dropped
        ("rgb(0, 10, 255)", "#000AFF"),
        ("#e15759", "#E15759"),
    ],
)
def test_css_hex(css: str, hex_: str) -> None:
    assert graphml.css_hex(css) == hex_


@pytest.mark.parametrize(
    ("relation", "color"),
    [
        ("cites", "#E15759"),
        ("runs", "#59A14F"),
        ("mentions", "#4E79A7"),
        ("authored", "#9D8F86"),
        ("in", "#B07AA1"),
        ("cites+mentions", "#E15759"),  # several relations: the first, as the page draws it
        ("", "#969696"),  # no relation: the page's grey
        (None, "#969696"),
        ("unknown", "#969696"),
    ],
)
def test_edge_color_is_the_pages(relation: object, color: str) -> None:
    assert graphml.edge_color(relation) == color


DATED = {"a.txt": 2022, "b.txt": 2023, "c.txt": 2023}


@pytest.mark.parametrize(
    ("edge", "expected"),
    [
        # documents per year from the sources' document years
        ({"sources": ("a.txt", "b.txt", "c.txt"), "years": "2022;2023", "weight": 3},
         [(1.0, "2022-01-01", "2022-12-31"), (2.0, "2023-01-01", "2023-12-31")]),
        # an undated document counts in no year
        ({"sources": ("b.txt", "x.txt"), "years": "2023", "weight": 2}, [(1.0, "2023-01-01", "2023-12-31")]),
        # sources as the scalar formats hold them (';'-joined)
        ({"sources": "a.txt;c.txt", "years": "2022;2023", "weight": 2},
         [(1.0, "2022-01-01", "2022-12-31"), (1.0, "2023-01-01", "2023-12-31")]),
        # no document to date the sources: a single-year edge has its whole weight in that year
        ({"sources": ("y.txt", "z.txt"), "years": "2020", "weight": 2}, [(2.0, "2020-01-01", "2020-12-31")]),
        # ... and an edge of several years cannot be split
        ({"sources": ("y.txt", "z.txt"), "years": "2020;2021", "weight": 2}, []),
        ({}, []),  # nothing known
    ],
)  # fmt: skip
def test_weight_by_year(edge: dict, expected: list) -> None:
    assert gexf.weight_by_year(edge, DATED) == expected


def test_graphml_y_points_up_and_edges_are_coloured(G: nx.DiGraph, tmp_path: Path) -> None:
    graphml.write(G, tmp_path / "g.graphml")
    H = nx.read_graphml(tmp_path / "g.graphml")
    top = max(d["y"] for _, d in G.nodes(data=True))
    for n, d in G.nodes(data=True):
        assert H.nodes[n]["x"] == d["x"]
        assert H.nodes[n]["y"] == round(top - d["y"], 1) >= 0.0  # mirrored inside the same box
    for u, v, d in G.edges(data=True):
        assert H.edges[u, v]["color"] == graphml.edge_color(d["relation"])
    assert "color" not in next(iter(G.edges(data=True)))[2]  # the graph itself is not changed


def test_gexf_meta_colours_and_positions(G: nx.DiGraph, tmp_path: Path) -> None:
    gexf.write(G, tmp_path / "g.gexf")
    root = etree.parse(str(tmp_path / "g.gexf")).getroot()
    assert root.findtext("g:meta/g:creator", namespaces=GEXF) == "lawgraph"
    top = max(d["y"] for _, d in G.nodes(data=True))
    for node in root.iterfind(".//g:node", GEXF):
        pos = node.find("viz:position", GEXF)
        assert float(pos.get("y")) == round(top - G.nodes[node.get("id")]["y"], 1)
    for edge in root.iterfind(".//g:edge", GEXF):
        c = edge.find("viz:color", GEXF)
        relation = G.edges[edge.get("source"), edge.get("target")]["relation"]
        assert "#{:02X}{:02X}{:02X}".format(*(int(c.get(k)) for k in "rgb")) == graphml.edge_color(relation)
    dynamic = root.find("g:graph/g:attributes[@class='edge'][@mode='dynamic']", GEXF)
    assert [(a.get("id"), a.get("title"), a.get("type")) for a in dynamic] == [
        ("weight", "weight_by_year", "double")  # Gephi reads a dynamic 'weight' column as the weight over time
    ]


def test_streamed_and_reference_gexf_agree_on_the_per_year_weights(G: nx.DiGraph, tmp_path: Path) -> None:
    gexf.write(G, tmp_path / "s.gexf", streamed=True)
    gexf.write(G, tmp_path / "r.gexf", streamed=False)
    assert (tmp_path / "s.gexf").read_bytes() == (tmp_path / "r.gexf").read_bytes()
    assert (tmp_path / "s.gexf").read_bytes().count(b'<attvalue for="weight" ') > 0
