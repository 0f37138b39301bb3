"""The extractor compiled to C with mypyc when the machine can (a C compiler and the Python headers).

pyproject.toml holds the project; this file only adds the compiled modules: the Python files of
``lawgraph._accel.native.COMPILED``, type-checked and translated by mypyc at install time (the same
code, 10–15% less time per report; tests/test_compiled.py holds that the results are the same). It also
writes ``lawgraph/_native.txt``, the digest of those sources, so that lawgraph runs them as plain
Python once they are edited. With ``LAWGRAPH_PURE=1`` in the environment, or where mypyc is missing,
lawgraph installs as plain Python (and compiled files left in src/ by an earlier install are removed).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent
PACKAGE = HERE / "src" / "lawgraph"


def _native():  # lawgraph._accel.native by its path: lawgraph's dependencies are not installed here
    spec = importlib.util.spec_from_file_location("_lawgraph_native", PACKAGE / "_accel" / "native.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _forget(native) -> None:
    """Drop what an earlier in-place install compiled (a module no longer compiled must not stay)."""
    (PACKAGE / native.MANIFEST).unlink(missing_ok=True)
    for stale in [*PACKAGE.rglob("*.so"), *PACKAGE.parent.glob("lawgraph_native__mypyc*.so")]:
        stale.unlink()


def ext_modules() -> list:
    native = _native()
    _forget(native)  # plain Python, or compiled again below from the sources as they are
    if os.environ.get("LAWGRAPH_PURE"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("lawgraph: mypyc is not available; installing the extractor as plain Python", file=sys.stderr)
        return []
    os.chdir(HERE)  # mypyc names the modules by their paths under src/ ([tool.mypy] in pyproject.toml)
    modules = mypycify([f"src/lawgraph/{rel}" for rel in native.COMPILED], opt_level="3",
                       group_name="lawgraph_native")
    for ext in modules:
        ext.optional = True  # a compiler that fails leaves the module as plain Python, not a failed install
    native.write_manifest(PACKAGE, native.COMPILED)
    return modules


setup(ext_modules=ext_modules())
