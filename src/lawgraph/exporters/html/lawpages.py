"""One page per law (``laws/<id>.html``): who cites it, when and how (mentions per relation and
year), with the sentences that say so.

Plain HTML, no script of its own: the file carries its body deflated and base64-encoded (a third of
the bytes; tens of thousands of pages at corpus scale), which ``laws/lib/law.js`` puts in place as
the page opens, offline; the style is ``laws/lib/law.css``. Every text from a document (names, snippets, file names) goes through ``html.escape``; the name in a
snippet is wrapped in ``<mark>`` around escaped pieces. Evidence rows are bounded
(``ROWS_PER_AGENCY`` per citing agency, ``MAX_ROWS`` per page) and the rest is counted, with a link
to the agency page that lists them. A graph without mentions (an older ``graph.json``) still gets
its pages: who cites the law and when, and a line saying no evidence was recorded.
"""

from __future__ import annotations

import html
import os
import shlex
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

from lawgraph.exporters.html import compact, evidence, memo
from lawgraph.exporters.html.display import display_aliases
from lawgraph.exporters.html.fragments import _file_name
from lawgraph.exporters.html.memo import per_graph
from lawgraph.exporters.html.page import PageFolder, write_if_changed
from lawgraph.exporters.html.template import asset
from lawgraph.exporters.style import (
    CITE_RELATION_COLORS,
    CITE_RELATION_NAMES_ZH,
    CITE_RELATIONS,
    CITERS_PER_LAW_PAGE,
    EVIDENCE_PER_CITER,
    EVIDENCE_PER_LAW_PAGE,
    MARK_COLOR,
    TYPE_NAMES_ZH,
)
from lawgraph.graph.schema import ALIAS_SEP, LIST_SEP, RELATION_SEP

LAW_DIR = "laws"  # DIR/laws/: one page per law
ROWS_PER_AGENCY = EVIDENCE_PER_CITER  # evidence rows per citing agency on a law page
MAX_ROWS = EVIDENCE_PER_LAW_PAGE  # evidence rows per law page
MAX_CITERS = CITERS_PER_LAW_PAGE  # rows of the citers table (the most reports first)

_e = html.escape

LIB_DIR = "lib"  # laws/lib/: the style every law page shares
STYLE_FILE = "law.css"
SCRIPT_FILE = "law.js"
_NUMERIC = "table.y td+td, table.y th+th, table.c td:nth-child(3), table.c th:nth-child(3)"

STYLE = f"""body {{ font: 14px/1.6 "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #1f2933;
  max-width: 1040px; margin: 20px auto; padding: 0 16px; }}
h1 {{ font-size: 21px; margin: 0 0 4px; }} h2 {{ font-size: 16px; margin: 22px 0 6px; }}
h3 {{ font-size: 14px; margin: 14px 0 4px; }}
.sub, .src, .more {{ color: #616e7c; }} .src {{ font-size: 12px; white-space: nowrap; }}
nav a, a {{ color: #2f6fb3; text-decoration: none; }} a:hover {{ text-decoration: underline; }}
nav a {{ margin-right: 12px; font-size: 13px; }}
table {{ border-collapse: collapse; margin-top: 6px; }}
th, td {{ border-bottom: 1px solid #e4e7eb; padding: 4px 8px; text-align: left; }}
{_NUMERIC} {{ text-align: right; }} th {{ background: #f4f6f8; font-weight: 600; }}
.rel {{ display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; color: #1f2933;
  margin-right: 6px; white-space: nowrap; background: #ddd; }}
ol.ev {{ padding-left: 22px; margin: 4px 0; }} ol.ev li {{ margin: 3px 0; }}
mark {{ background: {MARK_COLOR}; padding: 0 1px; }}
""" + "".join(f".rel.{r} {{ background: {c}; }}\n" for r, c in CITE_RELATION_COLORS.items())


def law_page_name(node: str) -> str:
    """The file name of a law's page in ``laws/``."""
    return f"{node}.html"


def law_nodes(G: nx.DiGraph) -> list[str]:
    """The law nodes (each gets a page), in id order."""
    return sorted(n for n, t in G.nodes(data="type") if t == "law")


def _name(text: str) -> str:
    """``html.escape`` of a name or type, which recur from page to page (remembered: ``memo``)."""
    return _escaped(text) if memo.ENABLED else _e(text)


_escaped = lru_cache(maxsize=1 << 16)(html.escape)


@cache
def _chip(rel: str, count: int | None = None) -> str:
    """A relation's coloured label (with a count; the colour from its class in ``law.css``)."""
    name = CITE_RELATION_NAMES_ZH.get(rel, rel)
    tail = f" {count}" if count is not None else ""
    known = f" {rel}" if rel in CITE_RELATION_COLORS else ""
    return f'<span class="rel{known}">{_e(name)}{tail}</span>'


