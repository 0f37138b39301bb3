"""Typed citations and their evidence in the pages (issue 12): edge colours, the relation legend and
filter, an agency page's own evidence list, per-law pages; escaping and offline loading in a real
browser. The graphs carry the data contract through ``evidence_fixture.add_evidence``."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import networkx as nx
import pytest

from evidence_fixture import add_evidence
from lawgraph.exporters import html as html_export
from lawgraph.exporters import write_all
from lawgraph.exporters.html import compact, evidence
from lawgraph.exporters.html.fragments import _edge_fragment
from lawgraph.exporters.html.lawpages import render_law_page
from lawgraph.exporters.style import CITE_RELATION_COLORS
from lawgraph.graph import build_graph
from lawgraph.graph.schema import COUNT_PREFIX, node_id
from test_html import _browser, json_block, law_page, vis_nodes

KJJ = node_id("agency", "泰州市科学技术局")  # agency ids are node_id of the folded canonical name
KJFA = node_id("law", "中华人民共和国科学技术进步法")


def seed_docs(seed_paths: list[Path]) -> list[dict]:
    from click.testing import CliRunner

    from lawgraph.cli import cli

    res = CliRunner().invoke(cli, ["extract", str(seed_paths[0].parent), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.stdout.splitlines() if line.strip()]


def hostile_doc(root: Path) -> dict:
    """A report whose file name and sentence carry markup, citing 科技进步法 25 times; the snippet
    starts with a character outside the BMP (two UTF-16 units in JavaScript)."""
    name = root / "<script>alert('f').txt"
    sentence = "认真学习《科技进步法》<script>alert('s')</script>。\n"
    name.write_text("报告\n" + sentence * 25, encoding="utf-8")
    mentions = []
    for i in range(25):
        start = 3 + i * len(sentence) + 4
        mentions.append({"text": "《科技进步法》", "start": start, "end": start + 7, "relation": "studies",
                         "context": "𠀀认真学习《科技进步法》<script>alert('s')</script>。"})  # fmt: skip
    return {
        "source": str(name), "year": 2024, "agency": {"name": "泰州市科学技术局", "jurisdiction": "江苏省泰州市"},
        "laws": [{"name": "中华人民共和国科学技术进步法", "level": "法律", "mentions": mentions}],
        "agencies": [], "programs": [],
    }  # fmt: skip


@pytest.fixture(scope="module")
def docs(seed_paths: list[Path], tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    return [*seed_docs(seed_paths), hostile_doc(tmp_path_factory.mktemp("hostile"))]


@pytest.fixture(scope="module")
def G(docs: list[dict]) -> nx.DiGraph:
    return add_evidence(build_graph(docs), docs)


@pytest.fixture(scope="module")
def site(G: nx.DiGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("evsite")
    write_all(G, out)
    return out


def agency_page(site: Path, agency: str) -> str:
    return (site / "agencies" / f"{agency}.html").read_text(encoding="utf-8")


# --- edges: colour and data by relation -----------------------------------------------------------

EDGE_CASES = [
    # (edge attributes, expected colour, kg_rel, kg_rels) - one row per relation, then the fallbacks
    ({"n_implements": 2, "n_cites": 1, "relation_main": "implements"}, CITE_RELATION_COLORS["implements"], "implements", "implements;cites"),
    ({"n_studies": 1, "relation_main": "studies"}, CITE_RELATION_COLORS["studies"], "studies", "studies"),
    ({"n_drafts": 3, "n_reviews": 1, "relation_main": "drafts"}, CITE_RELATION_COLORS["drafts"], "drafts", "drafts;reviews"),
    ({"n_reviews": 1, "relation_main": "reviews"}, CITE_RELATION_COLORS["reviews"], "reviews", "reviews"),
    ({"n_cites": 4, "relation_main": "cites"}, CITE_RELATION_COLORS["cites"], "cites", "cites"),
    ({}, "rgba(225,87,89,0.45)", None, None),  # an older graph: the plain cites colour, no filter data
    ({"relation_main": "bogus"}, "rgba(225,87,89,0.45)", None, None),  # unknown relation: ignored
]  # fmt: skip


@pytest.mark.parametrize(("attrs", "color", "rel", "rels"), EDGE_CASES)
def test_cites_edge_colour_follows_main_relation(attrs: dict, color: str, rel: str | None, rels: str | None) -> None:
    d = {"relation": "cites", "label": "cites", "weight": 1, **attrs}
    edge = json.loads('{"id":0,' + _edge_fragment("agency_a", "law_b", d))
    assert edge["color"] == {"color": color}
    assert edge.get("kg_rel") == rel and edge.get("kg_rels") == rels


def test_one_accessor_reads_the_counts() -> None:
    d = {"n_implements": 2, "n_studies": 0, "n_drafts": "3", "n_cites": 1, "relation_main": "implements"}
    assert evidence.relation_counts(d) == {"implements": 2, "cites": 1}  # only positive ints
    assert evidence.relation_main(d) == "implements"
    assert evidence.relation_main({}) == ""


ROW_CASES = [
    # (mention, expected row) - the snippet travels in pieces, the name in the middle
    ({"relation": "drafts", "snippet": "起草《A条例》草案", "mark": [2, 7], "source": "x/r.txt", "year": 2023, "line": 4},
     ["drafts", "起草", "《A条例》", "草案", "r.txt", 2023, 4]),
    ({"relation": "cites", "snippet": "见《A》", "mark": [1, 99], "source": "r.txt", "year": None, "line": 1},
     ["cites", "", "", "见《A》", "r.txt", None, 1]),  # a mark outside the snippet: no mark
    ({"snippet": "", "text": "《A》", "mark": None, "source": "d\\r.txt"},
     ["cites", "", "", "《A》", "r.txt", None, None]),  # no snippet: the mention text; no relation: cites
    ({"relation": "studies", "snippet": "𠀀学《A》", "mark": [2, 5], "source": "r.txt", "year": 2024, "line": 2},
     ["studies", "𠀀学", "《A》", "", "r.txt", 2024, 2]),  # code points, as Python counts them
]  # fmt: skip


@pytest.mark.parametrize(("mention", "row"), ROW_CASES)
def test_evidence_row_pieces(mention: dict, row: list) -> None:
    """An agency page's evidence row, encoded and decoded."""
    files = compact.Table()
    encoded = json.loads(compact.mention_row(mention, files))
    assert compact.decode_row(encoded, list(files.index)) == row


