"""index.html: every reporting agency and every law, with a search box and sorting.

The search filters both tables as one types: names, readable aliases and agency short forms (the
CLI's expansion, 泰州市科技局 → 泰州市科学技术局, from the same data table as the graph page's
search). ``index.html?q=…`` opens with the box filled (the overview page of a large corpus sends
names it does not show here). A click on a column heading sorts by it: names in pinyin order
(``pypinyin``; ties by the characters, then the id, so the order is deterministic), counts largest
first, a second click reverses. The pinyin rank is computed here and written on each row, so the
browser sorts numbers. Plain HTML and one small inline script: it opens offline at any size.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from itertools import chain

import networkx as nx

from lawgraph.exporters.html import memo
from lawgraph.exporters.html.display import display_aliases
from lawgraph.exporters.html.fragments import to_json
from lawgraph.exporters.style import GRAPH_HEADING, TYPE_NAMES_ZH
from lawgraph.graph.schema import LIST_SEP, NODE_TYPES
from lawgraph.lexicon.names import agency_abbrev

_e = html.escape


def pinyin_key(name: str) -> str:
    """The sort key of a name in pinyin order: its syllables (tone-less) joined by spaces; a
    character pypinyin does not know stays as it is."""
    if not memo.ENABLED:
        return _plain_pinyin_key(name)
    seg, _ = _pinyin_parts()
    return " ".join([syllable for word in seg(name) for syllable in _word_pinyin(word)])


@lru_cache(maxsize=1 << 16)
def _plain_pinyin_key(name: str) -> str:
    """``pinyin_key`` as pypinyin's ``lazy_pinyin`` of the whole name."""
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(name, style=Style.NORMAL, errors="default"))


@cache
def _pinyin_parts() -> tuple[Callable[[str], list[str]], Callable[..., list[list[str]]]]:
    """What ``lazy_pinyin`` does in two steps: the cut of a name into words (runs of other
    characters, the words of pypinyin's phrase table) and the syllables of one word, which depend
    on that word alone; ``lazy_pinyin`` is their concatenation."""
    from pypinyin.converter import UltimateConverter
    from pypinyin.core import Pinyin

    return Pinyin().seg, UltimateConverter().convert


@lru_cache(maxsize=1 << 16)
def _word_pinyin(word: str) -> tuple[str, ...]:
    """The syllables of one word of a name (words recur from name to name: 市, 人民政府, 条例…)."""
    from pypinyin import Style

    _, convert = _pinyin_parts()
    return tuple(chain.from_iterable(convert(word, Style.NORMAL, False, "default", strict=True)))


def pinyin_ranks(items: Iterable[tuple[str, str]]) -> dict[str, int]:
    """{id: rank} of (id, name) pairs in pinyin order of the names (then the name, then the id)."""
    ordered = sorted(items, key=lambda p: (pinyin_key(p[1]), p[1], p[0]))
    return {nid: i for i, (nid, _) in enumerate(ordered)}


def _search_text(G: nx.DiGraph, node: str) -> str:
    """The readable aliases other than the name (the row's link text is searched too)."""
    d = G.nodes[node]
    return "|".join(a for a in dict.fromkeys(display_aliases(d.get("aliases", ""))) if a != d["label"])


