"""Read-only questions over a built folder; every answer is a list of row dicts. Never prints.

Each question reads the store ``DIR/lawgraph.sqlite`` (``lawgraph.store``) with SQL, through the
index made for it, never graph.json and never the whole graph; a missing, damaged or old store is a
GraphError naming the file. Every question also takes an open ``Store`` or a networkx graph (asked
through an in-memory store, the same SQL). Names are matched on the ``fold`` keys of each node's
label and aliases; agency short forms are expanded (泰州市科技局 → 泰州市科学技术局) and law aliases go
through the registry when it knows them (``lawgraph.resolve``).
"""

from __future__ import annotations

import contextlib
import difflib
from collections import Counter
from collections.abc import Iterator
from typing import Any

from lawgraph.errors import NoResult
from lawgraph.lexicon.names import fold
from lawgraph.resolve import agency_candidates, law_candidates
from lawgraph.store.graphjson import DEFAULT_DIR, graph_from_json, load  # noqa: F401 - graph.json for scripts
from lawgraph.store.read import Store, open_store
from lawgraph.store.schema import COUNT_COLUMNS, LIST_SEP, MENTION_RELATIONS, NODE_TYPES, RELATIONS

Row = dict[str, Any]
Graph = Any  # a built folder, a Store, or a networkx graph
__all__ = ["COUNT_COLUMNS", "MENTION_RELATIONS", "agencies_citing", "laws_of_agency", "matrix", "mentions",
           "opened", "resolve_agency", "resolve_law", "stats"]


@contextlib.contextmanager
def opened(G: Graph) -> Iterator[Store]:
    """The Store of ``G``, closed afterwards when it was opened here."""
    s = open_store(G)
    try:
        yield s
    finally:
        if s is not G:
            s.close()


# --- names ---------------------------------------------------------------------------------------

_BY_LABEL = ("SELECT e.id, e.key, e.label FROM aliases a JOIN entities e ON e.id = a.entity"
             " WHERE a.fold = ? AND a.is_label = 1 AND e.type = ? ORDER BY e.key DESC LIMIT 1")
_BY_ALIAS = ("SELECT DISTINCT e.id, e.key, e.label FROM aliases a JOIN entities e ON e.id = a.entity"
             " WHERE a.fold = ? AND e.type = ? ORDER BY e.key")


def _closest(s: Store, node_type: str, name: str, n: int = 3) -> list[str]:
    labels = sorted({r[0] for r in s.rows("SELECT label FROM entities WHERE type = ?", (node_type,))})
    by_key: dict[str, str] = {}
    for label in labels:
        by_key.setdefault(fold(label), label)
    keys = difflib.get_close_matches(fold(name), list(by_key), n=n, cutoff=0.15)
    if not keys:  # a short query against long titles: fall back to containment
        q = fold(name)
        keys = [k for k in by_key if q and (q in k or k in q)][:n]
    return [by_key[k] for k in keys]


def _resolve(s: Store, node_type: str, candidates: list[str], name: str) -> tuple[int, str, str]:
    """(row id, node id, label) of the node a name means: a label match wins over an alias match."""
    for c in candidates:
        found = s.one(_BY_LABEL, (fold(c), node_type))
        if found:
            return found
    for c in candidates:
        ids = s.rows(_BY_ALIAS, (fold(c), node_type))
        if len(ids) == 1:
            return ids[0]
        if len(ids) > 1:
            raise NoResult(f"{name!r} is ambiguous: {', '.join(sorted(r[2] for r in ids))}; give the full name")
    close = _closest(s, node_type, name)
    hint = f"; closest: {', '.join(close)}" if close else ""
    raise NoResult(f"unknown {node_type} {name!r}{hint}")


def _agency(s: Store, name: str) -> tuple[int, str, str]:
    name = name.strip()
    return _resolve(s, "agency", agency_candidates(name), name)


def _law(s: Store, name: str) -> tuple[int, str, str]:
    name = name.strip()
    return _resolve(s, "law", law_candidates(name), name)


