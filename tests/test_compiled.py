"""The compiled extractor (setup.py, lawgraph._accel.native): it is what runs after an install that
compiled it, it gives the plain Python's results byte for byte, and once its sources change (or with
LAWGRAPH_PURE=1) lawgraph runs the sources instead."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lawgraph._accel import native

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import make_corpus  # noqa: E402


def test_module_names() -> None:
    assert [native.module_name(rel) for rel in ("clean.py", "extract/laws.py", "extract/__init__.py")] == [
        "lawgraph.clean", "lawgraph.extract.laws", "lawgraph.extract"]
    assert all((native.PACKAGE / rel).is_file() for rel in native.COMPILED)


def test_an_install_that_compiled_runs_the_compiled_modules() -> None:
    listed = native.read_manifest()
    if listed is None or os.environ.get("LAWGRAPH_PURE"):
        pytest.skip("lawgraph is installed as plain Python here (no mypyc, or LAWGRAPH_PURE=1)")
    assert native.use()
    assert listed[1] == list(native.COMPILED)
    modules = [importlib.import_module(native.module_name(rel)) for rel in listed[1]]
    assert [m.__name__ for m in modules if not native.compiled(m)] == []


def extract(paths: list[Path], cache: Path, pure: bool) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "LAWGRAPH_PURE"}
    env["XDG_CACHE_HOME"] = str(cache)  # each its own snapshots: nothing made by the other is read
    if pure:
        env["LAWGRAPH_PURE"] = "1"
    code = ("import sys; from lawgraph._accel import native; import lawgraph.cli as c; "
            "sys.stderr.write(f'compiled={native.use()}\\n'); c.main()")
    return subprocess.run([sys.executable, "-c", code, "extract", *map(str, paths), "--format", "jsonl", "-j", "1"],
                          capture_output=True, env=env, check=True)


def test_compiled_and_plain_python_give_the_same_results(tmp_path: Path) -> None:
    make_corpus.make_corpus(120, tmp_path / "corpus", seed=7, quiet=True)
    paths = [ROOT / "seeds", ROOT / "tests" / "fixtures" / "dev" / "raw", make_corpus.reports_dir(tmp_path / "corpus")]
    plain = extract(paths, tmp_path / "c1", pure=True)
    assert plain.stderr.startswith(b"compiled=False\n")
    as_installed = extract(paths, tmp_path / "c2", pure=False)
    assert as_installed.stdout == plain.stdout
    assert as_installed.stdout.count(b"\n") == 5 + 9 + 120


def fake_package(tmp_path: Path) -> Path:
    package = tmp_path / "pkg"
    (package / "extract").mkdir(parents=True)
    (package / "clean.py").write_text("X = 1\n", encoding="utf-8")
    (package / "extract" / "__init__.py").write_text("", encoding="utf-8")
    native.write_manifest(package, ("clean.py", "extract/__init__.py"))
    return package


def test_the_manifest_names_what_was_compiled(tmp_path: Path) -> None:
    package = fake_package(tmp_path)
    recorded, relatives = native.read_manifest(package)
    assert relatives == ["clean.py", "extract/__init__.py"]
    assert recorded == native.digest(package, relatives)
    assert native.read_manifest(tmp_path) is None  # no manifest: installed as plain Python


@pytest.mark.parametrize("change", ["edit", "pure"])
def test_changed_sources_run_as_plain_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str], change: str) -> None:
    package = fake_package(tmp_path)
    monkeypatch.delenv("LAWGRAPH_PURE", raising=False)
    before = list(sys.meta_path)
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))  # the finder goes away with the test
    assert native._decide(package) is True  # the sources it was compiled from: compiled modules run
    assert sys.meta_path == before
    if change == "edit":
        (package / "clean.py").write_text("X = 2\n", encoding="utf-8")
    else:
        monkeypatch.setenv("LAWGRAPH_PURE", "1")
    assert native._decide(package) is False
    finder = sys.meta_path[0]
    assert finder not in before
    spec = finder.find_spec("lawgraph.clean")
    assert spec.origin == str(package / "clean.py")
    package_spec = finder.find_spec("lawgraph.extract")
    assert package_spec.origin == str(package / "extract" / "__init__.py")
    assert package_spec.submodule_search_locations == [str(package / "extract")]
    assert finder.find_spec("lawgraph.build") is None  # not compiled: the usual finders
    assert capsys.readouterr().err == ""  # nothing said: stderr stays what CONTRACT.md says
