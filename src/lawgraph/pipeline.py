"""Document → extraction result (the CONTRACT.md `extract` dict), and many paths → ExtractRun."""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field

from lawgraph.cache import Cache
from lawgraph.formats import DAMAGED
from lawgraph.load import (
    DEFAULT_MAX_SIZE,
    LoadError,
    fingerprint,
    iter_paths,
    not_a_report,
    read_document,
    read_input,
)
from lawgraph.manifest import DUPLICATE, PROCESSED, SKIPPED, Record
from lawgraph.models import Document


@dataclass
class ExtractRun:
    documents: list[dict] = field(default_factory=list)  # one `extract` dict per processed file
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason), duplicates included
    records: list[Record] = field(default_factory=list)  # one per input path, for the manifest


def analyse(doc: Document) -> dict:
    """Everything lawgraph extracts from one document (see `lawgraph.extract.analyse`)."""
    from lawgraph.extract import analyse as analyse_document

    return analyse_document(doc)


def _fingerprints(inputs: list[tuple[str, str | None]]) -> tuple[dict[str, tuple[str, int]], dict[str, str]]:
    """(path → (sha256, size), sha256 → the path that is read for that content: the first in sorted order)."""
    prints: dict[str, tuple[str, int]] = {}
    first: dict[str, str] = {}
    for path, reason in inputs:
        if reason or path in prints:
            continue
        try:
            prints[path] = sha, size = fingerprint(path)
        except LoadError:
            continue  # reading it again gives the reason
        if size and (sha not in first or path < first[sha]):
            first[sha] = path
    return prints, first


def _classify(path: str, prints: dict, first: dict, claimed: set[str]) -> Record | None:
    """The outcome of an input that need not be read (empty, or the same bytes as an earlier input),
    or None when it must be read. `claimed` holds the paths already taken for reading."""
    sha, size = prints.get(path, ("", None))
    if size == 0:
        return Record(path, SKIPPED, f"{path} is empty; remove it or pass the full report", sha, size)
    if sha and (first[sha] != path or path in claimed):
        reason = ("same path given twice; read once" if first[sha] == path
                  else f"same content as {first[sha]}; read once, under that name")
        return Record(path, DUPLICATE, reason, sha, size)
    claimed.add(path)
    return None


def read_and_analyse(path: str, sha: str = "", size: int | None = None, encoding: str | None = None,
                     max_size: int | None = DEFAULT_MAX_SIZE) -> tuple[Record, dict | None]:
    """Read one input and analyse it: (its Record, its `extract` dict or None when skipped).
    A top-level function so that worker processes can run it."""
    rec = Record(path, SKIPPED, sha256=sha, bytes=size)
    try:
        doc, rec.format = read_document(read_input(path, max_size), path, encoding)
    except LoadError as exc:
        rec.reason = str(exc)
        return rec, None
    problem = not_a_report(doc)
    if problem:
        rec.reason = problem
        return rec, None
    try:
        result = analyse(doc)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a build; it is listed instead
        rec.reason = (f"lawgraph failed on {path} ({type(exc).__name__}: {exc}); "
                      "please report it with the file")
        return rec, None
    rec.status = PROCESSED
    rec.laws, rec.agencies, rec.programs = (len(result[k]) for k in ("laws", "agencies", "programs"))
    if DAMAGED in doc.encoding:  # read, but not cleanly: say so in the manifest
        rec.reason = f"{doc.encoding.partition('(')[2].rstrip(')')}; the file may be damaged or cut short"
    return rec, result


def _job(task: tuple) -> tuple[Record, dict | None]:
    """Analyse one input (in a worker or in this process), keep the outcome in the cache, and return
    it — without the per-mention excerpts but the first of each entity when `lean` (for the graph)."""
    args, key, cache, lean = task
    out = _store(cache, key, read_and_analyse(*args))
    return _lean(out) if lean else out


