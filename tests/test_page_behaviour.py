"""The graph page driven in headless Chromium: search by name, alias and agency short form (the
CLI's expansion), a level filter that hides the laws of other levels and the nodes left without
them and refits the view, and a reset that returns to the full view in one click."""

from __future__ import annotations

import time
from pathlib import Path

import networkx as nx
import pytest

from lawgraph.exporters import write_all
from lawgraph.graph import build_graph
from test_html import _browser, load_docs

DECOY = "law_decoy000001"  # a law whose title contains the short form typed in the search


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    G: nx.DiGraph = build_graph(load_docs())
    G.add_node(DECOY, label="关于泰州市科技局职责的规定", type="law", level="规范性文件", size=10.0,
               documents=1, x=400.0, y=400.0)  # fmt: skip
    G.add_edge("agency_3bfb007e87ee", DECOY, relation="cites", weight=1)
    out = tmp_path_factory.mktemp("site")
    write_all(G, out)
    return out


@pytest.fixture(scope="module")
def page(site: Path):
    driver = _browser()
    yield driver
    driver.quit()


VIEW = "return [network.getScale(), network.getViewPosition().x, network.getViewPosition().y];"
VISIBLE = (
    "return network.body.data.nodes.get({filter: function(n){ return !n.hidden; }}).map(n => n.id).sort();"
)
FOCUSED = "return network.getSelectedNodes();"


def open_page(driver, site: Path) -> list[float]:
    driver.get((site / "graph.html").as_uri())
    time.sleep(0.2)
    return driver.execute_script(VIEW)


