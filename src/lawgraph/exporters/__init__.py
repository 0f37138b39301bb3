"""One writer per format, one signature: ``write(G, path) -> None``.

Every writer produces the file in a temporary file beside the target and renames it into place
(``os.replace``), so a crash never leaves half a file. ``write_all`` writes the full set.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from pathlib import Path
from typing import Any

import networkx as nx

GRAPH_FILES: tuple[str, ...] = (
    "graph.graphml",
    "graph.gexf",
    "graph.json",
    "nodes.csv",
    "edges.csv",
    "graph.html",
    "index.html",
)


class ExportError(Exception):
    """An output file or folder could not be written."""


def _tasks(G: nx.DiGraph, out: Path, jobs: int) -> list[tuple[str, Any]]:
    """The independent pieces of ``write_all``, largest first (so parallel workers finish together)."""
    from lawgraph.graph import reporting_agencies

    agencies = reporting_agencies(G)
    tasks: list[tuple[str, Any]] = [
        ("gexf", None),
        ("graphml", None),
        ("json", None),
        ("graph.html", None),
        ("edges.csv", None),
    ]
    if jobs > 1 and agencies:
        # agency pages in a few shards per worker: whoever is free takes the next one
        shards = min(len(agencies), 3 * jobs)
        size = -(-len(agencies) // shards)
        tasks += [("agencies", agencies[i : i + size]) for i in range(0, len(agencies), size)]
    elif agencies:
        tasks.append(("agencies", agencies))
    tasks.append(("nodes.csv", None))
    return tasks


def _run_task(G: nx.DiGraph, out: Path, task: tuple[str, Any]) -> None:
    from lawgraph.exporters import csvfiles, gexf, graphml, html, jsonfile

    kind, arg = task
    if kind == "graphml":
        graphml.write(G, out / "graph.graphml")
    elif kind == "gexf":
        gexf.write(G, out / "graph.gexf")
    elif kind == "json":
        jsonfile.write(G, out / "graph.json")
    elif kind == "nodes.csv":
        csvfiles.write_nodes(G, out / "nodes.csv")
    elif kind == "edges.csv":
        csvfiles.write_edges(G, out / "edges.csv")
    elif kind == "graph.html":
        html.write_graph_page(G, out)
    elif kind == "agencies":
        html.write_agency_pages(G, out, arg)
    else:  # pragma: no cover
        raise ValueError(kind)


def _work(G: nx.DiGraph, out: Path, tasks: list[tuple[str, Any]], counter: Any) -> None:
    """Take tasks off the shared counter until none are left."""
    while True:
        with counter.get_lock():
            i = counter.value
            counter.value = i + 1
        if i >= len(tasks):
            return
        _run_task(G, out, tasks[i])


def _child(G: nx.DiGraph, out: Path, tasks: list[tuple[str, Any]], counter: Any, results: Any) -> None:
    gc.disable()  # the graph is shared copy-on-write: a collection would touch (copy) all of it
    try:
        _work(G, out, tasks, counter)
    except BaseException as exc:  # reported to the parent, which raises it
        with counter.get_lock():
            counter.value = len(tasks)  # the others stop after their current task
        results.put(f"{type(exc).__name__}: {exc}"[:2000])
        raise SystemExit(1) from None
    results.put("")


def _run_parallel(G: nx.DiGraph, out: Path, tasks: list[tuple[str, Any]], jobs: int) -> None:
    """Run ``tasks`` in this process and ``jobs - 1`` forked children (the graph is inherited, never
    pickled). The first failure stops the rest and is raised here."""
    ctx = multiprocessing.get_context("fork")
    counter = ctx.Value("l", 0)
    results = ctx.SimpleQueue()
    gc.collect()
    gc.freeze()  # keep the inherited objects out of every collection: their pages stay shared
    children = []
    try:
        for _ in range(min(jobs, len(tasks)) - 1):
            p = ctx.Process(target=_child, args=(G, out, tasks, counter, results), daemon=True)
            p.start()
            children.append(p)
        try:
            _work(G, out, tasks, counter)
        except BaseException:
            with counter.get_lock():
                counter.value = len(tasks)
            raise
        finally:
            for p in children:
                p.join()  # a child's message is tiny: it never blocks on the pipe
            errors = []
            while not results.empty():
                errors.append(results.get())
    finally:
        gc.unfreeze()
    failed = [e for e in errors if e]
    if not failed:
        failed = [f"a worker exited with status {p.exitcode}" for p in children if p.exitcode]
    if failed:
        raise ExportError("writing the exports failed: " + "; ".join(failed))


def write_all(G: nx.DiGraph, out_dir: str | os.PathLike[str], jobs: int = 1) -> list[Path]:
    """Write every export of ``G`` into ``out_dir``; return the files written, sorted.

    ``jobs > 1`` writes the formats (and shards of the agency pages) in that many processes: this
    one plus ``jobs - 1`` forked workers that inherit ``G`` (Linux/macOS fork; elsewhere, or with
    ``jobs <= 1``, everything runs here). The files are the same bytes for any ``jobs``. Agency
    pages, the index and the shared libraries are only rewritten when their bytes change.
    """
    from lawgraph.exporters import html

    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create the output folder {out}: {exc.strerror}") from exc
    jobs = max(1, int(jobs or 1))
    if jobs > 1 and "fork" not in multiprocessing.get_all_start_methods():
        jobs = 1
    tasks = _tasks(G, out, jobs)
    if jobs > 1:
        _run_parallel(G, out, tasks, jobs)
    else:
        for task in tasks:
            _run_task(G, out, task)
    rows = html.agency_rows(G)
    if rows:
        html.write_agency_lib(out)
    html.remove_stale_pages(out, (name for _, name, _, _, _ in rows))
    html.write_index(G, out, rows)
    written = [
        out / "graph.graphml",
        out / "graph.gexf",
        out / "graph.json",
        out / "nodes.csv",
        out / "edges.csv",
    ]
    return sorted(written + html.site_files(out, rows))
