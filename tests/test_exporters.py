"""Exporters: GraphML/GEXF/JSON/CSV round trips, determinism, atomic writes."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from lawgraph import exporters
from lawgraph._accel import streamwriters
from lawgraph._accel.streamwriters import ChunkWriter
from lawgraph.exporters import ExportError, csvfiles, gexf, graphml, jsonfile, write_all
from lawgraph.exporters.common import flat_copy, lean_edge, lean_node
from lawgraph.graph import build_graph

FIXTURE = Path(__file__).parent / "fixtures" / "graph" / "docs.jsonl"


def load_docs() -> list[dict]:
    return [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def G() -> nx.DiGraph:
    return build_graph(load_docs())


def test_graphml_round_trip(G: nx.DiGraph, tmp_path: Path) -> None:
    path = tmp_path / "graph.graphml"
    graphml.write(G, path)
    H = nx.read_graphml(path)
    F = graphml.to_graphml_graph(G)  # sources joined with ';', y mirrored, edge colours
    assert isinstance(H, nx.DiGraph) and not H.is_multigraph()
    assert list(H.nodes(data=True)) == list(F.nodes(data=True))
    assert list(H.edges(data=True)) == list(F.edges(data=True))
    assert path.read_bytes().startswith(b"<?xml version='1.0' encoding='utf-8'?>")


def test_graphml_keys_for_gephi(G: nx.DiGraph, tmp_path: Path) -> None:
    path = tmp_path / "graph.graphml"
    graphml.write(G, path)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    keys = etree.parse(str(path)).getroot().findall("g:key", ns)
    declared = sorted((k.get("for"), k.get("attr.name"), k.get("attr.type")) for k in keys)
    # one key per (domain, name), typed, never for="all"; label/weight/color/size/x/y are Gephi's
    assert declared == [
        ("edge", "color", "string"), ("edge", "label", "string"),
        ("edge", "n_cites", "long"), ("edge", "n_drafts", "long"), ("edge", "n_implements", "long"),
        ("edge", "n_reviews", "long"), ("edge", "n_studies", "long"), ("edge", "relation", "string"),
        ("edge", "relation_main", "string"),
        ("edge", "weight", "long"), ("edge", "years", "string"),
        ("node", "aliases", "string"), ("node", "color", "string"), ("node", "documents", "long"),
        ("node", "excerpt", "string"), ("node", "label", "string"), ("node", "level", "string"),
        ("node", "size", "double"), ("node", "sources", "string"), ("node", "type", "string"),
        ("node", "x", "double"), ("node", "y", "double"), ("node", "years", "string"),
    ]  # fmt: skip  (no edge sources or excerpt: each path once, on its document node)
    assert not etree.parse(str(path)).getroot().findall("g:graph/g:data", ns)  # no graph attributes


def test_gexf_round_trip_with_viz_and_spells(G: nx.DiGraph, tmp_path: Path) -> None:
    path = tmp_path / "graph.gexf"
    gexf.write(G, path)
    H = nx.read_gexf(path)
    assert sorted(H.nodes) == sorted(G.nodes)
    assert sorted(H.edges) == sorted(G.edges)
    law = next(n for n, d in G.nodes(data=True) if d["label"] == "中华人民共和国科学技术进步法")
    h = H.nodes[law]
    assert h["label"] == "中华人民共和国科学技术进步法" and h["level"] == "法律" and h["documents"] == 3
    assert h["viz"]["color"] == {"r": 225, "g": 87, "b": 89, "a": 1.0}
    assert h["viz"]["size"] == G.nodes[law]["size"]
    assert (h["start"], h["end"]) == ("2023-01-01", "2024-12-31") and "spells" not in h  # one spell: attributes
    top = max(d["y"] for _, d in G.nodes(data=True))
    assert h["viz"]["position"]["y"] == round(top - G.nodes[law]["y"], 1)  # Gephi's y points up
    dated = {d["sources"][0]: int(d["years"]) for _, d in G.nodes(data=True) if d["type"] == "document" and "years" in d}
    ns = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}
    per_year: dict[tuple[str, str], dict[int, float]] = {}
    for e in etree.parse(str(path)).getroot().iterfind(".//g:edge", ns):
        values = e.findall("g:attvalues/g:attvalue[@for='weight']", ns)
        per_year[e.get("source"), e.get("target")] = {int(a.get("start")[:4]): float(a.get("value")) for a in values}
        assert all(a.get("end") == a.get("start")[:4] + "-12-31" for a in values)
        assert e.find("viz:color", ns) is not None
    for u, v, d in G.edges(data=True):
        assert H.edges[u, v]["weight"] == d["weight"]  # the total stays the static weight
        expected: dict[int, float] = {}
        for s in d["sources"]:  # documents per year; an undated document counts in no year
            if s in dated:
                expected[dated[s]] = expected.get(dated[s], 0.0) + 1.0
        assert per_year[u, v] == expected
    assert any(len(p) > 0 for p in per_year.values()) and any(not p for p in per_year.values())
    text = path.read_text(encoding="utf-8")
    assert "<creator>lawgraph</creator>" in text
    assert '<attribute id="weight" title="weight_by_year" type="double" />' in text
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    assert "lastmodifieddate" not in text  # would change the bytes every day


@pytest.mark.parametrize(
    ("years", "spells"),
    [
        ("2024", [("2024-01-01", "2024-12-31")]),
        ("2021;2022;2023", [("2021-01-01", "2023-12-31")]),  # consecutive years merge
        ("2019;2021", [("2019-01-01", "2019-12-31"), ("2021-01-01", "2021-12-31")]),
        ("", []),
    ],
)
def test_year_spells(years: str, spells: list[tuple[str, str]]) -> None:
    assert gexf.year_spells(years) == spells


@pytest.mark.parametrize(
    ("years", "told"),
    [("2024", True), ("2021;2022;2023", True), ("2019;2021", True), ("", False), ("2022;2021", False),
     ("2021;2021", False), ("2021;x", False), (None, False), (2021, False)],
)  # fmt: skip
def test_gexf_leaves_out_years_only_when_the_time_says_them(years: object, told: bool) -> None:
    assert gexf.years_in_time(years) is told


def test_gexf_time_replaces_the_years_attribute(tmp_path: Path) -> None:
    G = hostile_graph()
    G.add_node("n5", label="五", type="law", years="2023;2020")  # not sorted: kept as written
    gexf.write(G, tmp_path / "g.gexf")
    H = nx.read_gexf(tmp_path / "g.gexf")
    assert "years" not in H.nodes["n2"] and H.nodes["n2"]["spells"]  # 2021;2022;2024: the spells say it
    assert H.nodes["n5"]["years"] == "2023;2020"
    assert "years" not in H.edges["n&1", "n2"] and H.edges["n&1", "n2"]["start"] == "2020-01-01"


def test_json_round_trip(G: nx.DiGraph, tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    jsonfile.write(G, path)
    H = jsonfile.read(path)  # lists come back as the graph holds them: years/aliases joined, sources a tuple
    # the lean attributes: each path once, on its document node; no edge excerpt or sources; no evidence
    assert list(H.nodes(data=True)) == [(n, lean_node(d)) for n, d in G.nodes(data=True)]
    assert list(H.edges(data=True)) == [(u, v, lean_edge(d)) for u, v, d in G.edges(data=True)]
    docs = {n: d["sources"] for n, d in H.nodes(data=True) if d["type"] == "document"}
    assert docs and all(len(s) == 1 for s in docs.values())
    assert not any("sources" in d for _, d in H.nodes(data=True) if d["type"] != "document")
    assert any("sources" in d for _, d in G.nodes(data=True) if d["type"] != "document")
    assert not any("excerpt" in d or "sources" in d for *_, d in H.edges(data=True))
    assert any("excerpt" in d for *_, d in G.edges(data=True)) and any("sources" in d for *_, d in G.edges(data=True))
    assert H.graph["mentions"] == [] and G.graph["mentions"]  # the evidence: lawgraph.sqlite, mentions.csv
    assert "mentions" not in json.loads(path.read_text(encoding="utf-8"))


def test_csv_round_trip(G: nx.DiGraph, tmp_path: Path) -> None:
    csvfiles.write_pair(G, tmp_path)
    G = flat_copy(G)
    raw = (tmp_path / "nodes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Chinese correctly
    with open(tmp_path / "nodes.csv", encoding="utf-8-sig", newline="") as f:
        nodes = list(csv.DictReader(f))
    with open(tmp_path / "edges.csv", encoding="utf-8-sig", newline="") as f:
        edges = list(csv.DictReader(f))
    assert [r["id"] for r in nodes] == list(G.nodes)
    for r in nodes:
        d = lean_node(G.nodes[r["id"]])  # sources only on a document node's row
        assert {k: v for k, v in r.items() if k != "id" and v != ""} == {k: str(v) for k, v in d.items()}
        assert (r["sources"] != "") == (r["type"] == "document")
    assert [(r["source"], r["target"]) for r in edges] == list(G.edges)
    assert all(r["sources"] == "" for r in edges)  # the column stays, empty: scripts rely on the columns
    for r in edges:
        d = lean_edge(G.edges[r["source"], r["target"]])
        expected = {k: str(v) for k, v in d.items() if k != "label"}
        assert {k: v for k, v in r.items() if k not in ("source", "target") and v != ""} == expected


def test_write_all_is_byte_identical(tmp_path: Path) -> None:
    docs = load_docs()
    write_all(build_graph(docs), tmp_path / "a")
    write_all(build_graph(list(reversed(docs))), tmp_path / "b")
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b
    assert [str(p) for p in files_a] == [
        "agencies/agency_11e11fb9a8e0.html", "agencies/agency_6a07c5eb2c9a.html",
        "agencies/lib/lawgraph.css", "agencies/lib/lawgraph.js", "agencies/lib/page.js", "agencies/lib/utils.js",
        "agencies/lib/vis-network.css", "agencies/lib/vis-network.min.js", "cocitation.graphml", "edges.csv",
        "graph.gexf", "graph.graphml", "graph.html", "graph.json", "index.html", "lawgraph.sqlite",
        "laws/law_13398e34bd9a.html", "laws/law_1b886b6fe1f9.html", "laws/law_3a08abf24056.html",
        "laws/law_4d48e773d3f6.html", "laws/law_660241bd03c1.html", "laws/law_77e6585cdd8a.html",
        "laws/law_f73f1cc59089.html", "laws/lib/law.css", "laws/lib/law.js", "mentions.csv", "nodes.csv",
    ]  # fmt: skip
    for p in files_a:
        assert (tmp_path / "a" / p).read_bytes() == (tmp_path / "b" / p).read_bytes(), p


def test_failed_write_keeps_old_file_and_leaves_no_temp(
    G: nx.DiGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "graph.graphml"
    path.write_text("old", encoding="utf-8")
    calls = []

    def boom(text: str) -> str:
        calls.append(text)
        if len(calls) > 50:
            raise RuntimeError("disk full")
        return text

    monkeypatch.setattr(streamwriters, "text_lxml", boom)
    monkeypatch.setattr(ChunkWriter, "flush_if_full", ChunkWriter.flush)  # half a file is on disk
    with pytest.raises(RuntimeError):
        graphml.write(G, path)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.graphml"]


# --- the streaming writers write exactly what networkx' writers write ------------------------------

HOSTILE_TEXT = 'a&b <c> "d" \'e\' \t tab ]]> 《法》 \U0001f600 é'


def hostile_graph() -> nx.DiGraph:
    H = nx.DiGraph()
    H.add_node("n&1", label=HOSTILE_TEXT, type="law", documents=3, size=12.5, x=-1.0, y=2.25, color="#E15759")
    H.add_node("n2", label="二", type="agency", flag=True, ratio=0.1, years="2021;2022;2024", note=HOSTILE_TEXT)
    H.add_node("n3")  # no attributes at all
    H.add_node("n4", label="四", weight=7)
    H.add_edge("n&1", "n2", relation="cites", label="cites", weight=2, years="2020", excerpt=HOSTILE_TEXT,
               sources=("a;b.txt", "c.txt"), relation_main="cites")
    H.add_edge("n2", "n3")
    H.add_edge("n3", "n4", relation="runs", weight=1.5, flag=False)
    return H


def graphs() -> list[nx.DiGraph]:
    empty = nx.DiGraph()
    only_nodes = nx.DiGraph()
    only_nodes.add_node("a", label="甲", type="agency")
    return [build_graph(load_docs()), hostile_graph(), empty, only_nodes]


@pytest.mark.parametrize("index", range(4))
@pytest.mark.parametrize("module", [graphml, gexf, jsonfile], ids=["graphml", "gexf", "json"])
def test_streamed_writer_is_byte_identical_to_the_reference(module, index: int, tmp_path: Path) -> None:
    # the seam: lawgraph._accel.streamwriters (default) against networkx' / json's own writers
    G = graphs()[index]
    module.write(G, tmp_path / "streamed", streamed=True)
    module.write(G, tmp_path / "reference", streamed=False)
    assert (tmp_path / "streamed").read_bytes() == (tmp_path / "reference").read_bytes()


def test_reference_writers_are_networkx_and_json(tmp_path: Path) -> None:
    G = hostile_graph()
    G.add_node("doc", label="a;b.txt", type="document", sources=("a;b.txt", "c.txt"))
    graphml.write(G, tmp_path / "ours.graphml", streamed=False)
    nx.write_graphml_lxml(graphml.to_graphml_graph(G), tmp_path / "nx.graphml", encoding="utf-8", prettyprint=False)
    assert (tmp_path / "ours.graphml").read_bytes() == (tmp_path / "nx.graphml").read_bytes()
    gexf.write(G, tmp_path / "ours.gexf", streamed=False)
    buf = io.BytesIO()
    nx.write_gexf(gexf.to_gexf_graph(G), buf, encoding="utf-8", prettyprint=False, version="1.2draft")
    expected = re.sub(rb' lastmodifieddate="[^"]*"', b"", buf.getvalue(), count=1)
    # the three documented edits: no date stamp, lawgraph as creator, the per-year weight's id
    expected = re.sub(rb"<creator>NetworkX [^<]*</creator>", b"<creator>lawgraph</creator>", expected)
    num = re.search(rb'<attribute id="(\d+)" title="weight_by_year"', expected).group(1)
    expected = expected.replace(b'id="' + num + b'" title="weight_by_year"', b'id="weight" title="weight_by_year"')
    expected = expected.replace(b'<attvalue for="' + num + b'" ', b'<attvalue for="weight" ')
    assert (tmp_path / "ours.gexf").read_bytes() == expected
    assert b'<attvalue for="weight" value="2.0" start="2020-01-01" end="2020-12-31" />' in expected
    jsonfile.write(G, tmp_path / "graph.json", streamed=False)
    text = json.dumps(jsonfile.to_data(G), ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
    assert (tmp_path / "graph.json").read_text(encoding="utf-8") == text
    assert '"sources":["a;b.txt","c.txt"]' in text  # a list attribute is an array in JSON
    assert text.count('"sources"') == 1  # on the document node only, not on the edge


def test_gexf_writes_one_spell_as_attributes_and_several_as_a_block(tmp_path: Path) -> None:
    gexf.write(hostile_graph(), tmp_path / "g.gexf")
    H = nx.read_gexf(tmp_path / "g.gexf")
    assert H.nodes["n2"]["spells"] == [("2021-01-01", "2022-12-31"), ("2024-01-01", "2024-12-31")]
    assert "start" not in H.nodes["n2"]
    e = H.edges["n&1", "n2"]
    assert (e["start"], e["end"]) == ("2020-01-01", "2020-12-31") and "spells" not in e
    assert "excerpt" not in e and "sources" not in e  # the Gephi formats carry counts, not evidence
    assert e["relation_main"] == "cites"


def test_xml_writers_refuse_control_characters(tmp_path: Path) -> None:
    H = nx.DiGraph()
    H.add_node("a", label="bad\x0btext")
    with pytest.raises(ValueError, match="XML compatible"):
        graphml.write(H, tmp_path / "g.graphml")
    with pytest.raises(ValueError, match="XML compatible"):
        gexf.write(H, tmp_path / "g.gexf")
    assert list(tmp_path.iterdir()) == []


# --- write_all: parallel, incremental ----------------------------------------------------------------


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_write_all_parallel_is_byte_identical(G: nx.DiGraph, tmp_path: Path) -> None:
    one = write_all(G, tmp_path / "one")
    two = write_all(G, tmp_path / "two", jobs=2)
    three = write_all(G, tmp_path / "three", jobs=3)
    assert [p.relative_to(tmp_path / "one") for p in one] == [p.relative_to(tmp_path / "two") for p in two]
    assert [p.relative_to(tmp_path / "one") for p in one] == [p.relative_to(tmp_path / "three") for p in three]
    assert tree(tmp_path / "one") == tree(tmp_path / "two") == tree(tmp_path / "three")
    assert sorted(one) == one and all(p.is_file() for p in one)


def test_worker_failure_is_raised(G: nx.DiGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(G: nx.DiGraph, path: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setitem(exporters.EXPORTERS, "graph.gexf", boom)  # inherited by the forked worker
    with pytest.raises((ExportError, OSError), match="disk full"):
        write_all(G, tmp_path, jobs=2)
    assert not list(tmp_path.glob(".*.tmp"))


def test_unchanged_agency_pages_are_not_rewritten(tmp_path: Path) -> None:
    docs = load_docs()
    write_all(build_graph(docs), tmp_path)
    pages = sorted((tmp_path / "agencies").glob("agency_*.html"))
    assert len(pages) >= 2
    before = {p.name: p.stat().st_ino for p in pages}
    lib = {p.name: p.stat().st_ino for p in (tmp_path / "agencies" / "lib").iterdir()}
    index_ino = (tmp_path / "index.html").stat().st_ino
    write_all(build_graph(docs), tmp_path)  # same input: nothing on the agency pages changes
    assert {p.name: p.stat().st_ino for p in pages} == before
    assert {p.name: p.stat().st_ino for p in (tmp_path / "agencies" / "lib").iterdir()} == lib
    assert (tmp_path / "index.html").stat().st_ino == index_ino
    # a page whose content differs from what the build makes is rewritten
    pages[0].write_text("edited", encoding="utf-8")
    write_all(build_graph(docs), tmp_path)
    assert pages[0].read_text(encoding="utf-8") != "edited"
    assert {p.name: p.stat().st_ino for p in pages[1:]} == {p.name: before[p.name] for p in pages[1:]}


def test_stale_agency_pages_removed(tmp_path: Path) -> None:
    stale = tmp_path / "agencies" / "agency_000000000000.html"
    stale.parent.mkdir()
    stale.write_text("x", encoding="utf-8")
    write_all(build_graph(load_docs()), tmp_path)
    assert not stale.exists()


def test_exporters_do_not_mutate_graph(G: nx.DiGraph, tmp_path: Path) -> None:
    before = (list(G.nodes(data=True)), list(G.edges(data=True)))
    snapshot = json.dumps(before, ensure_ascii=False)
    write_all(G, tmp_path)
    assert json.dumps((list(G.nodes(data=True)), list(G.edges(data=True))), ensure_ascii=False) == snapshot