def close(a: list[float], b: list[float]) -> bool:
    return abs(a[0] - b[0]) < 1e-6 * max(1.0, a[0]) and abs(a[1] - b[1]) < 0.5 and abs(a[2] - b[2]) < 0.5


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("泰州市科技局", "agency_6a07c5eb2c9a"),  # the CLI's expansion: 泰州市科学技术局, not the decoy law
        ("泰州市科学技术局", "agency_6a07c5eb2c9a"),
        ("市科技局", "agency_6a07c5eb2c9a"),  # an alias
        ("市场监管局", "agency_11e11fb9a8e0"),  # short form, then substring of 泰州市市场监督管理局
        ("科技进步法", "law_4d48e773d3f6"),  # a law's alias
        ("宪法", "law_660241bd03c1"),  # exact beats the laws that contain it
        ("关于泰州市科技局", DECOY),
    ],
)
def test_search_focuses_the_node_the_cli_would_name(page, site: Path, typed: str, expected: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(page, site)
    page.find_element(By.ID, "lg-search").send_keys(typed, Keys.ENTER)
    assert page.execute_script(FOCUSED) == [expected]


def test_matches_are_listed_while_typing_and_a_click_focuses(page, site: Path) -> None:
    from selenium.webdriver.common.by import By

    open_page(page, site)
    page.find_element(By.ID, "lg-search").send_keys("泰州市科技局")
    items = page.find_elements(By.CSS_SELECTOR, "#lg-suggest li")
    assert [li.get_attribute("data-id") for li in items] == ["agency_6a07c5eb2c9a", DECOY]
    items[0].click()
    assert page.execute_script(FOCUSED) == ["agency_6a07c5eb2c9a"]
    assert page.find_element(By.CSS_SELECTOR, "#lg-info h2").text == "泰州市科学技术局"
    assert not page.find_element(By.ID, "lg-suggest").is_displayed()


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        # 行政法规: the one law, the agency and the report citing it, the agency's program and place;
        # 科学技术局 and 司法局 (they cite no 行政法规) and their programs go
        (
            "行政法规",
            [
                "agency_11e11fb9a8e0",
                "doc_d13aa709ca79",
                "law_3a08abf24056",
                "place_e234a040086a",
                "program_8577b5b5d9df",
            ],
        ),
        # 法律: 司法局 cites only the 规范性文件 decoy, the hostile agency only its hostile 条例
        (
            "法律",
            [
                "agency_11e11fb9a8e0",
                "agency_6a07c5eb2c9a",
                "doc_64a3465965d3",
                "doc_8519dadbaf86",
                "doc_d13aa709ca79",
                "law_4d48e773d3f6",
                "law_77e6585cdd8a",
                "place_e234a040086a",
                "program_8577b5b5d9df",
                "program_c3f9ab1b7247",
            ],
        ),
    ],
)
def test_level_filter_hides_other_levels_and_what_is_left_without_them(
    page, site: Path, level, expected
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    before = open_page(page, site)
    Select(page.find_element(By.ID, "lg-level")).select_by_value(level)
    assert page.execute_script(VISIBLE) == expected
    after = page.execute_script(VIEW)
    assert not close(before, after)  # refitted to the nodes shown
    # every shown node is in the window, and they fill it (up to the 10% margin) unless at scale 1
    w, h, xs, ys = page.execute_script(
        "var c = network.canvas.frame.canvas, ids = network.body.data.nodes.get({filter: n => !n.hidden})"
        ".map(n => n.id), p = network.getPositions(ids), d = ids.map(id => network.canvasToDOM(p[id]));"
        "return [c.clientWidth, c.clientHeight, d.map(q => q.x), d.map(q => q.y)];"
    )
    assert 0 <= min(xs) and max(xs) <= w and 0 <= min(ys) and max(ys) <= h
    assert max((max(xs) - min(xs)) / w, (max(ys) - min(ys)) / h) > 0.75 or after[0] == 1


def test_reset_returns_to_the_full_view_in_one_click(page, site: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    start = open_page(page, site)
    for wait in (0.05, 0.6):  # during the focus animation, and after it
        page.find_element(By.ID, "lg-search").send_keys("泰州市科技局", Keys.ENTER)
        time.sleep(wait)
        page.find_element(By.ID, "lg-reset").click()
        time.sleep(0.6)
        assert close(page.execute_script(VIEW), start)
    Select(page.find_element(By.ID, "lg-level")).select_by_value("法律")
    assert not close(page.execute_script(VIEW), start)
    page.find_element(By.ID, "lg-reset").click()
    time.sleep(0.3)
    assert close(page.execute_script(VIEW), start)
    assert len(page.execute_script(VISIBLE)) == 20


SEEDS_PAGE = Path(__file__).resolve().parents[1] / "graph_exports" / "graph.html"
LABEL_BOXES = """
var got = window.lawgraphLabels(), s = network.getScale();
var ctx = document.createElement('canvas').getContext('2d');
ctx.font = (got.size * s) + 'px ' + got.face;
return {px: got.size * s, boxes: got.labels.map(function (l) {
  var p = network.canvasToDOM({x: l.x, y: l.y}), w = ctx.measureText(l.text).width;
  return [l.id, p.x - w / 2, p.y, p.x + w / 2, p.y + got.size * s * 1.2];
})};
"""


def overlapping(boxes: list[list]) -> list[tuple[str, str]]:
    return [
        (a[0], b[0])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]
    ]


def test_seed_labels_are_legible_and_never_overlap(page) -> None:
    """At the fitted zoom of the 5-report graph: 12 px labels, measured again in the browser, no two
    boxes overlapping; zooming in shows more of them."""
    page.get(SEEDS_PAGE.as_uri())
    time.sleep(0.3)
    fitted = page.execute_script(LABEL_BOXES)
    assert abs(fitted["px"] - 12) < 1e-6
    assert len(fitted["boxes"]) >= 40
    assert overlapping(fitted["boxes"]) == []
    page.execute_script("network.moveTo({scale: network.getScale() * 3, animation: false});")
    time.sleep(0.2)
    zoomed = page.execute_script(LABEL_BOXES)
    assert overlapping(zoomed["boxes"]) == []
    shown = page.execute_script("return network.body.data.nodes.length;")
    assert len(zoomed["boxes"]) > len(fitted["boxes"]) or len(fitted["boxes"]) == shown


@pytest.mark.parametrize(
    ("action", "shown"),
    [
        ("document.querySelector('#lg-legend input[data-type=\"law\"]').click()", 12),  # 20 nodes less 8 laws
        (
            "var s = document.getElementById('lg-year'); s.value = '2024'; s.dispatchEvent(new Event('change'))",
            12,  # the 2024 reports' nodes
        ),
        ("document.querySelector('#lg-legend input[data-type=\"agency\"]').click()", 16),
    ],
)
def test_every_filter_refits_the_view(page, site: Path, action: str, shown: int) -> None:
    before = open_page(page, site)
    page.execute_script(action)
    assert len(page.execute_script(VISIBLE)) == shown
    assert not close(before, page.execute_script(VIEW))
