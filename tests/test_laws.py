"""Law extraction and resolution: tables of (text, expected laws)."""

from __future__ import annotations

import pytest

from lawgraph.clean import clean
from lawgraph.extract import laws
from lawgraph.extract.meta import Meta
from lawgraph.lexicon.places import places
from lawgraph.resolve import level_of


def run(text: str, place: str | None = None) -> list[tuple[str, str, int]]:
    """(canonical name, level, number of mentions) per law; checks every span against the original."""
    meta = Meta(place=places().lookup(place)[0]) if place else Meta()
    out = []
    for e in laws.extract(clean(text), meta):
        for m in e.mentions:
            assert text[m.start : m.end] == m.text
        out.append((e.name, e.level, len(e.mentions)))
    return out


KJJB = "中华人民共和国科学技术进步法"

CASES = [
    # short form in 《》 → full official name
    ("泰州市科技局组织学习《科技进步法》", [(KJJB, "法律", 1)]),
    # full name, and the same law again by its short form: one entity, two mentions
    ("学习《中华人民共和国科学技术进步法》和《科学技术进步法》", [(KJJB, "法律", 2)]),
    # a title broken across lines by Word
    ("学习《中华人民共和国\n科学技术进步法》", [(KJJB, "法律", 1)]),
    ("学习《\n宪法\n》", [("中华人民共和国宪法", "宪法", 1)]),
    ("学习《中华人民共和国\n\n科学技术进步法》", [(KJJB, "法律", 1)]),  # … even over a blank line
    # traditional characters with pinyin debris inside the title
    ("學習《中華人民共和國網(wǎng)絡(luò)安全法》", [("中华人民共和国网络安全法", "法律", 1)]),
    # a version suffix does not make another law
    ("《中华人民共和国行政处罚法（2021年修订）》", [("中华人民共和国行政处罚法", "法律", 1)]),
    # administrative regulation by its short name
    ("落实《政府信息公开条例》", [("中华人民共和国政府信息公开条例", "行政法规", 1)]),
    # unbracketed names in running text
    ("专题学习民法典、统计法、审计法等", [("中华人民共和国民法典", "法律", 1), ("中华人民共和国统计法", "法律", 1),
                                          ("中华人民共和国审计法", "法律", 1)]),
    # … but not where the name is part of another term
    ("依法保护公司法人合法权益", []),
    ("征求律师法律意见", []),
    ("按照劳动法规定执行", [("中华人民共和国劳动法", "法律", 1)]),
    ("开展宪法宣传周活动，组织宪法宣誓", []),
    ("深入学习习近平法治思想", []),
    ("增强法律法规意识", []),
    # not instruments: a book, a film, a booklet, a thought
    ("重点学习《习近平谈治国理政》，观看《巨蝇——丰都中学食堂贪腐警示录》", []),
    ("制定《重庆市涉企科技创新政策解读》", []),
    ("学习《习近平法治思想》", []),
    ("收看《今日说法》栏目，落实《谁执法谁普法》责任", []),  # titles ending in 法 that are no law
    # special economic zone regulations are local legislation
    ("《深圳经济特区科技创新条例》", [("深圳经济特区科技创新条例", "地方性法规", 1)]),
    # nested titles: the outer and the inner title are both cited
    ("对照《重庆市九龙坡区贯彻落实〈法治中国建设规划（2020—2025年）〉的实施方案》",
     [("重庆市九龙坡区贯彻落实〈法治中国建设规划（2020-2025年）〉的实施方案", "规范性文件", 1),
      ("法治中国建设规划（2020-2025年）", "规范性文件", 1)]),
    # an inner 《》 inside a title is read as 〈〉
    ("印发《关于贯彻《中华人民共和国宪法》的通知》",
     [("关于贯彻〈中华人民共和国宪法〉的通知", "规范性文件", 1), ("中华人民共和国宪法", "宪法", 1)]),
    # anaphora points back to the most recent title of that kind; it is no new law
    ("抓好《江苏省优化营商环境条例》和《泰州市优化营商环境条例》贯彻落实，推动落实《条例》",
     [("江苏省优化营商环境条例", "地方性法规", 1), ("泰州市优化营商环境条例", "地方性法规", 2)]),
    ("认真落实《条例》要求", []),
    ("单位统一购买《党内法规》", []),
    # a definition with 以下简称, then the short form used bare and in 《》
    ("贯彻《中华人民共和国科学技术进步法》（以下简称“进步法”），宣传进步法，学习《进步法》",
     [(KJJB, "法律", 3)]),
    # a definition without quotes, whose short form is also a registry alias: one mention per place
    ("贯彻《中华人民共和国科学技术进步法》（以下简称科技进步法），组织开展科技进步法宣传", [(KJJB, "法律", 2)]),
    # local regulations keep their jurisdiction; levels from the registry or from the title
    ("《重庆市优化营商环境条例》", [("重庆市优化营商环境条例", "地方性法规", 1)]),
    ("《江苏省行政规范性文件管理规定》", [("江苏省行政规范性文件管理规定", "地方政府规章", 1)]),
    ("《关于加强科技伦理治理的意见》", [("关于加强科技伦理治理的意见", "规范性文件", 1)]),
    ("《2024年全区法治政府建设工作要点》", [("2024年全区法治政府建设工作要点", "规范性文件", 1)]),
    ("《中国共产党纪律处分条例》", [("中国共产党纪律处分条例", "党内法规", 1)]),
    # a county cannot make local regulations: its 条例-like document is a normative document
    ("《重庆市沙坪坝区新型研发机构培育引进实施办法》", [("重庆市沙坪坝区新型研发机构培育引进实施办法", "规范性文件", 1)]),
    # the same local title with and without its place is one instrument
    ("谋划《重庆市推进科技创新中心建设条例》，开展《推进科技创新中心建设条例》协同立法",
     [("重庆市推进科技创新中心建设条例", "地方性法规", 2)]),
    # an unclosed mark makes no title; the bare name is still read from running text
    ("学习《宪法，并且\n继续", [("中华人民共和国宪法", "宪法", 1)]),
    ("学习《宪法，并且继续学习。\n下一段《民法典》", [("中华人民共和国宪法", "宪法", 1), ("中华人民共和国民法典", "法律", 1)]),
    # a title closed inside an unclosed one still counts
    ("学习《宪法\n第二段学习《民法典》", [("中华人民共和国宪法", "宪法", 1), ("中华人民共和国民法典", "法律", 1)]),
    ("贯彻《中华人民共和国〈民法典〉实施", [("中华人民共和国民法典", "法律", 1)]),
    # an unclosed 《 that a document number ends: the title runs to the number, nested title too
    ("出台《深圳市司法局印发\n<关于优化法律服务的十条措施>的通知（深司〔2021〕12号），鼓励…",
     [("深圳市司法局印发〈关于优化法律服务的十条措施〉的通知", "规范性文件", 1),
      ("关于优化法律服务的十条措施", "规范性文件", 1)]),
    # … but not when no instrument word ends it
    ("转发《成都市统计局文件（成统〔2022〕3号），", []),
    # ASCII angle brackets nest a title inside 《》 only
    ("学习《湖南省贯彻<中国共产党党务公开条例（试行）>实施细则》，a<b>c",
     [("湖南省贯彻〈中国共产党党务公开条例（试行）〉实施细则", "规范性文件", 1),
      ("中国共产党党务公开条例（试行）", "党内法规", 1)]),
    # a 通报 is an official document type
    ("学习《四川省统计局关于部分统计违法案件查处情况的通报》", [("四川省统计局关于部分统计违法案件查处情况的通报", "规范性文件", 1)]),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_laws(text: str, expected: list) -> None:
    assert run(text) == expected


def test_title_completed_with_the_reports_own_place_only_when_the_registry_knows_it() -> None:
    # 重庆市优化营商环境条例 is in the registry: certain
    assert run("贯彻《专利促进与保护条例》", place="重庆市") == [("重庆市专利促进与保护条例", "地方性法规", 1)]
    # a national regulation of that name exists: it wins, nothing is completed
    assert run("贯彻《优化营商环境条例》", place="重庆市") == [("优化营商环境条例", "行政法规", 1)]
    # unknown anywhere: kept as written, level from the title
    assert run("贯彻《科技创新促进示范条例》", place="重庆市") == [("科技创新促进示范条例", "行政法规", 1)]


def test_contains_links_outer_and_inner_titles() -> None:
    (outer, inner) = laws.extract(clean("《关于贯彻〈中华人民共和国宪法〉的通知》"), Meta())
    assert outer.contains == ["中华人民共和国宪法"]
    assert inner.contains == []


def test_mention_spans_point_into_the_original() -> None:
    text = "區(qū)科技局學(xué)習(xí)《憲法》和民法典"
    found = {e.name: [(m.text, m.start, m.end) for m in e.mentions] for e in laws.extract(clean(text), Meta())}
    assert found == {"中华人民共和国宪法": [("《憲法》", 19, 23)], "中华人民共和国民法典": [("民法典", 24, 27)]}


def test_boundary_words_are_up_to_date() -> None:
    """data/law_boundary_words.tsv is what scripts/build_boundary_words.py makes from jieba and the registry."""
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "scripts" / "build_boundary_words.py"
    spec = importlib.util.spec_from_file_location("build_boundary_words", script)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.OUT.read_text(encoding="utf-8") == mod.build()


@pytest.mark.parametrize("title,level", [
    ("党政机关厉行节约反对浪费条例", "党内法规"),
    ("中国共产党纪律处分条例", "党内法规"),
    ("江苏省行政规范性文件管理规定", "地方政府规章"),
    ("重庆市江津区科技创新促进办法", "规范性文件"),  # a county's document
    ("深圳经济特区科技创新条例", "地方性法规"),
    ("关于新时代加强科学技术普及工作的意见", "规范性文件"),
])
def test_level_from_the_title(title: str, level: str) -> None:
    assert level_of(title)[0] == level
