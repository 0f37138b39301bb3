"""The pyvis pages: offline, escaped, plain-text tooltips; a real headless browser when available."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import networkx as nx
import pytest

from lawgraph.exporters import html as html_export
from lawgraph.exporters import write_all
from lawgraph.exporters.html import compact
from lawgraph.exporters.html.display import node_places
from lawgraph.graph import build_graph
from lawgraph.graph.schema import COUNT_PREFIX

FIXTURE = Path(__file__).parent / "fixtures" / "graph" / "docs.jsonl"
HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', '<a href="javascript:alert(2)">']


def load_docs() -> list[dict]:
    return [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def G() -> nx.DiGraph:
    return build_graph(load_docs())


@pytest.fixture(scope="module")
def site(G: nx.DiGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    write_all(G, out)
    return out


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


_DECODED = {"lg-nodes": 0, "lg-edges": 1, "lg-evidence": 2}


def json_block(page: str, name: str):
    """A JSON block of a page; an agency page's lg-nodes, lg-edges and lg-evidence are read from its
    compact lg-data block, decoded as lib/page.js does (a browser test compares the two)."""
    m = re.search(rf'<script type="application/json" id="{name}">(.*?)</script>', page, re.S)
    if not m and name in _DECODED and 'id="lg-data"' in page:
        return compact.decode(json_block(page, "lg-data"))[_DECODED[name]]
    if not m and name == "lg-data":
        m = re.search(rf'<script type="{compact.BLOCK_TYPE}" id="lg-data">(.*?)</script>', page, re.S)
        assert m, "no lg-data block in page"
        return compact.unpack(m.group(1))
    assert m, f"no {name} block in page"
    return json.loads(m.group(1))


def law_page(path: Path) -> str:
    """A law page as the browser shows it: its packed body (lg-body) put in place of the block."""
    page = path.read_text(encoding="utf-8")
    m = re.search(rf'<script type="{compact.BLOCK_TYPE}" id="lg-body">(.*?)</script>', page, re.S)
    assert m, f"no lg-body block in {path.name}"
    return page[: m.start()] + compact.unpack_text(m.group(1)) + page[m.end() :]


def vis_nodes(page: str) -> list[dict]:
    return json_block(page, "lg-nodes")


def test_hostile_text_never_raw_in_any_page(site: Path) -> None:
    for path in pages(site):
        text = path.read_text(encoding="utf-8")
        for bad in HOSTILE:
            assert bad not in text, (path.name, bad)
        # document text only survives JSON-escaped (\u003c...) or entity-escaped: no live tag
        assert not re.search(r"<img\b|<[a-z][^<>]*\son(error|load|click)\s*=", text, re.I), path.name


def test_no_network_references(site: Path) -> None:
    for path in pages(site):
        text = path.read_text(encoding="utf-8")
        assert "cdn.jsdelivr.net" not in text and "cdnjs.cloudflare.com" not in text
        assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)=["']?(https?:)?//""", text, re.I)


def test_titles_are_plain_text_without_href(site: Path) -> None:
    page = (site / "graph.html").read_text(encoding="utf-8")
    nodes = vis_nodes(page)
    assert len(nodes) == 19
    for n in nodes:
        assert "href" not in n["title"].lower()
    hostile = next(n for n in nodes if n["title"] == "<script>alert(1)</script>条例")
    assert hostile["group"] == "law" and hostile["kg_level"] == "其他" and "color" not in hostile
    # the evidence for the tooltip: documents, sources, aliases, excerpt (as text, parsed lazily)
    evidence = json_block(page, "lg-evidence")
    docs, sources, aliases, excerpt, has_page = evidence["nodes"][hostile["id"]]
    assert (docs, sources, has_page) == (1, ["d_hostile.txt"], 1)  # file names; a law: laws/<id>.html
    assert excerpt.startswith("见《<script>")
    assert len(evidence["edges"]) == len(json_block(page, "lg-edges")) == 23
    assert "tooltip_link" not in page and "popup.innerHTML" not in page
    # raw UTF-8, not \\uXXXX escapes; nothing in the data can close the script element
    assert "泰州市科学技术局" in page
    for name in ("lg-nodes", "lg-edges", "lg-evidence"):
        block = re.search(rf'id="{name}">(.*?)</script>', page, re.S).group(1)
        assert "<" not in block and ">" not in block


