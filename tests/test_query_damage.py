"""Damaged inputs of the queries: a damaged store (DIR/lawgraph.sqlite, what every query reads) and a
damaged graph.json (what `lawgraph.load_graph` reads for scripts). Every kind of damage gives one line
naming the file and the fix, exit 2, and never a wrong answer or an internal error."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lawgraph import query
from lawgraph.cli import cli
from lawgraph.errors import GraphError
from lawgraph.store import SCHEMA_VERSION
from lawgraph.store import write as write_store

NODE_A = {"id": "agency_1", "type": "agency", "label": "甲市司法局"}
NODE_L = {"id": "law_1", "type": "law", "label": "中华人民共和国宪法", "level": "宪法"}
EDGE = {"source": "agency_1", "target": "law_1", "relation": "cites", "weight": 1, "years": "2024", "sources": "a.txt"}


MENTION = {"agency": "agency_1", "law": "law_1", "document": "agency_1", "source": "a.txt", "year": 2024,
           "start": 2, "end": 8, "line": 1, "relation": "studies", "text": "《宪法》", "snippet": "学习《宪法》",
           "mark": [2, 6]}


def good() -> dict[str, Any]:
    return {"directed": True, "multigraph": False, "graph": {}, "nodes": [dict(NODE_A), dict(NODE_L)],
            "edges": [dict(EDGE)], "mentions": [dict(MENTION)]}


def edited(change: Callable[[dict], Any]) -> bytes:
    data = good()
    change(data)
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


GOOD = json.dumps(good(), ensure_ascii=False).encode("utf-8")

# (damage, the bytes of graph.json, what the message says is wrong). One row per kind of damage.
DAMAGE = [
    ("empty file", b"", "not valid JSON (Expecting value: line 1 column 1 (char 0))"),
    ("truncated", GOOD[:-10], "not valid JSON ("),
    ("not JSON", b"<html>graph</html>", "not valid JSON ("),
    ("not UTF-8", b'{"nodes": "\xff\xfe"}', "not UTF-8 text"),
    ("a list", b"[1, 2]", "a JSON list, not an object"),
    ("a string", b'"graph"', "a JSON str, not an object"),
    ("multigraph", edited(lambda d: d.update(multigraph=True)), "not a simple directed graph"),
    ("undirected", edited(lambda d: d.update(directed=False)), "not a simple directed graph"),
    ("no directed key", edited(lambda d: d.pop("directed")), "not a simple directed graph"),
    ("no nodes", edited(lambda d: d.pop("nodes")), "no list of 'nodes' and 'edges'"),
    ("no edges", edited(lambda d: d.pop("edges")), "no list of 'nodes' and 'edges'"),
    ("nodes is a dict", edited(lambda d: d.update(nodes={})), "no list of 'nodes' and 'edges'"),
    ("node is a string", edited(lambda d: d["nodes"].append("x")), "node 3 has no id"),
    ("node without id", edited(lambda d: d["nodes"][0].pop("id")), "node 1 has no id"),
    ("numeric node id", edited(lambda d: d["nodes"][0].update(id=7)), "node 1 has no id"),
    ("node listed twice", edited(lambda d: d["nodes"].append(dict(NODE_A))), "node 'agency_1' is listed twice"),
    ("node without type", edited(lambda d: d["nodes"][0].pop("type")), "node 'agency_1' has no type or label"),
    ("label is a list", edited(lambda d: d["nodes"][1].update(label=["x"])), "node 'law_1' has a list as its 'label'"),
    ("label is a number", edited(lambda d: d["nodes"][1].update(label=3)), "node 'law_1' has a int as its 'label', not text"),
    ("edge to an unknown node", edited(lambda d: d["edges"][0].update(target="law_9")),
     "edge 'agency_1' -> 'law_9' leads to a node that is not listed"),
    ("edge without source", edited(lambda d: d["edges"][0].pop("source")), "edge 1 has no source or target"),
    ("edge is a number", edited(lambda d: d["edges"].append(5)), "edge 2 has no source or target"),
    ("edge listed twice", edited(lambda d: d["edges"].append(dict(EDGE))), "edge 'agency_1' -> 'law_1' is listed twice"),
    ("weight is text", edited(lambda d: d["edges"][0].update(weight="1")),
     "edge 'agency_1' -> 'law_1' has no relation or no finite numeric weight"),
    ("weight is NaN", GOOD.replace(b'"weight": 1', b'"weight": NaN'),
     "edge 'agency_1' -> 'law_1' has no relation or no finite numeric weight"),
    ("weight is true", edited(lambda d: d["edges"][0].update(weight=True)),
     "edge 'agency_1' -> 'law_1' has no relation or no finite numeric weight"),
    ("no relation", edited(lambda d: d["edges"][0].pop("relation")),
     "edge 'agency_1' -> 'law_1' has no relation or no finite numeric weight"),
    ("years is a dict", edited(lambda d: d["edges"][0].update(years={})), "edge 'agency_1' -> 'law_1' has a dict as its 'years'"),
    ("years lists text", edited(lambda d: d["edges"][0].update(years=["2024"])),
     "edge 'agency_1' -> 'law_1' has a list of other things than int as its 'years'"),
    ("mentions is a dict", edited(lambda d: d.update(mentions={})), "'mentions' is not a list"),
    ("mention without start", edited(lambda d: d.update(mentions=[{**MENTION, "start": None}])),
     "mention 1 has no valid 'start'"),
    ("mention of an unknown law", edited(lambda d: d.update(mentions=[{**MENTION, "law": "law_9"}])),
     "mention 1 names a node that is not listed ('law_9')"),
    ("mark outside the snippet", edited(lambda d: d.update(mentions=[{**MENTION, "mark": [2, 99]}])),
     "mention 1 has a mark outside its snippet"),
    ("nested too deeply", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
]  # fmt: skip

@pytest.mark.parametrize(("damage", "data", "why"), DAMAGE, ids=[d[0] for d in DAMAGE])
def test_a_damaged_graph_json_is_named(tmp_path: Path, damage: str, data: bytes, why: str) -> None:
    (tmp_path / "graph.json").write_bytes(data)
    with pytest.raises(GraphError) as err:
        query.load(tmp_path)
    assert str(err.value).startswith(f"{tmp_path}/graph.json is damaged: {why}")
    assert str(err.value).endswith("; rebuild with lawgraph build") and "\n" not in str(err.value)


def test_the_undamaged_graph_answers(tmp_path: Path) -> None:
    """The table's starting point is a good graph: each row's damage is what the reader trips on; its
    store answers the queries."""
    (tmp_path / "graph.json").write_bytes(GOOD)
    write_store(query.load(tmp_path), tmp_path / "lawgraph.sqlite")
    result = CliRunner().invoke(cli, ["laws", "--agency", "甲市司法局", "--in", str(tmp_path), "--format", "csv"])
    assert (result.exit_code, result.stdout) == (
        0, "law,level,documents,years,sources,relation_main,n_implements,n_studies,n_drafts,n_reviews,n_cites\n"
           "中华人民共和国宪法,宪法,1,2024,a.txt,cites,0,0,0,0,0\n")  # fmt: skip
    result = CliRunner().invoke(cli, ["mentions", "--agency", "甲市司法局", "--in", str(tmp_path), "--format", "csv"])
    assert (result.exit_code, result.stdout) == (
        0, "source,year,start,end,line,relation,law,text,snippet\n"
           "a.txt,2024,2,8,1,studies,中华人民共和国宪法,《宪法》,学习【《宪法》】\n")  # fmt: skip


# --- the store ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def good_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("good")
    (folder / "graph.json").write_bytes(GOOD)
    write_store(query.load(folder), folder / "lawgraph.sqlite")
    return folder / "lawgraph.sqlite"


def _sql(*statements: str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        conn = sqlite3.connect(path)
        for statement in statements:
            conn.execute(statement)
        conn.commit()
        conn.close()

    return change


def _bytes(change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(change(path.read_bytes()))


def _pages_zeroed(data: bytes) -> bytes:
    """Every page after the first (the schema) overwritten: the tables' b-trees are garbage."""
    return data[:4096] + b"\xa5" * (len(data) - 4096)


