"""The results stage: many input paths → one `extract` dict (CONTRACT.md) per report and one manifest
Record per input path (`extract_paths`). Each document is read (`lawgraph.io`) and analysed
(`analyse`, the extractors) on its own: ANY failure on one input makes that input "skipped" with a
one-line reason, and the run goes on.

Speed machinery sits behind seams in `lawgraph._accel`: the per-document cache (`cache=None` is the
plain path) and the forked workers (`jobs=1` is the plain path); the output is identical either way.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field

from lawgraph._accel.cache import Cache, valid_record, valid_result
from lawgraph._accel.gcpause import paused
from lawgraph._accel.parallel import ordered_map, worth_forking
from lawgraph.errors import InputError
from lawgraph.io import (
    DAMAGED,
    DEFAULT_MAX_SIZE,
    discover,
    fingerprint,
    not_a_report,
    read_document,
    read_input,
    shown,
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


def _one_line(exc: BaseException, limit: int = 200) -> str:
    """`Type: message` of an exception on one line, cut to `limit` characters."""
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def read_and_analyse(path: str, sha: str = "", size: int | None = None, encoding: str | None = None,
                     max_size: int | None = DEFAULT_MAX_SIZE) -> tuple[Record, dict | None]:
    """Read one input and analyse it: (its Record, its `extract` dict or None when skipped).
    Never raises for a bad input: whatever fails (a reader, a library under it, the extractors)
    makes the input skipped with a one-line reason. A top-level function so that workers can run it."""
    rec = Record(path, SKIPPED, sha256=sha, bytes=size)
    try:
        doc, rec.format = read_document(read_input(path, max_size), path, encoding)
    except InputError as exc:
        rec.reason = str(exc)
        return rec, None
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a run; it is listed instead
        rec.reason = (f"cannot read {shown(path)} ({_one_line(exc)}); the file may be damaged: check it "
                      "(and report it to lawgraph with the file if it opens elsewhere)")
        return rec, None
    problem = not_a_report(doc)
    if problem:
        rec.reason = problem
        return rec, None
    try:
        result = analyse(doc)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a run; it is listed instead
        rec.reason = f"lawgraph failed on {shown(path)} ({_one_line(exc)}); please report it with the file"
        return rec, None
    rec.status = PROCESSED
    rec.laws, rec.agencies, rec.programs = (len(result[k]) for k in ("laws", "agencies", "programs"))
    label, _, note = doc.encoding.partition(" (")
    warnings = [str(w) for w in result.get("warnings", [])]
    if DAMAGED in note:  # read, but not cleanly: say so in the manifest
        rec.reason = f"{note.rstrip(')')}; the file may be damaged or cut short"
    elif note:
        warnings.insert(0, note.rstrip(")"))
    rec.warnings = "; ".join(warnings)
    return rec, result


def _job(task: tuple) -> tuple[Record, dict | None]:
    """Analyse one input (in a worker or in this process), keep the outcome in the cache, and return
    it — reduced to what the graph reads when `lean`."""
    args, key, cache, lean = task
    out = read_and_analyse(*args)
    try:
        out = _store(cache, key, out)
        return _lean(out) if lean else out
    except Exception as exc:  # noqa: BLE001 - a result of a shape nobody can use: that input only is skipped
        rec = Record(args[0], SKIPPED, sha256=args[1], bytes=args[2], format=out[0].format)
        rec.reason = f"lawgraph failed on {shown(args[0])} ({_one_line(exc)}); please report it with the file"
        return rec, None


_EVIDENCE = ("start", "end", "relation", "line", "snippet", "mark")  # what a law mention keeps


def _crashed(task: tuple, how: str) -> tuple[Record, None]:
    """The outcome of an input whose worker process died on it, twice (``ordered_map``): skipped,
    saying so; the build goes on without it."""
    path, sha, size = task[0][:3]
    rec = Record(path, SKIPPED, sha256=sha, bytes=size)
    if how.endswith("SIGKILL"):  # what the out-of-memory killer sends
        how += ", most often for lack of memory"
    rec.reason = f"lawgraph crashed on {shown(path)} (its worker process {how}); please report it with the file"
    return rec, None


def _lean(out: tuple[Record, dict | None]) -> tuple[Record, dict | None]:
    """Exactly what the graph reads of a result (graph._add_document): the source, year and agency,
    and per entity its name, level and contained titles, its first mention's text and excerpt and
    its other spellings once each — no level basis. Law mentions all stay, each with its evidence
    (offsets, relation, line, snippet, mark: the graph's ``mentions``); agency and program mentions
    keep no offsets. What crosses from a worker, and what the build stamp digests."""
    rec, result = out
    if result is not None:
        for kind in ("laws", "agencies", "programs"):
            lean = []
            for ent in result[kind]:
                mentions = ent["mentions"]
                first = mentions[0]
                e = {"name": ent["name"]}
                if "level" in ent:
                    e["level"] = ent["level"]
                if "contains" in ent:
                    e["contains"] = ent["contains"]
                if kind == "laws":
                    e["mentions"] = _law_mentions(mentions)
                    e["mentions"][0]["context"] = first.get("context", "")
                else:
                    seen = {first["text"]}
                    rest = [m["text"] for m in mentions[1:]]
                    e["mentions"] = [{"text": first["text"], "context": first.get("context", "")}] + [
                        {"text": t} for t in rest if not (t in seen or seen.add(t))
                    ]
                lean.append(e)
            result[kind] = lean
    return rec, result


def _law_mentions(mentions: list[dict]) -> list[dict]:
    """Each law mention's text and evidence (`_EVIDENCE`, in that order): a plain loop, as this runs
    for every law mention of every result a build reads."""
    out = []
    for m in mentions:
        kept = {"text": m["text"]}
        for k in _EVIDENCE:
            if k in m:
                kept[k] = m[k]
        out.append(kept)
    return out


def _warm_up(workers: bool) -> None:
    """Load the registry, automata (and, for forked workers to share it, jieba's dictionary index)
    once, then freeze them out of the garbage collector, whose full collections would otherwise
    rescan these hundreds of thousands of long-lived objects again and again."""
    from lawgraph.lexicon import boundaries

    if workers:
        boundaries.load()
    try:
        analyse(Document("warm-up", "泰州市科技局会同市司法局学习《科技进步法》和民法典，开展“双随机、一公开”。"))
    except Exception:  # noqa: BLE001, S110 - only speed is at stake; a real document's failure is reported
        pass
    gc.freeze()


Progress = Callable[[int, int, int], None]  # (files done, files in all, bytes done)


def extract_paths(paths: Iterable[str | os.PathLike], encoding: str | None = None,
                  max_size: int | None = DEFAULT_MAX_SIZE, jobs: int = 1, cache: Cache | None = None,
                  progress: Progress | None = None, sink: Callable[[dict], None] | None = None,
                  lean: bool = False, exclude: Iterable[str | os.PathLike] = (),
                  select: Callable[[list], list] | None = None, mapper: Callable | None = None) -> ExtractRun:
    """Analyse every report under `paths` (nothing inside an `exclude` folder). Every input path gets
    a Record; files that cannot be read, are not reports, or repeat an earlier file's bytes are also
    listed in `skipped` with the reason.

    Documents are independent: with jobs > 1 they are analysed in worker processes, and the results
    are put back in input order, so the output is the same for any `jobs`. With a `cache`, a file whose
    bytes (and the extractor's version) were analysed before is not read again. With a `sink`, each
    result is handed to it in input order as soon as it is ready and not kept in `documents`, so a
    corpus never sits in memory whole. `lean` keeps only what the graph reads (see `_lean`).
    `select` keeps a part of the discovered inputs and `mapper` stands in for `ordered_map`
    (`lawgraph.distribute`: shards, a Dask cluster).
    """
    # per input: a ready (Record, result), a _Cached entry to read when its turn comes, or None
    slots: list[tuple[Record, dict | None] | _Cached | None] = []
    todo: list[tuple[int, tuple, str]] = []  # (slot, job arguments, cache key)
    for path, sha, size, rec in inputs(paths, exclude, select):
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
    if todo:
        _warm_up(workers=worth_forking(jobs, len(todo)))
    jobs_args = [(args, key, cache, lean) for _, args, key in todo]
    results = mapper(_job, jobs_args, jobs) if mapper else ordered_map(_job, jobs_args, jobs, crashed=_crashed)
    for n, ((i, args, _key), out) in enumerate(zip(todo, results), 1):
        done_bytes += args[2] or 0
        slots[i] = out
        emit_ready()
        if progress:
            progress(n, total, done_bytes)
    emit_ready()
    return run


def inputs(paths: Iterable[str | os.PathLike], exclude: Iterable[str | os.PathLike] = (),
           select: Callable[[list], list] | None = None) -> Iterator[tuple[str, str, int | None, Record | None]]:
    """Every input path in order: (path, sha256, size, the Record it gets without being analysed —
    skipped, empty, or the same bytes as an earlier input — or None when it must be analysed)."""
    listed = list(discover(paths, exclude))
    if select is not None:  # a part of the inputs only (lawgraph.distribute.shards)
        listed = select(listed)
    prints, first = _fingerprints(listed)
    claimed: set[str] = set()
    for path, reason in listed:
        if reason:
            yield path, "", None, Record(path, SKIPPED, reason)
            continue
        sha, size = prints.get(path, ("", None))
        yield path, sha, size, _classify(path, prints, first, claimed)


def _fingerprints(inputs: list[tuple[str, str | None]]) -> tuple[dict[str, tuple[str, int]], dict[str, str]]:
    """(path → (sha256, size), sha256 → the path that is read for that content: the first in sorted order)."""
    prints: dict[str, tuple[str, int]] = {}
    first: dict[str, str] = {}
    for path, reason in inputs:
        if reason or path in prints:
            continue
        try:
            prints[path] = sha, size = fingerprint(path)
        except InputError:
            continue  # reading it again gives the reason
        if size and (sha not in first or path < first[sha]):
            first[sha] = path
    return prints, first


def _classify(path: str, prints: dict, first: dict, claimed: set[str]) -> Record | None:
    """The outcome of an input that need not be read (empty, or the same bytes as an earlier input),
    or None when it must be read. `claimed` holds the paths already taken for reading."""
    sha, size = prints.get(path, ("", None))
    if size == 0:
        return Record(path, SKIPPED, f"{shown(path)} is empty; remove it or pass the full report", sha, size)
    if sha and (first[sha] != path or path in claimed):
        reason = ("same path given twice; read once" if first[sha] == path
                  else f"same content as {shown(first[sha])}; read once, under that name")
        return Record(path, DUPLICATE, reason, sha, size)
    claimed.add(path)
    return None


def cache_key(sha: str, encoding: str | None, max_size: int | None) -> str:
    """The cache key of an input's outcome ("" when its content is unknown)."""
    return Cache.key(sha.encode(), f"{encoding}|{max_size}") if sha else ""


def outcome(args: tuple, key: str, cache: Cache | None, lean: bool) -> tuple[Record, dict | None]:
    """One input's (Record, result): from the cache when it holds a good entry, else analysed here
    (and cached)."""
    if cache is not None and key:
        with paused():  # a result is acyclic: no collection scans what is alive while it is parsed
            restored = cache.get(key, lambda hit: _from_cache(args[0], hit))
            if restored is not None:
                return _lean(restored) if lean else restored
    return _job((args, key, cache, lean))


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
    """A cached outcome for `path`, or None when the entry does not have the shape `read_and_analyse`
    gives (any wrong type, missing field or count that disagrees is a miss, never used)."""
    record, result = hit.get("record"), hit.get("result")
    if not (valid_record(record) and valid_result(result)):
        return None
    rec = Record(path=path, **record)
    if rec.status != PROCESSED or [rec.laws, rec.agencies, rec.programs] != [
            len(result[k]) for k in ("laws", "agencies", "programs")]:
        return None
    return rec, {"source": shown(path), **result}
