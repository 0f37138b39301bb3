"""End to end on reports written for this test in the shapes real unseen reports take (other provinces,
crawler headers, one-line scraped pages, Word line breaks): what a researcher needs comes out."""

from __future__ import annotations

import pytest

from lawgraph.models import Document
from lawgraph.pipeline import analyse

# a scraped page: crawler header lines, then the whole article on the breadcrumb's line
HUNAN = ("标题: 湘潭市审计局关于2021年度法治政府建设情况的报告\n发布机构: 市审计局\n正文:\n"
         "当前位置： 首页 > 政务公开 > 部门文件 时间：2022-01-20 09:30 微信 微博 QQ空间 "
         "湘潭市人民政府：2021年，市审计局深入学习贯彻习近平法治思想，认真落实《法治政府建设实施纲要（2021-2025年）》，"
         "严格执行《中华人民共和国审计法》和《湖南省审计监督条例》，落实“谁执法谁普法”普法责任制，"
         "配合省审计厅开展专项审计，联合市中院、市司法局开展法律进机关活动。"
         "湘潭市审计局 2022年1月18日 来源：湘潭市审计局 附件下载 报告.pdf")
# a Word export: lines broken inside names, a zone's bureau, a title never closed before its number
SICHUAN = ("成都高新区社区发展治理和社会事业局\n2022年法治建设情况报告\n2022年，我局在区党工委、区管委会领导下，"
           "认真学习《中华人民共和国\n行政处罚法》，出台《成都高新区社会事业局印发<关于规范行政执法的十条措施>的通知"
           "（成高社〔2022〕8号），联合区公安\n局开展“扫黄打非”和“净网2022”专项行动。\n")

CASES = [
    # (text, agency, year, laws that must be found, agencies that must be found, programs that must be found)
    (HUNAN, "湘潭市审计局", 2021,
     {"法治政府建设实施纲要（2021-2025年）", "中华人民共和国审计法", "湖南省审计监督条例"},
     {"湖南省审计厅", "湘潭市中级人民法院", "湘潭市司法局"}, {"谁执法谁普法", "法律六进"}),
    (SICHUAN, "成都高新区社区发展治理和社会事业局", 2022,
     {"中华人民共和国行政处罚法", "成都高新区社会事业局印发〈关于规范行政执法的十条措施〉的通知",
      "关于规范行政执法的十条措施"},
     {"成都高新区公安局", "中共成都高新区工作委员会", "成都高新区管理委员会"}, {"扫黄打非", "净网2022"}),
]


@pytest.mark.parametrize("text,agency,year,laws,agencies,programs", CASES)
def test_unseen_report(text: str, agency: str, year: int, laws: set[str], agencies: set[str],
                       programs: set[str]) -> None:
    r = analyse(Document("unseen.txt", text))
    assert ((r["agency"] or {}).get("name"), r["year"]) == (agency, year)
    assert laws <= {x["name"] for x in r["laws"]}
    assert agencies <= {x["name"] for x in r["agencies"]}
    assert programs <= {x["name"] for x in r["programs"]}
    assert r["warnings"] == []
    for kind in ("laws", "agencies", "programs"):
        for ent in r[kind]:
            for m in ent["mentions"]:
                assert text[m["start"] : m["end"]] == m["text"]