# (damage, how, what the message says after "DIR/lawgraph.sqlite "). One row per kind of damage.
STORE_DAMAGE = [
    ("empty file", _bytes(lambda b: b""), "is damaged: an empty file; rebuild with lawgraph build"),
    ("not SQLite", _bytes(lambda b: b"<html>graph</html>" * 300), "is damaged: file is not a database; rebuild with lawgraph build"),
    ("header cut", _bytes(lambda b: b[:50]), "is damaged: database disk image is malformed; rebuild with lawgraph build"),
    ("cut in half", _bytes(lambda b: b[: len(b) // 2]),
     "is damaged: database disk image is malformed; rebuild with lawgraph build"),
    ("pages overwritten", _bytes(_pages_zeroed), "is damaged: database disk image is malformed; rebuild with lawgraph build"),
    ("a table dropped", _sql("DROP TABLE mentions"), "is damaged: no table mentions; rebuild with lawgraph build"),
    ("an older schema", _sql("UPDATE meta SET value = '0' WHERE key = 'schema_version'"),
     f"has schema version 0, this lawgraph reads version {SCHEMA_VERSION}; rebuild with lawgraph build"),
    ("no version", _sql("DELETE FROM meta"),
     f"has schema version none, this lawgraph reads version {SCHEMA_VERSION}; rebuild with lawgraph build"),
]  # fmt: skip

QUERIES = [["stats"], ["laws", "--agency", "甲市司法局"], ["agencies", "--law", "宪法"], ["matrix"],
           ["mentions", "--agency", "甲市司法局"], ["similar", "甲市司法局"], ["changes", "甲市司法局"],
           ["compare", "甲市司法局", "甲市司法局"], ["matrix", "--top-laws", "1"]]  # fmt: skip


@pytest.mark.parametrize(("damage", "change", "why"), STORE_DAMAGE, ids=[d[0] for d in STORE_DAMAGE])
@pytest.mark.parametrize("args", QUERIES, ids=[" ".join(q[:2]) for q in QUERIES])
def test_a_damaged_store_is_named(tmp_path: Path, good_store: Path, damage: str, change, why: str,
                                  args: list[str]) -> None:
    store = tmp_path / "lawgraph.sqlite"
    shutil.copyfile(good_store, store)
    change(store)
    result = CliRunner().invoke(cli, [*args, "--in", str(tmp_path)])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"lawgraph: {store} {why}\n")


def test_a_folder_built_before_the_store(tmp_path: Path) -> None:
    """A folder an older lawgraph built (graph.json, no store) says to rebuild, as a damaged one does."""
    (tmp_path / "graph.json").write_bytes(GOOD)
    result = CliRunner().invoke(cli, ["laws", "--agency", "甲市司法局", "--in", str(tmp_path)])
    assert (result.exit_code, result.stderr) == (
        2, f"lawgraph: no lawgraph.sqlite in {tmp_path} (built by an older lawgraph); rebuild with lawgraph build\n")


def test_a_store_is_only_read(tmp_path: Path, good_store: Path) -> None:
    """A query writes nothing into the built folder (no journal, no -wal/-shm, the same bytes)."""
    store = tmp_path / "lawgraph.sqlite"
    shutil.copyfile(good_store, store)
    before = store.read_bytes()
    store.chmod(0o444)
    result = CliRunner().invoke(cli, ["mentions", "--agency", "甲市司法局", "--in", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lawgraph.sqlite"]
    assert store.read_bytes() == before
