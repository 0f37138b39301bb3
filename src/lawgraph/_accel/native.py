"""The compiled extractor: the modules of ``COMPILED`` translated to C by mypyc when lawgraph is
installed (setup.py), used only while they are the build of the sources beside them.

setup.py compiles the modules and writes ``lawgraph/_native.txt``: the sha256 of their sources, then
their names. ``use()``, called by ``import lawgraph``, compares that digest with the sources as they
are now. When they differ (a file edited after ``pip install -e .``), or with ``LAWGRAPH_PURE=1`` in
the environment, a finder put first on ``sys.meta_path`` loads every one of these modules from its
``.py`` file: all of them, because compiled modules call each other directly, not through the
import system. Nothing is printed (every command's stderr stays what CONTRACT.md says); the code run
is the code in the files, only slower until ``pip install -e .`` compiles it again. Without
``_native.txt`` (installed as plain Python) nothing is done. Standard library only: setup.py loads
this file by its path, before lawgraph's dependencies are installed.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path

# the per-report work: cleaning, the extractors and what they ask (paths under src/lawgraph/); none of
# them is patched at run time by the tests or replaced by a caller, which compiled code would not see
COMPILED: tuple[str, ...] = (
    "clean.py", "text.py", "models.py", "resolve.py",
    "extract/__init__.py", "extract/agencies.py", "extract/checks.py", "extract/evidence.py", "extract/laws.py",
    "extract/meta.py", "extract/programs.py", "extract/relations.py",
    "lexicon/__init__.py", "lexicon/agency_names.py", "lexicon/boundaries.py", "lexicon/multimatch.py",
    "lexicon/names.py", "lexicon/places.py", "lexicon/registry.py",
)  # fmt: skip
MANIFEST = "_native.txt"
PACKAGE = Path(__file__).resolve().parents[1]  # the lawgraph package folder

_decided: bool | None = None  # whether the compiled modules run in this process, once decided


def module_name(relative: str) -> str:
    """'extract/laws.py' → 'lawgraph.extract.laws'; 'extract/__init__.py' → 'lawgraph.extract'."""
    parts = ["lawgraph", *relative.removesuffix(".py").split("/")]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def digest(package: Path, relatives: Sequence[str]) -> str:
    """The sha256 of the sources, each preceded by its path (what the compiled modules were made from)."""
    h = hashlib.sha256()
    for rel in relatives:
        h.update(rel.encode() + b"\0")
        h.update((package / rel).read_bytes())
    return h.hexdigest()


def write_manifest(package: Path, relatives: Sequence[str] = COMPILED) -> None:
    """Record what setup.py compiled: the digest of the sources, then their paths, one a line."""
    (package / MANIFEST).write_text("\n".join([digest(package, relatives), *relatives]) + "\n", encoding="utf-8")


def read_manifest(package: Path = PACKAGE) -> tuple[str, list[str]] | None:
    """(digest, paths) of the compiled modules; None when lawgraph was installed as plain Python."""
    try:
        first, *rest = (package / MANIFEST).read_text(encoding="utf-8").split()
    except (OSError, ValueError):
        return None
    return first, rest


class _FromSource(importlib.abc.MetaPathFinder):
    """Loads the named modules from their ``.py`` files, never from the compiled ones beside them."""

    def __init__(self, package: Path, relatives: Sequence[str]) -> None:
        self.files = {module_name(rel): package / rel for rel in relatives}

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> importlib.machinery.ModuleSpec | None:
        file = self.files.get(fullname)
        if file is None:
            return None
        where = [str(file.parent)] if file.name == "__init__.py" else None
        return importlib.util.spec_from_file_location(fullname, file, submodule_search_locations=where)


def use(package: Path = PACKAGE) -> bool:
    """Decide once per process whether the compiled modules run; True when they do."""
    global _decided
    if _decided is None:
        _decided = _decide(package)
    return _decided


def _decide(package: Path) -> bool:
    listed = read_manifest(package)
    if listed is None:
        return False
    recorded, relatives = listed
    if not os.environ.get("LAWGRAPH_PURE"):
        try:
            if digest(package, relatives) == recorded:
                return True
        except OSError:
            pass  # a source that cannot be read: not the one compiled
    sys.meta_path.insert(0, _FromSource(package, relatives))
    return False


def compiled(module: object) -> bool:
    """Is this module the compiled one (an extension module), not its source?"""
    return str(getattr(module, "__file__", "")).endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))