# --- legend and filter ----------------------------------------------------------------------------


def test_legend_has_relation_checkboxes_with_counts(G: nx.DiGraph, site: Path) -> None:
    mains: dict[str, int] = {}
    for _, _, d in G.edges(data=True):
        if evidence.relation_main(d):
            mains[d["relation_main"]] = mains.get(d["relation_main"], 0) + 1
    assert len(mains) >= 4  # at least four of the five relations on the seeds
    page = (site / "graph.html").read_text(encoding="utf-8")
    legend = re.findall(r'data-rel="(\w+)">.*?</span>([^<]+) <span class="lg-count">(\d+)</span>', page)
    names = {"implements": "执行/实施", "studies": "学习/宣传", "drafts": "起草/制定", "reviews": "审查/清理", "cites": "引用"}
    assert [(r, n, int(c)) for r, n, c in legend] == [
        (r, names[r], mains[r]) for r in ("implements", "studies", "drafts", "reviews", "cites") if r in mains
    ]
    # an agency page's legend is built from its data (test_html: the same elements as Python writes)
    assert any(e.get("kg_rel") == "studies" for e in json_block(agency_page(site, KJJ), "lg-edges"))


# --- an agency page: its own evidence -------------------------------------------------------------


def test_agency_page_embeds_only_its_own_mentions_bounded(G: nx.DiGraph, site: Path) -> None:
    ev = json_block(agency_page(site, KJJ), "lg-evidence")
    assert ev["focus"] == KJJ and ev["pages"] == {"law": "../laws/", "agency": ""}
    own = [m for m in G.graph["mentions"] if m["agency"] == KJJ]
    assert sum(total for total, _ in ev["mentions"].values()) == len(own)
    assert set(ev["mentions"]) == {m["law"] for m in own}
    total, rows = ev["mentions"][KJFA]
    assert total == 25 + sum(1 for m in own if m["law"] == KJFA and "<script>" not in m["snippet"])
    assert len(rows) == evidence.MAX_MENTIONS_PER_LAW == 3
    hostile = [r for r in rows if r[4] == "<script>alert('f').txt"]
    assert hostile, rows  # the hostile report sorts first or last by its temp path: look for its rows
    rel, before, marked, after, name, year, line = hostile[-1]
    assert (rel, before, marked, after) == ("studies", "𠀀认真学习", "《科技进步法》", "<script>alert('s')</script>。")
    assert (name, year) == ("<script>alert('f').txt", 2024)
    assert rows[-1][6] == nth_line(G, 3)  # the 3rd of its mentions in (source, start) order


