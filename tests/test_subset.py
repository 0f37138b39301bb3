"""Focused subsets (`lawgraph.graph.subset`, `lawgraph build/matrix --province --year --top-laws`):
which reports, laws and evidence a focus keeps on the seeds graph, the CLI's summary lines, and a
focused build that never reuses a folder built with other options."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from lawgraph.cli import cli
from lawgraph.errors import InputError, NoResult
from lawgraph.graph.subset import focus, parse_years, province_name, top_laws

ROOT = Path(__file__).resolve().parents[1]


def seeds_graph() -> nx.DiGraph:
    """The seeds' graph as `build` holds it in memory before it focuses it (graph.json, leaner, holds
    each path once, on its document node)."""
    from lawgraph.graph import GraphAssembler
    from lawgraph.pipeline import extract_paths

    g = GraphAssembler()
    extract_paths(sorted(str(p) for p in (ROOT / "seeds").iterdir()), jobs=1, cache=None, sink=g.add, lean=True)
    return g.finish()


@pytest.fixture(scope="module")
def seeds() -> nx.DiGraph:
    return seeds_graph()


def labels(G: nx.DiGraph, node_type: str) -> list[str]:
    return sorted(d["label"] for _, d in G.nodes(data=True) if d["type"] == node_type)


def reporters(G: nx.DiGraph) -> list[str]:
    return sorted(G.nodes[u]["label"] for u, _, rel in G.edges(data="relation") if rel == "authored")


@pytest.mark.parametrize(
    ("options", "documents", "agencies"),
    [
        ({"province": "江苏"}, ["002_9b29ee7cd0a48152.txt"], ["泰州市科学技术局"]),
        ({"province": "江苏省", "year": 2024}, ["002_9b29ee7cd0a48152.txt"], ["泰州市科学技术局"]),
        ({"province": "重庆", "year": 2021}, ["001_941c10f9f08c4ec0.txt", "003_6e791484e7a4330b.txt"],
         ["重庆市江津区科学技术局", "重庆市沙坪坝区科学技术局"]),
        ({"year": "2020-2023"}, ["001_941c10f9f08c4ec0.txt", "003_6e791484e7a4330b.txt"],
         ["重庆市江津区科学技术局", "重庆市沙坪坝区科学技术局"]),
        ({"year": "2024-2024", "province": "重庆市"}, ["000_7c7a822b79e1e6d1.txt", "004_4acc2f9e54aa100b.txt"],
         ["重庆市九龙坡区科学技术局", "重庆市科学技术局"]),
        ({"top_laws": 5}, ["000_7c7a822b79e1e6d1.txt", "001_941c10f9f08c4ec0.txt", "002_9b29ee7cd0a48152.txt",
                           "003_6e791484e7a4330b.txt", "004_4acc2f9e54aa100b.txt"],
         ["泰州市科学技术局", "重庆市九龙坡区科学技术局", "重庆市江津区科学技术局", "重庆市沙坪坝区科学技术局", "重庆市科学技术局"]),
    ],
)
def test_focus_keeps_the_reports(seeds: nx.DiGraph, options: dict, documents: list[str], agencies: list[str]) -> None:
    H = focus(seeds, **options)
    assert (labels(H, "document"), reporters(H)) == (documents, agencies)
    kept = {d["sources"][0] for _, d in H.nodes(data=True) if d["type"] == "document"}
    assert all(set(d["sources"]) <= kept for _, d in H.nodes(data=True))
    assert all(set(d["sources"]) <= kept and d["weight"] == len(d["sources"]) for _, _, d in H.edges(data=True))
    assert {m["source"] for m in H.graph["mentions"]} <= kept
    assert all(m["law"] in H for m in H.graph["mentions"])
    assert all(H.degree(n) for n, t in H.nodes(data="type") if t not in ("document",))


def test_top_laws_are_ranked_by_citing_agencies(seeds: nx.DiGraph) -> None:
    H = focus(seeds, top_laws=5)
    assert labels(H, "law") == sorted(["中华人民共和国宪法", "中华人民共和国民法典", "中华人民共和国科学技术进步法",
                                       "中华人民共和国促进科技成果转化法", "中华人民共和国科学技术普及法"])
    ranked = [seeds.nodes[n]["label"] for n in top_laws(seeds, 6)]
    assert ranked == ["中华人民共和国宪法", "中华人民共和国民法典", "中华人民共和国科学技术进步法",
                      "中华人民共和国促进科技成果转化法", "中华人民共和国科学技术普及法", "法治中国建设规划（2020-2025年）"]


def test_focus_leaves_the_graph_alone_and_is_deterministic(seeds: nx.DiGraph) -> None:
    before = nx.to_dict_of_dicts(seeds), dict(seeds.nodes(data=True)), len(seeds.graph["mentions"])
    a, b = focus(seeds, province="重庆", top_laws=3), focus(seeds, province="重庆", top_laws=3)
    assert (nx.to_dict_of_dicts(seeds), dict(seeds.nodes(data=True)), len(seeds.graph["mentions"])) == before
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(data=True)) == list(b.edges(data=True))
    assert all("x" in d and "y" in d and "size" in d for _, d in a.nodes(data=True))


def test_narrowed_counts(seeds: nx.DiGraph) -> None:
    """宪法 is cited in four reports; in 2021's two it counts two, with the years of those."""
    H = focus(seeds, year=2021)
    law = next(n for n, d in H.nodes(data=True) if d["label"] == "中华人民共和国宪法")
    assert (H.nodes[law]["documents"], H.nodes[law]["years"]) == (2, "2021")


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"province": "江苏", "year": 2021}, NoResult, "no document in this graph is of 江苏省, 2021; try a wider focus"),
        ({"province": "火星"}, InputError, "unknown province '火星'"),
        ({"year": "20x"}, InputError, "cannot read the year '20x'"),
        ({"year": "2024-2020"}, InputError, "the year range '2024-2020' ends before it starts"),
        ({"top_laws": 0}, InputError, "--top-laws 0 keeps nothing"),
    ],
)
def test_focus_errors(seeds: nx.DiGraph, options: dict, error: type, message: str) -> None:
    with pytest.raises(error) as info:
        focus(seeds, **options)
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(("given", "name"), [("江苏", "江苏省"), ("江苏省", "江苏省"), (" 重庆 ", "重庆市"), ("内蒙古", "内蒙古自治区")])
def test_province_names(given: str, name: str) -> None:
    assert province_name(given) == name