SCRIPT = r"""(function () {
  "use strict";
  var box = document.getElementById("q"), count = document.getElementById("q-count");
  var abbrev = JSON.parse(document.getElementById("abbrev").textContent);
  function norm(s) {
    return String(s || "").normalize("NFKC").replace(/[\s《》〈〉<>“”‘’"'「」『』·•]/g, "").toLowerCase();
  }
  abbrev = abbrev.map(function (p) { return [norm(p[0]), norm(p[1])]; });
  function variants(q) {  // the CLI's expansion of agency short forms: 科技局 → 科学技术局
    var out = [q];
    for (var i = 0; i < abbrev.length; i += 1) {
      var sh = abbrev[i][0], full = abbrev[i][1];
      if (q.slice(q.length - sh.length) === sh && q.slice(q.length - full.length) !== full) {
        out.push(q.slice(0, q.length - sh.length) + full);
        break;
      }
    }
    return out;
  }
  var tables = Array.prototype.slice.call(document.querySelectorAll("table.ix"));
  tables.forEach(function (t) {
    Array.prototype.forEach.call(t.tBodies[0].rows, function (r) {
      r._key = norm(r.cells[0].textContent + "|" + (r.getAttribute("data-s") || ""));
    });
  });
  function filter() {
    var q = norm(box.value), keys = q ? variants(q) : [], shown = [];
    tables.forEach(function (t) {
      var n = 0;
      Array.prototype.forEach.call(t.tBodies[0].rows, function (r) {
        var hit = !q || keys.some(function (k) { return r._key.indexOf(k) >= 0; });
        r.hidden = !hit;
        if (hit) { n += 1; }
      });
      shown.push(n);
      var c = document.getElementById(t.id + "-n");
      if (c) { c.textContent = q ? n + " / " + t.tBodies[0].rows.length : String(t.tBodies[0].rows.length); }
    });
    count.textContent = q ? "找到 " + shown.join(" 个机关、") + " 部法规" : "";
  }
  function sortBy(th) {
    var t = th.closest("table"), key = th.getAttribute("data-sort"), body = t.tBodies[0];
    var numeric = th.getAttribute("data-num") === "1";
    var desc = th.getAttribute("aria-sort") === (numeric ? "descending" : "ascending") ? !numeric : numeric;
    Array.prototype.forEach.call(t.querySelectorAll("th[data-sort]"), function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", desc ? "descending" : "ascending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = Number(a.getAttribute("data-" + key)), y = Number(b.getAttribute("data-" + key));
      var d = desc ? y - x : x - y;
      return d || Number(a.getAttribute("data-p")) - Number(b.getAttribute("data-p"));
    });
    var frag = document.createDocumentFragment();
    rows.forEach(function (r) { frag.appendChild(r); });
    body.appendChild(frag);
  }
  Array.prototype.forEach.call(document.querySelectorAll("th[data-sort]"), function (th) {
    th.addEventListener("click", function () { sortBy(th); });
  });
  box.addEventListener("input", filter);
  var m = /[?&]q=([^&#]*)/.exec(window.location.search);
  if (m) { box.value = decodeURIComponent(m[1].replace(/\+/g, " ")); filter(); }
})();
"""

STYLE = """body { font: 14px/1.6 "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #1f2933;
  max-width: 960px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 22px; margin-bottom: 4px; }
.sub { color: #616e7c; margin-top: 0; }
a { color: #2f6fb3; text-decoration: none; } a:hover { text-decoration: underline; }
table { border-collapse: collapse; width: 100%; margin-top: 8px; }
th, td { border-bottom: 1px solid #e4e7eb; padding: 6px 8px; text-align: left; }
th { background: #f4f6f8; font-weight: 600; }
th[data-sort] { cursor: pointer; user-select: none; }
th[data-sort]::after { content: " ⇅"; color: #9aa5b1; font-weight: 400; }
th[aria-sort=ascending]::after { content: " ↑"; color: #1f2933; }
th[aria-sort=descending]::after { content: " ↓"; color: #1f2933; }
.big { display: inline-block; margin: 8px 0 16px; padding: 8px 16px; background: #2f6fb3; color: #fff; border-radius: 4px; }
.big:hover { text-decoration: none; background: #285f99; }
.find { position: sticky; top: 0; background: #fff; padding: 8px 0; z-index: 1; }
#q { font: inherit; width: 320px; padding: 4px 8px; border: 1px solid #c3cad1; border-radius: 4px; }
#q-count { color: #616e7c; margin-left: 8px; }
"""

# the data files the index links to when a build writes them (lawgraph build --formats), in this order
DATA_FILES: dict[str, str] = {
    "graph.graphml": "GraphML（Gephi、igraph）",
    "graph.gexf": "GEXF（Gephi，含时间轴）",
    "graph.json": "JSON（node-link）",
    "nodes.csv": "节点表 CSV",
    "edges.csv": "关系表 CSV",
    "mentions.csv": "引用原文表 CSV（每处引用一行）",
    "cocitation.graphml": "法规共引网络 GraphML（Gephi；同一机关引用的两部法规相连）",
    "lawgraph.sqlite": "SQLite 数据库（查询命令读取它；sqlite3 等任何 SQLite 工具均可打开）",
}


