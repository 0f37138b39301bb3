"""The store (DIR/lawgraph.sqlite): what it holds is the graph, its bytes are deterministic, it is left
closed (no -wal/-shm), the questions use its indexes, and a query process never imports networkx."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from lawgraph import query
from lawgraph.cli import cli
from lawgraph.graph import build_graph
from lawgraph.store import FILE_NAME, open_store, schema
from lawgraph.store import write as write_store

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "graph" / "docs.jsonl"


@pytest.fixture(scope="module")
def G() -> nx.DiGraph:
    docs = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return build_graph(docs, positions=False)


@pytest.fixture(scope="module")
def seeds_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds") / "out"
    result = CliRunner().invoke(cli, ["build", str(ROOT / "seeds"), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    return out


def test_the_build_writes_the_store_closed_and_deterministic(seeds_build: Path, tmp_path: Path) -> None:
    """Two builds of the same reports: the same bytes; no -wal, -shm or journal is left; the file is in
    rollback-journal mode (header bytes 18-19 = 1), so readers open it read-only and write nothing."""
    again = tmp_path / "again"
    result = CliRunner().invoke(cli, ["build", str(ROOT / "seeds"), "-o", str(again), "-j", "2", "--no-cache"])
    assert result.exit_code == 0, result.output
    data = (seeds_build / FILE_NAME).read_bytes()
    assert data == (again / FILE_NAME).read_bytes()
    assert data[:16] == b"SQLite format 3\x00" and data[18:20] == b"\x01\x01"
    for out in (seeds_build, again):
        assert [p.name for p in out.rglob("*") if p.name.startswith(FILE_NAME) and p.name != FILE_NAME] == []
        assert [p.name for p in out.rglob("*") if p.suffix in (".tmp", ".sqlite-wal", ".sqlite-shm")] == []


def test_the_exporter_alone(G: nx.DiGraph, tmp_path: Path) -> None:
    """write(G, path) as every exporter: the same graph, the same bytes, nothing left beside the file."""
    write_store(G, tmp_path / "a.sqlite")
    write_store(G, tmp_path / "b.sqlite")
    assert (tmp_path / "a.sqlite").read_bytes() == (tmp_path / "b.sqlite").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.sqlite", "b.sqlite"]


def _conn(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def test_the_store_holds_the_graph(G: nx.DiGraph, tmp_path: Path) -> None:
    """Every node, edge, alias, report behind an edge and mention of the graph is a row, as it is."""
    write_store(G, tmp_path / FILE_NAME)
    c = _conn(tmp_path / FILE_NAME)
    key = dict(c.execute("SELECT id, key FROM entities"))
    assert sorted(key.values()) == sorted(G.nodes)
    for k, t, label, level, docs, years in c.execute("SELECT key, type, label, level, documents, years FROM entities"):
        d = G.nodes[k]
        assert (t, label, level, docs, years) == (d["type"], d["label"], d.get("level"), d["documents"], d.get("years"))
    names = {(key[e], n) for e, n in c.execute("SELECT entity, name FROM aliases")}
    assert names == {(n, a) for n, d in G.nodes(data=True) for a in [d["label"], *d["aliases"].split("|")] if a}
    path = dict(c.execute("SELECT id, path FROM documents"))
    sources = Counter()
    for eid, u, v, rel, w, years, *counts, main in c.execute(
            f"SELECT id, source, target, relation, weight, years, {', '.join(schema.COUNT_COLUMNS)}, relation_main"
            " FROM edges"):
        d = G.edges[key[u], key[v]]
        assert (rel, w, years, main) == (d["relation"], d["weight"], d.get("years"), d.get("relation_main"))
        assert counts == [d.get(col) for col in schema.COUNT_COLUMNS]
        sources[key[u], key[v]] = tuple(sorted(path[doc] for (doc,) in c.execute(
            "SELECT document FROM edge_documents WHERE edge = ?", (eid,))))
    assert sources == {(u, v): d["sources"] for u, v, d in G.edges(data=True)}
    rows = c.execute('SELECT m.agency, m.law, d.path, d.year, m.start, m."end", m.line, m.relation, m.text, m.snippet,'
                     " m.mark_start, m.mark_end FROM evidence m JOIN documents d ON d.id = m.document ORDER BY m.id")
    assert [{"agency": key.get(r[0]), "law": key[r[1]], "source": r[2], "year": r[3], "start": r[4], "end": r[5],
             "line": r[6], "relation": r[7], "text": r[8], "snippet": r[9], "mark": [r[10], r[11]]} for r in rows] == [
        {k: v for k, v in m.items() if k != "document"} for m in G.graph["mentions"]]
    assert dict(c.execute("SELECT key, value FROM meta"))["schema_version"] == str(schema.SCHEMA_VERSION)


def test_the_graph_vocabulary_agrees() -> None:
    """schema.py repeats the graph's names so that queries import no graph code: the copies agree."""
    from lawgraph.extract.relations import RELATIONS as MENTION_RELATIONS
    from lawgraph.graph import schema as graph_schema

    assert schema.NODE_TYPES == graph_schema.NODE_TYPES and schema.RELATIONS == graph_schema.RELATIONS
    assert (schema.ALIAS_SEP, schema.LIST_SEP) == (graph_schema.ALIAS_SEP, graph_schema.LIST_SEP)
    assert schema.MENTION_RELATIONS == tuple(MENTION_RELATIONS)
    assert schema.COUNT_COLUMNS == tuple(graph_schema.COUNT_PREFIX + r for r in MENTION_RELATIONS)


