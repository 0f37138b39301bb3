"""The citations of a focused subset, read from the store: what `lawgraph matrix --province --year
--top-laws` counts, by the rules of `lawgraph.graph.subset` (which makes the same subset of a graph).

A document is kept when its year lies in the range and its reporting agency's jurisdiction (the
``place`` of its documents row) lies in the province; an edge counts the kept documents among its
reports; ``top_laws`` keeps the N laws cited by the most citers (agencies, or reports without a known
agency) among the kept edges, ties by title. The options are read and checked by
``lawgraph.graph.subset.make_focus`` (one place for their rules and messages).
"""

from __future__ import annotations

from collections import Counter

from lawgraph.errors import NoResult
from lawgraph.store.read import Store

_AGENCY_LAW = ("SELECT a.label, l.label, e.weight FROM edges e JOIN entities a ON a.id = e.source"
               " JOIN entities l ON l.id = e.target WHERE e.relation = 'cites' AND a.type = 'agency' AND l.type = 'law'")
_CITERS = (" JOIN entities a ON a.id = e.source JOIN entities l ON l.id = e.target"
           " WHERE e.relation = 'cites' AND a.type IN ('agency', 'document') AND l.type = 'law'")
_CITERS_PER_LAW = "SELECT l.id, l.key, l.label, COUNT(*) FROM edges e" + _CITERS + " GROUP BY l.id"
_CITING_REPORTS = ("SELECT e.id, a.type, a.label, l.id, l.key, l.label, ed.document FROM edges e"
                   " JOIN edge_documents ed ON ed.edge = e.id" + _CITERS)


def citations(s: Store, province: str | None = None, year: str | int | None = None,
              top_laws: int | None = None) -> list[tuple[str, str, int]]:
    """(agency label, law label, reports) of every agency → law citation of the subset (the whole
    store when no option is given). InputError for a bad option, NoResult when no report is kept."""
    f = None
    if province is not None or year is not None or top_laws is not None:  # the plain matrix imports no graph code
        from lawgraph.graph.subset import make_focus

        f = make_focus(province, year, top_laws)
    if f is None:
        return [(a, law, int(w)) for a, law, w in s.rows(_AGENCY_LAW)]
    if f.province is None and f.years is None and f.top_laws is not None:  # every report kept
        return _top_laws(s, f.top_laws)
    kept = _documents(s, f.province, f.years)
    if not kept:
        raise NoResult(f"no document in this graph is of {f.text}; try a wider focus")
    weight: Counter[int] = Counter()
    edge: dict[int, tuple[str, str, int, str, str]] = {}
    for eid, ctype, clabel, lid, lkey, llabel, doc in s.rows(_CITING_REPORTS):
        edge[eid] = (ctype, clabel, lid, lkey, llabel)
        if doc in kept:
            weight[eid] += 1
    laws = {lid for eid, (_, _, lid, _, _) in edge.items() if weight[eid]}
    if f.top_laws is not None:
        citers = Counter(edge[eid][2] for eid, w in weight.items() if w)
        label = {lid: (lkey, llabel) for _, _, lid, lkey, llabel in edge.values()}
        laws = set(sorted(laws, key=lambda i: (-citers[i], label[i][1], label[i][0]))[: f.top_laws])
    return [(clabel, llabel, weight[eid]) for eid, (ctype, clabel, lid, _, llabel) in sorted(edge.items())
            if ctype == "agency" and weight[eid] and lid in laws]


def _top_laws(s: Store, n: int) -> list[tuple[str, str, int]]:
    """The agency → law citations of the n laws cited by the most citers, every report kept: counted
    in SQL, then only those laws' edges read."""
    ranked = sorted(s.rows(_CITERS_PER_LAW), key=lambda r: (-r[3], r[2], r[1]))[:n]
    found = []
    for lid, _, _, _ in ranked:
        found += s.rows("SELECT e.id, a.label, l.label, e.weight FROM edges e JOIN entities a ON a.id = e.source"
                        " JOIN entities l ON l.id = e.target WHERE e.target = ? AND e.relation = 'cites'"
                        " AND a.type = 'agency'", (lid,))
    return [(a, law, int(w)) for _, a, law, w in sorted(found)]


def _documents(s: Store, province: str | None, years: tuple[int, int] | None) -> set[int]:
    """The ids of the documents of the province (official name) and the inclusive year range."""
    kept = set()
    of_place: dict[str, str | None] = {}
    for doc, year, place in s.rows("SELECT d.id, d.year, p.label FROM documents d LEFT JOIN entities p ON p.id = d.place"):
        if years and not (year is not None and years[0] <= year <= years[1]):
            continue
        if province:
            if place is None:
                continue
            if place not in of_place:
                of_place[place] = _province_of(place)
            if of_place[place] != province:
                continue
        kept.add(doc)
    return kept


def _province_of(label: str) -> str | None:
    from lawgraph.graph.subset import _province_of as province_of

    return province_of(label)