@pytest.mark.parametrize(("given", "years"), [("2024", (2024, 2024)), (2021, (2021, 2021)), ("2020-2023", (2020, 2023))])
def test_years(given: str, years: tuple[int, int]) -> None:
    assert parse_years(given) == years


# --- the CLI ----------------------------------------------------------------------------------------


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize(
    ("options", "stdout"),
    [
        (["--province", "江苏", "--year", "2024", "--top-laws", "20"],
         "5 documents processed, 0 skipped, 0 duplicates; focused on 江苏省, 2024, top 20 laws: 1 of 5 documents; "
         "34 nodes, 33 edges; written to out/\n"),
        (["--province", "重庆", "--year", "2021"],
         "5 documents processed, 0 skipped, 0 duplicates; focused on 重庆市, 2021: 2 of 5 documents; "
         "53 nodes, 57 edges; written to out/\n"),
    ],
)
def test_focused_build(work: Path, options: list[str], stdout: str) -> None:
    result = run("build", "seeds", "-o", "out", "-j", "1", "-q", *options)
    assert (result.exit_code, result.stdout) == (0, stdout)
    assert len(Path("out/manifest.csv").read_text(encoding="utf-8-sig").splitlines()) == 6  # every input
    nodes = json.loads(Path("out/graph.json").read_text(encoding="utf-8"))["nodes"]
    assert f"{len(nodes)} nodes" in stdout


@pytest.mark.parametrize(
    ("options", "code", "stderr"),
    [
        (["--province", "江苏x"], 2,
         "lawgraph: unknown province '江苏x'; the closest are 江苏省, 浙江省; pass a province such as 江苏 or 江苏省\n"),
        (["--province", "江苏", "--year", "2021"], 1,
         "lawgraph: none of the reports is of 江苏省, 2021; out left as it was; try a wider --province/--year\n"),
    ],
)
def test_focused_build_errors(work: Path, options: list[str], code: int, stderr: str) -> None:
    result = run("build", "seeds", "-o", "out", "-j", "1", "-q", *options)
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", stderr)
    assert not Path("out").exists()


def test_focused_build_rewrites_a_full_build_and_back(work: Path) -> None:
    full = run("build", "seeds", "-o", "out", "-j", "1", "-q")
    full_json = Path("out/graph.json").read_bytes()
    focused = run("build", "seeds", "-o", "out", "-j", "1", "-q", "--province", "江苏")
    assert "focused on 江苏省: 1 of 5 documents; 34 nodes" in focused.stdout
    assert Path("out/graph.json").read_bytes() != full_json
    again = run("build", "seeds", "-o", "out", "-j", "1", "-q")
    assert (again.stdout, Path("out/graph.json").read_bytes()) == (full.stdout, full_json)
    other = run("build", "seeds", "-o", "out", "-j", "1", "-q", "--province", "江苏", "--top-laws", "2")
    assert "focused on 江苏省, top 2 laws: 1 of 5 documents" in other.stdout
    assert sum(1 for n in json.loads(Path("out/graph.json").read_text(encoding="utf-8"))["nodes"]
               if n["type"] == "law") == 2


def test_library_build_reports_the_focus(work: Path) -> None:
    import lawgraph

    report = lawgraph.build(["seeds"], "out", jobs=1, year="2021", top_laws=3)
    assert (report.focused, report.processed) == (("2021, top 3 laws", 2, 5), 5)
    laws = [n for n in json.loads(Path("out/graph.json").read_text(encoding="utf-8"))["nodes"] if n["type"] == "law"]
    assert len(laws) == 3