def test_data_blocks_come_before_the_drawing_and_evidence_after(site: Path) -> None:
    page = (site / "graph.html").read_text(encoding="utf-8")
    assert page.index('id="lg-nodes"') < page.index("drawGraph();") < page.index('id="lg-evidence"')
    # graph.js runs in the same script as drawGraph(): the first frame is already framed
    assert page.index("drawGraph();") < page.index("lawgraph: legend toggles") < page.index("</script>", page.index("drawGraph();"))


def test_agency_pages_share_one_local_library(site: Path) -> None:
    lib = site / "agencies" / "lib"
    assert sorted(p.name for p in lib.iterdir()) == [
        "lawgraph.css", "lawgraph.js", "page.js", "utils.js", "vis-network.css", "vis-network.min.js",
    ]  # fmt: skip
    page = (site / "agencies" / "agency_11e11fb9a8e0.html").read_text(encoding="utf-8")
    for tag in (
        '<script src="lib/vis-network.min.js"></script>', '<link rel="stylesheet" href="lib/lawgraph.css">',
        '<script src="lib/page.js"></script>', '<script src="lib/lawgraph.js"></script>',
    ):  # fmt: skip
        assert tag in page
    # no library, script, style or vis option inline: the page is its header and its data
    assert "<style" not in page and "drawGraph" not in page and '"physics"' not in page
    assert len(re.findall(r"<script>|<script type=\"text/javascript\">", page)) == 0
    assert len(page) < 12_000
    shared = (site / "agencies" / "lib" / "page.js").read_text(encoding="utf-8")
    assert "drawGraph();" in shared and "new vis.DataSet(LG.nodes)" in shared and '"physics"' in shared
    assert "#mynetwork" in (site / "agencies" / "lib" / "lawgraph.css").read_text(encoding="utf-8")
    graph = re.sub(r"<!--.*?-->", "", (site / "graph.html").read_text(encoding="utf-8"), flags=re.S)
    assert not re.search(r"<script[^>]*\ssrc=|<link[^>]*\shref=", graph)  # self-contained


def test_heading_is_escaped(G: nx.DiGraph) -> None:
    page = html_export.render_page(G, '<img src=x onerror=alert("h")>')
    assert '<img src=x onerror=alert("h")>' not in page
    assert "<h1>&lt;img src=x onerror=alert(&quot;h&quot;)&gt;</h1>" in page
    assert "<title>&lt;img src=x" in page


def test_page_has_legend_search_filters(site: Path) -> None:
    page = (site / "graph.html").read_text(encoding="utf-8")
    for marker in ['id="lg-search"', 'id="lg-level"', 'id="lg-year"', 'data-type="agency"', 'data-type="law"',
                   '<option value="2023">2023年</option>', '<option value="法律">法律</option>']:  # fmt: skip
        assert marker in page, marker
    assert '"physics": {"enabled": false}' in page
    assert "innerHTML" not in html_export.asset("graph.js")