def test_node_excerpt_on_an_agency_page_comes_from_its_own_report(G: nx.DiGraph, site: Path) -> None:
    law = node_id("law", "中华人民共和国宪法")
    citers = [u for u in G.pred[law] if G.nodes[u]["type"] == "agency" and (site / "agencies" / f"{u}.html").exists()]
    assert len(citers) >= 2
    excerpts = set()
    for agency in citers:
        ev = json_block(agency_page(site, agency), "lg-evidence")
        first = next(m for m in G.graph["mentions"] if m["agency"] == agency and m["law"] == law)
        # stored once, in the mentions block (bounded); the node and the edge point there (graph.js)
        _, before, marked, after, *_ = ev["mentions"][law][1][0]
        assert before + marked + after == evidence.bounded_span(first)[0]
        assert ev["nodes"][law][3] == "" and ev["nodes"][law][1] == []  # the corpus's sources: not here
        edges = json_block(agency_page(site, agency), "lg-edges")
        i = next(i for i, e in enumerate(edges) if (e["from"], e["to"]) == (agency, law))
        assert ev["edges"][i][3] == ""
        excerpts.add(before + marked + after)
    assert len(excerpts) == len(citers)  # each page its own sentence


def test_pages_without_mentions_still_render(docs: list[dict], tmp_path: Path) -> None:
    G = build_graph(docs)
    del G.graph["mentions"]  # no evidence attributes, as an older graph.json
    for _, _, d in G.edges(data=True):
        for key in [k for k in d if k.startswith(COUNT_PREFIX) or k == "relation_main"]:
            del d[key]
    write_all(G, tmp_path)
    ev = json_block(agency_page(tmp_path, KJJ), "lg-evidence")
    assert ev["mentions"] is None
    page = law_page(tmp_path / "laws" / f"{KJFA}.html")
    assert "此图谱没有记录引用原文" in page and "泰州市科学技术局" in page
    assert "data-rel=" not in (tmp_path / "graph.html").read_text(encoding="utf-8")


# --- per-law pages --------------------------------------------------------------------------------


def test_every_law_has_a_page_linked_from_the_index(G: nx.DiGraph, site: Path) -> None:
    laws = sorted(n for n, t in G.nodes(data="type") if t == "law")
    assert sorted(p.stem for p in (site / "laws").glob("*.html")) == laws
    index = (site / "index.html").read_text(encoding="utf-8")
    assert sorted(re.findall(r'href="laws/(law_\w+)\.html"', index)) == laws
    graph_ev = json_block((site / "graph.html").read_text(encoding="utf-8"), "lg-evidence")
    assert graph_ev["pages"] == {"law": "laws/", "agency": "agencies/"}
    assert all(graph_ev["nodes"][law][4] == 1 for law in laws)  # the details panel links them


