"""One writer per format, one signature: ``write(G, path) -> None``.

Every writer produces the file in a temporary file beside the target and renames it into place
(``os.replace``), so a crash never leaves half a file. ``write_all`` writes the full set.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

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


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; rename it onto ``path`` on success."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """UTF-8, "\\n" line ends on every platform."""
    atomic_write_bytes(path, text.encode("utf-8"))


def write_all(G: nx.DiGraph, out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write every export of ``G`` into ``out_dir``; return the files written, sorted."""
    from lawgraph.exporters import csvfiles, gexf, graphml, html, jsonfile

    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create the output folder {out}: {exc.strerror}") from exc
    written = [out / "graph.graphml", out / "graph.gexf", out / "graph.json"]
    graphml.write(G, written[0])
    gexf.write(G, written[1])
    jsonfile.write(G, written[2])
    written += csvfiles.write_pair(G, out)
    written += html.write_site(G, out)
    return sorted(written)
