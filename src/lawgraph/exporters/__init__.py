"""One writer per format, one signature: ``write(G, path) -> None``; ``EXPORTERS`` names them.

Every writer produces its file in a temporary file beside the target and renames it into place, so
a crash never leaves half a file. ``write_all`` writes every file of ``EXPORTERS`` and the HTML site
around graph.html (a page per reporting agency, their shared library, the index).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path

import networkx as nx

from lawgraph.errors import ExportError
from lawgraph.exporters import cocitation, csvfiles, gexf, graphml, html, jsonfile, runner
from lawgraph.graph.build import reporting_agencies
from lawgraph.store import write as write_store

Writer = Callable[[nx.DiGraph, "str | os.PathLike[str]"], None]

# file name in the output folder → its writer; in order of size, largest first (parallel workers
# take them in this order and finish together)
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

__all__ = ["EXPORTERS", "GRAPH_FILES", "ExportError", "write_all"]


def _agency_tasks(G: nx.DiGraph, out: Path, jobs: int) -> list[Callable[[], object]]:
    """The agency pages in a few shards per worker: whoever is free takes the next one."""
    agencies = reporting_agencies(G)
    if not agencies:
        return []
    shards = min(len(agencies), 3 * jobs) if jobs > 1 else 1
    size = -(-len(agencies) // shards)
    return [partial(html.write_agency_pages, G, out, agencies[i : i + size]) for i in range(0, len(agencies), size)]


def write_all(G: nx.DiGraph, out_dir: str | os.PathLike[str], jobs: int = 1) -> list[Path]:
    """Write every export of ``G`` into ``out_dir``; return the files written, sorted.

    ``jobs > 1`` writes the files (and shards of the agency pages) in that many processes
    (``runner``); the files are the same bytes for any ``jobs``. Agency pages, the index and the
    shared libraries are only rewritten when their bytes change.
    """
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create the output folder {out}: {exc.strerror}") from exc
    jobs = max(1, int(jobs or 1))
    first = sorted(EXPORTERS, key=lambda name: name != "lawgraph.sqlite")  # the longest task starts first
    tasks: list[Callable[[], object]] = [partial(EXPORTERS[name], G, out / name) for name in first]
    laws = html.law_nodes(G)
    rows = html.agency_rows(G)
    # index.html is as long as a big file at 10,000 reports (pinyin keys of every name): a task like them
    tasks[1:1] = [partial(html.write_index, G, out, rows)]
    tasks[-1:-1] = _agency_tasks(G, out, jobs) + html.law_tasks(G, out, laws, jobs)  # nodes.csv, the smallest, last
    runner.run(tasks, jobs)
    html.write_site_libs(out, bool(rows), bool(laws))
    html.remove_stale_pages(out, (name for _, name, _, _, _ in rows), map(html.law_page_name, laws))
    data_files = [out / name for name in EXPORTERS if name != "graph.html"]
    return sorted(data_files + html.site_files(out, rows, laws))