def test_law_page_says_who_when_how(G: nx.DiGraph, site: Path) -> None:
    page = law_page(site / "laws" / f"{KJFA}.html")
    assert "<h1>中华人民共和国科学技术进步法</h1>" in page
    citers = sorted(G.nodes[u]["label"] for u in G.pred[KJFA] if G.nodes[u]["type"] == "agency")
    assert citers == ["泰州市科学技术局", "重庆市九龙坡区科学技术局", "重庆市江津区科学技术局"]
    for name in citers:
        assert f">{name}</a></td>" in page  # each links its agency page
    years = re.search(r'<h2>按年份</h2>\n<table class="y">.*?</table>', page, re.S).group()
    assert re.findall(r"<tr><td>(\d+)</td><td>(\d+)</td>", years) == [("2021", "1"), ("2024", "2")]
    assert "学习/宣传" in years
    # evidence bounded per agency, the rest counted
    assert page.count("<li>") <= 3 * 5 and "另有" in page


def test_hostile_snippet_and_file_name_are_escaped(site: Path) -> None:
    for path in [site / "laws" / f"{KJFA}.html", site / "agencies" / f"{KJJ}.html", site / "index.html"]:
        text = path.read_text(encoding="utf-8")
        assert "<script>alert(" not in text, path.name
    law = law_page(site / "laws" / f"{KJFA}.html")
    assert "<mark>《科技进步法》</mark>&lt;script&gt;alert(&#x27;s&#x27;)&lt;/script&gt;" in law
    assert "&lt;script&gt;alert(&#x27;f&#x27;).txt" in law


def test_stale_law_pages_go_with_the_build(docs: list[dict], tmp_path: Path) -> None:
    import importlib

    build_mod = importlib.import_module("lawgraph.build")  # the module (lawgraph.build is also a function)

    out = tmp_path / "out"
    out.mkdir()
    stale = out / "laws" / "law_000000000000.html"
    stale.parent.mkdir()
    stale.write_text("old", encoding="utf-8")
    G = add_evidence(build_graph(docs), docs)
    build_mod._write(G, [], out, 1)
    assert not stale.exists() and len(list((out / "laws").glob("*.html"))) == len(html_export.law_nodes(G))
    before = {p.name: p.stat().st_ino for p in (out / "laws").glob("*.html")}
    G2 = add_evidence(build_graph(docs[:-1]), docs[:-1])  # without the hostile report
    build_mod._write(G2, [], out, 1)
    after = {p.name: p.stat().st_ino for p in (out / "laws").glob("*.html")}
    assert set(after) == {html_export.law_page_name(n) for n in html_export.law_nodes(G2)}
    assert sorted(p.name for p in (out / "laws").iterdir() if p.is_dir()) == ["lib"]  # their shared style
    kept = [n for n in after if n in before and n != f"{KJFA}.html"]
    assert kept and all(after[n] == before[n] for n in kept)  # unchanged pages keep their file
    assert after[f"{KJFA}.html"] != before[f"{KJFA}.html"]


# --- in a real browser ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    driver = _browser()
    yield driver
    driver.quit()


def _edge_id(browser, frm: str, to: str) -> int:
    return browser.execute_script(
        "var f = arguments[0], t = arguments[1];"
        "return network.body.data.edges.get({filter: function(e){ return e.from === f && e.to === t; }})[0].id;",
        frm,
        to,
    )


def nth_line(G: nx.DiGraph, n: int) -> int:
    """The line of the n-th mention of 科技进步法 by 泰州市科学技术局 in the page's order (by source,
    then start): the hostile report's mentions come before or after the seed's by the temp path."""
    rows = sorted((m for m in G.graph["mentions"] if m["agency"] == KJJ and m["law"] == KJFA),
                  key=lambda m: (m["source"], m["start"]))
    return rows[n - 1]["line"]


