"""Per-document cache of extraction results, keyed by the file's content and the extractor's version.

An entry is `ROOT/<version>/<hh>/<sha256>.json`; the version is a hash of the package's code and data
files, so any change to the extractor or its data makes a fresh cache. An entry that does not parse,
or whose recorded key differs from its name, is ignored and rewritten — never trusted.
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
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lawgraph"


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
        """The entry for `key` as `restore` rebuilds it, or None (a miss) when there is none, it does not
        parse, it was written under another key, or `restore` finds it malformed."""
        value = None
        try:
            entry = json.loads(self._path(key).read_text(encoding="utf-8"))
            if entry.get("key") == key and isinstance(entry.get("result"), dict):
                value = restore(entry["result"])
        except (OSError, ValueError, AttributeError):
            value = None
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put(self, key: str, result: dict) -> None:
        """Write the entry in place: one file creation per report (a temporary file and a rename
        would double the directory updates, the main cost of filling a cache). A write cut short or
        two writers interleaved leave a file that does not parse or names another key, which `get`
        treats as a miss and the next build rewrites."""
        path = self._path(key)
        data = json.dumps({"key": key, "result": result}, ensure_ascii=False).encode("utf-8")
        try:
            if path.parent not in self._dirs:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._dirs.add(path.parent)
            with open(path, "wb") as f:
                f.write(data)
        except OSError:
            pass  # a cache that cannot be written only costs time
