"""Mentioned agencies: one row per rule (text, report jurisdiction, expected name → mention texts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lawgraph.clean import clean
from lawgraph.data import read_tsv
from lawgraph.extract import agencies
from lawgraph.extract.meta import Meta, detect
from lawgraph.io import load_file
from lawgraph.lexicon import agency_names
from lawgraph.lexicon.places import places

ROOT = Path(__file__).resolve().parents[1]


def meta(jurisdiction: str | None, agency: str | None = None) -> Meta:
    """A report's context: the place named by its full chain (重庆市江津区) and its own agency."""
    if jurisdiction is None:
        return Meta(agency=agency)
    P = places()
    p = next(p for ps in P.by_name.values() for p in ps if P.jurisdiction(p) == jurisdiction)
    return Meta(agency=agency, jurisdiction=jurisdiction, place=p)


def found(text: str, m: Meta) -> dict[str, list[str]]:
    c = clean(text)
    return {e.name: [x.text for x in e.mentions] for e in agencies.extract(c, m)}


CASES = [
    # city-management enforcement bureaus keep the name the report writes (it differs city to city)
    ("区司法局、区城管执法局等部门开展执法检查", meta("湖北省武汉市江汉区"),
     {"武汉市江汉区司法局": ["区司法局"], "武汉市江汉区城管执法局": ["区城管执法局"]}),
    ("联合市城市管理综合行政执法局开展整治", meta("湖南省长沙市"),
     {"长沙市城市管理综合行政执法局": ["市城市管理综合行政执法局"]}),
    # level character resolved against the report's city
    ("会同市公安局、市行政审批局建立机制", meta("江苏省泰州市"),
     {"泰州市公安局": ["市公安局"], "泰州市行政审批局": ["市行政审批局"]}),
    # 市 in a district report of a municipality is the municipality; 区 is the district
    ("在区委、区政府的领导下，落实市委全面依法治市工作会议精神", meta("重庆市江津区"),
     {"中共重庆市江津区委员会": ["区委"], "重庆市江津区人民政府": ["区政府"], "中共重庆市委员会": ["市委"]}),
    # party departments, 教委, 市场监管局, 税务局 (a branch of 国家税务总局)
    ("联合区委宣传部、区教委，邀请区市场监管局、区税务局的专家", meta("重庆市九龙坡区"),
     {"中共重庆市九龙坡区委员会宣传部": ["区委宣传部"], "重庆市九龙坡区教育委员会": ["区教委"],
      "重庆市九龙坡区市场监督管理局": ["区市场监管局"], "国家税务总局重庆市九龙坡区税务局": ["区税务局"]}),
    # people's congress and CPPCC
    ("配合市人大常委会和市政协监督调研", meta("重庆市"),
     {"重庆市人民代表大会常务委员会": ["市人大常委会"], "中国人民政治协商会议重庆市委员会": ["市政协"]}),
    # central bodies and their conventional short forms
    ("积极配合科技部、全国人大开展修订工作，落实党中央、国务院部署和中央依法治国委要点", meta("重庆市"),
     {"中华人民共和国科学技术部": ["科技部"], "全国人民代表大会": ["全国人大"],
      "中国共产党中央委员会": ["党中央"], "中华人民共和国国务院": ["国务院"],
      "中央全面依法治国委员会": ["中央依法治国委"]}),
    # a written place: short names of cities and provinces, 省产研院
    ("充分发挥泰州产研院作为省产研院唯一分院的地位，贯彻江苏省委精神", meta("江苏省泰州市"),
     {"泰州市产业技术研究院": ["泰州产研院"], "江苏省产业技术研究院": ["省产研院"],
      "中共江苏省委员会": ["江苏省委"]}),
    # a written district without its municipality
    ("江津区委、九龙坡区教委", meta("重庆市江津区"),
     {"中共重庆市江津区委员会": ["江津区委"], "重庆市九龙坡区教育委员会": ["九龙坡区教委"]}),
    # a bare type means the report's own jurisdiction (only types marked bare)
    ("按规定落实司法局合法性审查；主动接受人大、政协监督", meta("重庆市沙坪坝区"),
     {"重庆市沙坪坝区司法局": ["司法局"], "中国人民政治协商会议重庆市沙坪坝区委员会": ["政协"]}),
    # public institutions and universities (the word table finds the name's start)
    ("依法关闭区生产力促进中心；邀请西南政法大学法学专家；联合西南大学、重庆邮电大学", meta("重庆市沙坪坝区"),
     {"重庆市沙坪坝区生产力促进中心": ["区生产力促进中心"], "西南政法大学": ["西南政法大学"],
      "西南大学": ["西南大学"], "重庆邮电大学": ["重庆邮电大学"]}),
    # universities: a place or region right before 大学/学院 joins the name, whatever jieba would tag it
    ("推进保定大学、黔东南大学、重庆医学院和华东师范大学合作", meta("河北省保定市"),
     {"保定大学": ["保定大学"], "黔东南大学": ["黔东南大学"], "重庆医学院": ["重庆医学院"],
      "华东师范大学": ["华东师范大学"]}),
    # not universities: students, a university town without a listed name, common nouns, generic words
    ("组织重庆市大学生参观市大学城，邀请医学院专家，建设一流大学和某大学", meta("重庆市"), {}),
    # a listed name wins over a word that begins with its 大学 (重庆大学|城)
    ("建设重庆大学城", meta("重庆市"), {"重庆大学": ["重庆大学"]}),
    # full official names are kept
    ("中共重庆市江津区委员会和中国人民政治协商会议重庆市委员会", meta("重庆市江津区"),
     {"中共重庆市江津区委员会": ["中共重庆市江津区委员会"],
      "中国人民政治协商会议重庆市委员会": ["中国人民政治协商会议重庆市委员会"]}),
    # non-science bureaus of other provinces
    ("区人社局、区社会事业局和区住建委联合检查", meta("广东省广州市天河区"),
     {"广州市天河区人力资源和社会保障局": ["区人社局"], "广州市天河区社会事业局": ["区社会事业局"],
      "广州市天河区住房和城乡建设委员会": ["区住建委"]}),
    # unknown jurisdiction: the written form with the type expanded, never a guessed place
    ("会同市司法局、区科技局开展检查", meta(None),
     {"市司法局": ["市司法局"], "区科学技术局": ["区科技局"]}),
    # generic words are not agencies
    ("各部门、有关单位、相关部门、本局、我局、局机关、各科室认真落实", meta("重庆市"), {}),
    # 司法部门 is not 司法部; 法治政府 is not a government; 各区/高新区 bodies are not the report's own
    ("在市司法部门指导下建设法治政府；各区司法局、高新区科技局、社区委员会参与", meta("重庆市江津区"), {}),
    # names inside 《》 belong to the document title
    ("严格按照《重庆市科学技术局信访规则》接待来访", meta("重庆市"), {}),
    # the reporting agency itself is not listed
    ("现将区科技局2021年度情况报告如下，区司法局审核", meta("重庆市沙坪坝区", "重庆市沙坪坝区科学技术局"),
     {"重庆市沙坪坝区司法局": ["区司法局"]}),
    # a provincial department by its level character, in a city's report
    ("经验获省审计厅推广，省商务厅验收", meta("湖南省长沙市"),
     {"湖南省审计厅": ["省审计厅"], "湖南省商务厅": ["省商务厅"]}),
    # a body since renamed keeps the name the report uses
    ("对原长沙市国土资源局进行审计", meta("湖南省长沙市"), {"长沙市国土资源局": ["长沙市国土资源局"]}),
    # a two-character county (成县) whose first character ends a word (完成) is not named: 县 is the level
    ("完成县人大代表建议的答复7件", meta("四川省成都市金堂县"), {"金堂县人民代表大会": ["县人大"]}),
    # universities by their naming pattern; a vocational college after a list mark takes its own name
    ("促进湖南农林大学工作站建设，开放长沙学院、湘江职业技术学院实验室，组织职业技术学院学生", meta("湖南省长沙市"),
     {"湖南农林大学": ["湖南农林大学"], "长沙学院": ["长沙学院"], "湘江职业技术学院": ["湘江职业技术学院"]}),
    # official names: bodies under a government carry 人民政府; courts and committee offices by level
    ("会同市外办、市政府办、市国资委、市中院、省高院、市食安办、市防指、省委依法治省办开展工作", meta("湖南省长沙市"),
     {"长沙市人民政府外事办公室": ["市外办"], "长沙市人民政府办公室": ["市政府办"],
      "长沙市人民政府国有资产监督管理委员会": ["市国资委"], "长沙市中级人民法院": ["市中院"],
      "湖南省高级人民法院": ["省高院"], "长沙市食品安全委员会办公室": ["市食安办"],
      "长沙市防汛抗旱指挥部": ["市防指"], "中共湖南省委员会全面依法治省委员会办公室": ["省委依法治省办"]}),
    # subordinate and dispatched units by their level character
    ("市市场监管综合执法支队、区城管执法大队和市公共法律服务中心联合执法", meta("广东省广州市天河区"),
     {"广州市市场监管综合执法支队": ["市市场监管综合执法支队"], "广州市天河区城管执法大队": ["区城管执法大队"],
      "广州市公共法律服务中心": ["市公共法律服务中心"]}),
    # a subordinate unit written after its full place; a sentence before the suffix is no name
    ("成立湘潭市科技特派员促进中心，在湘潭市建设科技服务中心，依托长沙县黄花镇司法所", meta("湖南省湘潭市"),
     {"湘潭市科技特派员促进中心": ["湘潭市科技特派员促进中心"], "长沙县黄花镇司法所": ["长沙县黄花镇司法所"]}),
    # in a development zone's report, 区 means the zone
    ("联合区公安局、区党群工作部，在区党工委、区管委会领导下", Meta(agency="成都天府新区社会事业局", zone="成都天府新区"),
     {"成都天府新区公安局": ["区公安局"], "成都天府新区党群工作部": ["区党群工作部"],
      "中共成都天府新区工作委员会": ["区党工委"], "成都天府新区管理委员会": ["区管委会"]}),
]