def test_index_links_every_agency_page(site: Path) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(agencies/[^"]+)"', index)
    # pinyin order: 泰州市科学技术局 (tai zhou shi ke…) before 泰州市市场监督管理局 (tai zhou shi shi…)
    assert links == ["agencies/agency_6a07c5eb2c9a.html", "agencies/agency_11e11fb9a8e0.html"]
    assert all((site / link).is_file() for link in links)
    assert "泰州市科学技术局" in index


def test_ego_page_holds_the_neighbourhood(site: Path) -> None:
    page = (site / "agencies" / "agency_11e11fb9a8e0.html").read_text(encoding="utf-8")
    names = sorted(n["title"] for n in vis_nodes(page))
    assert names == sorted([
        "泰州市市场监督管理局", "泰州市科学技术局", "c_scjgj_2024.txt", "江苏省泰州市", "双随机、一公开",
        "中华人民共和国科学技术进步法", "中华人民共和国市场主体登记管理条例",
    ])  # fmt: skip


def test_render_does_not_touch_graph_or_cwd(
    G: nx.DiGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    weights = [d["weight"] for _, _, d in G.edges(data=True)]
    html_export.write(G, tmp_path / "out" / "g.html")
    assert [d["weight"] for _, _, d in G.edges(data=True)] == weights
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert (tmp_path / "out" / "g.html").read_bytes().decode("utf-8")


def test_big_graph_renders_fast_enough_to_build() -> None:
    G = nx.DiGraph()
    for i in range(3000):
        G.add_node(f"law_{i:012x}", label=f"法规{i}", type="law", level="法律", color="#E15759", size=10.0)
    for i in range(1, 3000):
        G.add_edge(f"law_{i // 7:012x}", f"law_{i:012x}", relation="cites", label="cites", weight=1)
    page = html_export.render_page(G, "大图")
    assert len(vis_nodes(page)) == 3000
    assert '"hideEdgesOnDrag": true' in page


# --- in a real browser ----------------------------------------------------------------------------


def _browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver_bin = shutil.which("chromedriver")
    if not chromium or not driver_bin:
        pytest.skip("chromium/chromedriver not on PATH")
    os.environ.setdefault("SE_OFFLINE", "true")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    opts = Options()
    opts.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1200,900", "--disable-background-networking", "--no-first-run"):  # fmt: skip
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_bin), options=opts)
    # block the network and record alert()/confirm()/prompt() before any page script runs
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["http://*", "https://*", "ws://*", "wss://*"]})
    driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument",
        {"source": "window.__fired=[];['alert','confirm','prompt'].forEach(function(k){"
                   "window[k]=function(){window.__fired.push(k+':'+Array.from(arguments).join(','));};});"},
    )  # fmt: skip
    return driver


@pytest.fixture(scope="module")
def browser():
    driver = _browser()
    yield driver
    driver.quit()


def test_page_in_browser_escapes_hostile_text(site: Path, browser) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get((site / "graph.html").as_uri())
    counts = browser.execute_script(
        "return [network.body.data.nodes.length, network.body.data.edges.length, typeof vis];"
    )
    assert counts == [19, 23, "object"]
    # hover every node so vis shows each tooltip
    canvas = browser.find_element(By.CSS_SELECTOR, "#mynetwork canvas")
    positions = browser.execute_script(
        "var p = network.getPositions(); var r = canvas => canvas.getBoundingClientRect();"
        "var c = document.querySelector('#mynetwork canvas').getBoundingClientRect();"
        "return Object.keys(p).map(function(id){ var d = network.canvasToDOM(p[id]);"
        " return [id, d.x - c.width / 2, d.y - c.height / 2]; });"
    )
    shown = []
    for _, x, y in positions:
        ActionChains(browser).move_to_element_with_offset(canvas, int(x), int(y)).pause(0.25).perform()
        # vis shows the title with innerText: only <br> elements, never markup from the title
        tags = browser.execute_script(
            "return Array.from(document.querySelectorAll('div.vis-tooltip *')).map(e => e.tagName);"
        )
        assert set(tags) <= {"BR"}, tags
        shown.append(
            browser.execute_script(
                "var t = document.querySelector('div.vis-tooltip'); return t ? t.innerText : '';"
            )
        )
    assert any(t.startswith("<script>alert(1)</script>条例\n类型：法律法规") for t in shown)
    # search for the hostile agency by a fragment and open its details panel
    box = browser.find_element(By.ID, "lg-search")
    box.send_keys("onerror=alert(1)>局", Keys.ENTER)
    info = browser.find_element(By.ID, "lg-info")
    assert info.is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, "#lg-info h2").text == '"><img src=x onerror=alert(1)>局'
    active = browser.execute_script(
        "return Array.from(document.querySelectorAll('*')).filter(function(e){"
        " return Array.from(e.attributes).some(function(a){ return /^on/i.test(a.name); }); }).length"
        " + document.querySelectorAll('body img, body script[src], iframe').length;"
    )
    assert active == 0
    assert browser.execute_script("return window.__fired") == []