def test_agency_page_edge_click_lists_its_evidence(G: nx.DiGraph, site: Path, browser) -> None:
    from selenium.webdriver.common.by import By

    browser.get((site / "agencies" / f"{KJJ}.html").as_uri())
    assert browser.execute_script("return typeof vis") == "object"  # the shared lib loaded offline
    edge = _edge_id(browser, KJJ, KJFA)
    browser.execute_script("window.lawgraphShow.edge(arguments[0]);", edge)
    info = browser.find_element(By.ID, "lg-info")
    assert info.is_displayed()
    items = browser.find_elements(By.CSS_SELECTOR, "#lg-info ol.lg-ev li")
    assert len(items) == 3
    assert f"第 {nth_line(G, 3)} 行" in items[-1].text
    hostile = [li.text for li in items if "<script>alert('f').txt · 2024年" in li.text]
    assert hostile and "《科技进步法》<script>alert('s')</script>。" in hostile[0]
    marks = browser.execute_script("return Array.from(document.querySelectorAll('#lg-info mark')).map(m => m.textContent);")
    assert set(marks) == {"《科技进步法》"}
    assert browser.find_element(By.CSS_SELECTOR, "#lg-info a.lg-page").get_attribute("href").endswith(f"/laws/{KJFA}.html")
    assert "另有" in info.text
    assert browser.execute_script("return document.querySelectorAll('#lg-info script, #lg-info img').length") == 0
    assert browser.execute_script("return window.__fired") == []


def test_agency_page_law_click_lists_its_evidence(site: Path, browser) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    browser.get((site / "agencies" / f"{KJJ}.html").as_uri())
    # a real click on the law's dot
    x, y = browser.execute_script(
        "var p = network.getPositions([arguments[0]])[arguments[0]]; var d = network.canvasToDOM(p);"
        "var c = document.querySelector('#mynetwork canvas').getBoundingClientRect();"
        "return [d.x - c.width / 2, d.y - c.height / 2];",
        KJFA,
    )
    canvas = browser.find_element(By.CSS_SELECTOR, "#mynetwork canvas")
    ActionChains(browser).move_to_element_with_offset(canvas, int(x), int(y)).click().perform()
    assert browser.find_element(By.CSS_SELECTOR, "#lg-info h2").text == "中华人民共和国科学技术进步法"
    assert len(browser.find_elements(By.CSS_SELECTOR, "#lg-info ol.lg-ev li")) == 3
    # the law's excerpt is the agency's own first mention, read from the mentions block
    quote = browser.find_element(By.CSS_SELECTOR, "#lg-info blockquote").text
    first = browser.find_element(By.CSS_SELECTOR, "#lg-info ol.lg-ev li").text
    assert quote and quote in first.replace("\n", "")


def test_relation_filter_in_browser(site: Path, G: nx.DiGraph, browser) -> None:
    from selenium.webdriver.common.by import By

    browser.get((site / "graph.html").as_uri())
    shown = "return network.body.data.edges.get({filter: function(e){ return !e.hidden; }}).length;"
    total = browser.execute_script(shown)
    studies_only = sum(
        1 for _, _, d in G.edges(data=True) if evidence.relation_main(d) and set(evidence.relation_counts(d)) == {"studies"}
    )
    browser.find_element(By.CSS_SELECTOR, '#lg-legend input[data-rel="studies"]').click()
    assert browser.execute_script(shown) == total - studies_only
    # a law only studied is hidden with its edges
    hidden_laws = browser.execute_script(
        "return network.body.data.nodes.get({filter: function(n){ return n.hidden && n.group === 'law'; }}).length;"
    )
    assert hidden_laws > 0
    browser.find_element(By.ID, "lg-reset").click()
    assert browser.execute_script(shown) == total


def test_graph_page_details_link_the_law_and_agency_pages(site: Path, browser) -> None:
    from selenium.webdriver.common.by import By

    browser.get((site / "graph.html").as_uri())
    browser.execute_script("window.lawgraphShow.node(arguments[0]);", KJFA)
    link = browser.find_element(By.CSS_SELECTOR, "#lg-info a.lg-page")
    assert link.get_attribute("href") == (site / "laws" / f"{KJFA}.html").as_uri()
    browser.execute_script("window.lawgraphShow.edge(arguments[0]);", _edge_id(browser, KJJ, KJFA))
    hrefs = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#lg-info a.lg-page")]
    assert hrefs == [(site / "agencies" / f"{KJJ}.html").as_uri(), (site / "laws" / f"{KJFA}.html").as_uri()]
    assert "学习/宣传" in browser.find_element(By.ID, "lg-info").text  # the counts by relation
    assert not browser.find_elements(By.CSS_SELECTOR, "#lg-info ol.lg-ev")  # evidence lives on agency pages


