"""Reporting agency, jurisdiction and year: one row per rule, including context-only and null cases."""

from __future__ import annotations

import pytest

from lawgraph.clean import clean
from lawgraph.extract.meta import Meta, detect

TAIZHOU_BODY = (
    "贯彻落实江苏省委、泰州市委工作会议精神，推动泰州科技创新工作上新台阶。"
    "抓好《泰州市优化营商环境条例》贯彻落实，形成“泰州经验”。在上海设立离岸创新中心。"
)

# (text, agency, jurisdiction, year)
AGENCY_CASES = [
    # a zone's bureau under a municipality written by its short name (重庆两江新区): not in the divisions
    ("重庆两江新区社会事业局2022年度法治政府建设情况报告\n2022年，局党组深入学习习近平法治思想。",
     "重庆市两江新区社会事业局", "重庆市", 2022),
    # a province by its short name before a city
    ("江苏泰州市科技局2022年度法治政府建设情况报告\n2022年，局党组深入学习习近平法治思想。",
     "泰州市科学技术局", "江苏省泰州市", 2022),
    # title line: full name, district under its municipality
    ("重庆市沙坪坝区科学技术局\n关于2021年度法治政府建设情况的报告\n2021年，区科技局深入贯彻…",
     "重庆市沙坪坝区科学技术局", "重庆市沙坪坝区", 2021),
    # title line with year right after the name; publication date is not the year
    ("重庆市科学技术局2024年度法治政府建设情况报告\n来自：日期：2025-03-24\n2024年，市科技局坚持…",
     "重庆市科学技术局", "重庆市", 2024),
    # a district written without its municipality: the municipality is prefixed as officials write it
    ("江津区科学技术局关于2021年度法治政府建设情况的报告\n2021年，我局…",
     "重庆市江津区科学技术局", "重庆市江津区", 2021),
    # a county-level district under a prefecture city; an ambiguous district name resolved by its city
    ("江苏省南京市鼓楼区司法局2023年法治政府建设年度报告\n2023年，区司法局…",
     "南京市鼓楼区司法局", "江苏省南京市鼓楼区", 2023),
    # a non-science bureau with a short form (市场监管局 → 市场监督管理局)
    ("泰州市市场监管局关于2022年度法治政府建设工作情况的报告\n2022年，…",
     "泰州市市场监督管理局", "江苏省泰州市", 2022),
    # a body type that is not in the table: the places it starts with + the rest as written
    ("重庆市两江新区社会保障服务中心关于2020年法治政府建设情况的报告\n2020年，…",
     "重庆市两江新区社会保障服务中心", "重庆市", 2020),
    # crawler header 发布机构
    ("发布机构：湖北省武汉市教育局\n发布日期：2024-02-01\n关于2023年度法治政府建设情况的报告\n2023年，我局…",
     "武汉市教育局", "湖北省武汉市", 2023),
    # signature at the end only
    ("2022年法治政府建设工作报告\n2022年，我局坚持…依法行政。\n\n温州市科学技术局\n2023年1月10日",
     "温州市科学技术局", "浙江省温州市", 2022),
    # context only: 市科技局 in a report full of 泰州
    ("2024年，在市委市政府的正确领导下，现将市科技局2024年法治政府建设工作报告如下。" + TAIZHOU_BODY * 2,
     "泰州市科学技术局", "江苏省泰州市", 2024),
    # context only: 区科技局 whose cited documents are all 《重庆市九龙坡区…》; only 2024年以来 in the opening
    ("区科技局关于2024年法治政府建设情况的\n2024年以来，区科技局党组坚持…对照《重庆市九龙坡区贯彻落实〈法治中国建设规划"
     "（2020—2025年）〉的实施方案》…《重庆市九龙坡区人民政府法律顾问工作规则（试行）》…",
     "重庆市九龙坡区科学技术局", "重庆市九龙坡区", 2024),
    # a county and a county-level city stand alone (长沙县司法局, 江阴市…), jurisdiction in full
    ("长沙县司法局关于2022年度法治政府建设工作情况的报告\n2022年，县司法局…",
     "长沙县司法局", "湖南省长沙市长沙县", 2022),
    ("江阴市市场监督管理局2023年度法治政府建设情况报告\n2023年，我局…",
     "江阴市市场监督管理局", "江苏省无锡市江阴市", 2023),
    # an autonomous region: 区 before a type is the region
    ("广西壮族自治区科学技术厅2023年法治政府建设情况报告\n2023年，区科技厅…",
     "广西壮族自治区科学技术厅", "广西壮族自治区", 2023),
    # the subject of the opening sentence, its city told from context
    ("2023年法治政府建设工作报告\n2023年，市司法局在市委、市政府领导下，贯彻《成都市依法行政条例》，"
     "服务成都高新区和成都天府新区。",
     "成都市司法局", "四川省成都市", 2023),
    # context only but no dominant place: null, never a guess
    ("2023年，市科技局坚持…在南京、无锡、苏州三地开展合作。南京市、无锡市。",
     None, None, 2023),
    # a zone's bureau in the crawler header (zones are not divisions): the name as written
    ("发布机构：长沙高新区管理委员会\n标题：长沙高新区管委会2021年法治建设情况报告\n2021年，我委坚持依法行政。",
     "长沙高新区管理委员会", "长沙高新区", 2021),
    # … in the title; a 法治工作 report is the same genre; the province told by context
    ("成都天府新区社区治理和社会事业局关于2023年法治工作情况的报告\n2023年，在四川省委领导下，四川省…",
     "成都天府新区社区治理和社会事业局", "四川省成都天府新区", 2023),
    # a scraped page: the source line at the end of the one-line page names the agency
    ("当前位置：首页 > 部门文件 2022年，我局坚持依法行政。一、主要做法（略）。湛江市自然资源局 2023年3月1日 "
     "来源：湛江市自然资源局", "湛江市自然资源局", "广东省湛江市", 2022),
    # a title that names only a place: that government's own report
    ("南京市2022年度法治政府建设情况报告\n2022年，我市坚持依法行政。", "南京市人民政府", "江苏省南京市", 2022),
    # no title, but the report speaks of 我县 (never 我局) and context tells the county
    ("2023年法治政府建设情况\n2023年，我县坚持依法行政，长沙县、长沙县、长沙县。",
     "长沙县人民政府", "湖南省长沙市长沙县", 2023),
    # … a department's voice (我局) keeps it unknown
    ("2023年，我县我局坚持依法行政，长沙县、长沙县、长沙县。", None, None, 2023),
    # the salutation tells the city of an implied 市科技局
    ("南京市人民政府：\n现将市科技局2022年度法治政府建设情况报告如下。", "南京市科学技术局", "江苏省南京市", 2022),
    # towns and sub-districts are agencies too
    ("长沙县黄花镇人民政府关于2022年法治政府建设情况的报告\n2022年，我镇…", "长沙县黄花镇人民政府", "湖南省长沙市长沙县", 2022),
    ("五里牌街道办事处2021年度法治政府建设工作报告\n2021年，街道…", "五里牌街道办事处", "五里牌街道", 2021),
    # a town word inside a sentence is no town (现将乡…): the implied agency is resolved by context
    ("2022年，现将乡城市管理局2022年度法治政府建设情况报告如下。", None, None, 2022),
    # header lines an HTML reader writes from <meta> (ArticleTitle, ContentSource); the short form in
    # 来源 is resolved by context; a 资金来源 is no header
    ("标题：关于2023年度法治政府建设工作情况的报告\n来源：市市场监管局\n2023年，在绵阳市委市政府领导下，"
     "绵阳市资金来源：财政拨款。绵阳市。", "绵阳市市场监督管理局", "四川省绵阳市", 2023),
    # other publisher fields; a 工作总结 is the same genre
    ("索引号：11440300\n发文机关：深圳市生态环境局\n成文日期：2022-03-01\n深圳市生态环境局2021年法治政府建设工作总结\n",
     "深圳市生态环境局", "广东省深圳市", 2021),
    # nothing tells the agency or the year: null
    ("我局高度重视法治政府建设工作，现将有关情况报告如下。", None, None, None),
]


