"""lawgraph: agencies, the laws they cite and the programs they run, as a knowledge graph.

The public verbs, in the order a report goes through them::

    doc = lawgraph.load("seeds/002_9b29ee7cd0a48152.txt")   # file → Document (original text)
    cleaned = lawgraph.clean(doc.original)                   # named cleaning steps + offset map
    result = lawgraph.extract(doc)                           # the CONTRACT.md `extract` dict
    G = lawgraph.build_graph([result])                       # networkx DiGraph
    lawgraph.export(G, "out")                                # every export format into a folder
    report = lawgraph.build(["seeds"], "out")                # all of it, plus manifest.csv
    lawgraph.laws_of_agency("out", "泰州市科技局")            # questions over a graph or its folder

Each verb imports its room only when called, so `import lawgraph` (and `lawgraph --help`) stays
instant. Several verbs share a name with the module that holds them (lawgraph.build, lawgraph.clean,
lawgraph.extract, lawgraph.load); the package keeps the verb under that name, and the module stays
importable by its full name (`from lawgraph.build import BuildReport`).
"""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from lawgraph.build import BuildReport
    from lawgraph.models import Document

from lawgraph._accel import native as _native

_native.use()  # the compiled extractor, unless its sources changed since (or LAWGRAPH_PURE=1)

__version__ = "0.1.0"

__all__ = [
    "load", "clean", "extract", "build_graph", "export", "build",
    "load_graph", "laws_of_agency", "agencies_citing", "matrix", "stats", "resolve_agency", "resolve_law",
]  # fmt: skip


def load(path: str | os.PathLike[str], encoding: str | None = None, max_size: int | None = None) -> Document:
    """Read one report file (.txt, .html, .docx, .pdf) into a Document holding its original text."""
    from lawgraph.io import DEFAULT_MAX_SIZE, load_file

    return load_file(path, encoding, max_size=DEFAULT_MAX_SIZE if max_size is None else max_size)


def clean(text: str) -> Any:
    """The cleaned text the extractors read, with the map of its offsets back to `text`."""
    from lawgraph.clean import clean as clean_text

    return clean_text(text)


def extract(doc: Document | str | os.PathLike[str]) -> dict:
    """Agency, year, laws, agencies and programs of one report (a Document or a path to load)."""
    from lawgraph.models import Document
    from lawgraph.pipeline import analyse

    return analyse(doc if isinstance(doc, Document) else load(doc))


def build_graph(results: Iterable[Mapping[str, Any]]) -> nx.DiGraph:
    """The knowledge graph of extraction results (as `extract` returns them)."""
    from lawgraph.graph import build_graph as build_from

    return build_from(results)


def export(G: nx.DiGraph, out_dir: str | os.PathLike[str], jobs: int = 1,
           formats: Iterable[str] | None = None) -> list:
    """Write the exports of `G` into `out_dir`: every format (GraphML, GEXF, JSON, CSV, co-citation,
    HTML), or those named in `formats` (as `lawgraph build --formats`), and the store; the files
    written."""
    from lawgraph.exporters import write_all

    return write_all(G, out_dir, jobs=jobs, formats=formats)


def build(paths: Iterable[str | os.PathLike[str]], out_dir: str | os.PathLike[str] = "graph_exports",
          **options: Any) -> BuildReport:
    """Reports → graph → every export and manifest.csv in `out_dir`, as `lawgraph build` does; see
    lawgraph.build.build for the options."""
    from lawgraph.build import build as run_build

    return run_build(paths, out_dir, **options)


_QUERIES = {"load_graph": "load", "laws_of_agency": "laws_of_agency", "agencies_citing": "agencies_citing",
            "matrix": "matrix", "stats": "stats", "resolve_agency": "resolve_agency", "resolve_law": "resolve_law"}


def __getattr__(name: str) -> Any:
    """The queries (lawgraph.query), imported on first use: each takes a graph or a built folder."""
    if name in _QUERIES:
        from lawgraph import query

        return getattr(query, _QUERIES[name])
    raise AttributeError(f"module 'lawgraph' has no attribute {name!r}")


class _Package(types.ModuleType):
    """Importing a submodule sets it as an attribute of the package; for a name that is a verb, the
    verb stays (the submodule is still in sys.modules under its full name)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in __all__ and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
