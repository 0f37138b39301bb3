"""The build stamp, DIR/.lawgraph-build.json: what the exports in DIR were built from, so that a
rebuild whose graph would come out the same writes no export again.

The exports are a deterministic function of the lean extraction results handed to the graph (in
input order), of the package's code, data and assets, and of the libraries that lay out and draw the
graph. The stamp records all of these — each processed document as a digest of its lean result
(`pipeline._lean`: the fields the graph reads, law mentions' offsets and evidence included) — with every input's manifest record,
every file in DIR with its size and mtime_ns, and the graph's size. `reuse` checks it: when nothing changed it
writes nothing; when only inputs changed whose digests (and the list of processed sources) stay the
same, it rewrites manifest.csv and the stamp only. A stamp that does not parse, lacks a key or was
made by other code is ignored (and replaced by the full build), never trusted.

Light on purpose: no networkx, numpy or pyvis is imported on the way to "up to date". It never
prints and picks no exit code: `lawgraph.build` reports what happened and the CLI says it. Switched
off by `build(..., use_cache=False)` (`lawgraph build --no-cache`); the tests check that the exports
are the same bytes either way.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import marshal
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from lawgraph.files import CODE_AND_DATA, atomic_write_text, package_files
from lawgraph.manifest import DUPLICATE, PROCESSED, SKIPPED, Record, write_manifest

FORMAT = 1
NAME = ".lawgraph-build.json"
MAX_CHANGED = 16  # more changed reports than this: straight to the (parallel) full build
_LIBRARIES = ("networkx", "numpy", "pyvis", "jieba")  # layout floats, the pages' JS/CSS, law-name cuts


# --- per-document digests -------------------------------------------------------------------------


def digest(result: Mapping[str, Any]) -> str:
    """Digest of a lean result (`pipeline._lean`: exactly what the graph reads, evidence included).

    Over its `marshal` bytes (format 2: no references, so the bytes depend on the values only):
    several times cheaper than JSON, and a build digests every document. A lean result is built in
    a fixed key order of plain JSON types whether it was analysed or read from the cache, so equal
    results give equal bytes. A value marshal cannot write (none a result holds) falls back to JSON.
    (Stamps of the code that digested JSON never match anyway: their environment names another version.)"""
    try:
        data = b"m" + marshal.dumps(result, 2)
    except ValueError:
        data = b"j" + json.dumps(result, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                                 default=str).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


class Digests:
    """A sink for `extract_paths`: digests each result, then hands it on (to the graph)."""

    def __init__(self, sink: Callable[[dict], None]) -> None:
        self.sink = sink
        self.by_source: dict[str, str] = {}

    def __call__(self, result: dict) -> None:
        self.by_source[result["source"]] = digest(result)
        self.sink(result)


# --- the stamp ------------------------------------------------------------------------------------


def _library(name: str) -> str:
    """The installed distribution of a library (its dist-info folder's name), without importing it."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return ""
    if spec is None or not spec.origin:
        return ""
    found = sorted(p.name for p in Path(spec.origin).parent.parent.glob(f"{name}-*.dist-info"))
    return ";".join(found) or spec.origin


def _assets_hash() -> str:
    """The package files `extractor_version` leaves out (the pages' JS and CSS)."""
    h = hashlib.sha256()
    for name, p in package_files():
        if p.suffix not in (*CODE_AND_DATA, ".pyc"):
            h.update(name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def environment(encoding: str | None, max_size: int | None, focus: dict | None = None,
                formats: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Everything besides the inputs that the exports depend on (`focus`: a focused build's options;
    `formats`: the exports selected, `lawgraph.outputs`, None for all)."""
    from lawgraph._accel.cache import extractor_version

    return {
        "version": extractor_version(),
        "assets": _assets_hash(),
        "libraries": {name: _library(name) for name in _LIBRARIES},
        "options": {"encoding": encoding, "max_size": max_size, "focus": focus,
                    "formats": None if formats is None else list(formats)},
    }


@dataclass
class Stamp:
    environment: dict[str, Any]
    inputs: list[tuple[Record, str | None]]  # every input in order, with its digest when processed
    outputs: dict[str, list[int]]  # path under DIR → [size, mtime_ns]
    nodes: int
    edges: int

    @property
    def records(self) -> list[Record]:
        return [rec for rec, _ in self.inputs]

    def documents(self) -> list[tuple[str, str | None]]:
        """(source, digest) of every processed input, in input order: what the graph was built from."""
        return [(rec.path, d) for rec, d in self.inputs if rec.status == PROCESSED]


_FIELDS = tuple(f.name for f in fields(Record))
_RECORD_TYPES = {"path": str, "status": str, "reason": str, "sha256": str, "bytes": (int, type(None)),
                 "format": str, "laws": int, "agencies": int, "programs": int}


def _need(value: Any, kind: Any) -> Any:
    if not isinstance(value, kind):
        raise TypeError(f"{value!r} is not {kind}")
    return value


def _parse(raw: Any) -> Stamp:
    """The stamp in a parsed JSON value; TypeError/KeyError/ValueError when it is not well-formed."""
    if _need(raw, dict)["format"] != FORMAT:
        raise ValueError("another stamp format")
    inputs = []
    for e in _need(raw["inputs"], list):
        rec = Record(**{k: _need(_need(e, dict)[k], _RECORD_TYPES.get(k, object)) for k in _FIELDS})
        if rec.status not in (PROCESSED, SKIPPED, DUPLICATE):
            raise ValueError(rec.status)
        d = _need(e["digest"], str) if rec.status == PROCESSED else None
        inputs.append((rec, d))
    outputs = {}
    for path, stat in _need(raw["outputs"], dict).items():
        if len(_need(stat, list)) != 2:
            raise ValueError(stat)
        outputs[path] = [_need(x, int) for x in stat]
    graph = _need(raw["graph"], dict)
    return Stamp(_need(raw["environment"], dict), inputs, outputs, _need(graph["nodes"], int),
                 _need(graph["edges"], int))


def load(out_dir: str | os.PathLike) -> Stamp | None:
    """DIR's stamp, or None when there is none or it is damaged in any way."""
    try:
        return _parse(json.loads(Path(out_dir, NAME).read_bytes()))
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None


def forget(out_dir: str | os.PathLike) -> None:
    """Remove DIR's stamp (before the exports are rewritten: a stamp never outlives its exports)."""
    with contextlib.suppress(OSError):
        Path(out_dir, NAME).unlink(missing_ok=True)


def _outputs(out_dir: str | os.PathLike) -> dict[str, list[int]]:
    """Every file under DIR but the stamp, with [size, mtime_ns]."""
    out: dict[str, list[int]] = {}
    for root, _dirs, files in os.walk(out_dir):
        for name in files:
            p = os.path.join(root, name)
            rel = os.path.relpath(p, out_dir).replace(os.sep, "/")
            if rel != NAME:
                st = os.stat(p)
                out[rel] = [st.st_size, st.st_mtime_ns]
    return out


def _intact(out_dir: str | os.PathLike, outputs: dict[str, list[int]]) -> bool:
    for rel, (size, mtime) in outputs.items():
        try:
            st = os.stat(os.path.join(out_dir, rel))
        except OSError:
            return False
        if st.st_size != size or st.st_mtime_ns != mtime:
            return False
    return True


def _write(out_dir: str | os.PathLike, stamp: Stamp) -> None:
    data = {
        "format": FORMAT,
        "environment": stamp.environment,
        "inputs": [{**{k: getattr(rec, k) for k in _FIELDS}, "digest": d} for rec, d in stamp.inputs],
        "graph": {"nodes": stamp.nodes, "edges": stamp.edges},
        "outputs": stamp.outputs,
    }
    atomic_write_text(Path(out_dir, NAME), json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def record(out_dir: str | os.PathLike, records: list[Record], digests: Digests, nodes: int, edges: int,
           encoding: str | None, max_size: int | None, focus: dict | None = None,
           formats: tuple[str, ...] | None = None) -> None:
    """Write the stamp of a build that has just written its exports (those of `formats`) and
    manifest.csv into DIR."""
    inputs: list[tuple[Record, str | None]] = []
    for rec in records:
        d = digests.by_source.get(rec.path) if rec.status == PROCESSED else None
        if rec.status == PROCESSED and d is None:
            return  # a result that cannot be matched to its record: no stamp, the next build is full
        inputs.append((rec, d))
    stamp = Stamp(environment(encoding, max_size, focus, formats), inputs, _outputs(out_dir), nodes, edges)
    _write(out_dir, stamp)


# --- the check ------------------------------------------------------------------------------------


def reuse(paths: list[str], out_dir: str | os.PathLike, encoding: str | None, max_size: int | None,
          cache_dir: str | None, exclude: tuple = (), formats: tuple[str, ...] | None = None) -> Stamp | None:
    """The stamp of DIR when its exports are already those of `paths` and `formats` (after rewriting
    manifest.csv and the stamp if some inputs changed in ways the graph does not see), else None:
    build in full.

    Inputs whose (path, sha256) are the stamp's are not read; the others (at most MAX_CHANGED) are
    analysed through the cache and compared by digest."""
    stamp = load(out_dir)
    if stamp is None or stamp.environment != environment(encoding, max_size, None, formats):
        return None
    if not _intact(out_dir, stamp.outputs):
        return None
    from lawgraph._accel.cache import Cache
    from lawgraph.pipeline import cache_key, inputs, outcome

    before: dict[str, tuple[Record, str | None]] = {}
    for rec, d in stamp.inputs:
        if rec.status != DUPLICATE:
            before.setdefault(rec.path, (rec, d))
    now: list[tuple[Record, str | None]] = []
    changed = 0
    cache = None
    for path, sha, size, rec in inputs(paths, exclude):
        if rec is not None:
            now.append((rec, None))
            continue
        old = before.get(path)
        if old is not None and sha and old[0].sha256 == sha:
            now.append(old)  # same path, same bytes, read before: same outcome
            continue
        changed += 1
        if changed > MAX_CHANGED:
            return None
        cache = cache or Cache(cache_dir)
        rec, result = outcome((path, sha, size, encoding, max_size), cache_key(sha, encoding, max_size), cache, True)
        d = digest(result) if result is not None else None
        was = old[1] if old is not None and old[0].status == PROCESSED else None
        if d != was:
            return None  # the graph would change (a new, dropped or different document)
        now.append((rec, d))
    fresh = Stamp(stamp.environment, now, stamp.outputs, stamp.nodes, stamp.edges)
    if fresh.documents() != stamp.documents():
        return None
    if fresh.records != stamp.records:
        manifest = Path(out_dir) / "manifest.csv"
        write_manifest(fresh.records, manifest)
        st = manifest.stat()
        fresh.outputs = {**stamp.outputs, "manifest.csv": [st.st_size, st.st_mtime_ns]}
        _write(out_dir, fresh)
    return fresh
