"""Views at scale, in headless Chromium: the overview graph.html of a large graph and the links to the
rest, the province/city filter, labels that avoid other nodes' discs, the index's search and sorting,
and the bounds on what the pages carry."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import networkx as nx
import pytest

from lawgraph.exporters import write_all
from lawgraph.exporters.html import evidence, overview
from lawgraph.exporters.html.display import display_aliases, place_options
from lawgraph.exporters.html.indexpage import pinyin_ranks
from lawgraph.exporters.html.template import AGENCY_NOTE
from lawgraph.exporters.style import OVERVIEW_AGENCIES, OVERVIEW_LAWS, OVERVIEW_NODES
from lawgraph.graph import build_graph
from test_html import _browser, json_block, load_docs, vis_nodes

SEEDS_PAGE = Path(__file__).resolve().parents[1] / "graph_exports" / "graph.html"
CITIES = ["江苏省泰州市", "江苏省南京市", "重庆市江津区", "浙江省杭州市"]


def big_docs(n_reports: int = 400, n_laws: int = 1900) -> list[dict]:
    """Reports of ``n_reports`` agencies; report i cites law 0 (every agency), law 1 (half of them)
    … and six laws of its own: a graph of more than OVERVIEW_NODES nodes whose most cited laws are
    known."""
    docs = []
    for i in range(n_reports):
        cited = [k for k in range(8) if i % (k + 1) == 0] + [8 + (i * 6 + j) % (n_laws - 8) for j in range(6)]
        laws = [{"name": f"测试事项管理办法第{k}号", "level": "规范性文件", "mentions": []} for k in cited]
        place = CITIES[i % len(CITIES)]
        docs.append({"source": f"reports/r{i:04d}.txt", "year": 2020 + i % 4,
                     "agency": {"name": f"{place}第{i}号测试局", "jurisdiction": place},
                     "laws": laws, "agencies": [], "programs": []})  # fmt: skip
    return docs


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[nx.DiGraph, Path]:
    G = build_graph(big_docs())
    assert G.number_of_nodes() > OVERVIEW_NODES
    out = tmp_path_factory.mktemp("big")
    write_all(G, out, jobs=1)
    return G, out


@pytest.fixture(scope="module")
def browser():
    driver = _browser()
    yield driver
    driver.quit()


def law_id(G: nx.DiGraph, k: int) -> str:
    return next(n for n, d in G.nodes(data=True) if d["label"] == f"测试事项管理办法第{k}号")


def test_overview_keeps_top_agencies_and_most_cited_laws(big_site) -> None:
    G, out = big_site
    page = (out / "graph.html").read_text(encoding="utf-8")
    nodes = vis_nodes(page)
    kinds = {n["group"] for n in nodes}
    assert kinds == {"agency", "law"}
    laws = [n["id"] for n in nodes if n["group"] == "law"]
    agencies = [n["id"] for n in nodes if n["group"] == "agency"]
    assert len(agencies) <= OVERVIEW_AGENCIES and len(laws) <= OVERVIEW_LAWS
    assert law_id(G, 0) in laws and law_id(G, 1) in laws  # cited by every agency, by half of them
    edges = json_block(page, "lg-edges")
    assert all(e["to"] in laws and e["from"] in agencies for e in edges)
    H = overview.overview_graph(G)
    assert sorted(H) == sorted(n["id"] for n in nodes)
    note = re.search(r'<p id="lg-note">(.*?)</p>', page).group(1)
    assert f"另有 {G.number_of_nodes() - H.number_of_nodes()} 个节点未画出" in note
    assert 'href="index.html"' in note and 'href="index.html#laws"' in note
    # the page stays small: a few hundred bytes per edge, not the whole graph
    assert len(page.encode()) < 1_000_000 + 600 * len(edges)


def test_small_graph_is_drawn_whole() -> None:
    G = build_graph(load_docs())
    assert not overview.needs_overview(G)


def test_overview_page_renders_and_sends_the_rest_to_the_index(big_site, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    G, out = big_site
    browser.get((out / "graph.html").as_uri())
    time.sleep(0.3)
    shown = browser.execute_script("return network.body.data.nodes.length;")
    assert shown == overview.overview_graph(G).number_of_nodes()
    # a law the overview leaves out: the search says so and links the index with the name
    browser.find_element(By.ID, "lg-search").send_keys("测试事项管理办法第1234号", Keys.ENTER)
    link = browser.find_element(By.CSS_SELECTOR, "#lg-msg a")
    assert "index.html?q=" in link.get_attribute("href")
    link.click()
    time.sleep(0.3)
    assert browser.find_element(By.ID, "q").get_attribute("value") == "测试事项管理办法第1234号"
    rows = browser.execute_script(
        "return Array.from(document.querySelectorAll('#laws-table tbody tr')).filter(r => !r.hidden)"
        ".map(r => r.querySelector('a').getAttribute('href'));"
    )
    assert rows == [f"laws/{law_id(G, 1234)}.html"]
    # and an agency node in the overview opens its page from the details panel
    browser.get((out / "graph.html").as_uri())
    agency = browser.execute_script("return network.body.data.nodes.get({filter: n => n.group === 'agency'})[0].id;")
    browser.execute_script("window.lawgraphShow.node(arguments[0]);", agency)
    href = browser.find_element(By.CSS_SELECTOR, "#lg-info a.lg-page").get_attribute("href")
    assert href.endswith(f"/agencies/{agency}.html") and (out / "agencies" / f"{agency}.html").is_file()


VISIBLE = "return network.body.data.nodes.get({filter: function(n){ return !n.hidden; }});"
VIEW = "return [network.getScale(), network.getViewPosition().x, network.getViewPosition().y];"


def test_place_filter_keeps_the_province_and_what_its_nodes_link(browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(SEEDS_PAGE.as_uri())
    time.sleep(0.2)
    before = browser.execute_script(VIEW)
    total = browser.execute_script("return network.body.data.nodes.length;")
    options = [o.get_attribute("value") for o in browser.find_elements(By.CSS_SELECTOR, "#lg-place option")]
    assert "重庆市" in options and "江苏省" in options and "江苏省泰州市" in options
    Select(browser.find_element(By.ID, "lg-place")).select_by_value("重庆市")
    shown = browser.execute_script(VISIBLE)
    assert 0 < len(shown) < total
    ids = {n["id"] for n in shown}
    for n in shown:
        if "kg_place" in n:
            assert "重庆市" in n["kg_place"].split(";"), n
    # every law or program left is linked to a shown node of the place
    edges = browser.execute_script("return network.body.data.edges.get();")
    placed = {n["id"] for n in shown if "kg_place" in n}
    for n in shown:
        if "kg_place" not in n:
            assert any((e["from"] in placed and e["to"] == n["id"]) or (e["to"] in placed and e["from"] == n["id"])
                       for e in edges), n["title"]  # fmt: skip
    assert not any(n["id"].startswith("agency") and "江苏省" in n.get("kg_place", "") for n in shown)
    assert browser.execute_script(VIEW) != before  # refitted
    browser.find_element(By.ID, "lg-reset").click()
    assert len(browser.execute_script(VISIBLE)) == total
    assert browser.find_element(By.ID, "lg-place").get_attribute("value") == ""
    assert ids


DISC_OVERLAPS = """
var got = window.lawgraphLabels(), body = network.body.nodes, bad = 0;
got.labels.forEach(function (l) {
  Object.keys(body).forEach(function (id) {
    var b = body[id], r = b.options.size || 10, n = network.body.data.nodes.get(id);
    if (id === l.id || !n || n.hidden) { return; }
    if (l.box[0] < b.x + r && b.x - r < l.box[2] && l.box[1] < b.y + r && b.y - r < l.box[3]) { bad += 1; }
  });
});
return [got.labels.length, bad];
"""


def test_seed_labels_avoid_other_nodes_discs(browser) -> None:
    browser.get(SEEDS_PAGE.as_uri())
    time.sleep(0.3)
    labels, bad = browser.execute_script(DISC_OVERLAPS)
    assert labels >= 40
    assert bad <= 12  # "where possible": only the 12 best connected nodes keep a label over a disc (SPARE)


def test_index_search_expands_short_forms_and_sorts(browser, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    G = build_graph(load_docs())
    write_all(G, tmp_path)
    browser.get((tmp_path / "index.html").as_uri())
    rows = "return Array.from(document.querySelectorAll('#agencies tbody tr')).filter(r => !r.hidden).map(r => r.cells[0].textContent);"
    assert browser.execute_script(rows) == ["泰州市科学技术局", "泰州市市场监督管理局"]  # pinyin: ke < shi
    browser.find_element(By.ID, "q").send_keys("泰州市科技局")
    assert browser.execute_script(rows) == ["泰州市科学技术局"]
    browser.find_element(By.ID, "q").clear()
    browser.execute_script("document.getElementById('q').dispatchEvent(new Event('input'));")
    browser.find_element(By.CSS_SELECTOR, '#agencies th[data-sort="r"]').click()  # by reports, most first
    got = browser.execute_script(
        "return Array.from(document.querySelectorAll('#agencies tbody tr')).map(r => Number(r.getAttribute('data-r')));"
    )
    assert got == sorted(got, reverse=True) and len(got) == 2
    browser.find_element(By.CSS_SELECTOR, '#laws-table th[data-sort="p"]').click()  # laws by name, pinyin
    ranks = browser.execute_script(
        "return Array.from(document.querySelectorAll('#laws-table tbody tr')).map(r => Number(r.getAttribute('data-p')));"
    )
    assert ranks == sorted(ranks) == list(range(len(ranks)))


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["重庆", "北京", "安徽", "长沙"], ["安徽", "北京", "长沙", "重庆"]),  # an bei chang chong
        (["市科技局", "市场监管局"], ["市场监管局", "市科技局"]),  # shi chang < shi ke
    ],
)
def test_pinyin_ranks(names: list[str], expected: list[str]) -> None:
    ranks = pinyin_ranks((n, n) for n in names)
    assert sorted(names, key=ranks.__getitem__) == expected


@pytest.mark.parametrize(
    ("aliases", "shown"),
    [
        ("中华人民共和国科学技术进步法|中華人民共和國科學(xué)技術(shù)進步法|科技进步法", ["中华人民共和国科学技术进步法", "科技进步法"]),
        ("区委宣传部|區(qū)委宣傳部|區委宣傳部", ["区委宣传部"]),
        ("/data/reports/a.txt|a.txt", ["a.txt"]),
        ("泰州市科技局（jì）", []),
        ("中 华人民共和国科学技术进步法|科技 进步法|科技进步法|昆明市种子投资基金管理办法(试行)", ["科技进步法", "昆明市种子投资基金管理办法(试行)"]),
    ],
)
def test_pages_show_readable_aliases_only(aliases: str, shown: list[str]) -> None:
    assert display_aliases(aliases) == shown


def test_place_options_nest_cities_under_provinces() -> None:
    values = ["江苏省;江苏省泰州市", "重庆市", "", "江苏省;江苏省南京市"]
    assert place_options(values) == [
        ("江苏省", "江苏省"), ("江苏省南京市", "　南京市"), ("江苏省泰州市", "　泰州市"), ("重庆市", "重庆市"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("snippet", "mark", "expected"),
    [
        ("见《A》", (1, 4), ("见《A》", 1, 4)),
        ("甲" * 50 + "《A》" + "乙" * 50, (50, 53), ("…" + "甲" * 40 + "《A》" + "乙" * 40 + "…", 41, 44)),
        ("丙" * 100, (0, 0), ("丙" * 80 + "…", 0, 0)),
    ],
)
def test_evidence_sentences_are_bounded(snippet: str, mark: tuple[int, int], expected) -> None:
    assert evidence.bounded_span({"snippet": snippet, "mark": list(mark)}) == expected


def test_agency_page_is_sized_by_its_own_counts(big_site) -> None:
    G, out = big_site
    a = next(n for n, d in G.nodes(data=True) if d["type"] == "agency" and d["label"].endswith("第3号测试局"))
    nodes = {n["id"]: n for n in vis_nodes((out / "agencies" / f"{a}.html").read_text(encoding="utf-8"))}
    law0 = law_id(G, 0)
    assert G.nodes[law0]["size"] > 60  # in the whole graph: cited by all 400 agencies
    assert nodes[law0]["size"] == 10.0 + 4.0  # on this agency's page: its one report citing it
    assert json.loads(json.dumps(nodes[a]["size"])) == 16.0 + 4.0  # the agency: its one report


def test_agency_page_draws_at_most_its_most_linked_neighbours(big_site, tmp_path: Path, browser) -> None:
    from lawgraph.exporters.html import ego_nodes
    from lawgraph.exporters.html.site import write_agency_lib, write_agency_pages

    G, _ = big_site
    a = next(n for n, d in G.nodes(data=True) if d["type"] == "agency" and d["label"].endswith("第0号测试局"))
    everything = ego_nodes(G, a)
    assert len(everything) > 10
    kept = ego_nodes(G, a, 3)
    weight = {n: G.edges[a, n]["weight"] if G.has_edge(a, n) else G.edges[n, a]["weight"] for n in everything if n != a}
    expected = sorted(weight, key=lambda n: (-weight[n], n))[:3]
    assert kept == sorted([a, *expected])
    import lawgraph.exporters.html.site as site

    old = site.EGO_NODES
    site.EGO_NODES = 3
    try:
        write_agency_pages(G, tmp_path, [a])
    finally:
        site.EGO_NODES = old
    page = (tmp_path / "agencies" / f"{a}.html").read_text(encoding="utf-8")
    assert sorted(n["id"] for n in vis_nodes(page)) == kept
    # the note (header.js fills the shared text with the page's two numbers) counts the rest
    assert json_block(page, "lg-data")["note"] == [3, len(everything) - 4] and "另有 {left} 个" in AGENCY_NOTE
    assert set(json_block(page, "lg-evidence")["mentions"]) <= set(kept)
    write_agency_lib(tmp_path)
    browser.get((tmp_path / "agencies" / f"{a}.html").as_uri())
    note = browser.execute_script("var p = document.getElementById('lg-note'); return [p.textContent, p.querySelector('a').getAttribute('href')];")
    assert note == [AGENCY_NOTE.replace("{shown}", "3").replace("{left}", str(len(everything) - 4))
                    .replace('<a href="../index.html#laws">', "").replace("</a>", "").replace("<code>", "").replace("</code>", ""),
                    "../index.html#laws"]  # fmt: skip
    assert f"另有 {len(everything) - 4} 个" in note[0]


def test_law_page_and_graph_page_show_no_alias_debris(tmp_path: Path) -> None:
    from lawgraph.exporters.html import render_law_page

    G = build_graph(load_docs())
    law = next(n for n, d in G.nodes(data=True) if d["label"] == "中华人民共和国科学技术进步法")
    G.nodes[law]["aliases"] = "中华人民共和国科学技术进步法|中華人民共和國科學(xué)技術(shù)進步法|科 技进步法|科技进步法"
    page = render_law_page(G, law, None, frozenset())
    assert re.search(r'<p class="sub">别名：(.*?)</p>', page).group(1) == "科技进步法"
    write_all(G, tmp_path)
    graph = (tmp_path / "graph.html").read_text(encoding="utf-8")
    assert json_block(graph, "lg-evidence")["nodes"][law][2] == "中华人民共和国科学技术进步法|科技进步法"
    assert "xué" not in graph and "科學" not in graph


def test_agency_page_carries_only_its_own_reports_text(tmp_path: Path) -> None:
    G = build_graph(load_docs())
    write_all(G, tmp_path)
    crossing = 0
    for page in sorted((tmp_path / "agencies").glob("agency_*.html")):
        text = page.read_text(encoding="utf-8")
        focus = page.stem
        edges = json_block(text, "lg-edges")
        ev = json_block(text, "lg-evidence")["edges"]
        for e, (_, _, sources, excerpt, *_) in zip(edges, ev):
            if focus not in (e["from"], e["to"]):
                crossing += 1
                assert sources == [] and excerpt == "", (page.name, e)
    assert crossing  # the fixture has edges between an agency's neighbours


def test_site_pages_are_the_same_without_the_per_graph_memo(tmp_path: Path) -> None:
    """memo.per_graph (places, pages, mentions by law asked once per graph and process) is a seam:
    the site written with it and without it is the same bytes; a graph that changes is asked again."""
    from lawgraph.exporters.html import memo
    from lawgraph.exporters.html.site import site_pages

    G = build_graph(load_docs())
    write_all(G, tmp_path / "with")
    memo.ENABLED = False
    try:
        write_all(G, tmp_path / "without")
    finally:
        memo.ENABLED = True
    files = sorted(p.relative_to(tmp_path / "with") for p in (tmp_path / "with").rglob("*.html"))
    assert files and files == sorted(p.relative_to(tmp_path / "without") for p in (tmp_path / "without").rglob("*.html"))
    for f in files:
        assert (tmp_path / "with" / f).read_bytes() == (tmp_path / "without" / f).read_bytes(), f
    before = site_pages(G)
    G.add_node("law_000000000001", type="law", label="新法", level="法律")
    assert site_pages(G) == before | {"law_000000000001"}
