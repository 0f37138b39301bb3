"""Writing files whole, and the package's own files. Light on purpose (no networkx): the cache, the
snapshots, the build stamp, the manifest and every export use it."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CODE_AND_DATA = (".py", ".tsv", ".txt", ".json")


def package_files() -> list[tuple[str, Path]]:
    """(name relative to the package, path) of every file of the package — code, data tables, page
    assets — sorted; no bytecode caches."""
    return [(str(p.relative_to(PACKAGE)), p) for p in sorted(PACKAGE.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts]


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; rename it onto ``path`` (mode 0644) on success,
    so a crash never leaves half a file. The temporary name is this process's own (``.NAME.PID.tmp``):
    no two live processes share a PID, so no reservation (mkstemp's extra create, close and reopen)
    is needed; a leftover of a killed process is overwritten by the next writer of that name, and
    `lawgraph.build` removes those in its output folder."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        yield tmp
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