def _lean(out: tuple[Record, dict | None]) -> tuple[Record, dict | None]:
    """Exactly what the graph reads of a result (graph._add_document): the source, year and agency,
    and per entity its name, level and contained titles, its first mention's text and excerpt and
    its other spellings once each — no offsets, no level basis. A fraction of the bytes to pickle,
    and what the build stamp digests (an edit that only moves text does not change it)."""
    rec, result = out
    if result is not None:
        for kind in ("laws", "agencies", "programs"):
            lean = []
            for ent in result[kind]:
                mentions = ent["mentions"]
                first = mentions[0]
                seen = {first["text"]}
                rest = [m["text"] for m in mentions[1:]]
                e = {"name": ent["name"]}
                if "level" in ent:
                    e["level"] = ent["level"]
                if "contains" in ent:
                    e["contains"] = ent["contains"]
                e["mentions"] = [{"text": first["text"], "context": first.get("context", "")}] + [
                    {"text": t} for t in rest if not (t in seen or seen.add(t))
                ]
                lean.append(e)
            result[kind] = lean
    return rec, result


def _warm_up(workers: bool) -> None:
    """Load the registry, automata (and, for forked workers to share it, jieba's dictionary index)
    once, then freeze them out of the garbage collector: its full collections would otherwise rescan
    these hundreds of thousands of long-lived objects again and again (~10 % of extraction time)."""
    from lawgraph.extract import segment

    if workers:
        segment.load()
    analyse(Document("warm-up", "泰州市科技局会同市司法局学习《科技进步法》和民法典，开展“双随机、一公开”。"))
    gc.freeze()


