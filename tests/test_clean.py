"""Cleaning: what the extractors see, and the exact map back into the original."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lawgraph.clean import clean, fold

CASES = [
    # (original, cleaned text)  — what each row covers
    ("重慶市江津區(qū)科學(xué)技術(shù)局", "重庆市江津区科学技术局"),  # traditional → simplified, pinyin debris
    ("發(fā)布日期", "发布日期"),  # pinyin after the first character
    ("《法治中国建设规划(2020-2025年)》", "《法治中国建设规划（2020-2025年）》"),  # real brackets kept
    ("《办法(试行)》", "《办法（试行）》"),  # (试行) is not pinyin
    ("[bookmark: _GoBack]2021年，区科技局", "2021年，区科技局"),  # DOCX debris
    ("??? (一)加强", "（一）加强"),  # ? placeholders for lost spaces
    ("《\n宪法\n》", "《宪法》"),  # Word line breaks inside a title
    ("201\n9年", "2019年"),  # … and inside a number
    ("成科\n〔\n2020\n〕6号", "成科〔2020〕6号"),  # a document number broken by Word
    ("省审计\n厅", "省审计厅"),  # … an agency
    ("《广州市司法局印发\n<关于优化营商环境的十条措施>的通知》", "《广州市司法局印发<关于优化营商环境的十条措施>的通知》"),
    ("一、学习《宪法》\n（一）加强学习", "一、学习《宪法》\n（一）加强学习"),  # a closed title: the paragraph stays
    ("报告如下。\n一、主要举措", "报告如下。\n一、主要举措"),  # a paragraph end stays
    ("第一段\n\n\n第二段。", "第一段\n第二段。"),  # blank lines fold to one break
    ("１２３ＡＢＣ，", "123ABC，"),  # full-width digits and letters
    ("GLP 实验室 P3 lab", "GLP实验室P3 lab"),  # spaces only kept between two ASCII words
    ("您当前的位置: 首页>>政务公开\n正文", "\n正文"),  # breadcrumb
    ("正文。\n扫一扫在手机打开当前页\n", "正文。\n"),  # share bar
    ("日期:2022-03-15 11:06:17 大 中 小\n", "日期：2022-03-15 11：06：17\n"),  # font-size switcher
    # a scraped page with the whole article on the breadcrumb's line: only the chrome spans go
    ("当前位置： 首页 > 政务公开 > 工作动态 长沙市司法局2021年法治政府建设情况报告 时间：2022-01-10 09:30 "
     "微信 微博 QQ空间 根据《法治政府建设实施纲要》，现将情况报告如下。",
     "长沙市司法局2021年法治政府建设情况报告根据《法治政府建设实施纲要》，现将情况报告如下。"),
    ("您当前的位置：首页>>通知公告 2023年，区审计局坚持依法审计。分享到：微信 微博",
     "2023年，区审计局坚持依法审计。"),  # breadcrumb and share bar around one sentence
    ("成都市统计局 2022年3月1日 来源：成都市统计局 附件下载 2021年法治报告.pdf",
     "成都市统计局2022年3月1日来源：成都市统计局附件下载2021年法治报告.pdf"),  # no chrome line: kept
    ("当前位置：首页 正文 （略）。附件下载 2021年法治报告.pdf 【打印】",
     "正文（略）。"),  # attachment list and buttons on a body line
    ("分享到：《广东省行政执法监督条例》解读", "《广东省行政执法监督条例》解读"),  # a title is never chrome
    ("您所在的位置：首页 > 信息公开 2022年，市统计局坚持依法统计。", "2022年，市统计局坚持依法统计。"),
]


@pytest.mark.parametrize("original,expected", CASES)
def test_clean_text(original: str, expected: str) -> None:
    assert clean(original).text == expected


@pytest.mark.parametrize("original,expected", CASES)
def test_every_cleaned_char_maps_to_its_original(original: str, expected: str) -> None:
    c = clean(original)
    for i, ch in enumerate(c.text):
        a, b = c.span(i, i + 1)
        assert b == a + 1
        assert fold(c.original[a]) == ch  # each kept character is its original, folded
    # spans are monotone
    positions = [c.pos(i) for i in range(len(c.text))]
    assert positions == sorted(set(positions))


def test_span_covers_deleted_debris() -> None:
    c = clean("区(qū)科技局")
    assert c.text == "区科技局"
    assert c.source(0, 4) == (0, 8, "区(qū)科技局")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("區(qū)（）()《》〈〉“”\n \t?？宪法科技局2019年-—,.，。[bookmark: x]\u3000abc")),
               max_size=200))
def test_offset_map_is_exact_for_any_text(original: str) -> None:
    c = clean(original)
    positions = [c.pos(i) for i in range(len(c.text))]
    assert positions == sorted(set(positions))
    assert all(0 <= p < len(original) for p in positions)
    for i in range(len(c.text)):
        for j in range(i + 1, min(len(c.text), i + 6) + 1):
            a, b, text = c.source(i, j)
            assert text == original[a:b]
            assert a == positions[i] and b == positions[j - 1] + 1


# ---- the invariant: cleaning removes no sentence of the body and no 《…》 title --------------------

_CHROME = ["当前位置：首页 > 政务公开 > 工作动态", "您当前的位置：首页>>通知公告", "时间：2022-01-10 09:30",
           "微信 微博 QQ空间", "分享到：", "【打印本页】", "【关闭】", "扫一扫在手机打开当前页", "字号：大 中 小",
           "附件下载 报告.pdf", "浏览次数：12", "上一篇：", "网站地图"]
_WORDS = st.text(alphabet=st.sampled_from(list("湖南省长沙市司法局审计四川成都广东北京依法行政推进落实法治建设年度工作")),
                 min_size=2, max_size=12)
_SENTENCE = st.builds(lambda a, b: a + "，" + b + "。", _WORDS, _WORDS)
_TITLE = st.builds(lambda a: "《" + a + "条例》", _WORDS)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_CHROME), _SENTENCE, _TITLE), min_size=1, max_size=12),
       st.lists(st.sampled_from([" ", "\n", " \n"]), min_size=12, max_size=12))
def test_cleaning_keeps_every_body_sentence_and_title(parts: list[str], seps: list[str]) -> None:
    original = "".join(p + s for p, s in zip(parts, seps))
    kept = clean(original).text.replace("\n", "")
    for part in parts:
        if part not in _CHROME:
            assert part in kept, (part, original)