def test_law_page_loads_offline(G: nx.DiGraph, site: Path, browser) -> None:
    from selenium.webdriver.common.by import By

    browser.get((site / "laws" / f"{KJFA}.html").as_uri())
    assert browser.find_element(By.TAG_NAME, "h1").text == "中华人民共和国科学技术进步法"
    marks = {m.text for m in browser.find_elements(By.TAG_NAME, "mark")}
    assert "《科技进步法》" in marks
    assert any("<script>alert('s')</script>" in li.text for li in browser.find_elements(By.CSS_SELECTOR, "ol.ev li"))
    # two scripts: the packed body and laws/lib/law.js, which put it in place (no other script runs)
    scripts = browser.execute_script("return Array.from(document.scripts).map(s => [s.type, s.id, s.getAttribute('src')]);")
    assert scripts == [[compact.BLOCK_TYPE, "lg-body", None], ["", "", "lib/law.js"]]
    assert browser.execute_script("return window.__fired") == []
    # the page the browser shows is the page Python writes (render_law_page), element for element
    mine = [m for m in G.graph["mentions"] if m.get("law") == KJFA]
    pages = html_export.site_pages(G)
    want = render_law_page(G, KJFA, mine, pages)
    same = browser.execute_script(
        "var want = new DOMParser().parseFromString(arguments[0], 'text/html').body;"
        "var got = document.body.cloneNode(true);"
        "Array.from(got.querySelectorAll('script, noscript')).forEach(s => s.remove());"
        "var norm = s => s.replace(/>\\s+</g, '><').trim();"
        "return [norm(got.innerHTML), norm(want.innerHTML)];",
        want,
    )
    assert same[0] == same[1]
    # the shared laws/lib/law.css is applied: chips in their relation's colour, counts right-aligned
    looks = browser.execute_script(
        "var chip = document.querySelector('ol.ev span.rel.studies'), n = document.querySelector('table.y td+td');"
        "return [getComputedStyle(chip).backgroundColor, getComputedStyle(n).textAlign];"
    )
    assert looks == [CITE_RELATION_COLORS["studies"].replace(",", ", "), "right"]


def test_graph_fixture_is_not_changed(G: nx.DiGraph) -> None:
    before = copy.deepcopy(G.graph["mentions"][:3])
    html_export.render_page(G, "t")
    assert G.graph["mentions"][:3] == before
    assert vis_nodes(html_export.render_page(G, "t"))


def test_agency_page_text_outside_the_bmp_reads_back_in_the_browser(G: nx.DiGraph, tmp_path: Path, browser) -> None:
    """A snippet with characters outside the BMP (𠀀: two UTF-16 units in JavaScript, one character in
    Python) reads back in the browser as Python cuts it (evidence.bounded_span)."""
    from lawgraph.exporters.html.site import write_agency_lib, write_agency_pages

    G2 = copy.deepcopy(G)
    mine = [m for m in G2.graph["mentions"] if m.get("agency") == KJJ]
    assert mine
    for m in mine:
        m["snippet"] = "𠀀𠁀" + m["snippet"] + "𠂀"
        m["mark"] = [m["mark"][0] + 2, m["mark"][1] + 2]
    write_agency_pages(G2, tmp_path, [KJJ])
    write_agency_lib(tmp_path)
    browser.get((tmp_path / "agencies" / f"{KJJ}.html").as_uri())
    got = json.loads(browser.execute_script("return JSON.stringify(LG.evidence.mentions);"))
    want = json_block(agency_page(tmp_path, KJJ), "lg-evidence")["mentions"]
    assert got == want
    first = evidence.by_law(mine)
    for law, (total, rows) in got.items():
        expected = [evidence.bounded_span(m) for m in first[law][: evidence.MAX_MENTIONS_PER_LAW]]
        assert total == len(first[law])
        assert [[r[1], r[2], r[3]] for r in rows] == [[s[:a], s[a:b], s[b:]] for s, a, b in expected]
    assert any("𠀀" in r[1] or "𠂀" in r[3] for _, rows in got.values() for r in rows)