@contextlib.contextmanager
def _young_collections_rarer(threshold: int = 20_000) -> Iterator[None]:
    """Collect the youngest generation every `threshold` allocations instead of every 700 while
    documents are analysed: each one makes tens of thousands of short-lived objects, and the
    collector's passes over them cost ~8 % of extraction. Restored afterwards."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], threshold), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


Progress = Callable[[int, int, int], None]  # (files done, files in all, bytes done)


def extract_paths(paths: Iterable[str | os.PathLike], encoding: str | None = None,
                  max_size: int | None = DEFAULT_MAX_SIZE, jobs: int = 1, cache: Cache | None = None,
                  progress: Progress | None = None, sink: Callable[[dict], None] | None = None,
                  lean: bool = False) -> ExtractRun:
    """Analyse every report under `paths`. Every input path gets a Record; files that cannot be read,
    are not reports, or repeat an earlier file's bytes are also listed in `skipped` with the reason.

    Documents are independent: with jobs > 1 they are analysed in worker processes, and the results
    are put back in input order, so the output is the same for any `jobs`. With a `cache`, a file whose
    bytes (and the extractor's version) were analysed before is not read again. With a `sink`, each
    result is handed to it in input order as soon as it is ready and not kept in `documents`, so a
    corpus never sits in memory whole. `lean` keeps only what the graph reads (see `_lean`), so
    results cross from the workers at a fraction of the cost.
    Worker processes write their own cache entries.
    """
    # per input: a ready (Record, result), a _Cached entry to read when its turn comes, or None
    slots: list[tuple[Record, dict | None] | _Cached | None] = []
    todo: list[tuple[int, tuple, str]] = []  # (slot, job arguments, cache key)
    for path, sha, size, rec in inputs(paths):
        if rec is not None:
            slots.append((rec, None))
            continue
        args = (path, sha, size, encoding, max_size)
        key = cache_key(sha, encoding, max_size) if cache is not None else ""
        if cache is not None and key and cache.has(key):
            slots.append(_Cached(key, args))
            continue
        slots.append(None)
        todo.append((len(slots) - 1, args, key))

    run = ExtractRun()
    emitted = 0

    def emit_ready() -> None:
        """Hand over, in input order, every outcome whose turn has come and that is ready."""
        nonlocal emitted
        while emitted < len(slots) and slots[emitted] is not None:
            out = slots[emitted]
            if isinstance(out, _Cached):
                out = outcome(out.args, out.key, cache, lean)
            slots[emitted] = None  # release it
            emitted += 1
            rec, result = out
            run.records.append(rec)
            if result is None:
                run.skipped.append((rec.path, rec.reason))
            elif sink is not None:
                sink(result)
            else:
                run.documents.append(result)

    total, done_bytes = len(todo), 0
    if progress:
        progress(0, total, 0)
    emit_ready()
    parallel = jobs > 1 and len(todo) >= 2 * jobs
    if todo:
        _warm_up(workers=parallel)
    with _young_collections_rarer():
        if parallel:
            import multiprocessing  # here, not at the top: a single-process run never pays for it
            from concurrent.futures import ProcessPoolExecutor

            ctx = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
            with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
                chunk = max(1, min(32, len(todo) // (jobs * 8)))
                results = pool.map(_job, [(args, key, cache, lean) for _, args, key in todo], chunksize=chunk)
                for n, ((i, args, _key), out) in enumerate(zip(todo, results), 1):
                    done_bytes += args[2] or 0
                    slots[i] = out
                    emit_ready()
                    if progress:
                        progress(n, total, done_bytes)
        else:
            for n, (i, args, key) in enumerate(todo, 1):
                done_bytes += args[2] or 0
                slots[i] = _job((args, key, cache, lean))
                emit_ready()
                if progress:
                    progress(n, total, done_bytes)
    emit_ready()
    return run


def inputs(paths: Iterable[str | os.PathLike]) -> Iterator[tuple[str, str, int | None, Record | None]]:
    """Every input path in order: (path, sha256, size, the Record it gets without being analysed —
    skipped, empty, or the same bytes as an earlier input — or None when it must be analysed)."""
    listed = list(iter_paths(paths))
    prints, first = _fingerprints(listed)
    claimed: set[str] = set()
    for path, reason in listed:
        if reason:
            yield path, "", None, Record(path, SKIPPED, reason)
            continue
        sha, size = prints.get(path, ("", None))
        yield path, sha, size, _classify(path, prints, first, claimed)


def cache_key(sha: str, encoding: str | None, max_size: int | None) -> str:
    """The cache key of an input's outcome ("" when its content is unknown)."""
    return Cache.key(sha.encode(), f"{encoding}|{max_size}") if sha else ""


def outcome(args: tuple, key: str, cache: Cache | None, lean: bool) -> tuple[Record, dict | None]:
    """One input's (Record, result): from the cache when it holds a good entry, else analysed here
    (and cached)."""
    restored = cache.get(key, lambda hit: _from_cache(args[0], hit)) if cache is not None and key else None
    if restored is None:
        return _job((args, key, cache, lean))
    return _lean(restored) if lean else restored


@dataclass(frozen=True)
class _Cached:
    """An input whose outcome is in the cache; it is read when its turn comes, not before."""

    key: str
    args: tuple


def _store(cache: Cache | None, key: str, out: tuple[Record, dict | None]) -> tuple[Record, dict | None]:
    """Keep a processed file's outcome in the cache (skips are cheap to find again and name their path)."""
    rec, result = out
    if cache is not None and key and result is not None:
        entry = {k: v for k, v in asdict(rec).items() if k != "path"}
        cache.put(key, {"record": entry, "result": {k: v for k, v in result.items() if k != "source"}})
    return out


def _from_cache(path: str, hit: dict) -> tuple[Record, dict] | None:
    """A cached outcome for `path`, or None when there is none or it is not a well-formed entry."""
    try:
        rec = Record(path=path, **hit["record"])  # type: ignore[index]
        result = {"source": path, **hit["result"]}  # type: ignore[index]
    except (TypeError, KeyError):
        return None
    if rec.status != PROCESSED or not all(isinstance(result.get(k), list) for k in ("laws", "agencies", "programs")):
        return None
    return rec, result
