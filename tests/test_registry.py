"""The bundled registry: it loads, aliases are unambiguous, lookups resolve."""

from __future__ import annotations

import pytest

from lawgraph.data import read_tsv
from lawgraph.lexicon.names import fold
from lawgraph.lexicon.registry import AliasConflict, Registry, registry
from lawgraph.resolve import resolve_law_name


def test_registry_loads_every_row() -> None:
    r = registry()
    assert len([x for x in r.laws.values() if not x.jurisdiction]) == len(read_tsv("national_laws.tsv"))
    assert all(law.level for law in r.laws.values())


def test_no_alias_names_two_laws() -> None:
    seen: dict[str, str] = {}
    for table in ("law_aliases.tsv", "law_aliases_extra.tsv"):
        for row in read_tsv(table):
            key = fold(row["alias"])
            assert seen.setdefault(key, row["name"]) == row["name"], f"{row['alias']} is ambiguous"
    # every key, derived ones included, names a law of the registry
    r = registry()
    assert all(name in r.laws for name in r.index.values())
    # the derived short form of 科学技术普及法 exists, and no derived form shadows an official short name
    assert r.index["科技普及法"] == "中华人民共和国科学技术普及法"
    assert r.index["科学技术进步法"] == "中华人民共和国科学技术进步法"


def test_alias_conflict_is_refused(monkeypatch) -> None:
    import lawgraph.lexicon.registry as mod

    real = mod.read_tsv

    def fake(name: str):
        rows = real(name)
        if name == "law_aliases_extra.tsv":
            rows = rows + [{"alias": "统计法", "name": "中华人民共和国审计法", "basis": "test"}]
        return rows

    monkeypatch.setattr(mod, "read_tsv", fake)
    with pytest.raises(AliasConflict, match="alias 统计法 names both 中华人民共和国统计法 and 中华人民共和国审计法"):
        Registry()


@pytest.mark.parametrize("name,expected", [
    ("科技进步法", "中华人民共和国科学技术进步法"),  # conventional (reference table)
    ("《科技进步法》", "中华人民共和国科学技术进步法"),  # marks do not matter
    ("科学技术进步法", "中华人民共和国科学技术进步法"),  # without 中华人民共和国
    ("科技成果转化法", "中华人民共和国促进科技成果转化法"),
    ("科普法", "中华人民共和国科学技术普及法"),
    ("科技普及法", "中华人民共和国科学技术普及法"),  # derived: 科学技术 → 科技
    ("宪法", "中华人民共和国宪法"),
    ("民诉法", "中华人民共和国民事诉讼法"),  # project's extra table
    ("保密法", "中华人民共和国保守国家秘密法"),  # defined by 以下简称 in an official text
    ("中华人民共和国行政处罚法(2021年修订)", "中华人民共和国行政处罚法"),  # version suffix
    ("重庆市优化营商环境条例", "重庆市优化营商环境条例"),  # local regulation
    ("习近平谈治国理政", None),
    ("条例", None),
])
def test_resolve_law_name(name: str, expected: str | None) -> None:
    assert resolve_law_name(name) == expected


def test_dictionary_keys_are_law_names_only() -> None:
    keys = registry().dictionary_keys()
    assert keys["民法典"] == "中华人民共和国民法典"
    assert keys["宪法"] == "中华人民共和国宪法"
    assert "法律" not in keys and "条例" not in keys
    assert all(len(k) >= 3 or k == "宪法" for k in keys)