def resolve_agency(G: Graph, name: str) -> str:
    """Node id of an agency given its full name, a short form (泰州市科技局) or an alias."""
    with opened(G) as s:
        return _agency(s, name)[1]


def resolve_law(G: Graph, name: str) -> str:
    """Node id of a law given its title, an alias (科技进步法) or a bracketed form (《宪法》)."""
    with opened(G) as s:
        return _law(s, name)[1]


# --- the questions -------------------------------------------------------------------------------


def _years(text: str | None) -> list[int]:
    return [int(y) for y in (text or "").split(LIST_SEP) if y.strip().isdigit()]


def _relation(relation: str | None) -> str | None:
    if relation is not None and relation not in MENTION_RELATIONS:
        raise NoResult(f"unknown relation {relation!r}; use one of {', '.join(MENTION_RELATIONS)}")
    return relation


def _sources(s: Store, where: str, node: int) -> dict[int, list[str]]:
    """edge id → the sorted paths of its reports, for the citing edges ``where`` (source/target) = node."""
    out: dict[int, list[str]] = {}
    for edge, path in s.rows("SELECT ed.edge, d.path FROM edges e JOIN edge_documents ed ON ed.edge = e.id"
                             f" JOIN documents d ON d.id = ed.document WHERE e.{where} = ? AND e.relation = 'cites'",
                             (node,)):
        out.setdefault(edge, []).append(path)
    return {k: sorted(v) for k, v in out.items()}


LAWS_SQL = (f"SELECT e.id, l.label, COALESCE(l.level, ''), e.weight, e.years, COALESCE(e.relation_main, 'cites'),"
            f" {', '.join(f'COALESCE(e.{c}, 0)' for c in COUNT_COLUMNS)} FROM edges e JOIN entities l ON l.id = e.target"
            " WHERE e.source = ? AND e.relation = 'cites' AND l.type = 'law'")


def laws_of_agency(G: Graph, name: str, relation: str | None = None) -> list[Row]:
    """The laws an agency cites: law, level, documents (count), years (ints), sources (paths),
    ``relation_main`` and the mentions per relation (``n_implements`` … ``n_cites``); most cited
    first. With ``relation``, only the laws with at least one mention of that relation."""
    with opened(G) as s:
        a, _, label = _agency(s, name)
        relation = _relation(relation)
        found = s.rows(LAWS_SQL, (a,))
        sources = _sources(s, "source", a) if found else {}
    rows = [{"law": r[1], "level": r[2], "documents": int(r[3]), "years": _years(r[4]), "sources": sources.get(r[0], []),
             "relation_main": r[5], **dict(zip(COUNT_COLUMNS, map(int, r[6:]), strict=True))} for r in found]
    if not rows:
        raise NoResult(f"{label} cites no law in this graph")
    if relation is not None:
        rows = [r for r in rows if r["n_" + relation] > 0]
        if not rows:
            raise NoResult(f"{label} has no law mention of relation {relation} in this graph")
    return sorted(rows, key=lambda r: (-r["documents"], r["law"]))


def mentions(G: Graph, agency: str, law: str | None = None, relation: str | None = None) -> list[Row]:
    """Every law mention in the reports of an agency (the evidence): source, year, start, end (offsets
    into the original file, as ``lawgraph extract`` gives them), line, relation, law, text, snippet
    (the cleaned sentence) and mark (the mention's [a, b] in the snippet); in report order. ``law``
    and ``relation`` narrow it down."""
    with opened(G) as s:
        a, _, label = _agency(s, agency)
        lid, _, law_label = _law(s, law) if law else (None, None, None)
        relation = _relation(relation)
        sql = ('SELECT d.path, d.year, m.start, m."end", m.line, m.relation, l.label, m.text, t.text, m.mark_start,'
               " m.mark_end FROM mentions m JOIN documents d ON d.id = m.document JOIN entities l ON l.id = m.law"
               " JOIN snippets t ON t.id = m.snippet_id"
               " WHERE m.agency = ?")
        params: list[Any] = [a]
        if lid is not None:
            sql, params = sql + " AND m.law = ?", [*params, lid]
        if relation is not None:
            sql, params = sql + " AND m.relation = ?", [*params, relation]
        found = s.rows(sql, params)
    rows = [{"source": r[0], "year": r[1], "start": r[2], "end": r[3], "line": r[4], "relation": r[5], "law": r[6],
             "text": r[7], "snippet": r[8], "mark": [r[9], r[10]]} for r in found]
    if not rows:
        what = f" of {law_label}" if lid is not None else ""
        how = f" with relation {relation}" if relation else ""
        raise NoResult(f"{label} has no law mention{what}{how} in this graph")
    return sorted(rows, key=lambda r: (r["source"], r["start"], r["end"]))