def snippet_html(text: str, a: int, b: int) -> str:
    """The snippet ``text`` (``evidence.bounded_text``) with the law's name at ``a:b`` in
    ``<mark>``, every piece escaped."""
    if a == b:
        return _e(text)
    return f"{_e(text[:a])}<mark>{_e(text[a:b])}</mark>{_e(text[b:])}"


def evidence_row(m: tuple[Any, ...]) -> str:
    """One ``<li>`` of a mention's ``evidence.parts``: relation, snippet, and where it is (file,
    year, line)."""
    _, _, rel, source, year, line, text, mark = m
    where = [_file_name(source)]
    if year is not None:
        where.append(f"{year}年")
    if line is not None:
        where.append(f"第 {line} 行")
    snippet = snippet_html(*evidence.bounded_text(*evidence.text_span(text, mark)))
    return f'<li>{_chip(rel if isinstance(rel, str) else "cites")}{snippet} <span class="src">{_e(" · ".join(where))}</span></li>'


Cited = list[tuple[str, dict[str, Any]]]  # (citer, its edge to the law)


def _citers(G: nx.DiGraph, law: str, attrs: Mapping[str, Any], rank: Mapping[str, int] | None = None) -> Cited:
    """The nodes with a ``cites`` edge to the law (agencies, documents of unknown agencies, titles
    that contain it) and that edge, agencies first, then by name (``rank``: ``citer_ranks``, given
    when many pages are written)."""
    found = [(u, d) for u, d in G.pred[law].items() if "cites" in d.get("relation", "").split(RELATION_SEP)]
    if rank is None:
        found.sort(key=lambda p: _citer_key(p[0], attrs))
    else:
        found.sort(key=lambda p: rank[p[0]])
    return found


_CITER_ORDER = {"agency": 0, "document": 1, "law": 2}


def _citer_key(u: str, attrs: Mapping[str, Any]) -> tuple[int, str, str]:
    return (_CITER_ORDER.get(attrs[u]["type"], 9), attrs[u]["label"], u)


def citer_ranks(attrs: Mapping[str, Any]) -> dict[str, int]:
    """Every node's place in the citers' order (``_citers``), worked out once per graph (``memo``)
    rather than a key per citer and page."""
    return {u: i for i, u in enumerate(sorted(attrs, key=lambda u: _citer_key(u, attrs)))}


