"""The extraction core's speed shortcuts (`lawgraph.text.plain`: gated scans, memoised per-phrase
checks, fast paths of the offset map) give the answers of the plain code beside them, on the seeds
and on constructed reports of other provinces."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from lawgraph import text as lawtext
from lawgraph.clean import Cleaned, _debris_spans, _noise, clean
from lawgraph.extract import analyse
from lawgraph.models import Document

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))

CONSTRUCTED = {
    "guangdong": (
        "广州市司法局2021年法治政府建设年度报告  大 中 小\n"
        "一、市司法局会同区司法局深入学习贯彻《中华人民共和国民法典》和《广东省法治宣传教育条例》，"
        "开展“谁执法谁普法”责任制落实，组织“法治进校园”活动，推进“放管服”改革。\n"
        "二、落实《条例》要求，依据行政处罚法和行政许可法，审查规范性文件（以下简称“规范文件”）。"
        "规范文件均经合法性审核。广州市科学技术局、广东省人民政府、中山大学参与“双随机、一公开”。\n"
        "三、不搞“一言堂”，坚持“四个意识”，开展科普讲解大赛和“护苗2023”专项行动。\n"
    ),
    "sichuan": (
        "成都市武侯区人民政府关于2020年法治政府建设情况的报告\n"
        "区人大常委会：\n　　我区认真贯彻落实《法治政府建设实施纲要（2015—2020年）》，"
        "制定《成都市武侯区重大行政决策程序规定》，修订〈四川省行政执法监督条例〉的配套办法。"
        "区公安局、区市场监管局、四川大学法学院开展宪法宣传周和“七五”普法规划总结。\n"
        "【打印本页】【关闭窗口】\n分享到：微信 微博\n"
    ),
    "traditional": (
        "臺北市政府法務局：依據《行政程序法》及個人資料保護法，辦理「法治教育」宣導。\n"
        "開展“依法行政示範”創建，區公所學習民法典。\n"
    ),
    "wrapped": (
        "黑龙江省哈尔滨市\n司法局 2019 年工作总结\n学习《哈尔滨市\n城市供水条例》（哈政发〔2019〕3号）"
        "和《黑龙江省人民政府印发〈关于\n推进依法行政的意见〉的通知（黑政发〔2018〕12号）。"
        "[bookmark: _GoBack]省司法厅、县人大、完成县人大交办事项。fā（fā）布   大  中  小\n"
    ),
}


@pytest.fixture
def shortcuts() -> Iterator[None]:
    """Restore the switch as it was, whatever a test sets."""
    before = lawtext.plain()
    yield
    lawtext.use_plain(before)


def _both(doc: Document) -> tuple[dict, dict]:
    lawtext.use_plain(True)
    plain = analyse(doc)
    lawtext.use_plain(False)
    fast = analyse(doc)
    return plain, fast


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seeds_same_with_and_without_shortcuts(path: Path, shortcuts: None) -> None:
    plain, fast = _both(Document(str(path), path.read_text(encoding="utf-8")))
    assert fast == plain


@pytest.mark.parametrize("name", sorted(CONSTRUCTED))
def test_constructed_reports_same_with_and_without_shortcuts(name: str, shortcuts: None) -> None:
    plain, fast = _both(Document(name, CONSTRUCTED[name]))
    assert fast == plain
    assert fast["laws"], "the constructed report cites laws: the shortcuts were exercised"


@pytest.mark.parametrize("name", sorted(CONSTRUCTED))
def test_cleaning_same_with_and_without_shortcuts(name: str, shortcuts: None) -> None:
    lawtext.use_plain(True)
    plain = clean(CONSTRUCTED[name])
    lawtext.use_plain(False)
    assert clean(CONSTRUCTED[name]) == plain


def test_noise_gates_never_skip_a_match(shortcuts: None) -> None:
    """A gated pattern is skipped only for a text its gate does not match; every text with a match
    of the pattern matches the gate."""
    texts = [*CONSTRUCTED.values(), " 大 中 小", "\t大\t中\t小  \n正文", "大 中 小", "x 大 中小"]
    for pattern, gate, led in _noise().inline:
        for t in texts:
            assert [m.span() for m in led.finditer(t)] == [m.span() for m in pattern.finditer(t)]
        if gate is None:
            continue
        for t in texts:
            if pattern.search(t):
                assert gate.search(t)
    for t in texts:
        lawtext.use_plain(True)
        plain = _debris_spans(t)
        lawtext.use_plain(False)
        assert _debris_spans(t) == plain


def test_delete_from_whole_text_same_as_plain(shortcuts: None) -> None:
    """The fast path of `Cleaned.delete` (nothing deleted yet) gives the plain path's runs and text,
    empty spans and spans at both ends included."""
    rng = random.Random(7)
    for _ in range(300):
        original = "".join(rng.choice("法治《》\n 甲乙") for _ in range(rng.randrange(0, 40)))
        cuts = sorted(rng.randrange(0, len(original) + 1) for _ in range(2 * rng.randrange(0, 6)))
        spans = []
        for a, b in zip(cuts[::2], cuts[1::2]):
            if spans and a < spans[-1][1]:
                continue
            spans.append((a, b))
        base = Cleaned(original, original, [0], [0])
        lawtext.use_plain(True)
        plain = base.delete(spans)
        lawtext.use_plain(False)
        assert base.delete(spans) == plain, (original, spans)


def test_delete_across_runs_same_as_plain(shortcuts: None) -> None:
    """The fast path of `Cleaned.delete` on a text with runs already (the later cleaning steps)
    gives the plain path's runs and text: stretches across run bounds, spans at run bounds, at both
    ends, empty ones, and all text deleted."""
    rng = random.Random(11)
    for _ in range(300):
        original = "".join(rng.choice("法治《》\n 甲乙") for _ in range(rng.randrange(0, 40)))
        steps = [_random_spans(rng, len(original)) for _ in range(3)]
        fast = plain = Cleaned(original, original, [0], [0])
        for spans in steps:
            lawtext.use_plain(True)
            plain = plain.delete([(a, b) for a, b in spans if b <= len(plain.text)])
            lawtext.use_plain(False)
            fast = fast.delete([(a, b) for a, b in spans if b <= len(fast.text)])
            assert fast == plain, (original, steps)


def _random_spans(rng: random.Random, n: int) -> list[tuple[int, int]]:
    cuts = sorted(rng.randrange(0, n + 1) for _ in range(2 * rng.randrange(0, 8)))
    spans: list[tuple[int, int]] = []
    for a, b in zip(cuts[::2], cuts[1::2]):
        if not spans or a >= spans[-1][1]:
            spans.append((a, b))
    return spans


def _texts() -> list[str]:
    return [*CONSTRUCTED.values(), *(p.read_text(encoding="utf-8") for p in SEEDS)]


def test_dictionary_hits_same_with_and_without_the_end_gate(shortcuts: None) -> None:
    from lawgraph.extract import laws

    texts = [*_texts(), "法", "宪法", "民法典", "法典民法典", "依法治国，学习宪法、民法典和统计法。", "条例安全生产条例"]
    for t in texts:
        lawtext.use_plain(True)
        plain = laws.dictionary_hits(t)
        lawtext.use_plain(False)
        assert laws.dictionary_hits(t) == plain, t[:40]


def test_word_boundary_memo_same_as_plain(shortcuts: None) -> None:
    """`IndexCuts.may_split` on the characters a crossing word can span, memoised, answers as on the
    whole text, at both ends of the text too."""
    from lawgraph.extract import laws
    from lawgraph.lexicon import boundaries

    impl = boundaries.IndexCuts()
    for t in [*_texts(), "民法典", "公司法人", "学习民法典。"]:
        spans = [(s, e) for s, e, _ in laws.dictionary_hits(t)] + [(0, min(3, len(t))), (max(0, len(t) - 3), len(t))]
        for s, e in spans:
            if s >= e:
                continue
            lawtext.use_plain(True)
            plain = impl.may_split(t, s, e)
            lawtext.use_plain(False)
            assert impl.may_split(t, s, e) == plain, (t[max(0, s - 8) : e + 8], s, e)


def test_sentence_ends_same_with_and_without_two_scans(shortcuts: None) -> None:
    from lawgraph.extract import relations

    texts = [*_texts(), "\n《A》\n《B》\n", "甲、\n等乙。\n", "》\n丙\n\n", "\n", "。甲；；乙！？\n丁。", "？", ""]
    for t in texts:
        spans = [(i, i + 1) for i in range(0, len(t), max(1, len(t) // 50))]
        lawtext.use_plain(True)
        plain = relations.sentence_bounds(t, spans)
        lawtext.use_plain(False)
        assert relations.sentence_bounds(t, spans) == plain


def test_program_negation_search_same_as_clause_rule() -> None:
    from lawgraph.extract import programs

    R = programs.rules()
    windows = ["不搞", "不搞X，", "不搞X\n", "，不搞", "不搞，X", "", "坚决反对“", "防止\n出现", "杜绝；整治"]
    windows += [t[i : i + 16] for t in _texts() for i in range(0, len(t), 37)]
    for w in windows:
        assert R.negated(w) == R.clause_negated(w), w


def test_simple_titles_in_one_match_same_as_mark_walk(shortcuts: None) -> None:
    """`find_titles` closes a title without other marks or sentence ends in one match; the walk over
    every mark finds the same titles, at the length limit, empty, nested and unclosed ones too."""
    from lawgraph.extract import laws

    long = laws.MAX_TITLE - 1
    texts = [*_texts(), "《甲》《》《乙〈丙〉》", "《" + "长" * long + "》", "《" + "长" * (long + 1) + "》",
             "《甲。》", "《甲<乙>》", "<《甲》>", "《甲\n乙》", "《X局印发〈关于〉的通知（X科〔2020〕25号）后。"]
    for t in texts:
        lawtext.use_plain(True)
        plain = laws.find_titles(t)
        lawtext.use_plain(False)
        assert laws.find_titles(t) == plain, t[:40]


def test_meta_rules_run_until_one_decides_same_as_all(shortcuts: None) -> None:
    """`meta.detect` stops at the first explicit agency that resolves; running every rule first gives
    the same agency, place, year and rule, whichever rule decides (header, title, opening, signature,
    context) or none."""
    from lawgraph.clean import clean
    from lawgraph.extract import meta

    texts = [*_texts(), "发布机构：重庆市司法局\n重庆市司法局关于2021年法治政府建设情况的报告\n",
             "2023年，市司法局在市委领导下开展工作。\n重庆市渝中区司法局\n2024年1月5日",
             "区科技局2022年法治政府建设工作总结\n沙坪坝区沙坪坝区沙坪坝区。", "正文。\n泰州市科技局\n", ""]
    for t in texts:
        c = clean(t)
        lawtext.use_plain(True)
        plain = meta.detect(c)
        lawtext.use_plain(False)
        assert meta.detect(c) == plain, t[:40]


def test_quote_context_read_on_need_same_as_up_front(shortcuts: None) -> None:
    """`programs.find` reads a quote group's negation, its cue and the phrase counts only when a
    phrase needs them, and `programs.extract` names a program found once by its one form without
    counting; reading and counting everything first gives the same programs."""
    from lawgraph.clean import clean
    from lawgraph.extract import programs

    texts = [*_texts(), "开展“科技下乡”“科技活动周”等科普活动，“科技下乡”。", "不搞“一言堂”和“家长制”。",
             "实施“放管服”改革和“双随机、一公开”，“净网2021”“护苗2023”。", "“甲乙丙”“甲乙丙”", "“八五”普法规划"]
    for t in texts:
        lawtext.use_plain(True)
        plain = programs.find(t), programs.extract(clean(t))
        lawtext.use_plain(False)
        assert (programs.find(t), programs.extract(clean(t))) == plain, t[:40]


def test_completion_gate_answers_as_the_lookups(shortcuts: None) -> None:
    """A place-less title is completed with the report's place only when some division's name + the
    title is a registry key (`registry.completion_tails`, kept between runs): for every registry key
    that starts with a division's name, and for titles the registry does not know, `_complete` gives
    the same law with the gate as with the lookups alone."""
    from lawgraph import resolve
    from lawgraph.lexicon import registry as reg
    from lawgraph.lexicon.places import places

    assert reg.completion_tails() == reg.completion_tails.build()
    P = places()
    pairs = []
    for key in sorted(reg.registry().index)[::7]:
        for i in range(1, len(key)):
            for p in P.by_name.get(key[:i], [])[:2]:
                pairs += [(key[i:], p), (key[i:] + "（2020年修订）", p), (key[i:] + "实施办法", p)]
    some = [ps[0] for _, ps in sorted(P.by_name.items())[::400]]
    pairs += [(t, p) for t in ("推进科技创新中心建设条例", "科学技术进步条例", "（试行）", "法", "ｘ条例") for p in some]
    complete = resolve._complete.__wrapped__  # not memoised: each switch setting computes
    for title, p in pairs:
        lawtext.use_plain(True)
        plain = complete(title, p)
        lawtext.use_plain(False)
        assert complete(title, p) == plain, (title, p.name)


def test_fold_one_scan_for_rare_characters_same_as_two(shortcuts: None) -> None:
    """`clean.fold` looks for traditional and rarely folded characters in one scan; the two scans of
    the plain code fold every text the same (neither, either, both, with the frequent ones)."""
    from lawgraph.clean import fold

    texts = [*_texts(), "", "法治", "法治(一)：", "＃１﹝２０２０﹞", "學習法治", "學習＃１, 依法", "\u3000（a）!"]
    for t in texts:
        lawtext.use_plain(True)
        plain = fold(t)
        lawtext.use_plain(False)
        assert fold(t) == plain, t[:40]


def test_title_reading_memo_same_as_plain(shortcuts: None) -> None:
    """`laws._title` reads a title's name, its generic-word test and its folded key once per distinct
    title text (memoised); reading them at each citation gives the same laws, anaphora and
    abbreviations included."""
    from lawgraph.clean import clean
    from lawgraph.extract import laws

    texts = [*_texts(), "学习《中华人民共和国统计法》（以下简称“统计法”），落实《统计法》和统计法。《条例》《本办法》",
             "《重庆市科技创新促进条例》……贯彻《条例》，《 条例 》，《條例》"]
    for t in texts:
        c = clean(t)
        lawtext.use_plain(True)
        plain = laws.extract(c)
        lawtext.use_plain(False)
        assert laws.extract(c) == plain, t[:40]


def test_grouped_cue_pattern_matches_as_the_plain_one() -> None:
    """The cue words grouped by first character (`relations.Cues.grouped`) match the same words and
    titles at the same places as the plain alternation, longest first."""
    from lawgraph.extract import relations

    c = relations.cues()
    words = sorted({w for w, _ in c.relation if w}, key=lambda w: (-len(w), w))
    texts = [*_texts(), "".join(words), "、".join(words), "《" + "，".join(words) + "》" + words[-1]]
    for t in texts:
        plain = [(m.span(), m.lastgroup == "title") for m in c.pattern.finditer(t)]
        assert [(m.span(), m.lastgroup == "title") for m in c.grouped.finditer(t)] == plain, t[:40]


def test_meta_rules_led_by_a_literal_match_as_the_plain_ones() -> None:
    """The source-line and opening rules of `meta`, rewritten to start with a literal (the 来源 and
    line-start tests look back from it), find the same matches as the plain ones."""
    from lawgraph.extract import meta

    rng = random.Random(5)
    alphabet = "2019年0，、度以来\n告况的来源资：:局"
    texts = [*_texts(), *("".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40))) for _ in range(5000))]
    pairs = [(meta._SOURCE, meta._SOURCE_FAST), (meta._OPENING_YEAR, meta._OPENING_YEAR_FAST),
             (meta._OPENING_SUBJECT, meta._OPENING_SUBJECT_FAST)]
    for t in texts:
        for plain, fast in pairs:
            a, b = plain.search(t), fast.search(t)
            assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict())), (t[:40], plain.pattern)


def test_runs_led_by_a_class_match_as_the_repeats() -> None:
    """Whitespace runs written as a class then a repeat (`clean._WS_FAST`, `evidence._SPACE_FAST`)
    are the runs of the plain repeats (`clean._WS`, `evidence._SPACE`)."""
    from importlib import import_module

    from lawgraph.extract import evidence

    clean_module = import_module("lawgraph.clean")  # the package exports the function `clean` under that name

    rng = random.Random(11)
    alphabet = "法A \n\t\r?\u3000\u00a0\u2003\u200b\ufeff\x85\u2028。"
    texts = [*_texts(), *("".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30))) for _ in range(5000))]
    for t in texts:
        assert [m.span() for m in clean_module._WS_FAST.finditer(t)] == [m.span() for m in clean_module._WS.finditer(t)]
        assert evidence._SPACE_FAST.sub(" ", t) == evidence._SPACE.sub(" ", t)
