"""The results format (`lawgraph extract --format results`) and the build from results files
(`lawgraph build --from-results A.jsonl B.jsonl …`).

A results file holds everything a build needs of one shard's inputs, so the build never reads a
report: JSON lines, UTF-8 (lone surrogates of undecodable file names kept as they are),

    {"format": "lawgraph results", "version": 1, "shard": "2/4", "paths": [...], "encoding": null,
     "max_size": 20971520, "extractor": "<lawgraph's extractor version>"}      the header, line 1
    {"result": {...}}                 one per processed report, as soon as it is ready: exactly what the
                                      graph reads of its extraction (`pipeline._lean`)
    {"input": 5, "record": {...}}     one per input of the shard, in discovery order: its position among
                                      all the inputs and its manifest Record (processed, skipped or duplicate)
    {"end": {"inputs": 1000, "inputs_sha256": "...", "records": 250, "results": 248}}    the last line

Duplicates (the same bytes under two paths) are decided again at build time over all the shards, by
the pipeline's own rule (`pipeline._classify`), so a report and its copy in another shard are read
once, under the name a direct build would read. The results are handed to the graph in the order of
a direct build, so the exports are byte for byte the same.
"""

from __future__ import annotations

import heapq
import json
import shlex
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, fields
from typing import IO, Any

from lawgraph.distribute.shards import Selection, Shard, parse_shard
from lawgraph.errors import InputError
from lawgraph.io import shown
from lawgraph.manifest import DUPLICATE, PROCESSED, SKIPPED, Record

FORMAT = "lawgraph results"
VERSION = 1
_RESULT = b'{"result":'  # how a result line starts: the first pass counts them without parsing
_MAKE = "make it with lawgraph extract --format results"
_TYPES = {"path": str, "status": str, "reason": str, "sha256": str, "bytes": (int, type(None)), "format": str,
          "laws": int, "agencies": int, "programs": int, "warnings": str}