def test_filters_in_browser(site: Path, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get((site / "graph.html").as_uri())
    visible = "return network.body.data.nodes.get({filter: function(n){ return !n.hidden; }}).length;"
    assert browser.execute_script(visible) == 19
    browser.find_element(By.CSS_SELECTOR, '#lg-legend input[data-type="document"]').click()
    assert browser.execute_script(visible) == 15
    Select(browser.find_element(By.ID, "lg-year")).select_by_value("2023")
    # 2023: 科学技术局, 司法局, 泰州市, 双随机, 科技进步法, 宪法, 江苏条例 (documents hidden)
    assert browser.execute_script(visible) == 7
    Select(browser.find_element(By.ID, "lg-level")).select_by_value("法律")
    # 法律: 科学技术局 (cites 科技进步法), 科技进步法, and 泰州市, 双随机 of the agency; 司法局 cites
    # no 法律 in 2023 and goes, with 宪法 and 江苏条例
    assert browser.execute_script(visible) == 4
    browser.find_element(By.ID, "lg-reset").click()
    assert browser.execute_script(visible) == 19
    assert browser.find_element(By.ID, "lg-status").text == "显示 19 / 19 个节点"


def test_page_data_is_pyvis_node_and_edge_options(G: nx.DiGraph) -> None:
    # the seam: the page's data blocks are written as text (fragments.py); they must be exactly
    # to_json of the option dicts pyvis' own Node/Edge classes make (shape and arrows are global)
    from pyvis.edge import Edge
    from pyvis.node import Node

    # typed citations add their own keys (tested in test_html_evidence.py); here, the untyped options
    G = G.copy()
    for _, _, d in G.edges(data=True):
        for key in [k for k in d if k.startswith(COUNT_PREFIX) or k == "relation_main"]:
            del d[key]
    page = html_export.render_page(G, "t")
    places = node_places(G)
    assert places["agency_11e11fb9a8e0"] == "江苏省;江苏省泰州市" and "law_4d48e773d3f6" not in places
    nodes = []
    for n in sorted(G):
        d = G.nodes[n]
        opts = {"x": d["x"], "y": d["y"], "group": d["type"], "size": d["size"], "title": d["label"]}
        opts.update({f"kg_{k}": d[k] for k in ("level", "years") if d.get(k)})
        if n in places:  # agencies, places and reports: their province/city keys (the place filter)
            opts["kg_place"] = places[n]
        options = Node(n, "dot", html_export.short_label(d["label"]), **opts).options
        del options["shape"]
        nodes.append(html_export.to_json(options))
    edges = []
    for i, (u, v) in enumerate(sorted(G.edges)):
        d = G.edges[u, v]
        rel = d["relation"]
        names = {"cites": "引用", "runs": "开展", "mentions": "提及", "authored": "发布", "in": "属于"}
        colors = {"cites": "rgba(225,87,89,0.45)", "runs": "rgba(89,161,79,0.5)", "mentions": "rgba(78,121,167,0.5)",
                  "authored": "rgba(157,143,134,0.45)", "in": "rgba(176,122,161,0.45)"}  # fmt: skip
        opts = {"id": i, "title": "、".join(names[r] for r in rel.split("+")), "color": {"color": colors[rel.split("+")[0]]}}
        if d["weight"] > 1:
            opts["width"] = min(1.0 + 0.8 * (d["weight"] - 1), 6.0)
        if d.get("years"):
            opts["kg_years"] = d["years"]
        options = Edge(u, v, True, **opts).options
        del options["arrows"]
        edges.append(html_export.to_json(options))
    m = re.search(r'id="lg-nodes">(.*?)</script>', page, re.S)
    assert m and m.group(1) == "[" + ",\n".join(nodes) + "]"
    m = re.search(r'id="lg-edges">(.*?)</script>', page, re.S)
    assert m and m.group(1) == "[" + ",\n".join(edges) + "]"


def test_agency_pages_decode_in_the_browser_as_in_python(site: Path, browser) -> None:
    """lib/page.js reads each agency page's lg-data block into exactly what compact.decode says:
    the vis nodes and edges pyvis draws and the evidence graph.js shows; no hostile text runs."""
    agency_pages = sorted((site / "agencies").glob("agency_*.html"))
    assert agency_pages
    for path in agency_pages:
        page = path.read_text(encoding="utf-8")
        browser.get(path.as_uri())
        got = json.loads(browser.execute_script(
            "var ev = Object.assign({}, LG.evidence); delete ev.config;"
            "return JSON.stringify([nodes.get(), edges.get(), ev, network.body.data.nodes.length]);"
        ))  # fmt: skip
        want_nodes, want_edges, want_ev = compact.decode(json_block(page, "lg-data"))
        assert got[3] == len(want_nodes) > 1, path.name
        # JSON has no 20.0: the browser's numbers are compared as numbers
        assert got[0] == json.loads(json.dumps(want_nodes)) and got[1] == want_edges, path.name
        assert got[2] == want_ev, path.name
        assert browser.execute_script("return window.__fired") == []


def test_agency_page_header_is_built_as_python_writes_it(G: nx.DiGraph, site: Path, browser) -> None:
    """header.js builds an agency page's subtitle, links, filters, legend and note from its data: the
    same elements page_controls writes (for graph.html) from the page's nodes and edges."""
    from lawgraph.exporters.html.page import page_controls
    from lawgraph.exporters.html.template import AGENCY_NAV, AGENCY_NOTE

    places = node_places(G)
    for path in sorted((site / "agencies").glob("agency_*.html")):
        page = path.read_text(encoding="utf-8")
        data = json_block(page, "lg-data")
        nodes, edges, _ = compact.decode(data)
        note = AGENCY_NOTE.format(shown=data["note"][0], left=data["note"][1]) if "note" in data else ""
        want = page_controls(
            [G.nodes[n["id"]] for n in nodes], [G.edges[e["from"], e["to"]] for e in edges],
            re.search(r"<h1>(.*?)</h1>", page).group(1).replace("&amp;", "&"), f"{len(nodes)} 个节点 · {len(edges)} 条关系",
            list(AGENCY_NAV), [places.get(n["id"], "") for n in nodes], note, False,
        )  # fmt: skip
        browser.get(path.as_uri())
        same = browser.execute_script(
            "var want = new DOMParser().parseFromString(arguments[0], 'text/html').getElementById('lg-bar');"
            "var got = document.getElementById('lg-bar');"
            "return [want.outerHTML === got.outerHTML, got.outerHTML, want.outerHTML];",
            want,
        )
        assert same[1] == same[2] and same[0], path.name
        assert "lg-legend" in same[1] and 'data-type="agency"' in same[1]
    # the note of a page that leaves neighbours out is covered in test_views_scale


@pytest.mark.parametrize(
    "data",
    [
        b"{}",  # a fixed-code block
        bytes(range(256)) * 3 + bytes((i * 7919) % 251 for i in range(5000)),  # little to gain: stored or dynamic
        ("第一条　为了规范行政处罚的设定和实施，" * 400 + "𠀀").encode("utf-8"),  # dynamic codes, long matches
        b"",
    ],
)
def test_agency_lib_inflates_what_python_deflates(site: Path, browser, data: bytes) -> None:
    """lib/page.js's inflate (inflate.js) reads any raw DEFLATE stream zlib writes, at every level."""
    import base64
    import zlib

    browser.get((site / "agencies" / "agency_11e11fb9a8e0.html").as_uri())
    for level in (0, 1, 6, 9):
        z = zlib.compressobj(level, zlib.DEFLATED, -15, 9)
        packed = base64.b64encode(z.compress(data) + z.flush()).decode("ascii")
        got = browser.execute_script(
            "var bin = atob(arguments[0]), bytes = new Uint8Array(bin.length);"
            "for (var i = 0; i < bin.length; i += 1) { bytes[i] = bin.charCodeAt(i); }"
            "return btoa(String.fromCharCode.apply(null, Array.from(lgInflate(bytes))));",
            packed,
        )
        assert base64.b64decode(got) == data, level
