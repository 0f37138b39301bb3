"""`lawgraph build --formats`: only the exports asked for, the same bytes as in a full build, the
store always, the files of formats left out removed from DIR, and the stamp telling selections apart."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import lawgraph.build  # noqa: F401  (the module, for its FAST_FOLDERS switch)
from lawgraph import outputs as formats
from lawgraph.cli import cli
from lawgraph.errors import InputError
from lawgraph.exporters import write_all

ROOT = Path(__file__).resolve().parents[1]
BUILD = sys.modules["lawgraph.build"]
STAMP = ".lawgraph-build.json"
SUMMARY = "5 documents processed, 0 skipped, 0 duplicates; 129 nodes, 150 edges; written to {}/\n"


@pytest.mark.parametrize(("text", "selection"), [
    ("graphml,html", ("graphml", "html")),
    ("html,graphml", ("graphml", "html")),  # the order of FORMATS, however spelled
    (" GraphML , HTML ", ("graphml", "html")),
    ("csv,csv", ("csv",)),
    ("cocitation", ("cocitation",)),
    ("all", None),
    ("json,all", None),
    ("graphml,gexf,json,csv,cocitation,html", None),  # every format named: the default build
])
def test_parse(text: str, selection: tuple[str, ...] | None) -> None:
    assert formats.parse(text) == selection


@pytest.mark.parametrize(("text", "message"), [
    ("xml", "unknown format 'xml' in --formats 'xml': choose from graphml, gexf, json, csv, cocitation, html "
            "(comma-separated) or all"),
    ("graphml;html", "unknown format 'graphml;html' in --formats 'graphml;html': choose from graphml, gexf, json, "
                     "csv, cocitation, html (comma-separated) or all"),
    ("", "--formats needs at least one of graphml, gexf, json, csv, cocitation, html or all"),
    (" , ", "--formats needs at least one of graphml, gexf, json, csv, cocitation, html or all"),
])
def test_parse_refuses(text: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        formats.parse(text)
    assert str(err.value) == message


@pytest.mark.parametrize(("selection", "left_out"), [
    (None, ()),
    (("graphml", "html"), ("graph.gexf", "graph.json", "nodes.csv", "edges.csv", "mentions.csv", "cocitation.graphml")),
    (("csv",), ("graph.graphml", "graph.gexf", "graph.json", "cocitation.graphml", "graph.html", "index.html",
                "agencies", "laws")),
])
def test_left_out(selection: tuple[str, ...] | None, left_out: tuple[str, ...]) -> None:
    assert formats.left_out(selection) == left_out
    assert "lawgraph.sqlite" in formats.wanted(selection)


# --- builds ---------------------------------------------------------------------------------------


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)  # the same relative paths in every build
    return tmp_path


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, ["build", "seeds", "-j", "1", "-q", "--cache-dir", "cache", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def files(out: Path) -> dict[str, bytes]:
    """Every file under `out` and its bytes (the build stamp aside: it records times)."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != STAMP}


def mtimes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def data_file_links(index: bytes) -> list[str]:
    text = index.decode("utf-8")
    if "<h2>数据文件</h2>" not in text:
        return []
    listed = text.split("<h2>数据文件</h2>\n<ul>", 1)[1].split("</ul>", 1)[0]
    return [part.split('"', 1)[0] for part in listed.split('<li><a href="')[1:]]


def test_a_selection_writes_its_files_with_the_bytes_of_a_full_build(work: Path) -> None:
    assert run("-o", "full") == SUMMARY.format("full")
    assert run("-o", "lean", "--formats", "graphml,html") == SUMMARY.format("lean")
    full, lean = files(work / "full"), files(work / "lean")
    assert sorted(p.name for p in (work / "lean").iterdir()) == [
        STAMP, "agencies", "graph.graphml", "graph.html", "index.html", "lawgraph.sqlite", "laws", "manifest.csv"]
    for name, data in lean.items():
        if name != "index.html":
            assert data == full[name], name
    assert {k for k in full if k.startswith(("agencies/", "laws/"))} == {
        k for k in lean if k.startswith(("agencies/", "laws/"))}
    # the index links only the data files written beside it
    assert data_file_links(full["index.html"]) == [
        "graph.graphml", "graph.gexf", "graph.json", "nodes.csv", "edges.csv", "mentions.csv", "cocitation.graphml",
        "lawgraph.sqlite"]
    assert data_file_links(lean["index.html"]) == ["graph.graphml", "lawgraph.sqlite"]
    # the queries read the store, which every build writes
    laws = CliRunner().invoke(cli, ["laws", "--agency", "泰州市科技局", "--in", "lean", "--format", "csv"])
    full_laws = CliRunner().invoke(cli, ["laws", "--agency", "泰州市科技局", "--in", "full", "--format", "csv"])
    assert laws.exit_code == 0 and laws.stdout == full_laws.stdout and laws.stdout.count("\n") > 5


