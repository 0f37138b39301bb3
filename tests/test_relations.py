"""Typed citations: the relation of each law mention, from its own clause (extract/relations.py).

Every sentence below is written for this test (none is copied from the seed reports). In each row the
mention is the title marked with 【】 (the marks are removed before the call)."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest

from lawgraph.clean import clean
from lawgraph.data import read_tsv
from lawgraph.extract.relations import (
    RELATIONS,
    cleaned_span,
    cues,
    main_relation,
    relation,
    relations,
    relations_in,
    sentence,
)


def marked(s: str) -> tuple[str, int, int]:
    """'…【《A》】…' → (text without the marks, start, end of 《A》)."""
    start = s.index("【")
    end = s.index("】") - 1
    return s.replace("【", "").replace("】", ""), start, end


IMPLEMENTS = [
    "我局严格执行【《行政许可法》】，全年办结许可事项120件。",  # plain verb before
    "依据【《科学技术进步法》】第三十条，对两家单位作出处理。",  # 依据 … 第N条
    "坚决贯彻落实【《优化营商环境条例》】，压减审批时限。",  # fixed phrase
    "学习贯彻【《民法典》】，规范合同管理。",  # 学习贯彻: the nearest verb (贯彻) governs
    "对照【《市级部门法治建设考核办法》】要求逐项整改。",  # 对照 … 要求
    "推动【《专利法》】贯彻实施，开展知识产权保护。",  # cue after the title, none before
    "按照【《安全生产法》】要求开展宣传。",  # the verb before wins over a later cue
    "依照【《档案法》】修订《局机关档案管理制度》。",  # A is followed, B is revised
    "认真组织学习并坚决落实【《保密法》】。",  # the last verb before the title
    "抓好【《统计法》】的落实工作。",  # 的 + cue after
    "认真执行新修订的【《安全生产法》】。",  # 新修订的 is an adjective: passed over
    "贯彻落实国务院印发的【《质量强国建设纲要》】。",  # 印发的 names who issued it
    "紧扣【《科技创新促进条例》】部署年度重点任务。",
]
STUDIES = [
    "局党组组织学习【《行政处罚法》】，全体干部参加。",
    "开展【《科学技术普及法》】宣传活动三场。",  # cue after: a promotion campaign
    "举办【《数据安全法》】专题讲座，邀请律师授课。",
    "组织干部参加【《网络安全法》】知识竞赛。",
    "贯彻学习【《个人信息保护法》】。",  # 贯彻学习: the nearest verb (学习) governs
    "面向企业解读【《研发费用加计扣除办法》】。",
    "组织《A条例》、《B办法》等法规的学习，并对【《C法》】进行宣讲。",  # 进行宣讲 after C
    "深入开展宪法宣传，学习【宪法】条文。",  # an unbracketed name
    "引导干部牢固树立【宪法】意识。",
    "在宣传栏张贴【《反电信网络诈骗法》】。",  # the noticeboard is for publicising
    "制作“【民法典】进万家”专题宣传栏。",  # cue after a quoted slogan
    "组织干部认真学习修订后的【《行政复议法》】。",  # 修订后的 is an adjective
]
DRAFTS = [
    "今年我局起草【《科技计划项目管理办法》】，已报市政府审议。",
    "修订【《科研诚信管理规定》】，增加失信惩戒条款。",
    "配合市人大开展【《技术市场条例》】的修订工作。",  # 的修订工作 after
    "向省司法厅就【《科学技术进步条例》】报送立法建议。",
    "年内出台【《新型研发机构认定办法》】。",
    "启动【《科技创新促进条例》】立法调研。",
    "进一步修订完善【《专家库管理办法》】。",
    "同时完善【《科技计划项目监督办法》】，明确监督内容。",  # 完善 right before the title
    "完善《A办法》和【《B规定》】。",  # … or before the list it heads
]
REVIEWS = [
    "全面清理【《科技型企业认定管理办法》】等文件。",
    "按程序废止【《科技奖励实施细则》】。",
    "对【《孵化器管理办法》】进行合法性审查。",  # cue after, 对 … 进行
    "开展【《促进科技成果转化条例》】实施情况评估。",  # 实施情况评估 is an evaluation, not 实施
    "委托第三方对【《专利资助办法》】开展后评估。",
    "组织开展【《科研经费管理办法》】清理。",
]
CITES = [
    "【《中华人民共和国宪法》】是国家的根本法。",  # no cue at all
    "该局未按照【《政府信息公开条例》】公开信息。",  # negated cue
    "个别科室没有执行【《公文处理办法》】。",  # negated cue
    "自【《行政复议法》】颁布实施以来，案件逐年增加。",  # a time expression, not implementing
    "制定工作方案，结合【《档案法》】开展工作。",  # 制定 is in another clause: it does not leak
    "各单位应当加强学习，【《反间谍法》】已于今年施行。",  # 学习 in another clause
    "学习宣传工作扎实推进，全年办理复议案件3件，其中涉及【《行政许可法》】的1件。",  # far away
    "不断完善工作机制一是加强【《保密法》】",  # 完善 governs 工作机制, and is no cue of its own
    "《科技进步法》宣传栏已更新，并摆放【《专利法》】。",  # 宣传栏 is a place, 摆放 no cue
]
CASES = (
    [(s, "implements") for s in IMPLEMENTS]
    + [(s, "studies") for s in STUDIES]
    + [(s, "drafts") for s in DRAFTS]
    + [(s, "reviews") for s in REVIEWS]
    + [(s, "cites") for s in CITES]
)


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_relation(sentence: str, expected: str) -> None:
    text, start, end = marked(sentence)
    assert relation(text, start, end) == expected
    assert relations(text, [(start, end)]) == [expected]


def test_every_relation_has_five_rows() -> None:
    got = {r: sum(1 for _, e in CASES if e == r) for r in RELATIONS}
    assert min(got.values()) >= 5, got


def spans_of_titles(text: str) -> list[tuple[int, int]]:
    out, i = [], 0
    while (a := text.find("《", i)) >= 0:
        b = text.index("》", a) + 1
        out.append((a, b))
        i = b
    return out


LISTS = [
    ("学习贯彻《A法》《B法》和《C条例》。", ["implements"] * 3),  # a list shares the verb
    ("学习宣传贯彻《A法》和《B法》。", ["implements"] * 2),  # the last of three verbs governs
    ("组织学习《A法》、《B法》、《C法》等法律。", ["studies"] * 3),
    ("开展《A法》、《B法》等法律法规宣传。", ["studies"] * 2),  # the cue after the list
    ("抓好《A条例》和《B条例》贯彻落实，修订《C办法》。", ["implements", "implements", "drafts"]),
    ("深入宣传《A法》，《B法》等，确保落地。", ["studies"] * 2),  # a comma between two titles
    ("重点学习以下法规：《A法》、《B法》。", ["studies"] * 2),  # a colon introducing the list
    ("依照《A法》修订《B办法》。", ["implements", "drafts"]),
    ("对照《关于贯彻落实〈A法〉的实施方案》要求整改。", ["implements", "implements"]),  # nested
    ("加强《A法》\n、\n《B法》等法律的学习。", ["studies"] * 2),  # Word's line breaks inside a list
    ("开展宣传活动\n《A法》于今年施行。", ["cites"]),  # a real paragraph break stays a boundary
]


@pytest.mark.parametrize(("text", "expected"), LISTS)
def test_lists(text: str, expected: list[str]) -> None:
    spans = spans_of_titles(text)
    if "〈" in text:
        a = text.index("〈")
        spans.append((a, text.index("〉") + 1))
    assert relations(text, spans) == expected
    assert [relation(text, s, e) for s, e in spans] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("未按照《A法》办理。", "cites"),
        ("不执行《A法》。", "cites"),
        ("不断学习《A法》。", "studies"),  # 不断 is no negation
        ("不折不扣落实《A法》。", "implements"),
        ("《A法》尚未修订。", "cites"),  # negated cue after
        ("学习但未落实《A法》。", "cites"),  # the nearest cue is the negated one
    ],
)
def test_negation(text: str, expected: str) -> None:
    a, b = spans_of_titles(text)[0]
    assert relation(text, a, b) == expected


def test_many_sentences_one_pass_equals_one_by_one() -> None:
    text = "\n".join(s for s, _ in CASES).replace("【", "").replace("】", "") + "。" + "".join(x for x, _ in LISTS)
    spans = spans_of_titles(text)
    rng = random.Random(7)
    for _ in range(200):  # arbitrary spans too, even ones that cut a title or a cue
        a = rng.randrange(len(text) - 1)
        spans.append((a, min(len(text), a + rng.randrange(1, 6))))
    assert relations(text, spans) == [relation(text, s, e) for s, e in spans]


def test_table() -> None:
    rows = read_tsv("relation_cues.tsv")
    assert {r["relation"] for r in rows} == {*RELATIONS, "negation", "skip"}
    assert all(r["basis"] for r in rows)
    c = cues()
    assert set(c.relation.values()) == {*RELATIONS, "skip"}
    assert "未" in c.negations


def seed_results(seeds: Path) -> list[dict]:
    """The documents of ``lawgraph extract SEEDS --format jsonl`` (the contract's interface)."""
    from click.testing import CliRunner

    from lawgraph.cli import cli

    res = CliRunner().invoke(cli, ["extract", str(seeds), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.stdout.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def seed_relations(seed_paths: list[Path]) -> list[tuple[str, str, str]]:
    """(cleaned sentence, mention text, relation) of every law mention of the seeds."""
    out = []
    for doc in seed_results(seed_paths[0].parent):
        c = clean(Path(doc["source"]).read_text(encoding="utf-8"))
        original = [(m["start"], m["end"]) for law in doc["laws"] for m in law["mentions"]]
        spans = [cleaned_span(c, s, e) for s, e in original]
        rels = relations_in(c, original)
        for (s, e), r in zip(spans, rels):
            assert r == relation(c.text, s, e)
            lo, _ = sentence(c.text, s, e)
            out.append((c.text[lo:s] + "【" + c.text[s:e] + "】", c.text[s:e], r))
    return out


def test_seeds_use_four_relations_or_more(seed_relations: list[tuple[str, str, str]]) -> None:
    counts = Counter(r for _, _, r in seed_relations)
    assert len([r for r in RELATIONS if r != "cites" and counts[r]]) >= 4, counts


# sentences of the seed reports, up to the mention, with what a careful reader says the bureau does
SEED_SENTENCES = [
    ("严格按照【《重庆市科学技术局信访规则》】", "implements"),
    ("2024年我局印发【《重庆市九龙坡区科技特派员管理办法（修订）》】", "drafts"),
    ("及时对区科技局出台的行政规范性文件进行清理，按程序废止了【《重庆市沙坪坝区新型研发机构培育引进实施办法》】", "reviews"),
    ("积极配合科技部、全国人大开展【《中华人民共和国科学技术普及法》】", "drafts"),
    ("深入学习宣传《中华人民共和国科学技术进步法》，【《重庆市科技创新促进条例》】", "studies"),
    ("抓好【《江苏省优化营商环境条例》】", "implements"),
]


@pytest.mark.parametrize(("prefix", "expected"), SEED_SENTENCES)
def test_seed_sentences(prefix: str, expected: str, seed_relations: list[tuple[str, str, str]]) -> None:
    got = [r for sentence, _, r in seed_relations if sentence.endswith(prefix)]
    assert got and set(got) == {expected}


@pytest.mark.parametrize(
    ("original", "span", "expected"),
    [
        ("学习《 宪法 》。", (2, 8), "《宪法》"),  # spaces inside are dropped
        ("學習《憲法》", (2, 6), "《宪法》"),  # traditional → simplified, one for one
        ("甲\n\n\n《乙》", (2, 7), "《乙》"),  # a span that starts in a deleted run
        ("《乙》   ", (0, 6), "《乙》"),  # … or ends in one
    ],
)
def test_cleaned_span(original: str, span: tuple[int, int], expected: str) -> None:
    c = clean(original)
    a, b = cleaned_span(c, *span)
    assert c.text[a:b] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("前一句。组织学习《A法》，效果好；后一句", "组织学习《A法》，效果好；"),
        ("标题\n加强《A法》\n、\n《B法》等的学习。", "加强《A法》\n、\n《B法》等的学习。"),
    ],
)
def test_sentence(text: str, expected: str) -> None:
    a = text.index("《A法》")
    lo, hi = sentence(text, a, a + 5)
    assert text[lo : hi + 1] == expected


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"studies": 3, "implements": 1}, "studies"),  # most mentions
        ({"studies": 2, "drafts": 2}, "drafts"),  # a tie goes to the more specific activity
        ({"cites": 5, "reviews": 5}, "reviews"),
        ({"implements": 1, "studies": 1, "cites": 1}, "implements"),
        ({"cites": 0, "studies": 0}, "cites"),  # nothing counted
        ({}, "cites"),
    ],
)
def test_main_relation(counts: dict[str, int], expected: str) -> None:
    assert main_relation(counts) == expected
