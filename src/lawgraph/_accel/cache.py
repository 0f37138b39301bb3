"""Per-document cache of extraction results, keyed by the file's content and the extractor's version.

An entry is `ROOT/<version>/<hh>/<key>.json`; the version is a hash of the package's code and data
files, so any change to the extractor or its data makes a fresh cache. An entry is checked, never
trusted: it is used only when it is laid out as `put` writes it for its own key and schema, its
checksum (sha256 over its value's bytes) matches, its value parses, and the caller's `restore` accepts its shape. Anything else is a miss, and the entry
is rewritten by the run that analyses the file again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from lawgraph.files import CODE_AND_DATA, package_files

T = TypeVar("T")
SCHEMA = 2  # the entry layout: {"key", "schema", "sum", "value"}
_VALUE = b'","value":'  # between the checksum and the value's bytes (see `put`)


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """Hash of every source and data file of the package (code, registry, rules)."""
    h = hashlib.sha256()
    for name, p in package_files():
        if p.suffix in CODE_AND_DATA:
            h.update(name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def default_root() -> Path:
    """Where lawgraph keeps what it may rebuild at any time: $XDG_CACHE_HOME/lawgraph (~/.cache/lawgraph)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lawgraph"


def _canonical(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Cache:
    def __init__(self, root: str | os.PathLike | None = None) -> None:
        self.root = Path(root) if root else default_root()
        self.dir = self.root / extractor_version()
        self.hits = self.misses = 0
        self._dirs: set[Path] = set()  # entry folders known to exist

    @staticmethod
    def key(data: bytes, options: str = "") -> str:
        return hashlib.sha256(options.encode() + b"\0" + data).hexdigest()

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.json"

    def has(self, key: str) -> bool:
        """Is there an entry for `key`? (Not yet verified: `get` still checks it.) No entry is a miss."""
        if self._path(key).is_file():
            return True
        self.misses += 1
        return False

    def get(self, key: str, restore: Callable[[dict], T | None]) -> T | None:
        """The entry for `key` as `restore` rebuilds it, or None (a miss) when there is none, it is not
        laid out as `put` writes it for this key and schema, its checksum does not match its value's
        bytes, its value does not parse as an object, or `restore` finds it malformed (restore may
        raise any exception for that: it is a miss too)."""
        value = None
        try:
            body = self._body(key)
            if body is not None:
                entry = json.loads(body)
                if isinstance(entry, dict):
                    value = restore(entry)
        except Exception:  # noqa: BLE001 - a damaged entry (any damage, any depth) is only a miss
            value = None
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def _body(self, key: str) -> bytes | None:
        """The value's bytes of the entry for `key` when the entry is laid out as `put` writes it and
        its checksum matches them, else None. The checksum is checked on the bytes as read, not on a
        re-encoding of the parsed value: the same test for what `put` wrote (its bytes are the
        canonical encoding), stricter for anything else, and no second pass of JSON per entry."""
        data = self._path(key).read_bytes()
        head = f'{{"key":"{key}","schema":{SCHEMA},"sum":"'.encode()
        start = len(head) + 64 + len(_VALUE)
        if not (data.startswith(head) and data[start - len(_VALUE):start] == _VALUE and data.endswith(b"}")):
            return None
        body = data[start:-1]
        return body if hashlib.sha256(body).hexdigest().encode() == data[len(head):len(head) + 64] else None

    def put(self, key: str, value: dict) -> None:
        """Write the entry in place: one file creation per report (a temporary file and a rename
        would double the directory updates, the main cost of filling a cache). A write cut short or
        two writers interleaved leave a file that does not parse or fails its checksum, which `get`
        treats as a miss and the next build rewrites."""
        path = self._path(key)
        try:
            body = _canonical(value)
        except (TypeError, ValueError, RecursionError):
            return  # not JSON: not kept (the file is analysed again next time)
        data = (f'{{"key":"{key}","schema":{SCHEMA},"sum":"{hashlib.sha256(body).hexdigest()}'.encode() + _VALUE
                + body + b"}")
        try:
            if path.parent not in self._dirs:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._dirs.add(path.parent)
            with open(path, "wb") as f:
                f.write(data)
        except OSError:
            pass  # a cache that cannot be written only costs time


# ---- the shape of a results-stage entry: {"record": Record without path, "result": extract dict without source}

_RECORD_TYPES = {"status": str, "reason": str, "sha256": str, "format": str, "warnings": str,
                 "laws": int, "agencies": int, "programs": int}


def _int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def _str_list(v: object) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def valid_record(rec: object) -> bool:
    """A manifest Record (without its path) with every field of the right type, and no other field."""
    if not isinstance(rec, dict) or set(rec) != {*_RECORD_TYPES, "bytes"}:
        return False
    if not (rec["bytes"] is None or _int(rec["bytes"])):
        return False
    return all(_int(rec[k]) if t is int else isinstance(rec[k], t) for k, t in _RECORD_TYPES.items())


# The checks below run on every mention of every cached result a build reads (hundreds of thousands),
# so they are plain loops over values parsed from JSON, whose types are exact (`type(v) is int` is
# an int that is not a bool).

def _valid_mentions(mentions: object) -> bool:
    """A non-empty list of mentions, each with its text, 0 <= start <= end, and a text context if any."""
    if type(mentions) is not list or not mentions:
        return False
    for m in mentions:
        if type(m) is not dict:
            return False
        text, start, end = m.get("text"), m.get("start"), m.get("end")
        if not (type(text) is str and text and type(start) is int and type(end) is int and 0 <= start <= end
                and type(m.get("context", "")) is str):
            return False
    return True


def _valid_entities(entities: object) -> bool:
    """A list of entities, each named, with text level, level basis and jurisdiction if any, a list
    of texts as `contains` if any, and valid mentions."""
    if type(entities) is not list:
        return False
    for e in entities:
        if type(e) is not dict:
            return False
        name = e.get("name")
        if not (type(name) is str and name and type(e.get("level", "")) is str
                and type(e.get("level_basis", "")) is str and type(e.get("jurisdiction", "")) is str):
            return False
        if "contains" in e and not _str_list(e["contains"]):
            return False
        if not _valid_mentions(e.get("mentions")):
            return False
    return True


def valid_result(result: object) -> bool:
    """An `extract` dict (without its source): agency, year, the three entity lists and optional
    warnings, each of the right type down to every mention."""
    if type(result) is not dict or "source" in result:
        return False
    agency, year = result.get("agency", 0), result.get("year", "")
    if not (agency is None or (type(agency) is dict and type(agency.get("name")) is str
                               and (agency.get("jurisdiction") is None or type(agency["jurisdiction"]) is str))):
        return False
    if not (year is None or type(year) is int):
        return False
    if not _str_list(result.get("warnings", [])):
        return False
    return all(_valid_entities(result.get(k)) for k in ("laws", "agencies", "programs"))
