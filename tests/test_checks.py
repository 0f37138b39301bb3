"""The safety net: empty results where the text plainly is not are flagged."""

from __future__ import annotations

import pytest

from lawgraph.extract.checks import warnings

_LAW = [{"name": "中华人民共和国行政处罚法"}]
_AGENCY = {"name": "长沙市司法局"}

CASES = [
    # (cleaned text, result, expected warnings as prefixes) — what each row covers
    ("湖南省长沙市司法局组织学习《行政处罚法》。", {"laws": [], "agency": _AGENCY, "agencies": []},
     ["no law found but the text cites 1 《…》 title(s), e.g. 《行政处罚法》"]),
    ("学习《成都市依法行政条例（试行）》和《广东省行政执法监督条例》。", {"laws": [], "agency": None, "agencies": []},
     ["no law found but the text cites 2 《…》 title(s), e.g. 《成都市依法行政条例（试行）》"]),
    ("北京市海淀区审计局开展审计。", {"laws": _LAW, "agency": None, "agencies": []},
     ["no agency found but the text names one, e.g. 北京市海淀区审计局"]),
    # found both: nothing to say
    ("学习《行政处罚法》。", {"laws": _LAW, "agency": _AGENCY, "agencies": []}, []),
    # a book or a film is not a law or a document: no warning
    ("观看《觉醒年代》。", {"laws": [], "agency": _AGENCY, "agencies": []}, []),
    # a mentioned agency is enough
    ("四川省司法厅。", {"laws": _LAW, "agency": None, "agencies": [{"name": "四川省司法厅"}]}, []),
]


@pytest.mark.parametrize("text,result,expected", CASES)
def test_warnings(text: str, result: dict, expected: list[str]) -> None:
    assert warnings(text, result) == expected
