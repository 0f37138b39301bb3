"""The extraction core's speed seams give the answers of their plain forms: the two multi-pattern
matchers (ahocorasick-rs, pyahocorasick), the prefix-pruned straddling-word check of the word-boundary
index, and the extractors run with either matcher."""

from __future__ import annotations

from pathlib import Path

import pytest

from lawgraph.clean import clean
from lawgraph.extract import analyse, laws, programs
from lawgraph.lexicon import boundaries, multimatch
from lawgraph.models import Document

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
IMPLS = sorted(multimatch.IMPLEMENTATIONS)


def brute(keys: list[str], text: str) -> list[tuple[int, int, int]]:
    return sorted((i, s, s + len(k)) for i, k in enumerate(keys) if k
                  for s in range(len(text) - len(k) + 1) if text.startswith(k, s))


@pytest.mark.parametrize("impl", IMPLS)
@pytest.mark.parametrize("keys,text,expected", [
    (["民法典", "法典", "典"], "学习民法典。", [(0, 2, 5), (1, 3, 5), (2, 4, 5)]),
    (["科技局", "市科技局"], "泰州市科技局和市科技局", [(0, 3, 6), (0, 8, 11), (1, 2, 6), (1, 7, 11)]),
    (["aa"], "aaaa", [(0, 0, 2), (0, 1, 3), (0, 2, 4)]),  # overlapping occurrences of one key
    (["𠀀法"], "学𠀀法", [(0, 1, 3)]),  # offsets in characters, not bytes or UTF-16 units
    (["双随机、一公开"], "开展“双随机、一公开”", [(0, 3, 10)]),
    (["无"], "", []),
    ([], "任何文本", []),
])
def test_both_matchers_find_every_occurrence(impl: str, keys: list[str], text: str, expected: list) -> None:
    auto = multimatch.IMPLEMENTATIONS[impl](keys)
    assert sorted(auto.find(text)) == expected == brute(keys, text)


@pytest.mark.parametrize("path", SEEDS[:8], ids=lambda p: p.name)
def test_both_matchers_agree_on_program_forms_over_a_report(path: Path) -> None:
    text = clean(path.read_text(encoding="utf-8")).text
    forms = [f for f, _, _ in programs.rules().forms]
    found = {impl: sorted(multimatch.IMPLEMENTATIONS[impl](forms).find(text)) for impl in IMPLS}
    assert found["rust"] == found["pyahocorasick"] == brute(forms, text)
    assert found["rust"], "the seed report names no program form: pick another seed"


def test_the_environment_picks_the_matcher(monkeypatch: pytest.MonkeyPatch) -> None:
    for env, expected in (("pyahocorasick", "pyahocorasick"), ("rust", "rust"), ("", "rust")):
        monkeypatch.setenv("LAWGRAPH_MATCHER", env)
        multimatch.use(None)
        assert multimatch.choice() == expected
        assert isinstance(multimatch.Keys(["法"]), multimatch.IMPLEMENTATIONS[expected])
    multimatch.use(None)
    with pytest.raises(ValueError, match="unknown matcher"):
        multimatch.use("regex")


@pytest.fixture
def matcher(request):
    multimatch.use(request.param)
    yield request.param
    multimatch.use(None)


@pytest.mark.parametrize("matcher", IMPLS, indirect=True)
def test_programs_are_rebuilt_with_the_matcher_in_use(matcher: str) -> None:
    assert isinstance(programs.rules().auto, multimatch.IMPLEMENTATIONS[matcher])
    found = [(f.name, f.how) for f in programs.find("开展“双随机、一公开”监管和科技活动周，组织科普讲解大赛。")]
    assert found == [("双随机、一公开", "table"), ("科技活动周", "table"), ("科普讲解大赛", "suffix")]


def test_every_seed_report_extracts_the_same_with_either_matcher() -> None:
    out = {}
    for impl in IMPLS:
        multimatch.use(impl)
        try:
            out[impl] = [analyse(Document(p.name, p.read_text(encoding="utf-8"))) for p in SEEDS]
        finally:
            multimatch.use(None)
    assert out["rust"] == out["pyahocorasick"]
    assert sum(len(r["programs"]) for r in out["rust"]) > 0


def test_pruned_straddler_check_equals_trying_every_pair() -> None:
    starts, ends, longest = boundaries.straddlers()
    pstarts, pends = boundaries.straddler_prefixes()
    texts = [clean(p.read_text(encoding="utf-8")).text for p in SEEDS] + [
        "依法保护公司法人权益", "征求律师法律意见", "树立宪法权威", "按照劳动法规定执行"]
    checked = crossed = 0
    for text in texts:
        edges = [(s, e) for s, e, _ in laws.dictionary_hits(text)] + [(i, i + 3) for i in range(0, len(text) - 3, 7)]
        for s, e in edges:
            for edge, lo, hi, words, prefixes in ((s, 0, e, starts, pstarts), (e, s + 1, len(text), ends, pends)):
                got = boundaries._crossed(text, edge, lo, hi, words, prefixes, longest)
                assert got == boundaries._crossed_plain(text, edge, lo, hi, words, longest), (text[lo:hi], edge)
                checked += 1
                crossed += got
    assert checked > 1000 and 0 < crossed < checked


def _prefix_plain(P, text: str) -> list:
    """Places.prefix trying every length at every position (the form before the start index)."""
    out: list = []
    i = 0
    while i < len(text):
        found = None
        for n in range(min(P.max_len, len(text) - i), 1, -1):
            cands = P.by_name.get(text[i : i + n])
            if not cands:
                continue
            if out:
                inside = [c for c in cands if out[-1] in P.chain(c)[:-1]]
                if inside:
                    found = inside[0]
            elif len(cands) == 1 or any(c.level == "province" for c in cands):
                found = next((c for c in cands if c.level == "province"), cands[0])
            if found:
                i += n
                break
        if not found:
            break
        out.append(found)
    return out


def test_place_prefix_by_start_index_equals_trying_every_length() -> None:
    from lawgraph.extract.laws import find_titles, title_name
    from lawgraph.lexicon.places import places

    P = places()
    texts = ["重庆市九龙坡区科技局", "江苏省泰州市海陵区", "泰州市科学技术局", "重庆", "市", "",
             "朝阳区人民政府", "吉林省吉林市", *sorted(P.by_name)[::40]]
    for p in SEEDS:
        text = clean(p.read_text(encoding="utf-8")).text
        texts += [title_name(text, t) for t in find_titles(text)]
        texts += [text[i : i + 12] for i in range(0, len(text), 97)]
    named = 0
    for t in texts:
        got = P.prefix(t)
        assert got == _prefix_plain(P, t), t
        named += bool(got)
    assert named > 50


def test_memoised_title_spelling_equals_the_plain_rule() -> None:
    from lawgraph.extract.laws import _spelled, find_titles, title_name

    seen = 0
    for p in SEEDS:
        text = clean(p.read_text(encoding="utf-8")).text
        for t in find_titles(text):
            raw = text[t.start + 1 : t.end - (1 if t.closed else 0)]
            assert title_name(text, t) == _spelled.__wrapped__(raw)
            seen += 1
    assert seen > 50
    assert _spelled.__wrapped__("关于印发《重庆市\n科技计划》<2021—2025年>的通知") == "关于印发〈重庆市科技计划〉〈2021-2025年〉的通知"