@pytest.mark.parametrize("text,m,expected", CASES)
def test_agencies(text: str, m: Meta, expected: dict[str, list[str]]) -> None:
    assert found(text, m) == expected


def test_spans_slice_the_original_through_traditional_text() -> None:
    text = "2021年，區科技局在區委、區政府的領導下，配合市人大常委會工作"
    c = clean(text)
    for e in agencies.extract(c, meta("重庆市江津区")):
        for x in e.mentions:
            assert text[x.start : x.end] == x.text


def test_universities_need_no_segmenter() -> None:
    import sys

    agency_names.scan("邀请西南政法大学法学专家，联合西南大学、重庆邮电大学")
    assert "jieba.posseg" not in sys.modules


def test_data_tables_load_and_do_not_conflict() -> None:
    types = read_tsv("agency_types.tsv")
    assert all(r["stem"] and r["full"] and r["basis"] for r in types)
    seen: dict[tuple[str, str], str] = {}
    for r in types:  # one row per (stem, needs)
        assert (r["stem"], r["needs"]) not in seen, r["stem"]
        seen[(r["stem"], r["needs"])] = r["full"]
    national = read_tsv("agency_national.tsv")
    aliases = [r["alias"] for r in national]
    assert len(aliases) == len(set(aliases))
    assert not set(aliases) & {r["stem"] for r in types}  # a national alias is never a local type
    uni = read_tsv("agency_universities.tsv")
    assert {r["role"] for r in uni} == {"name", "generic", "after", "region", "run"}
    assert all(r["word"].endswith(("大学", "学院")) for r in uni if r["role"] in ("name", "generic"))
    assert all(r["word"].startswith(("大学", "学院")) for r in uni if r["role"] == "after")


@pytest.mark.parametrize("path", sorted((ROOT / "seeds").glob("*.txt")), ids=lambda p: p.name)
def test_every_seed_mention_slices_the_original(path: Path) -> None:
    """Agencies and programs of every seed: original[start:end] == text for every mention."""
    from lawgraph.extract import programs

    doc = load_file(path)
    c = clean(doc.original)
    m = detect(c)
    ents = agencies.extract(c, m) + programs.extract(c, m)
    assert ents
    for e in ents:
        assert e.mentions
        for x in e.mentions:
            assert doc.original[x.start : x.end] == x.text, (e.name, x)