def agencies_citing(G: Graph, name: str) -> list[Row]:
    """Who cites a law: agency (or the report, when its agency is unknown), type, documents, years."""
    with opened(G) as s:
        law, _, label = _law(s, name)
        found = s.rows("SELECT e.id, c.label, c.type, e.weight, e.years FROM edges e JOIN entities c ON c.id = e.source"
                       " WHERE e.target = ? AND e.relation = 'cites' AND c.type IN ('agency', 'document')", (law,))
        sources = _sources(s, "target", law) if found else {}
    rows = [{"agency": r[1], "type": r[2], "documents": int(r[3]), "years": _years(r[4]),
             "sources": sources.get(r[0], [])} for r in found]
    if not rows:
        raise NoResult(f"no agency cites {label} in this graph")
    return sorted(rows, key=lambda r: (r["type"] != "agency", -r["documents"], r["agency"]))


def matrix(G: Graph, province: str | None = None, year: str | int | None = None,
           top_laws: int | None = None) -> tuple[list[str], list[Row]]:
    """Agency × law citation counts. Returns (columns, rows).

    Rows: every agency that cites a law, by label. Columns: ``agency`` then the cited laws, the
    most widely cited first (number of citing agencies, then documents, then title). ``province``,
    ``year`` and ``top_laws`` count over a focused subset, as ``lawgraph build`` focuses
    (``lawgraph.store.focus``)."""
    from lawgraph.store.focus import citations

    with opened(G) as s:
        found = citations(s, province, year, top_laws)
    counts: dict[str, Counter[str]] = {}
    for agency, law, weight in found:
        counts.setdefault(agency, Counter())[law] += weight
    if not counts:
        raise NoResult("no agency cites a law in this graph")
    agencies_per_law: Counter[str] = Counter()
    docs_per_law: Counter[str] = Counter()
    for c in counts.values():
        for law, n in c.items():
            agencies_per_law[law] += 1
            docs_per_law[law] += n
    laws = sorted(agencies_per_law, key=lambda law: (-agencies_per_law[law], -docs_per_law[law], law))
    rows = [{"agency": a, **{law: counts[a].get(law, 0) for law in laws}} for a in sorted(counts)]
    return ["agency", *laws], rows


def stats(G: Graph) -> list[Row]:
    """Counts: documents, nodes by type, edges by relation (every known type listed, zeros too)."""
    with opened(G) as s:
        node_types = Counter(dict(s.rows("SELECT type, COUNT(*) FROM entities GROUP BY type")))
        relations = Counter(dict(s.rows("SELECT relation, COUNT(*) FROM edges GROUP BY relation")))
    rows: list[Row] = [{"what": "documents", "type": "", "count": node_types.get("document", 0)}]
    rows.append({"what": "nodes", "type": "all", "count": sum(node_types.values())})
    for t in [*NODE_TYPES, *sorted(set(node_types) - set(NODE_TYPES))]:
        rows.append({"what": "nodes", "type": t, "count": node_types.get(t, 0)})
    rows.append({"what": "edges", "type": "all", "count": sum(relations.values())})
    for r in [*RELATIONS, *sorted(set(relations) - set(RELATIONS))]:
        rows.append({"what": "edges", "type": r, "count": relations.get(r, 0)})
    return rows