def _years_table(cited: Cited, found: Sequence[tuple[Any, ...]] | None) -> str:
    """Per year: citing agencies (or reports' citers) and, with mentions (``evidence.parts``),
    mentions per relation."""
    per_year: dict[int, set[str]] = {}
    counts: dict[int, dict[str, int]] = {}
    if found:
        for agency, document, rel, _, y, *_ in found:
            if y is None:
                continue
            who = per_year.get(y)
            if who is None:
                who = per_year[y] = set()
                counts[y] = {}
            who.add(agency or document or "")
            c = counts[y]
            c[rel or "cites"] = c.get(rel or "cites", 0) + 1
    else:
        for u, d in cited:
            for y in str(d.get("years", "")).split(LIST_SEP):
                if y.isdigit():
                    per_year.setdefault(int(y), set()).add(u)
    if not per_year:
        return '<p class="sub">没有年份信息。</p>'
    rels = [r for r in CITE_RELATIONS if any(c.get(r) for c in counts.values())]
    head = "".join(f"<th>{_e(CITE_RELATION_NAMES_ZH[r])}</th>" for r in rels)
    rows = []
    for y in sorted(per_year):
        c = counts.get(y, {})
        cells = "".join(f"<td>{c.get(r, 0)}</td>" for r in rels)
        rows.append(f"<tr><td>{y}</td><td>{len(per_year[y])}</td>{cells}</tr>")
    return (
        f'<table class="y"><thead><tr><th>年份</th><th>引用者</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


# where a page's rows left out are: the store (always written, whatever --formats selects) and its queries
_STORE_EVIDENCE = "lawgraph.sqlite 的 evidence 视图（每处引用一行）"


_SHELL_SPECIAL = frozenset(" \t\n'\"\\$`;&|<>()*?[]{}!#~")


def _query(command: str, **options: str) -> str:
    """``lawgraph COMMAND --OPTION VALUE…`` as page text, e.g. the query that lists a law's citers: a
    value quoted for the shell only when it needs it (a name with a space), then escaped for HTML."""
    args = "".join(f" --{k} {_e(shlex.quote(v) if _SHELL_SPECIAL.intersection(v) else v)}" for k, v in options.items())
    return f"<code>lawgraph {command}{args}</code>"


def _citers_table(cited: Cited, counts: Sequence[dict[str, int]], pages: frozenset[str], attrs: Mapping[str, Any],
                  law: str) -> str:
    """The citers (``counts``: their ``evidence.relation_counts``), the most reports first; those left
    out are named by the query that lists them all (``law``: the law's label)."""
    rows = []
    shown = sorted(range(len(cited)), key=lambda i: -int(cited[i][1].get("weight", 1)))[:MAX_CITERS]
    for i in sorted(shown):
        u, d = cited[i]
        a = attrs[u]
        label = _name(a["label"])
        if u in pages:
            folder = "" if a["type"] == "law" else "../agencies/"
            label = f'<a href="{folder}{_name(u)}.html">{label}</a>'
        how = "".join(_chip(r, counts[i][r]) for r in CITE_RELATIONS if r in counts[i])
        years = _name(str(d.get("years", "")).replace(LIST_SEP, "、"))  # a citer's years recur too
        rows.append(
            f"<tr><td>{label}</td><td>{_name(TYPE_NAMES_ZH.get(a['type'], a['type']))}</td>"
            f'<td>{int(d.get("weight", 1))}</td><td>{years}</td><td>{how}</td></tr>'
        )
    more = len(cited) - len(shown)
    tail = f'<p class="more">另有 {more} 个引用者（报告数较少）未列出；全部引用者：{_query("agencies", law=law)}。</p>' if more else ""
    return (
        '<table class="c"><thead><tr><th>引用者</th><th>类型</th><th>报告数</th><th>年份</th>'
        f"<th>引用方式（次）</th></tr></thead><tbody>{''.join(rows)}</tbody></table>{tail}"
    )


def _evidence_html(found: Sequence[tuple[Any, ...]] | None, pages: frozenset[str], attrs: Mapping[str, Any],
                   law: str) -> str:
    """The mentions (``evidence.parts``) grouped by citing agency, bounded (``ROWS_PER_AGENCY``,
    ``MAX_ROWS``); what is left out is named by the query or store that holds it (``law``: the law's
    label), never by a file a build may not write (``--formats``)."""
    if found is None:
        return '<p class="sub">此图谱没有记录引用原文（用新版 lawgraph 重新构建即可看到）。</p>'
    if not found:
        return '<p class="sub">没有记录引用原文。</p>'
    groups: dict[str, list[tuple[Any, ...]]] = {}
    for m in found:
        groups.setdefault(m[0] or "", []).append(m)
    parts = []
    shown = 0
    left_agencies = left_rows = 0
    for agency, items in groups.items():
        if shown >= MAX_ROWS:
            left_agencies += 1
            left_rows += len(items)
            continue
        # a report whose agency is unknown: named by its file
        name = _name(attrs[agency]["label"]) if agency in attrs else _e(evidence.file_name(items[0][3]))
        link = f'<a href="../agencies/{_name(agency)}.html">{name}</a>' if agency in pages and attrs[agency]["type"] == "agency" else name
        take = items[: min(ROWS_PER_AGENCY, MAX_ROWS - shown)]
        shown += len(take)
        more = len(items) - len(take)
        where = _query("mentions", agency=attrs[agency]["label"], law=law) if agency in attrs else _STORE_EVIDENCE
        tail = f'<p class="more">另有 {more} 条，见机关页面或 {where}。</p>' if more else ""
        parts.append(f'<h3>{link}（{len(items)} 条）</h3><ol class="ev">{"".join(map(evidence_row, take))}</ol>{tail}')
    if left_agencies:
        parts.append(
            f'<p class="more">另有 {left_agencies} 个引用者的 {left_rows} 条引用未列出，见各机关页面或 {_STORE_EVIDENCE}。</p>'
        )
    return "".join(parts)


def law_page_parts(
    G: nx.DiGraph,
    law: str,
    found: Sequence[evidence.Mention] | None,
    pages: frozenset[str],
    attrs: Mapping[str, Any] | None = None,
    rank: Mapping[str, int] | None = None,
) -> tuple[str, str]:
    """(label, the HTML of the body) of one law's page; ``found``: its mentions (None: the graph
    records none); ``pages``: the agencies with a page; ``attrs``: the nodes' attributes
    (``G.nodes``, or a dict of them when many pages are written); ``rank``: the citers' order
    (``citer_ranks``)."""
    attrs = G.nodes if attrs is None else attrs
    d = attrs[law]
    label = d["label"]
    cited = _citers(G, law, attrs, rank)
    counts = [evidence.relation_counts(e) for _, e in cited]
    agencies = sum(1 for u, _ in cited if attrs[u]["type"] == "agency")
    raw = d.get("aliases", "")
    aliases = [a for a in display_aliases(raw if isinstance(raw, str) else ALIAS_SEP.join(raw)) if a != label]
    totals: dict[str, int] = {}
    for c in counts:
        for r, n in c.items():
            totals[r] = totals.get(r, 0) + n
    how = "".join(_chip(r, totals[r]) for r in CITE_RELATIONS if totals.get(r)) or '<span class="sub">未分类</span>'
    facts = [f"层级：{d.get('level', '其他')}", f"{agencies} 个机关引用", f"{int(d.get('documents', 0))} 份报告"]
    if d.get("years"):
        facts.append("年份：" + str(d["years"]).replace(LIST_SEP, "、"))
    alias_line = f'<p class="sub">别名：{_e("、".join(aliases))}</p>' if aliases else ""
    mentions = None if found is None else [evidence.parts(m) for m in found]
    body = f"""<nav><a href="../index.html">机关目录</a><a href="../index.html#laws">法规目录</a><a href="../graph.html">全图</a></nav>
<h1>{_e(label)}</h1>
<p class="sub">{_e(" · ".join(facts))}</p>
{alias_line}<h2>引用方式</h2>
<p>{how}</p>
<h2>按年份</h2>
{_years_table(cited, mentions)}
<h2>引用者（{len(cited)}）</h2>
{_citers_table(cited, counts, pages, attrs, label)}
<h2>引用原文</h2>
{_evidence_html(mentions, pages, attrs, label)}
"""
    return label, body


def render_law_page(
    G: nx.DiGraph, law: str, found: Sequence[evidence.Mention] | None, pages: frozenset[str]
) -> str:
    """The HTML of one law's page as a browser shows it (``law_page_parts``; the file carries its
    body packed, ``packed_law_page``)."""
    label, body = law_page_parts(G, law, found, pages)
    return f"{_head(label)}<body>\n{body}</body>\n</html>\n"


def _head(label: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(label)} · 法规</title>
<link rel="stylesheet" href="{LIB_DIR}/{STYLE_FILE}">
</head>
"""


def packed_law_page(label: str, body: str) -> str:
    """The file of a law page: its head, and its body deflated and base64-encoded (``compact.pack``),
    which ``lib/law.js`` puts in place when the page opens: a third of the bytes."""
    return (
        f'{_head(label)}<body>\n<script type="{compact.BLOCK_TYPE}" id="lg-body">{compact.pack(body)}</script>\n'
        f'<script src="{LIB_DIR}/{SCRIPT_FILE}"></script>\n'
        "<noscript>此页面需要 JavaScript（本地运行，不联网）。</noscript>\n</body>\n</html>\n"
    )


def write_law_pages(
    G: nx.DiGraph, out_dir: str | os.PathLike[str], laws: Iterable[str], pages: frozenset[str]
) -> tuple[int, int]:
    """laws/<id>.html for the given laws; a page whose bytes are already on disk is left untouched.
    ``pages``: the agencies that have a page. Returns (pages, pages rewritten)."""
    folder = PageFolder(Path(out_dir) / LAW_DIR)
    found = evidence.mentions(G)
    grouped = per_graph(G, "mentions_by_law", lambda: evidence.by_law(found)) if found is not None else None
    attrs = per_graph(G, "node_attrs", lambda: dict(G.nodes(data=True)))  # plain lookups, no view per node
    rank = per_graph(G, "citer_rank", lambda: citer_ranks(attrs)) if memo.ENABLED else None
    count = changed = 0
    for law in laws:
        mine = grouped.get(law, []) if grouped is not None else None
        page = packed_law_page(*law_page_parts(G, law, mine, pages, attrs, rank))
        count += 1
        changed += folder.write(law_page_name(law), page.encode("utf-8"))
    return count, changed


def write_law_lib(out_dir: str | os.PathLike[str]) -> list[Path]:
    """laws/lib/: the style and the script the law pages share."""
    lib = Path(out_dir) / LAW_DIR / LIB_DIR
    write_if_changed(lib / STYLE_FILE, STYLE.encode("utf-8"))
    write_if_changed(lib / SCRIPT_FILE, (asset("inflate.js") + asset("law.js")).encode("utf-8"))
    return [lib / STYLE_FILE, lib / SCRIPT_FILE]


def remove_stale_law_pages(out_dir: str | os.PathLike[str], wanted: Iterable[str]) -> None:
    """Delete laws/law_*.html pages of laws no longer in the graph."""
    law_dir = Path(out_dir) / LAW_DIR
    keep = set(wanted)
    if law_dir.is_dir():
        for stale in sorted(law_dir.glob("law_*.html")):
            if stale.name not in keep:
                stale.unlink()

