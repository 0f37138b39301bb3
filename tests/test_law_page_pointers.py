"""What a page leaves out, it says where to find: a query that lists exactly those rows, on the store
every build writes — never a file that a `--formats` build may not have written."""

from __future__ import annotations

import html
import json
import re
import shlex
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from lawgraph.cli import cli
from lawgraph.exporters.html.lawpages import MAX_CITERS, law_page_parts
from lawgraph.graph.schema import node_id
from test_html import law_page

LAW = node_id("law", "中华人民共和国宪法")
# "另有 N 条，见机关页面或 <code>lawgraph mentions …</code>" after an agency's (TOTAL 条) evidence list
GROUP = re.compile(r"（(\d+) 条）</h3><ol class=\"ev\">((?:(?!</ol>).)*)</ol><p class=\"more\">另有 (\d+) 条，见机关页面或 "
                   r"<code>lawgraph (mentions [^<]*)</code>。</p>", re.S)


@pytest.fixture(scope="module")
def lean_build(seed_paths: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lean") / "out"
    res = CliRunner().invoke(cli, ["build", str(seed_paths[0].parent), "-o", str(out), "--formats", "html", "--quiet"])
    assert res.exit_code == 0, res.output
    return out


def test_pages_name_no_file_of_another_format(lean_build: Path) -> None:
    assert not (lean_build / "mentions.csv").exists()
    pages = sorted((lean_build / "laws").glob("law_*.html"))
    shared = sorted((lean_build / "agencies" / "lib").iterdir())  # the agency pages' note is in their library
    assert pages and shared
    for page in pages:
        assert "mentions.csv" not in law_page(page), page.name
    for path in [*shared, *(lean_build / "agencies").glob("*.html"), lean_build / "index.html"]:
        assert "mentions.csv" not in path.read_text(encoding="utf-8"), path.name


def test_the_query_named_lists_the_rows_left_out(lean_build: Path) -> None:
    found = []
    for page in sorted((lean_build / "laws").glob("law_*.html")):
        for total, shown, more, query in GROUP.findall(law_page(page)):
            found.append(page.name)
            rows = shown.count('<li')
            assert int(more) == int(total) - rows  # the rows not on the page, counted right
            args = shlex.split(html.unescape(query))
            res = CliRunner().invoke(cli, [*args, "--in", str(lean_build), "--format", "jsonl"])
            assert res.exit_code == 0, res.output
            assert len([json.loads(line) for line in res.stdout.splitlines()]) == int(total)
    # the seeds: 江津区科技局 cites the constitution 6 times, 泰州市科技局 its business-climate rules 3
    assert len(found) == 2


def _citers(n: int, label: str = "中华人民共和国宪法") -> nx.DiGraph:
    """A law cited by n agencies, one report each."""
    G = nx.DiGraph()
    G.add_node(LAW, type="law", label=label, level="宪法", documents=n)
    for i in range(n):
        a = node_id("agency", f"第{i}局")
        G.add_node(a, type="agency", label=f"第{i}局", documents=1)
        G.add_edge(a, LAW, relation="cites", weight=1, years="2024")
    return G


@pytest.mark.parametrize(("n", "label", "tail"), [
    (MAX_CITERS, "中华人民共和国宪法", None),
    (MAX_CITERS + 3, "中华人民共和国宪法",
     "另有 3 个引用者（报告数较少）未列出；全部引用者：<code>lawgraph agencies --law 中华人民共和国宪法</code>。"),
    # a name the shell would split is quoted, then escaped for HTML
    (MAX_CITERS + 1, "某市 条例",
     "另有 1 个引用者（报告数较少）未列出；全部引用者：<code>lawgraph agencies --law &#x27;某市 条例&#x27;</code>。"),
])
def test_citers_left_out_are_named_by_their_query(n: int, label: str, tail: str | None) -> None:
    _, body = law_page_parts(_citers(n, label), LAW, None, frozenset())
    more = re.findall(r'<p class="more">([^\n]*?)</p>', body)
    assert more == ([] if tail is None else [tail])
