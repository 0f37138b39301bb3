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
from lawgraph.exporters.html import compact, evidence, indexpage, memo
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


AWKWARD_MENTIONS = [
    {"relation": "drafts", "snippet": "起草<b>《A&B条例》</b>\u2028草案", "mark": [5, 13], "source": "x/r.txt", "year": 2023,
     "line": 4},
    {"relation": ["odd"], "snippet": "见《A》", "mark": [1, 99], "source": "r.txt", "year": "2020", "line": 1},
    {"snippet": "", "text": "《A》>", "mark": None, "source": "d\\s.txt"},
    {"relation": "studies", "snippet": "𠀀学《A》", "mark": [2, 5], "source": "x/r.txt", "year": 2024, "line": 2},
]  # fmt: skip


def test_mention_rows_at_once_equal_each_row() -> None:
    """Rows made script-safe as a whole: the same text as each piece escaped on its own."""
    plain, fast = compact.Table(), compact.Table()
    expected = ",".join(compact.mention_row(m, plain) for m in AWKWARD_MENTIONS)
    assert compact.mention_rows(AWKWARD_MENTIONS, compact.SourceNumbers(3, fast)) == expected
    assert plain.index == fast.index


@pytest.mark.parametrize(
    ("edge", "text"),
    [
        ({"relation": "cites", "weight": 3, "relation_main": "implements", "n_implements": 2, "n_cites": True,
          "sources": ("a/r1.txt", "b/r2.txt", "a/r1.txt", "c/r3.txt")}, "<excerpt> & more"),
        ({"relation": "cites", "weight": 1.0, "relation_main": ["x"], "n_drafts": -1, "sources": ()}, ""),
        ({"relation": "cites;funds", "sources": "a/r1.txt;;b/r9.txt"}, None),
        ({"relation": "funds", "weight": 2}, ""),
        ({}, ""),
    ],
)  # fmt: skip
def test_own_edge_row_equals_the_plain_row(edge: dict, text: object) -> None:
    """An agency's own edge written in one step (``_own_edge_tail``, ``SourceNumbers``): the plain
    row, and the same file numbers, also for a list of sources met again."""
    for limit in (0, 2, 3):
        plain, fast = compact.Table(), compact.Table()
        numbers = compact.SourceNumbers(limit, fast)
        items = compact._edge_items(edge) + [compact._sources(edge, limit, plain), compact._text(text)]
        expected = compact._row_tail(items, compact._EDGE_DEFAULTS)
        assert compact._own_edge_tail(edge, numbers(edge), text) == expected
        assert compact._own_edge_tail(edge, numbers(edge), text) == expected  # the list remembered
        assert plain.index == fast.index
