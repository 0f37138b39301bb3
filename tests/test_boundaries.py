"""The word-boundary seam: every table runs through both implementations (jieba itself and the fast
index), which must give the same answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from lawgraph.clean import clean
from lawgraph.extract import laws
from lawgraph.lexicon import boundaries
from lawgraph.lexicon.places import starts_inside_word

IMPLS = [pytest.param(boundaries.JiebaCuts, id="jieba"), pytest.param(boundaries.IndexCuts, id="index")]
SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


@pytest.fixture(params=IMPLS, scope="module")
def impl(request):
    b = request.param()
    boundaries.use(b)
    yield b
    boundaries.use(None)


@pytest.mark.parametrize("text,expected", [
    ("依法保护公司法人权益", False),  # 法人 crosses the end of 公司法: jieba cuts 公司/法人
    ("征求律师法律意见", False),  # 律师/法律, not 律师法
    ("按照劳动法规定执行", True),  # 劳动法/规定: a citation, though 法规 is a word
    ("树立宪法权威", True),  # 立宪 and 法权 cross the edges, but jieba cuts 树立/宪法/权威
    ("学习统计法。", True),  # no dictionary word crosses an edge
    ("认真学习民法典", True),
])
def test_a_law_name_counts_where_jieba_cuts_both_edges(impl, text: str, expected: bool) -> None:
    (start, end, _), = laws.dictionary_hits(text)
    assert boundaries.word_at(text, start, end, impl) is expected


@pytest.mark.parametrize("text,pos,expected", [
    ("完成县人大交办的任务", 1, True),  # 完成|县人大: 成 belongs to 完成, so no place 成县 starts here
    ("组织和县司法局开展", 2, False),  # 组织|和县: a cut before 和
    ("成县司法局", 0, False),  # at the start of the text nothing precedes the name
])
def test_a_place_name_does_not_start_inside_a_word(impl, text: str, pos: int, expected: bool) -> None:
    assert starts_inside_word(text, pos) is expected


def test_both_implementations_agree_on_every_law_name_of_the_seeds() -> None:
    jb, ix = boundaries.JiebaCuts(), boundaries.IndexCuts()
    checked = 0
    for p in SEEDS:
        text = clean(p.read_text(encoding="utf-8", errors="replace")).text
        for start, end, _ in laws.dictionary_hits(text):
            assert boundaries.word_at(text, start, end, jb) == boundaries.word_at(text, start, end, ix), \
                text[start - 6 : end + 6]
            checked += 1
    assert checked > 20


@pytest.mark.parametrize("window", ["依法保护公司法人权益", "abc 12 x y\r\n宪法宣传周", "", "树立宪法权威"])
def test_both_implementations_cut_windows_alike(window: str) -> None:
    assert boundaries.JiebaCuts().cuts(window) == boundaries.IndexCuts().cuts(window)


def test_the_environment_picks_the_implementation(monkeypatch) -> None:
    monkeypatch.setenv("LAWGRAPH_BOUNDARIES", "jieba")
    boundaries.use(None)
    try:
        assert isinstance(boundaries.current(), boundaries.JiebaCuts)
        monkeypatch.delenv("LAWGRAPH_BOUNDARIES")
        boundaries.use(None)
        assert isinstance(boundaries.current(), boundaries.IndexCuts)
    finally:
        boundaries.use(None)
