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
# the whole-graph files by the CPU they take at 10,000 reports, largest first (after the site's pages)
TASK_ORDER: tuple[str, ...] = ("lawgraph.sqlite", "graph.gexf", "graph.graphml", "index.html", "graph.html",
                               "graph.json", "cocitation.graphml", "mentions.csv", "edges.csv", "nodes.csv")

__all__ = ["EXPORTERS", "GRAPH_FILES", "ExportError", "write_all"]


def _agency_tasks(G: nx.DiGraph, out: Path, jobs: int) -> list[Callable[[], object]]:
    """The agency pages in one shard per worker: each shard works out the pages' per-graph tables
    once (a worker lives for one task), and the shards are the largest tasks, so they start first
    and the files fill the gaps."""
    agencies = reporting_agencies(G)
    if not agencies:
        return []
    shards = min(len(agencies), jobs)
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
    laws = html.law_nodes(G)
    rows = html.agency_rows(G)
    files = {name: partial(EXPORTERS[name], G, out / name) for name in EXPORTERS}
    files["index.html"] = partial(html.write_index, G, out, rows)
    # largest first (CPU at 10,000 reports: agency pages 10 s, law pages 5 s, the store 4 s, …), so the
    # workers finish together; the law pages in one shard per two workers (each shard works out the
    # law pages' tables again)
    tasks = _agency_tasks(G, out, jobs) + html.law_tasks(G, out, laws, (jobs + 1) // 2)
    tasks += [files[name] for name in TASK_ORDER]
    runner.run(tasks, jobs)
    html.write_site_libs(out, bool(rows), bool(laws))
    html.remove_stale_pages(out, (name for _, name, _, _, _ in rows), map(html.law_page_name, laws))
    data_files = [out / name for name in EXPORTERS if name != "graph.html"]
    return sorted(data_files + html.site_files(out, rows, laws))