def _line(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8", "surrogatepass")


class ResultsWriter:
    """Writes one shard's results file to a binary stream. Use it as the `sink` of
    `extract_paths(..., select=selection, lean=True)`, then call `finish` with the run's records."""

    def __init__(self, out: IO[bytes], selection: Selection, paths: Iterable[str], encoding: str | None,
                 max_size: int | None) -> None:
        from lawgraph._accel.cache import extractor_version

        self.out, self.selection, self.results = out, selection, 0
        out.write(_line({"format": FORMAT, "version": VERSION, "shard": str(selection.shard), "paths": list(paths),
                         "encoding": encoding, "max_size": max_size, "extractor": extractor_version()}))

    def __call__(self, result: dict) -> None:
        self.out.write(_line({"result": result}))
        self.results += 1

    def finish(self, records: list[Record]) -> None:
        positions = self.selection.positions
        if len(records) != len(positions):  # extract_paths gives one record per selected input
            raise RuntimeError(f"{len(records)} records for {len(positions)} inputs")
        for pos, rec in zip(positions, records):
            self.out.write(_line({"input": pos, "record": asdict(rec)}))
        self.out.write(_line({"end": {"inputs": self.selection.total, "inputs_sha256": self.selection.digest,
                                      "records": len(records), "results": self.results}}))
        self.out.flush()


# --- reading: first pass (header, records, end), checked file by file and together ---------------


@dataclass
class _Part:
    """One results file after the first pass."""

    path: str
    header: dict
    shard: Shard
    entries: list[tuple[int, Record]]  # (position among all inputs, Record), in order
    end: dict

    def again(self) -> str:
        """The command that makes this file anew."""
        paths = shlex.join(shown(p) for p in self.header["paths"])
        return f"lawgraph extract --shard {self.shard} --format results {paths} > {shlex.quote(shown(self.path))}"


def _parse(raw: bytes, path: str, n: int, fix: str) -> Any:
    try:
        return json.loads(raw.decode("utf-8", "surrogatepass"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise InputError(f"results file {shown(path)} line {n} is not valid JSON; {fix}") from None


def _record(value: Any) -> Record | None:
    """The Record a record line holds, or None when it is not one lawgraph wrote."""
    if not isinstance(value, dict) or set(value) != {f.name for f in fields(Record)}:
        return None
    for k, kind in _TYPES.items():
        if not isinstance(value[k], kind) or isinstance(value[k], bool):
            return None
    rec = Record(**value)
    return rec if rec.status in (PROCESSED, SKIPPED, DUPLICATE) else None


def _header(raw: bytes, path: str) -> tuple[dict, Shard]:
    name = shown(path)
    if not raw:
        raise InputError(f"results file {name} is empty; {_MAKE}")
    try:
        head = json.loads(raw.decode("utf-8", "surrogatepass"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        head = None
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise InputError(f"{name} is not a lawgraph results file (line 1 is not its header); {_MAKE}")
    if head.get("version") != VERSION:
        raise InputError(f"{name} is lawgraph results version {head.get('version')!r}, this lawgraph reads version "
                         f"{VERSION}; extract it again with this lawgraph")
    try:
        shard = parse_shard(head["shard"])
        ok = (isinstance(head["paths"], list) and all(isinstance(p, str) for p in head["paths"])
              and isinstance(head["encoding"], (str, type(None))) and isinstance(head["extractor"], str)
              and isinstance(head["max_size"], (int, type(None))))
    except (KeyError, TypeError, ValueError):
        ok = False
    if not ok:
        raise InputError(f"results file {name} has a damaged header (line 1); {_MAKE}")
    return head, shard


def _scan(path: str) -> _Part:
    """Read a results file's header, records and end line (result lines are only counted) and check
    that it is whole and holds exactly its shard's inputs."""
    name = shown(path)
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        raise InputError(f"results file {name} does not exist; check the path ({_MAKE})") from None
    except OSError as exc:
        raise InputError(f"cannot read results file {name}: {exc.strerror or exc}; check the path and its "
                         "permissions") from None
    with f:
        head, shard = _header(f.readline(), path)
        part = _Part(path, head, shard, [], {})
        fix = f"it is damaged: make it again ({part.again()})"
        results, end, n = 0, None, 1
        for n, raw in enumerate(f, 2):
            if end is not None:
                raise InputError(f"results file {name} goes on after its end line (line {n}); pass each "
                                 "shard's file as lawgraph extract wrote it")
            if not raw.endswith(b"\n"):
                raise InputError(f"results file {name} is cut short: line {n} is incomplete; make it again "
                                 f"({part.again()})")
            if raw.startswith(_RESULT):
                results += 1
                continue
            obj = _parse(raw, path, n, fix)
            if isinstance(obj, dict) and set(obj) == {"input", "record"} and type(obj["input"]) is int:
                rec = _record(obj["record"])
                if rec is None:
                    raise InputError(f"results file {name} line {n} is not a record lawgraph wrote; {fix}")
                part.entries.append((obj["input"], rec))
            elif isinstance(obj, dict) and set(obj) == {"end"} and isinstance(obj["end"], dict):
                end = obj["end"]
            else:
                raise InputError(f"results file {name} line {n} is not a line of a results file; {fix}")
    if end is None:
        raise InputError(f"results file {name} ends at line {n} without its end line, so it was cut short; "
                         f"make it again ({part.again()})")
    part.end = end
    processed = sum(1 for _, r in part.entries if r.status == PROCESSED)
    total = end.get("inputs")
    if (type(total) is not int or not isinstance(end.get("inputs_sha256"), str)
            or end.get("records") != len(part.entries) or end.get("results") != results or processed != results
            or [pos for pos, _ in part.entries] != list(shard.positions(total))):
        raise InputError(f"results file {name} does not hold what its end line says (shard {shard}); {fix}")
    return part


def _together(parts: list[_Part]) -> None:
    """The files must be the shards of one extraction (the same discovered inputs: the PATHs as given may
    differ, `seeds` and `seeds/`, when they find the same files), each once, none missing, made by this lawgraph."""
    from lawgraph._accel.cache import extractor_version

    here = extractor_version()
    first = parts[0]
    for p in parts:
        if p.header["extractor"] != here:
            raise InputError(f"{shown(p.path)} was extracted by another lawgraph (extractor {p.header['extractor']}, "
                             f"this one is {here}); extract it again with this lawgraph ({p.again()})")
    same = ((lambda p: (p.end["inputs"], p.end["inputs_sha256"]),
             "they saw different inputs: a file was added, removed or renamed between the runs"),
            (lambda p: (p.header["encoding"], p.header["max_size"]), "--encoding or --max-size differ"),
            (lambda p: p.shard.n, "they split the inputs into different numbers of shards"))
    for p in parts[1:]:
        for key, why in same:
            if key(p) != key(first):
                raise InputError(f"{shown(first.path)} and {shown(p.path)} are not shards of one extraction ({why}); "
                                 "run every shard with the same lawgraph, PATHs and options")
    by_k: dict[int, _Part] = {}
    for p in parts:
        if p.shard.k in by_k:
            raise InputError(f"{shown(by_k[p.shard.k].path)} and {shown(p.path)} are both shard {p.shard}; pass each "
                             "shard's file once")
        by_k[p.shard.k] = p
    n = first.shard.n
    for k in range(1, n + 1):
        if k not in by_k:
            have = ", ".join(f"{q.shard} ({shown(q.path)})" for q in sorted(parts, key=lambda q: q.shard.k))
            paths = shlex.join(shown(x) for x in first.header["paths"])
            raise InputError(f"shard {k}/{n} is missing (given: {have}); make it with lawgraph extract --shard {k}/{n} "
                             f"--format results {paths} > FILE and pass FILE too")


def _decide(parts: list[_Part]) -> tuple[list[tuple[int, Record]], set[int]]:
    """Every input's final Record in discovery order, and the positions whose result the graph gets.
    Duplicates are decided over all the shards with the pipeline's rule, as a direct build does."""
    from lawgraph.pipeline import _classify

    merged = sorted((e for p in parts for e in p.entries), key=lambda e: e[0])
    prints: dict[str, tuple[str, int]] = {}
    first: dict[str, str] = {}
    for _, rec in merged:  # as pipeline._fingerprints: the first fingerprint of a path; the least path per content
        if rec.sha256 and rec.bytes is not None and rec.path not in prints:
            prints[rec.path] = (rec.sha256, rec.bytes)
            if rec.bytes and (rec.sha256 not in first or rec.path < first[rec.sha256]):
                first[rec.sha256] = rec.path
    claimed: set[str] = set()
    out: list[tuple[int, Record]] = []
    keep: set[int] = set()
    for pos, rec in merged:
        decided = _classify(rec.path, prints, first, claimed) if rec.sha256 else None
        if decided is None:
            if rec.status == DUPLICATE:  # its shard read another copy, yet no shard read the first
                raise InputError(f"the results disagree about {shown(rec.path)} (a duplicate in its shard, but no "
                                 "shard read its content); make every shard again")
            decided = rec
            if rec.status == PROCESSED:
                keep.add(pos)
        out.append((pos, decided))
    return out, keep


# --- reading: second pass, the results in discovery order ------------------------------------------


def _results(part: _Part, keep: set[int], sources: dict[int, str]) -> Iterator[tuple[int, dict]]:
    """(position, result) of the results of `part` that the graph gets, in the file's order."""
    processed = iter([pos for pos, rec in part.entries if rec.status == PROCESSED])
    fix = f"it is damaged: make it again ({part.again()})"
    with open(part.path, "rb") as f:
        for n, raw in enumerate(f, 1):
            if not raw.startswith(_RESULT):
                continue
            pos = next(processed, None)
            if pos is None:
                raise InputError(f"results file {shown(part.path)} changed while it was read (line {n}); "
                                 "build again when no shard is writing it")
            if pos not in keep:
                continue  # a copy this shard read whose first is in another shard
            obj = _parse(raw, part.path, n, fix)
            result = obj.get("result") if isinstance(obj, dict) else None
            if not isinstance(result, dict) or result.get("source") != sources[pos]:
                raise InputError(f"results file {shown(part.path)} line {n} is not the result of {sources[pos]}, "
                                 f"as its records say; {fix}")
            yield pos, result


def read_results(files: Iterable[str], progress: Callable[[int, int, int], None] | None = None,
                 sink: Callable[[dict], None] | None = None):
    """The ExtractRun that `extract_paths` would give for the inputs of the shards in `files`: every
    input's Record in discovery order, the results in that order to `sink` (or in `documents`).
    InputError naming the file and the fix for a file that is missing, not a results file, of
    another version, cut short or damaged, and for shards that do not make one whole extraction."""
    from lawgraph.pipeline import ExtractRun

    files = list(files)
    if not files:
        raise InputError(f"no results files given; {_MAKE}")
    parts = [_scan(path) for path in files]
    _together(parts)
    decided, keep = _decide(parts)
    run = ExtractRun(records=[rec for _, rec in decided])
    run.skipped = [(r.path, r.reason) for r in run.records if r.status != PROCESSED]
    sources = {pos: shown(rec.path) for pos, rec in decided if pos in keep}
    sizes = {pos: rec.bytes or 0 for pos, rec in decided if pos in keep}
    total, done, done_bytes = len(keep), 0, 0
    if progress:
        progress(0, total, 0)
    for pos, result in heapq.merge(*(_results(p, keep, sources) for p in parts), key=lambda e: e[0]):
        if sink is not None:
            sink(result)
        else:
            run.documents.append(result)
        done, done_bytes = done + 1, done_bytes + sizes[pos]
        if progress:
            progress(done, total, done_bytes)
    return run


class FromResults:
    """An `extractor` for `lawgraph.build`: the build's paths are results files, read with
    `read_results`. The options of extraction (encoding, size limit, cache, jobs) were fixed when the
    files were made and are ignored here. `stamps` is False: the build neither trusts nor writes the
    build stamp for results made elsewhere, so the next build into the folder is a full one."""

    stamps = False

    def __call__(self, paths: Iterable[str], *, progress: Callable[[int, int, int], None] | None = None,
                 sink: Callable[[dict], None] | None = None, **_options: Any):
        return read_results(paths, progress, sink)