def render_index(G: nx.DiGraph, rows: list[tuple[str, str, int, str, int]], law_rows: list[tuple[str, str, str, int, int]],
                 files: Iterable[str] = tuple(DATA_FILES)) -> str:
    """The index page; ``rows`` (label, page name, reports, years, laws cited) per reporting agency,
    ``law_rows`` (label, page name, level, citing agencies, reports) per law, in the default order;
    ``files`` the data files of ``DATA_FILES`` written beside it (no list when none is)."""
    counts = dict.fromkeys(NODE_TYPES, 0)
    for _, t in G.nodes(data="type"):
        counts[t] = counts.get(t, 0) + 1
    summary = " · ".join(f"{TYPE_NAMES_ZH[t]} {counts[t]}" for t in NODE_TYPES if counts.get(t))
    agency_rank = pinyin_ranks((name, label) for label, name, *_ in rows)
    agency_body = "\n".join(
        f'<tr data-p="{agency_rank[name]}" data-r="{docs}" data-l="{cites}" data-s="{_e(_search_text(G, name.removesuffix(".html")))}">'
        f'<td><a href="agencies/{_e(name)}">{_e(label)}</a></td><td>{docs}</td>'
        f"<td>{_e(years.replace(LIST_SEP, '、'))}</td><td>{cites}</td></tr>"
        for label, name, docs, years, cites in sorted(rows, key=lambda r: agency_rank[r[1]])
    )
    law_rank = pinyin_ranks((name, label) for label, name, *_ in law_rows)
    law_body = "\n".join(
        f'<tr data-p="{law_rank[name]}" data-a="{agencies}" data-r="{docs}" data-s="{_e(_search_text(G, name.removesuffix(".html")))}">'
        f'<td><a href="laws/{_e(name)}">{_e(label)}</a></td><td>{_e(level)}</td>'
        f"<td>{agencies}</td><td>{docs}</td></tr>"
        for label, name, level, agencies, docs in law_rows
    )
    file_links = "".join(f'<li><a href="{_e(f)}">{_e(f)}</a> {_e(DATA_FILES[f])}</li>' for f in files)
    file_list = f"<h2>数据文件</h2>\n<ul>{file_links}</ul>\n" if file_links else ""
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(GRAPH_HEADING)} · 目录</title>
<style>
{STYLE}</style>
</head>
<body>
<h1>{_e(GRAPH_HEADING)}</h1>
<p class="sub">{_e(summary)} · 关系 {G.number_of_edges()}</p>
<a class="big" href="graph.html">打开全图</a> <a href="#laws">法律法规目录</a>
<div class="find"><input type="search" id="q" placeholder="搜索机关、法规名称或简称（如 泰州市科技局）" autocomplete="off"><span id="q-count"></span></div>
<h2>报告机关（<span id="agencies-n">{len(rows)}</span>）</h2>
<p class="sub">按拼音排序；点击表头按名称、报告数或引用法规数排序。</p>
<table class="ix" id="agencies">
<thead><tr><th data-sort="p" aria-sort="ascending">机关</th><th data-sort="r" data-num="1">报告数</th><th>年份</th><th data-sort="l" data-num="1">引用法规数</th></tr></thead>
<tbody>
{agency_body}
</tbody>
</table>
<h2 id="laws">法律法规（<span id="laws-table-n">{len(law_rows)}</span>）</h2>
<p class="sub">按引用机关数排序；点击表头按名称（拼音）、引用机关数或报告数排序。每部法规一页：谁引用、何时、如何引用（执行、学习、起草、审查），附原文。</p>
<table class="ix" id="laws-table">
<thead><tr><th data-sort="p">法规</th><th>层级</th><th data-sort="a" data-num="1" aria-sort="descending">引用机关数</th><th data-sort="r" data-num="1">报告数</th></tr></thead>
<tbody>
{law_body}
</tbody>
</table>
{file_list}<script type="application/json" id="abbrev">{to_json(agency_abbrev())}</script>
<script>
{SCRIPT}</script>
</body>
</html>
"""
