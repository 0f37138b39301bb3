"""Snapshots: data tables derived from the bundled files, kept between runs.

The lexicon's loaders (the law registry and its name trie, the words that straddle a law name's edge,
the characters OpenCC converts) rebuild the same structures from the same tables in every process.
`kept(name)` stores what a loader returns in `$XDG_CACHE_HOME/lawgraph/snapshots/<fingerprint>/` and
later runs read it back instead. `LAWGRAPH_SNAPSHOTS=0` in the environment switches them off: every
loader then builds from the tables (tests/test_snapshot.py checks the answers are the same).

The fingerprint covers the size and mtime of every code and data file of the package, the Python
version and the OpenCC library, so any change makes a fresh folder. An entry that is missing, cannot
be read back or was written by something else is rebuilt from the tables — never trusted — and a
cache folder that cannot be written only means the tables are read every time.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import marshal
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from lawgraph.files import CODE_AND_DATA, atomic_write_bytes, package_files

T = TypeVar("T")

FORMAT = "lawgraph-snapshot-1"
_LIBRARIES = ("opencc",)  # whose data a snapshot holds (OpenCC's conversion table)


@functools.lru_cache(maxsize=1)
def folder() -> Path:
    """This package's snapshot folder (its name is the fingerprint)."""
    from lawgraph._accel.cache import default_root

    h = hashlib.sha256(f"{FORMAT}|{sys.version}".encode())
    for name, p in package_files():
        if p.suffix in CODE_AND_DATA:
            st = p.stat()
            h.update(f"{name}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    for lib in _LIBRARIES:
        spec = importlib.util.find_spec(lib)
        if spec is not None and spec.origin:
            st = os.stat(spec.origin)
            h.update(f"{lib}|{spec.origin}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return default_root() / "snapshots" / h.hexdigest()[:16]


def _read(path: Path, codec: str) -> Any:
    data = path.read_bytes()
    fmt, value = marshal.loads(data) if codec == "marshal" else pickle.loads(data)  # noqa: S301 - our own cache
    if fmt != FORMAT:
        raise ValueError("not a lawgraph snapshot")
    return value


def _write(path: Path, codec: str, value: Any) -> None:
    data = marshal.dumps((FORMAT, value)) if codec == "marshal" else pickle.dumps((FORMAT, value), protocol=5)
    atomic_write_bytes(path, data)


def enabled() -> bool:
    """Snapshots are on unless LAWGRAPH_SNAPSHOTS is 0, no, off or false."""
    return os.environ.get("LAWGRAPH_SNAPSHOTS", "1").strip().lower() not in ("0", "no", "off", "false")


def kept(name: str, codec: str = "marshal") -> Callable[[Callable[[], T]], Callable[[], T]]:
    """Decorate a loader that takes no argument: its value is computed once per process, and read
    from the snapshot folder when an earlier run left it there. `codec` is "marshal" (dicts, strings,
    tuples, sets: fastest) or "pickle" (objects)."""

    def decorate(build: Callable[[], T]) -> Callable[[], T]:
        @functools.lru_cache(maxsize=1)
        @functools.wraps(build)
        def load() -> T:
            if not enabled():
                return build()
            path = folder() / f"{name}.{codec}"
            try:
                return _read(path, codec)
            except Exception:  # noqa: BLE001 - missing, damaged, foreign: build it from the tables
                pass
            value = build()
            try:
                _write(path, codec, value)
            except (OSError, ValueError, TypeError, pickle.PicklingError):
                pass  # a snapshot that cannot be written only costs time
            return value

        load.build = build  # type: ignore[attr-defined]
        return load

    return decorate