@pytest.mark.parametrize("text,agency,jurisdiction,year", AGENCY_CASES)
def test_agency_and_year(text: str, agency: str | None, jurisdiction: str | None, year: int | None) -> None:
    m = detect(clean(text))
    assert (m.agency, m.jurisdiction, m.year) == (agency, jurisdiction, year)
    assert (m.place is None) == (jurisdiction is None) or m.agency is not None  # zones have no Place


YEAR_CASES = [
    # the year in 关于YYYY年度…的报告, not the publication year
    ("发布日期：2020-03-01\n关于2019年度法治政府建设情况的报告\n", 2019),
    # a year split by a Word line break still counts
    ("关于201\n9年度法治政府建设情况的报告\n", 2019),
    # only YYYY年以来 in the opening
    ("区司法局法治政府建设情况报告\n2024年以来，区司法局坚持…", 2024),
    # an opening line starting with the year
    ("2021年，区科技局在区委、区政府的领导下…", 2021),
    # a signature date is not the year reported on
    ("我局坚持依法行政。\n重庆市江津区科学技术局\n2022年2月28日", None),
    # the year of a cited document's title is not the report's year
    ("对照《2024年全区法治政府建设工作要点》工作要求开展工作。", None),
]


@pytest.mark.parametrize("text,year", YEAR_CASES)
def test_year(text: str, year: int | None) -> None:
    assert detect(clean(text)).year == year


