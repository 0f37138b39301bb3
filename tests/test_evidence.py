"""The evidence of law mentions and the comparisons: snippets, the graph's ``mentions``, relation counts
on edges, mentions.csv, cocitation.graphml, and the commands mentions / laws --relation / similar /
compare / changes on the seeds build (graph_exports/, kept current by test_cli_graph)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import lawgraph
from lawgraph.cli import cli
from lawgraph.compare import cocitation
from lawgraph.exporters import cocitation as cocitation_export
from lawgraph.exporters import csvfiles, jsonfile
from lawgraph.extract.evidence import SNIPPET_CHARS, snippet
from lawgraph.graph import build_graph

ROOT = Path(__file__).resolve().parents[1]
SEEDS_OUT = str(ROOT / "graph_exports")
CQ = "重庆市科学技术局"


def run(*args: str):
    return CliRunner().invoke(cli, [*args, "--in", SEEDS_OUT])


# --- snippets: (cleaned text, mention, expected snippet, expected mark) ---------------------------

LONG = "甲" * 200
SNIPPETS = [
    # the whole sentence, ends excluded, the mention marked
    ("一是加强宣传。组织学习《宪法》等法律。二是", "《宪法》", "组织学习《宪法》等法律", (4, 8)),
    # whitespace runs fold to one space, the mark follows
    ("组织  学习 \t《宪法》。", "《宪法》", "组织 学习 《宪法》", (6, 10)),
    # a sentence longer than the limit is cut on both sides around the mention, … at each cut
    (LONG + "学习《宪法》" + LONG + "。", "《宪法》", "…" + "甲" * 75 + "学习《宪法》" + "甲" * 77 + "…", (78, 82)),
    # a mention at the start of a long sentence keeps the room for what follows
    ("《宪法》" + LONG, "《宪法》", "《宪法》" + "甲" * 155 + "…", (0, 4)),
]


@pytest.mark.parametrize(("text", "name", "expected", "mark"), SNIPPETS)
def test_snippet(text: str, name: str, expected: str, mark: tuple[int, int]) -> None:
    start = text.index(name)
    got, a, b = snippet(text, start, start + len(name))
    assert (got, (a, b)) == (expected, mark)
    assert len(got) <= SNIPPET_CHARS and got[a:b] == name


# --- the seeds: every mention of the report, offsets into the original file ---------------------


def test_mentions_json_lists_every_law_mention_of_the_report() -> None:
    res = run("mentions", "--agency", CQ, "--format", "json")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    (source,) = {r["source"] for r in rows}
    extracted = lawgraph.extract(str(ROOT / source))
    spans = sorted((m["start"], m["end"], m["relation"]) for law in extracted["laws"] for m in law["mentions"])
    assert [(r["start"], r["end"], r["relation"]) for r in rows] == spans  # every one, in report order
    original = lawgraph.load(ROOT / source).original
    for r in rows:
        assert original[r["start"] : r["end"]] == r["text"]
        assert original.count("\n", 0, r["start"]) + 1 == r["line"]
        a, b = r["mark"]
        assert 0 <= a < b <= len(r["snippet"]) <= SNIPPET_CHARS
        assert r["year"] == 2024


def test_mentions_table_marks_the_name() -> None:
    res = run("mentions", "--agency", "重庆市科技局", "--relation", "drafts", "--law", "科学技术普及法")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0].split() == ["source", "year", "start", "end", "line", "relation", "snippet"]
    assert len(lines) == 3
    assert lines[2].split()[:6] == ["seeds/000_7c7a822b79e1e6d1.txt", "2024", "887", "903", "17", "drafts"]
    assert "开展【《中华人民共和国科学技术普及法》】修订工作" in lines[2]


def test_at_least_four_relations_occur_on_the_seeds() -> None:
    with open(ROOT / "graph_exports" / "mentions.csv", encoding="utf-8-sig", newline="") as f:
        assert len({m["relation"] for m in csv.DictReader(f)}) >= 4


def test_laws_filtered_by_relation() -> None:
    res = run("laws", "--agency", CQ, "--relation", "drafts", "--format", "jsonl")
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert rows and all(r["n_drafts"] > 0 for r in rows)
    every = json.loads(run("laws", "--agency", CQ, "--format", "json").stdout)
    assert {r["law"] for r in rows} == {r["law"] for r in every if r["n_drafts"]}
    assert all(isinstance(r["years"], list) and isinstance(r["sources"], list) for r in every)


@pytest.mark.parametrize(
    "args",
    [["similar", CQ], ["similar", CQ, "--top", "1"], ["compare", CQ, "重庆市江津区科学技术局"], ["changes", CQ]],
)
@pytest.mark.parametrize("fmt", ["table", "json", "csv", "jsonl"])
def test_comparisons_answer(args: list[str], fmt: str) -> None:
    res = run(*args, "--format", fmt)
    assert res.exit_code == 0, res.output
    assert res.stdout.strip()


def test_similar_rows() -> None:
    rows = json.loads(run("similar", CQ, "--format", "json").stdout)
    assert rows[0] == {"agency": "重庆市江津区科学技术局", "score": rows[0]["score"], "shared_count": 2,
                       "shared": ["中华人民共和国宪法", "中华人民共和国科学技术普及法"]}
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


@pytest.mark.parametrize(
    "args", [["similar", "重庆市科技厅"], ["compare", CQ, "重庆市科技厅"], ["changes", "重庆市科技厅"],
             ["mentions", "--agency", "重庆市科技厅"]],
)
def test_unknown_agency_exits_1_with_the_closest(args: list[str]) -> None:
    res = run(*args)
    assert res.exit_code == 1
    assert res.stderr == "lawgraph: unknown agency '重庆市科技厅'; closest: 重庆市科学技术局, 重庆市江津区科学技术局, 重庆市沙坪坝区科学技术局\n"


# --- the graph: relation counts, the mentions list, the exports ----------------------------------


def doc(source: str, agency: str | None, mentions: list[tuple[str, int, str, str]]) -> dict:
    """An extract dict with one law per mention (name, start, relation, snippet)."""
    return {
        "source": source, "year": 2024, "agency": {"name": agency, "jurisdiction": None} if agency else None,
        "laws": [{"name": name, "level": "法律", "mentions": [
            {"text": f"《{name}》", "start": s, "end": s + len(name) + 2, "relation": rel, "line": 1,
             "snippet": snip, "mark": [0, len(name) + 2]}]} for name, s, rel, snip in mentions],
        "agencies": [], "programs": [],
    }  # fmt: skip


DOCS = [
    doc("b.txt", "甲市司法局", [("宪法", 0, "studies", "《宪法》"), ("民法典", 10, "implements", "=《民法典》")]),
    doc("a.txt", "甲市司法局", [("宪法", 5, "drafts", "《宪法》")]),
    doc("c.txt", None, [("宪法", 3, "reviews", "《宪法》")]),
]


def test_edges_count_mentions_per_relation() -> None:
    G = build_graph(DOCS)
    (agency,) = [n for n, d in G.nodes(data=True) if d["label"] == "甲市司法局"]
    law = next(v for v in G[agency] if G.nodes[v]["label"] == "中华人民共和国宪法")
    d = G[agency][law]
    assert {k: d[k] for k in d if k.startswith("n_") or k == "relation_main"} == {
        "n_implements": 0, "n_studies": 1, "n_drafts": 1, "n_reviews": 0, "n_cites": 0, "relation_main": "drafts"}
    assert d["relation"] == "cites"  # the edge's kind is unchanged


def test_graph_mentions_sorted_and_complete() -> None:
    G = build_graph(DOCS)
    got = [(m["agency"] is None, m["source"], m["start"], m["relation"]) for m in G.graph["mentions"]]
    assert sorted(got) == [(False, "a.txt", 5, "drafts"), (False, "b.txt", 0, "studies"),
                           (False, "b.txt", 10, "implements"), (True, "c.txt", 3, "reviews")]
    keys = [(m["agency"] or "", m["law"], m["source"], m["start"]) for m in G.graph["mentions"]]
    assert keys == sorted(keys)
    assert build_graph(list(reversed(DOCS))).graph["mentions"] == G.graph["mentions"]


def test_mentions_csv_is_flat_and_formula_safe(tmp_path: Path) -> None:
    G = build_graph(DOCS)
    csvfiles.write_mentions(G, tmp_path / "mentions.csv")
    with open(tmp_path / "mentions.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == list(csvfiles.MENTION_COLUMNS)
    assert len(rows) == 4
    civil = next(r for r in rows if r["law_name"] == "中华人民共和国民法典")
    assert civil["snippet"] == "'=《民法典》"  # a cell that would run as a formula is text
    unknown = next(r for r in rows if r["source"] == "c.txt")
    assert (unknown["agency"], unknown["agency_name"]) == ("", "")


def test_graph_json_arrays_and_mentions(tmp_path: Path) -> None:
    G = build_graph(DOCS)
    jsonfile.write(G, tmp_path / "graph.json")
    data = json.loads((tmp_path / "graph.json").read_text(encoding="utf-8"))
    law = next(n for n in data["nodes"] if n["label"] == "中华人民共和国宪法")
    assert law["years"] == [2024] and "sources" not in law and law["documents"] == 3  # paths: document nodes
    assert sorted(p for n in data["nodes"] if n["type"] == "document" for p in n["sources"]) == ["a.txt", "b.txt", "c.txt"]
    assert isinstance(law["aliases"], list)
    assert "mentions" not in data and G.graph["mentions"]  # the evidence: lawgraph.sqlite and mentions.csv
    jsonfile.write(G, tmp_path / "ref.json", streamed=False)
    assert (tmp_path / "ref.json").read_bytes() == (tmp_path / "graph.json").read_bytes()


def test_cocitation_graphml_round_trip(tmp_path: Path) -> None:
    G = build_graph(DOCS)
    cocitation_export.write(G, tmp_path / "cocitation.graphml")
    H = nx.read_graphml(tmp_path / "cocitation.graphml")
    P = cocitation(G)
    assert not H.is_directed()
    assert sorted(H.nodes) == sorted(P.nodes)
    assert {frozenset(e): d["weight"] for *e, d in H.edges(data=True)} == {
        frozenset(e): d["weight"] for *e, d in P.edges(data=True)}  # fmt: skip
    assert all(d["relation"] == "co_cited" for *_, d in H.edges(data=True))


def test_the_cli_knows_the_relations_of_the_extractor() -> None:
    from lawgraph.cli.comparing import RELATIONS
    from lawgraph.extract import relations
    from lawgraph.query import MENTION_RELATIONS

    assert RELATIONS == relations.RELATIONS == MENTION_RELATIONS


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_mentions_rows_in_other_formats(fmt: str) -> None:
    res = run("mentions", "--agency", CQ, "--law", "科学技术普及法", "--format", fmt)
    assert res.exit_code == 0, res.output
    if fmt == "jsonl":
        (row,) = [json.loads(line) for line in res.stdout.splitlines()]
        assert (row["start"], row["end"], row["mark"], row["text"]) == (887, 903, [73, 89], "《中华人民共和国科学技术普及法》")
    else:
        assert res.stdout.splitlines()[0] == "source,year,start,end,line,relation,law,text,snippet"
        assert "开展【《中华人民共和国科学技术普及法》】修订工作" in res.stdout
