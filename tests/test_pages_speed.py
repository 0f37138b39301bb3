"""The site's speed-ups are seams: with ``memo.ENABLED`` off every page is worked out and written the
plain way (no per-graph or per-word memo, ``write_if_changed`` per file), and the pages are the same
bytes either way, on the seeds, on a graph of some hundreds of nodes and on a synthetic one with
many agencies; a graph's mentions read as tuples or as an older graph's dicts give the same pages."""

from __future__ import annotations

import stat
from pathlib import Path

import networkx as nx
import pytest

from lawgraph.exporters import write_all
from lawgraph.exporters.html import evidence, indexpage, memo
from lawgraph.exporters.html.page import PageFolder
from lawgraph.graph import GraphAssembler, build_graph
from lawgraph.graph.mention import KEYS, Mention
from lawgraph.pipeline import extract_paths
from test_views_scale import big_docs

ROOT = Path(__file__).resolve().parents[1]


def assembled(*folders: Path) -> nx.DiGraph:
    """The graph `build` assembles from the reports in ``folders`` (mentions as tuples)."""
    g = GraphAssembler()
    paths = sorted(str(p) for folder in folders for p in folder.iterdir() if p.is_file())
    extract_paths(paths, jobs=1, cache=None, sink=g.add, lean=True)
    return g.finish()


@pytest.fixture(scope="module")
def seeds() -> nx.DiGraph:
    return assembled(ROOT / "seeds")


@pytest.fixture(scope="module")
def hundreds() -> nx.DiGraph:
    G = assembled(ROOT / "seeds", ROOT / "tests" / "fixtures" / "dev" / "raw")
    assert 200 <= G.number_of_nodes() <= 2000 and G.graph["mentions"]
    return G


def site_bytes(G: nx.DiGraph, out: Path) -> dict[str, bytes]:
    write_all(G, out)
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def plain_site_bytes(G: nx.DiGraph, out: Path) -> dict[str, bytes]:
    memo.ENABLED = False
    try:
        return site_bytes(G, out)
    finally:
        memo.ENABLED = True


def assert_same(a: dict[str, bytes], b: dict[str, bytes]) -> None:
    assert a.keys() == b.keys()
    for name in a:
        assert a[name] == b[name], name


@pytest.mark.parametrize("which", ["seeds", "hundreds", "synthetic"])
def test_site_is_the_same_bytes_without_the_memos(which: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    G = build_graph(big_docs(120, 400)) if which == "synthetic" else request.getfixturevalue(which)
    fast = site_bytes(G, tmp_path / "fast")
    assert any(name.startswith("agencies/agency_") for name in fast) and "index.html" in fast
    assert_same(fast, plain_site_bytes(G, tmp_path / "plain"))


def test_mentions_as_dicts_give_the_same_pages(hundreds: nx.DiGraph, tmp_path: Path) -> None:
    """``evidence.parts`` reads a tuple in one step and a dict key by key: the same pages."""
    H = hundreds.copy()
    H.graph["mentions"] = [m.as_dict() for m in hundreds.graph["mentions"]]
    assert_same(site_bytes(hundreds, tmp_path / "tuples"), site_bytes(H, tmp_path / "dicts"))


def test_mention_parts_read_the_tuple_in_its_key_order() -> None:
    assert KEYS == ("agency", "law", "document", "source", "year", "start", "end", "line", "relation", "text",
                    "snippet", "mark")  # fmt: skip
    m = Mention("agency_1", "law_2", "document_3", "/r/a.txt", 2023, 5, 9, 4, "studies", "《法》", "学习《法》。", [2, 5])
    expected = ("agency_1", "document_3", "studies", "/r/a.txt", 2023, 4, "学习《法》。", [2, 5])
    assert evidence.parts(m) == expected == evidence.parts(m.as_dict())
    assert evidence.parts({"year": "2023", "line": None, "text": "《法》"}) == (
        None, None, None, "", None, None, "《法》", None,
    )  # fmt: skip


@pytest.mark.parametrize(
    "name",
    ["重庆市银行业协会", "长沙市长安区行政审批服务局", "中华人民共和国行政许可法", "重庆重型机械厂",
     "ABC（筹）公司2024", "〇", "", "法规 A·B", "𠀀测试", "厦门市思明区人民政府办公室"],
)  # fmt: skip
def test_pinyin_keys_per_word_equal_lazy_pinyin_of_the_name(name: str) -> None:
    assert indexpage.pinyin_key(name) == indexpage._plain_pinyin_key(name)


def test_page_folder_writes_like_write_if_changed(tmp_path: Path) -> None:
    folder = PageFolder(tmp_path / "pages")
    assert not (tmp_path / "pages").exists()  # no page, no folder
    assert folder.write("a.html", b"one")
    assert (tmp_path / "pages" / "a.html").read_bytes() == b"one"
    assert stat.S_IMODE((tmp_path / "pages" / "a.html").stat().st_mode) == 0o644
    again = PageFolder(tmp_path / "pages")
    assert not again.write("a.html", b"one")  # the same bytes: left untouched
    assert again.write("a.html", b"two") and (tmp_path / "pages" / "a.html").read_bytes() == b"two"
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == ["a.html"]  # no temporary file left
