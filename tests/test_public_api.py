"""`import lawgraph`: the public verbs in __all__, loaded lazily, and the README's Library section
runs and prints what it says it prints."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import lawgraph

ROOT = Path(__file__).resolve().parents[1]
VERBS = ["load", "clean", "extract", "build_graph", "export", "build",
         "laws_of_agency", "agencies_citing", "matrix", "stats"]  # fmt: skip


@pytest.mark.parametrize("name", VERBS)
def test_every_verb_is_public_and_callable(name: str) -> None:
    assert name in lawgraph.__all__ and callable(getattr(lawgraph, name))


def test_verbs_stay_verbs_after_their_modules_are_imported() -> None:
    import lawgraph.build  # noqa: F401  (the modules of the same names)
    import lawgraph.clean  # noqa: F401
    import lawgraph.extract  # noqa: F401

    for name in ("build", "clean", "extract", "load"):
        assert callable(getattr(lawgraph, name)), name
    assert sys.modules["lawgraph.build"].BuildReport  # the module, by its full name


def test_import_lawgraph_loads_no_heavy_library() -> None:
    code = "import sys, lawgraph; print(sorted(m for m in ('networkx', 'jieba', 'pyvis', 'numpy', 'click') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "[]\n"


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError):
        lawgraph.no_such_verb  # noqa: B018


def test_readme_library_section_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Library", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    printed = re.search(r"prints\n\n```text\n(.*?)```", section, re.S).group(1)
    assert set(re.findall(r"lawgraph\.(\w+)\(", code)) <= set(lawgraph.__all__)  # public verbs only
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    assert out.getvalue() == printed