def test_html_alone_lists_the_store(work: Path) -> None:
    run("-o", "out", "--formats", "html")
    assert data_file_links((work / "out" / "index.html").read_bytes()) == ["lawgraph.sqlite"]


@pytest.mark.parametrize("fast", [True, False], ids=["folder by folder", "file by file"])
def test_files_of_formats_left_out_are_removed(work: Path, monkeypatch: pytest.MonkeyPatch, fast: bool) -> None:
    monkeypatch.setattr(BUILD, "FAST_FOLDERS", fast)
    run("-o", "full")
    full = files(work / "full")
    out = work / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    run("-o", "out")
    run("-o", "out", "--formats", "csv")
    assert sorted(p.name for p in out.iterdir()) == [
        STAMP, "edges.csv", "lawgraph.sqlite", "manifest.csv", "mentions.csv", "nodes.csv", "notes.txt"]
    assert {k: v for k, v in files(out).items() if k != "notes.txt"} == {
        k: full[k] for k in ("edges.csv", "lawgraph.sqlite", "manifest.csv", "mentions.csv", "nodes.csv")}
    run("-o", "out")  # every format again: the folder of a full build
    assert files(out) == {**full, "notes.txt": b"mine"}


def test_the_stamp_tells_selections_apart(work: Path) -> None:
    run("-o", "out", "--formats", "graphml,html")
    before = mtimes(work / "out")
    run("-o", "out", "--formats", " HTML,graphml ")  # the same selection: up to date, nothing written
    assert mtimes(work / "out") == before
    run("-o", "out", "--formats", "graphml")  # another selection: built
    assert not (work / "out" / "index.html").exists()
    assert mtimes(work / "out")[STAMP] != before[STAMP]
    run("-o", "out", "--formats", "all")
    after_all = mtimes(work / "out")
    run("-o", "out")  # no --formats is all
    assert mtimes(work / "out") == after_all


@pytest.mark.parametrize(("value", "message"), [
    ("xml", "lawgraph: unknown format 'xml' in --formats 'xml': choose from graphml, gexf, json, csv, cocitation, "
            "html (comma-separated) or all\n"),
    ("", "lawgraph: --formats needs at least one of graphml, gexf, json, csv, cocitation, html or all\n"),
])
def test_a_bad_selection_stops_before_any_work(work: Path, value: str, message: str) -> None:
    result = CliRunner().invoke(cli, ["build", "seeds", "-o", "out", "--formats", value])
    assert result.exit_code == 2
    assert result.stderr == message and result.stdout == ""
    assert not (work / "out").exists()


def test_export_lists_the_selection(tmp_path: Path) -> None:
    import lawgraph

    G = lawgraph.build_graph([lawgraph.extract(p) for p in sorted((ROOT / "seeds").glob("*.txt"))])
    written = lawgraph.export(G, tmp_path / "json", formats=["json"])
    assert [p.name for p in written] == ["graph.json", "lawgraph.sqlite"]
    assert sorted(p.name for p in (tmp_path / "json").iterdir()) == ["graph.json", "lawgraph.sqlite"]
    site = write_all(G, tmp_path / "site", formats=("html",))  # the library's own spelling
    names = {p.relative_to(tmp_path / "site").as_posix() for p in site}
    assert {"graph.html", "index.html", "lawgraph.sqlite", "agencies/lib/page.js"} <= names
    assert not names & {"graph.graphml", "graph.json", "nodes.csv"}
    assert names == {p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*") if p.is_file()}


def test_load_graph_says_when_json_was_left_out(work: Path) -> None:
    import lawgraph
    from lawgraph.errors import GraphError

    run("-o", "out", "--formats", "graphml")
    with pytest.raises(GraphError) as err:
        lawgraph.load_graph("out")
    assert str(err.value) == ("no graph.json in out: it was built without the json format; "
                              "rebuild it with lawgraph build -o out --formats json,… (or all)")
    run("-o", "out", "--formats", "graphml,json")
    assert lawgraph.load_graph("out").number_of_nodes() == 129
