"""The fast index (lawgraph._accel.jieba_index.cut) must give exactly jieba.lcut(text, HMM=False): same dictionary, same words."""

from __future__ import annotations

import logging
import random
from pathlib import Path

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lawgraph._accel import jieba_index as segment

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def jb():
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@pytest.mark.parametrize(
    "text",
    [
        "依法保护公司法人权益",
        "树立宪法权威",
        "学习统计法。",
        "2024年学习《中华人民共和国科学技术进步法》和民法典",
        "abc 12 x y\r\n宪法宣传周，GB/T 2020-1 a1b2",
        "中华人民共和国科学技术进步法规定",
        "",
        "　\t\n",
    ],
)
def test_cut_equals_jieba_on_examples(jb, text):
    assert segment.cut(text) == jb.lcut(text, HMM=False)


def test_cut_equals_jieba_on_seed_windows_and_whole_seeds(jb):
    rnd = random.Random(7)
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in SEEDS]
    assert texts
    for text in texts:
        assert segment.cut(text) == jb.lcut(text, HMM=False)
        for _ in range(300):
            a = rnd.randrange(len(text))
            w = text[a : a + rnd.randrange(1, 40)]
            assert segment.cut(w) == jb.lcut(w, HMM=False), w


ALPHABET = "法律条例宪民典公司人权益树立威统计学习中华人民共和国科技进步规定的了是在和一二三abcXYZ019 \t\r\n，。、《》“”-._%#&+"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_cut_equals_jieba_on_any_text(text):
    jieba.setLogLevel(logging.WARNING)
    assert segment.cut(text) == jieba.lcut(text, HMM=False)


def test_index_follows_jieba_dictionary_rules(tmp_path):
    """A repeated word keeps its last frequency, prefixes count 0, `total` sums every line — as jieba."""
    d = tmp_path / "dict.txt"
    d.write_text("法人 5 n\n公司法 3 n\n法人 7 n\n公司 9 n\n", encoding="utf-8")
    total, shards = segment.build_index(d)
    assert total == 24
    freq = segment._Freq(shards)
    assert freq.shard("法") == {"法": 0, "法人": 7}
    assert freq.shard("公") == {"公": 0, "公司": 9, "公司法": 3}
    assert freq.shard("人") == {}
    tok = jieba.Tokenizer(str(d))
    tok.initialize()
    assert tok.total == total
    assert {k: v for k, v in tok.FREQ.items() if k[0] == "法"} == freq.shard("法")


def test_bad_dictionary_line_names_the_file(tmp_path):
    d = tmp_path / "dict.txt"
    d.write_text("法人 5 n\n公司法\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"dict\.txt at line 2"):
        segment.build_index(d)


def test_index_file_is_rebuilt_when_damaged(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    segment._index.cache_clear()
    try:
        path = segment._index_file(segment.dictionary_path())
        assert str(path).startswith(str(tmp_path))
        first = segment._index()
        assert path.is_file()
        path.write_bytes(b"\x00 not marshal")
        segment._index.cache_clear()
        assert segment._index() == first
        assert path.read_bytes() != b"\x00 not marshal"
    finally:
        segment._index.cache_clear()
