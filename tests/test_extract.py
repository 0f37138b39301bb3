"""`lawgraph.extract.analyse`: every extractor run once; each law mention carries its relation."""

from __future__ import annotations

import pytest

from lawgraph.extract import EXTRACTORS, analyse
from lawgraph.models import Document


def laws_and_relations(text: str) -> list[tuple[str, str]]:
    doc = analyse(Document("t.txt", text))
    return [(m["text"], m["relation"]) for law in doc["laws"] for m in law["mentions"]]


@pytest.mark.parametrize("text,expected", [
    ("区科技局组织学习《科技进步法》", [("《科技进步法》", "studies")]),
    ("严格执行《安全生产法》，起草《重庆市科技创新促进条例》。",
     [("《安全生产法》", "implements"), ("《重庆市科技创新促进条例》", "drafts")]),
    ("学习贯彻《民法典》《行政处罚法》", [("《民法典》", "implements"), ("《行政处罚法》", "implements")]),
    ("开展《行政许可法》实施情况评估", [("《行政许可法》", "reviews")]),
    ("根据民法典的规定", [("民法典", "implements")]),  # running text as well as titles
    ("《宪法》是根本法", [("《宪法》", "cites")]),
])
def test_each_law_mention_gets_the_relation_of_its_clause(text: str, expected: list[tuple[str, str]]) -> None:
    assert sorted(laws_and_relations(text)) == sorted(expected)


def test_only_law_mentions_carry_a_relation() -> None:
    doc = analyse(Document("t.txt", "泰州市科技局会同市司法局学习《科技进步法》，开展“双随机、一公开”。"))
    assert [k for k, _ in EXTRACTORS] == ["laws", "agencies", "programs"]
    assert doc["agencies"] and doc["programs"]
    assert all("relation" not in m for kind in ("agencies", "programs") for e in doc[kind] for m in e["mentions"])
    assert all(m["relation"] for e in doc["laws"] for m in e["mentions"])
