"""One writer per format, one signature: ``write(G, path) -> None``; ``EXPORTERS`` names them.

Every writer produces its file in a temporary file beside the target and renames it into place, so
a crash never leaves half a file. ``write_exports`` writes every file of ``EXPORTERS`` and the HTML
site around graph.html (a page per reporting agency and per law, their shared libraries, the
index); ``write_all`` does the same and lists the files written. Both take ``formats``, a selection
of ``lawgraph.outputs`` (None: every format); lawgraph.sqlite is written whatever is selected.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

import networkx as nx

from lawgraph.errors import ExportError
from lawgraph.exporters import cocitation, csvfiles, gexf, graphml, html, jsonfile, runner
from lawgraph.exporters.html.memo import reporting
from lawgraph.outputs import select as select_formats
from lawgraph.outputs import wanted as wanted_names
from lawgraph.store import write as write_store

Writer = Callable[[nx.DiGraph, "str | os.PathLike[str]"], None]

# file name in the output folder → its writer
EXPORTERS: dict[str, Writer] = {
    "graph.gexf": gexf.write,
    "graph.graphml": graphml.write,
    "graph.json": jsonfile.write,
    "lawgraph.sqlite": write_store,
    "graph.html": html.write_graph_page,
    "cocitation.graphml": cocitation.write,
    "mentions.csv": csvfiles.write_mentions,
    "edges.csv": csvfiles.write_edges,
    "nodes.csv": csvfiles.write_nodes,
}
GRAPH_FILES: tuple[str, ...] = (*EXPORTERS, "index.html")
# the order the whole-graph files are written in (after the site's pages): by the CPU they take at
# 10,000 reports, largest first, so the workers finish together; a file not named here goes last
TASK_ORDER: tuple[str, ...] = ("lawgraph.sqlite", "graph.gexf", "graph.graphml", "index.html", "graph.html",
                               "graph.json", "cocitation.graphml", "mentions.csv", "edges.csv", "nodes.csv")

__all__ = ["EXPORTERS", "GRAPH_FILES", "ExportError", "write_all", "write_exports"]


def _shards(write: Callable[..., object], G: nx.DiGraph, out: Path, items: list[str],
            shards: int) -> list[Callable[[], object]]:
    """``write(G, out, part)`` for ``items`` cut in order into ``shards`` parts at most. Each part is
    one worker's task (``runner``: a worker lives for one task), and each works out the pages'
    per-graph tables again: few large parts, not many small ones."""
    if not items:
        return []
    size = -(-len(items) // min(len(items), shards))
    return [partial(write, G, out, items[i : i + size]) for i in range(0, len(items), size)]


def write_exports(G: nx.DiGraph, out_dir: str | os.PathLike[str], jobs: int = 1,
                  formats: Iterable[str] | None = None) -> None:
    """Write the exports of ``G`` into ``out_dir`` (what ``write_all`` writes, without listing it:
    at 10,000 reports the list is 27,000 paths, 0.4 s that a build would spend after its workers,
    on one core): those of the ``formats`` selected (``lawgraph.outputs``; None: all) and the store.

    ``jobs > 1`` writes the files (and parts of the site's pages) in that many processes
    (``runner``); the files are the same bytes for any ``jobs`` and any selection. Agency pages, the
    index and the shared libraries are only rewritten when their bytes change.
    """
    _write(G, out_dir, jobs, formats)


def write_all(G: nx.DiGraph, out_dir: str | os.PathLike[str], jobs: int = 1,
              formats: Iterable[str] | None = None) -> list[Path]:
    """Write the exports of ``G`` into ``out_dir`` (``write_exports``, the same ``formats``); return
    the files written, sorted."""
    out = Path(out_dir)
    wanted, agencies, laws = _write(G, out, jobs, formats)
    written = [out / name for name in EXPORTERS if name in wanted and name != "graph.html"]
    if "index.html" in wanted:
        written += html.site_files(out, agencies, laws)  # graph.html and index.html among them
    return sorted(written)


def _write(G: nx.DiGraph, out_dir: str | os.PathLike[str], jobs: int,
           formats: Iterable[str] | None) -> tuple[frozenset[str], list[str], list[str]]:
    """``write_exports``; returns the names wanted (``outputs.wanted``) and the agencies and laws
    given a page, for ``write_all``'s list."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create the output folder {out}: {exc.strerror}") from exc
    jobs = max(1, int(jobs or 1))
    selection = select_formats(formats)
    wanted = wanted_names(selection)
    files = {name: partial(EXPORTERS[name], G, out / name) for name in EXPORTERS if name in wanted}
    tasks: list[Callable[[], object]] = []
    meanwhile = None
    agencies: list[str] = []
    laws: list[str] = []
    if "index.html" in wanted:
        laws = html.law_nodes(G)
        agencies = reporting(G)  # the agencies with a page (remembered: the pages ask it again)
        # its table of agencies worked out there; it links the data files written beside it
        files["index.html"] = partial(html.write_index, G, out, files=_data_files(wanted))
        # the site's pages first: at 10,000 reports each part takes 3-7 s of CPU, as much as the
        # largest file (the store, ~4 s); the agency pages in one part per worker, the law pages in
        # one per two
        tasks += _shards(html.write_agency_pages, G, out, agencies, jobs)
        tasks += _shards(html.write_law_pages, G, out, laws, max(1, jobs // 2))
        meanwhile = partial(_site_upkeep, out, agencies, laws)
    order = sorted(files, key=lambda name: TASK_ORDER.index(name) if name in TASK_ORDER else len(TASK_ORDER))
    tasks += [files[name] for name in order]
    runner.run(tasks, jobs, meanwhile=meanwhile)
    return wanted, agencies, laws


def _data_files(wanted: frozenset[str]) -> tuple[str, ...]:
    """The data files among those written (``outputs.wanted``) that index.html links to, in its order."""
    return tuple(name for name in html.INDEX_FILES if name in wanted)


def _site_upkeep(out: Path, agencies: list[str], laws: list[str]) -> None:
    """The pages' shared libraries, and the pages of agencies and laws no longer in the graph
    removed: the parent's share while the workers write the pages (none of them writes these)."""
    html.write_site_libs(out, bool(agencies), bool(laws))
    html.remove_stale_pages(out, map(html.agency_page_name, agencies), map(html.law_page_name, laws))
