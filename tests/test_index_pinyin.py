"""index.html's pinyin order: the keys worked out in a fresh Python (large graphs, so pypinyin's
phrase table never joins a build process that holds the graph) are the in-process keys, and a
failing child falls back to this process."""

from __future__ import annotations

import subprocess

import pytest

from lawgraph.exporters.html import indexpage

NAMES = [
    "重庆市科学技术局", "长沙市长沙县司法局", "银行业监督管理条例", "中华人民共和国行政处罚法", "泰州市科技局",
    "Ａ市 科技局", "《宪法》", "", "x\ud800y", "乐山市音乐协会", "重庆市江津区人民政府",
]


def test_keys_from_a_fresh_python_are_the_in_process_keys() -> None:
    assert indexpage.pinyin_keys(NAMES, spawn=True) == [indexpage.pinyin_key(n) for n in NAMES]
    assert indexpage.pinyin_key("重庆市") == "chong qing shi"  # the phrase table's reading, not zhong
    assert indexpage.pinyin_key("长沙市") == "chang sha shi"


def test_a_failing_child_falls_back_to_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args, **kwargs):
        raise subprocess.CalledProcessError(1, "python")

    monkeypatch.setattr(indexpage.subprocess, "run", broken)
    assert indexpage.pinyin_keys(NAMES, spawn=True) == [indexpage.pinyin_key(n) for n in NAMES]


def test_ranks_order_by_key_then_name_then_id() -> None:
    pairs = [("b", "重庆市"), ("a", "重庆市"), ("c", "长沙市"), ("d", "安徽省")]
    expected = {"d": 0, "c": 1, "a": 2, "b": 3}  # an hui, chang sha, chong qing (a before b)
    assert indexpage.pinyin_ranks(pairs, spawn=True) == expected
    assert indexpage.pinyin_ranks(pairs, spawn=False) == expected
