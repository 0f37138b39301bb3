"""End to end on the five sample reports: exact spans everywhere, and the laws of the hand-made gold
answers (tests/fixtures/gold_seeds.json, a copy of the project's gold file) are all found."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from lawgraph.io import load_file
from lawgraph.names import fold
from lawgraph.pipeline import analyse

GOLD = json.loads((Path(__file__).parent / "fixtures" / "gold_seeds.json").read_text(encoding="utf-8"))
ROOT = Path(__file__).resolve().parents[1]


def key(name: str) -> str:
    return fold(unicodedata.normalize("NFKC", name)).replace("（", "").replace("）", "").replace("(", "").replace(")", "")


@pytest.fixture(scope="module")
def results() -> dict[str, dict]:
    out = {}
    for g in GOLD["documents"]:
        out[g["file"]] = analyse(load_file(ROOT / "seeds" / g["file"]))
    return out


@pytest.mark.parametrize("gold", GOLD["documents"], ids=lambda g: g["file"])
def test_every_mention_slices_the_original(gold: dict, results: dict) -> None:
    original = (ROOT / "seeds" / gold["file"]).read_text(encoding="utf-8")
    res = results[gold["file"]]
    n = 0
    for kind in ("laws", "agencies", "programs"):
        for ent in res[kind]:
            assert ent["mentions"], f"{ent['name']} has no evidence"
            for m in ent["mentions"]:
                assert original[m["start"] : m["end"]] == m["text"]
                n += 1
    assert n > 0


@pytest.mark.parametrize("gold", GOLD["documents"], ids=lambda g: g["file"])
def test_laws_match_gold(gold: dict, results: dict) -> None:
    pred = {key(x["name"]): x for x in results[gold["file"]]["laws"]}
    optional = {key(o) for o in gold.get("optional", [])}
    used = set()
    for g in gold["laws"]:
        names = {key(g["name"])} | {key(a) for a in g.get("alt", [])}
        hit = names & set(pred)
        assert hit, f"missed {g['name']}"
        used |= hit
        if g.get("level"):
            assert {pred[h]["level"] for h in hit} == {g["level"]}, g["name"]
    extra = set(pred) - used - optional
    assert not extra, f"extra laws: {sorted(extra)}"
