"""lawgraph.resolve: the one resolver. Its canonical names are exactly what the graph names nodes
with today (graph.canonical_law_name / canonical_agency_name), and the queries ask it too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from lawgraph import graph, resolve
from lawgraph.lexicon.places import places

SRC = Path(resolve.__file__).resolve().parent


@pytest.mark.parametrize("name,expected", [
    ("科技进步法", "中华人民共和国科学技术进步法"),  # an alias
    ("《宪法》", "中华人民共和国宪法"),  # book-title marks do not matter
    ("中华人民共和国民法典", "中华人民共和国民法典"),  # the canonical name itself
    ("重庆市江津区科技创新促进办法", "重庆市江津区科技创新促进办法"),  # unknown: kept as written
    ("", ""),
])
def test_canonical_law_name(name: str, expected: str) -> None:
    assert resolve.canonical_law_name(name) == expected == graph.canonical_law_name(name)


@pytest.mark.parametrize("name,expected", [
    ("泰州市科技局", "泰州市科学技术局"),  # short form expanded
    ("重庆市江津区科学技术局", "重庆市江津区科学技术局"),  # already full
    ("市场监管局", "市场监督管理局"),
])
def test_canonical_agency_name(name: str, expected: str) -> None:
    assert resolve.canonical_agency_name(name) == expected == graph.canonical_agency_name(name)


@pytest.mark.parametrize("name,expected", [
    ("科技进步法", ["科技进步法", "中华人民共和国科学技术进步法", "中华人民共和国科技进步法"]),
    (" 《宪法》 ", ["《宪法》", "中华人民共和国宪法", "中华人民共和国宪法"]),
])
def test_law_candidates(name: str, expected: list[str]) -> None:
    assert resolve.law_candidates(name) == expected


def test_agency_candidates() -> None:
    assert resolve.agency_candidates(" 泰州市科技局") == ["泰州市科学技术局", "泰州市科技局", "泰州市科技局"]


def chongqing() -> object:
    return next(p for p in places().lookup("重庆市") if p.level == "province")


@pytest.mark.parametrize("title,in_chongqing,expected", [
    ("科技进步法", False, ("中华人民共和国科学技术进步法", "法律", "registry", "")),
    ("关于加强科技工作的意见", False, ("关于加强科技工作的意见", "规范性文件", "title", "")),
    ("工作总结", False, None),  # names no instrument
])
def test_resolve_title(title: str, in_chongqing: bool, expected) -> None:
    assert resolve.resolve_title(title, chongqing() if in_chongqing else None) == expected


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


@pytest.mark.parametrize("path", sorted((SRC / "extract").glob("*.py")), ids=lambda p: p.name)
def test_extractors_import_no_speed_machinery(path: Path) -> None:
    bad = {m for m in imported_modules(path)
           if m in ("gc", "multiprocessing") or m.startswith(("lawgraph._accel", "lawgraph.cache"))}
    assert not bad, f"{path.name} imports {bad}"


def test_meta_and_agencies_do_not_import_each_other() -> None:
    assert not {m for m in imported_modules(SRC / "extract" / "meta.py") if "extract.agencies" in m}
    assert not {m for m in imported_modules(SRC / "extract" / "agencies.py") if "extract.meta" in m}