# (what is asked, the SQL the query runs, the index its plan must use)
PLANS = [
    ("agency → laws", query.LAWS_SQL, "sqlite_autoindex_edges_1 (source=?)"),
    ("law → agencies", "SELECT source FROM edges WHERE target = ? AND relation = 'cites'", "edges_target (target=? AND relation=?)"),
    ("a name", query._BY_ALIAS, "aliases_fold (fold=?)"),
    ("an agency's mentions", "SELECT * FROM mentions WHERE agency = ?", "mentions_agency (agency=?)"),
    ("a law's mentions", "SELECT * FROM mentions WHERE law = ?", "mentions_law (law=?)"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "sql", "index"), PLANS, ids=[p[0] for p in PLANS])
def test_the_questions_use_an_index(seeds_build: Path, what: str, sql: str, index: str) -> None:
    """No question users ask reads a whole table: each plan searches its index, none scans."""
    c = _conn(seeds_build / FILE_NAME)
    params = (1,) * sql.count("?")
    plan = [row[-1] for row in c.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
    assert any(index in step for step in plan), plan
    assert not any(step.startswith("SCAN") for step in plan), plan


def test_the_sqlite3_example_of_the_contract(seeds_build: Path) -> None:
    """CONTRACT.md answers "which laws does 泰州市科学技术局 cite" with plain SQL; the answer is the store's."""
    sql = ("SELECT l.label, e.weight, e.relation_main FROM entities a JOIN edges e ON e.source = a.id"
           " JOIN entities l ON l.id = e.target WHERE a.type = 'agency' AND a.label = '泰州市科学技术局'"
           " AND e.relation = 'cites' AND l.type = 'law' ORDER BY e.weight DESC, l.label")
    c = _conn(seeds_build / FILE_NAME)
    rows = c.execute(sql).fetchall()
    plan = [row[-1] for row in c.execute(f"EXPLAIN QUERY PLAN {sql}")]
    assert plan[:2] == ["SEARCH a USING COVERING INDEX entities_type (type=? AND label=?)",
                        "SEARCH e USING INDEX sqlite_autoindex_edges_1 (source=?)"]
    assert [(r["law"], r["documents"], r["relation_main"]) for r in query.laws_of_agency(seeds_build, "泰州市科学技术局")] \
        == rows and len(rows) == 10


def test_each_sentence_is_stored_once(seeds_build: Path) -> None:
    """A sentence that names several laws is one row of ``snippets`` that each of their mentions points
    to; every snippet is used, in the order the evidence first gives it (the seeds: 73 mentions, 41 sentences)."""
    c = _conn(seeds_build / FILE_NAME)
    texts = dict(c.execute("SELECT id, text FROM snippets"))
    used = [i for (i,) in c.execute("SELECT snippet_id FROM mentions ORDER BY id")]
    assert len(used) == 73 and len(texts) == 41 == len(set(texts.values()))
    assert list(dict.fromkeys(used)) == sorted(texts) == list(range(1, 42))
    shared = c.execute("SELECT snippet_id, count(*) FROM mentions GROUP BY snippet_id HAVING count(*) > 1"
                       " ORDER BY count(*) DESC, snippet_id LIMIT 1").fetchone()
    names = [t for (t,) in c.execute("SELECT text FROM mentions WHERE snippet_id = ? ORDER BY id", (shared[0],))]
    assert all(name in texts[shared[0]] for name in names) and len(names) == shared[1] > 1


def test_the_evidence_example_of_the_contract(seeds_build: Path) -> None:
    """CONTRACT.md reads the sentences through the ``evidence`` view; its rows are ``lawgraph mentions``'."""
    sql = ("SELECT d.path, e.line, l.label, e.relation, e.snippet FROM evidence e JOIN documents d ON d.id = e.document"
           " JOIN entities l ON l.id = e.law JOIN entities a ON a.id = e.agency"
           " WHERE a.label = '泰州市科学技术局' ORDER BY e.start LIMIT 3")
    contract = (Path(__file__).parents[1] / "CONTRACT.md").read_text(encoding="utf-8")
    assert f'$ sqlite3 graph_exports/lawgraph.sqlite "{sql}"' in contract
    rows = _conn(seeds_build / FILE_NAME).execute(sql).fetchall()
    want = [(Path(m["source"]).name, m["line"], m["law"], m["relation"], m["snippet"])
            for m in sorted(query.mentions(seeds_build, "泰州市科学技术局"), key=lambda m: m["start"])[:3]]
    assert [(Path(r[0]).name, *r[1:]) for r in rows] == want
    shown = "\n".join("|".join(map(str, ("seeds/" + Path(r[0]).name, *r[1:]))) for r in rows)
    assert f"{shown}\n```" in contract  # the output shown is this build's (paths as the README's build gives them)


COMMANDS = [
    ["laws", "--agency", "泰州市科技局"], ["agencies", "--law", "宪法"], ["mentions", "--agency", "重庆市科学技术局"],
    ["similar", "重庆市科学技术局"], ["compare", "重庆市科学技术局", "重庆市江津区科学技术局"],
    ["changes", "重庆市科学技术局"], ["stats"], ["matrix"],
]  # fmt: skip


@pytest.mark.parametrize("args", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_a_query_imports_no_graph_library(seeds_build: Path, args: list[str]) -> None:
    """A query process reads the store only: networkx (the whole graph) is never imported."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "lawgraph", *args, "--in", str(seeds_build)],
                         capture_output=True, text=True, check=True)
    imported = {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines() if "|" in line}
    assert run.stdout and not imported & {"networkx", "numpy", "jieba", "lawgraph.graph", "lawgraph.exporters"}


def test_a_rebuild_never_keeps_a_stale_store(tmp_path: Path) -> None:
    """The build stamp counts the store among the exports: a missing or changed store is rebuilt."""
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", str(ROOT / "seeds"), "-o", str(out)]).exit_code == 0
    good = (out / FILE_NAME).read_bytes()
    (out / FILE_NAME).unlink()
    assert CliRunner().invoke(cli, ["build", str(ROOT / "seeds"), "-o", str(out)]).exit_code == 0
    assert (out / FILE_NAME).read_bytes() == good
    (out / FILE_NAME).write_bytes(b"stale")
    assert CliRunner().invoke(cli, ["build", str(ROOT / "seeds"), "-o", str(out)]).exit_code == 0
    assert (out / FILE_NAME).read_bytes() == good


FOCI = [dict(province="重庆"), dict(year="2021"), dict(year="2020-2023", top_laws=3), dict(top_laws=4),
        dict(province="江苏省", year=2024, top_laws=2), dict(province="重庆", top_laws=1)]  # fmt: skip


@pytest.mark.parametrize("options", FOCI, ids=[json.dumps(f, ensure_ascii=False) for f in FOCI])
def test_a_focused_matrix_is_the_focused_graphs(seeds_build: Path, options: dict) -> None:
    """`matrix --province --year --top-laws` over the store counts what the same focus of the graph
    (lawgraph.graph.subset, as `build` focuses) holds: the SQL and the graph code agree."""
    from lawgraph.graph.subset import focus
    from test_subset import seeds_graph

    H = focus(seeds_graph(), positions=False, **options)  # the graph `build` focuses, in memory
    counts: dict[str, Counter[str]] = {}
    for u, v, d in H.edges(data=True):
        if d["relation"] == "cites" and H.nodes[u]["type"] == "agency" and H.nodes[v]["type"] == "law":
            counts.setdefault(H.nodes[u]["label"], Counter())[H.nodes[v]["label"]] += d["weight"]
    columns, rows = query.matrix(seeds_build, **options)
    assert {r["agency"]: {law: n for law, n in r.items() if law != "agency" and n} for r in rows} == counts
    assert set(columns[1:]) == {law for c in counts.values() for law in c}


def test_open_store_takes_a_store_a_file_or_a_folder(seeds_build: Path) -> None:
    s = open_store(seeds_build)
    assert open_store(s) is s and query.stats(s) == query.stats(seeds_build / FILE_NAME) == query.stats(seeds_build)
    s.close()
