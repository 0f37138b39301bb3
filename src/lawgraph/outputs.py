"""The formats a build can be asked for (``lawgraph build --formats``) and the files each one writes.

A name stands for the files of one kind of reader: ``graphml`` (Gephi, igraph), ``gexf`` (Gephi's
timeline), ``json`` (scripts: ``lawgraph.load_graph``), ``csv`` (spreadsheets: nodes, edges and the
evidence flat), ``cocitation`` (the law–law projection for Gephi) and ``html`` (graph.html, the
index and the pages of agencies and laws). ``lawgraph.sqlite`` is not among them: every query reads
it, so every build writes it, with manifest.csv and the build stamp.

``None`` stands for every format (the default build); a selection is a tuple of names in the order
of ``FORMATS``, so two spellings of one selection compare (and are stamped) alike.
"""

from __future__ import annotations

from lawgraph.errors import InputError

# format name → the names it writes in the output folder (a folder name: the whole folder)
FORMATS: dict[str, tuple[str, ...]] = {
    "graphml": ("graph.graphml",),
    "gexf": ("graph.gexf",),
    "json": ("graph.json",),
    "csv": ("nodes.csv", "edges.csv", "mentions.csv"),
    "cocitation": ("cocitation.graphml",),
    "html": ("graph.html", "index.html", "agencies", "laws"),
}
ALWAYS: tuple[str, ...] = ("lawgraph.sqlite",)  # written whatever is asked: the queries read it
ALL = "all"


def parse(text: str) -> tuple[str, ...] | None:
    """``--formats`` text → the selection (None: every format). Names are comma-separated, any case,
    spaces around them ignored, ``all`` for every format; InputError for an unknown or empty one."""
    names = [part.strip().lower() for part in text.split(",")]
    if not any(names):
        raise InputError(f"--formats needs at least one of {', '.join(FORMATS)} or {ALL}")
    for name in names:
        if name not in FORMATS and name != ALL:
            raise InputError(f"unknown format {name!r} in --formats {text!r}: "
                             f"choose from {', '.join(FORMATS)} (comma-separated) or {ALL}")
    return select(names)


def select(names: object) -> tuple[str, ...] | None:
    """The canonical selection of an iterable of format names, or of ``--formats`` text (None, or
    ``all`` among them: every format); ValueError for a name that is not a format."""
    if names is None:
        return None
    if isinstance(names, str):
        return parse(names)
    picked = {str(n) for n in names}  # type: ignore[attr-defined]
    unknown = picked - set(FORMATS) - {ALL}
    if unknown:
        raise ValueError(f"unknown formats {sorted(unknown)}; known: {', '.join(FORMATS)}, {ALL}")
    if ALL in picked or picked >= set(FORMATS):
        return None
    return tuple(name for name in FORMATS if name in picked)


def wanted(formats: tuple[str, ...] | None) -> frozenset[str]:
    """The names (files and folders) of the output folder that a selection writes, the store included."""
    chosen = FORMATS if formats is None else formats
    return frozenset((*ALWAYS, *(name for f in chosen for name in FORMATS[f])))


def left_out(formats: tuple[str, ...] | None) -> tuple[str, ...]:
    """The names of the output folder that a selection does not write (a build removes them from DIR
    when an earlier build wrote them), in ``FORMATS`` order."""
    keep = wanted(formats)
    return tuple(name for names in FORMATS.values() for name in names if name not in keep)