def test_meta_defaults() -> None:
    assert Meta() == Meta(agency=None, jurisdiction=None, place=None, year=None)


TITLE_SCAN_CASES = [
    "重庆市沙坪坝区科学技术局\n关于2021年度法治政府建设情况的报告\n2021年，区科技局深入贯彻…",
    "对照《2024年全区法治政府建设工作要点》，市司法局关于2023年度法治政府建设情况的报告",
    "关于关于2019年2020年度依法行政工作情况的报告；" + "某" * 90 + "2018年法治建设情况",
    "现将区科技局2021年度法治政府建设推进情况报告如下。2020年12月法治政府建设情况",
    "202019年度法治政府建设报告。关于\n2019年法治政府建设情况",
    "",
]


@pytest.mark.parametrize("head", TITLE_SCAN_CASES)
def test_title_scan_finds_what_the_title_regex_finds(head: str) -> None:
    """_titles() is the fast form of _TITLE.finditer: same matches, same order."""
    from lawgraph.extract import meta

    expected = [(m.group("pre"), int(m.group("y"))) for m in meta._TITLE.finditer(head)]
    assert meta._titles(head) == expected


def test_place_counts_skip_names_inside_longer_ones() -> None:
    from lawgraph.lexicon.places import place_counts, places

    taizhou = next(p for p in places().lookup("泰州市") if p.level == "city")
    # 泰州 inside 泰州市 counts once; overlapping names (江苏|苏州) both count
    counts = place_counts("泰州市科技局、泰州产研院和江苏州")
    assert counts[taizhou] == 2
    assert any(p.name == "苏州市" for p in counts)


def test_report_words_table_has_every_role_once_per_word() -> None:
    from lawgraph.data import read_tsv

    rows = read_tsv("report_words.tsv")
    roles = {"genre_topic", "genre_kind", "header_label", "source_label", "source_not_after", "next_label",
             "agency_end"}
    assert {r["role"] for r in rows} == roles
    assert all(r["word"] and r["note"] for r in rows)
    pairs = [(r["role"], r["word"]) for r in rows]
    assert len(pairs) == len(set(pairs))
