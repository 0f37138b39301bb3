"""Programs: one row per rule (text → canonical name → mention texts), slogans and plain words too."""

from __future__ import annotations

import pytest

from lawgraph.clean import clean
from lawgraph.data import read_tsv
from lawgraph.extract import programs


def found(text: str) -> dict[str, list[str]]:
    c = clean(text)
    return {e.name: [x.text for x in e.mentions] for e in programs.extract(c, None)}


CASES = [
    # table: 、 or not, quoted or not — one program under the table's name
    ("开展“双随机、一公开”抽查，推行双随机一公开监管", {"双随机、一公开": ["“双随机、一公开”", "双随机一公开"]}),
    # a name head that follows the quote joins the name; quoted and unquoted forms merge
    ("持续推进“放管服”改革，推进政府职能转变和放管服改革", {"放管服改革": ["“放管服”改革", "放管服改革"]}),
    # a one/two-character quote followed by a name head is a program (“八五”普法规划)
    ("紧紧围绕市“八五”普法规划确定的目标", {"八五普法规划": ["“八五”普法规划"]}),
    # unquoted table names
    ("建立科技企业技术难题揭榜挂帅机制；遴选10名科技特派员服务乡村振兴", {"揭榜挂帅": ["揭榜挂帅"], "科技特派员": ["科技特派员"]}),
    # suffix rule on a quote: …周, …日, …办, …制
    ("开展“宪法宣传周”活动；结合“国家宪法日”；在“渝快办”上线；实行“告知+承诺制”",
     {"宪法宣传周": ["“宪法宣传周”"], "国家宪法日": ["“国家宪法日”"], "渝快办": ["“渝快办”"],
      "告知+承诺制": ["“告知+承诺制”"]}),
    # head after the quote
    ("执行“三重一大”事项集体决策制度；依托“学习强国”APP学习；专题召开“以案四说”警示教育会议",
     {"三重一大": ["“三重一大”"], "学习强国": ["“学习强国”"], "以案四说": ["“以案四说”"]}),
    # a list of quotes shares the head after 等
    ("充分利用“科技下乡”“5·12防震减灾”等科普活动", {"科技下乡": ["“科技下乡”"], "5·12防震减灾": ["“5·12防震减灾”"]}),
    # a verb that runs programs right before the quote
    ("实施“一企一策”精准化普法宣传", {"一企一策": ["“一企一策”"]}),
    # a phrase quoted twice is a named thing
    ("提高“一窗通办”效率。推广“一窗通办”经验。", {"一窗通办": ["“一窗通办”", "“一窗通办”"]}),
    # unquoted suffix names start after the nearest boundary word
    ("连续7年开展科普讲解大赛；结合科技活动周、科普讲解大赛等活动",
     {"科普讲解大赛": ["科普讲解大赛", "科普讲解大赛"], "全国科技活动周": ["科技活动周"]}),
    # 科技活动周 and 全国科技活动周 are one program
    ("发挥“全国科技活动周”品牌效应，开展“科技活动周”活动",
     {"全国科技活动周": ["“全国科技活动周”", "“科技活动周”"]}),
    # slogans and plain words: two characters (“述法”, “外脑”), parallel clauses, numbered formulas,
    # negated or criterion phrases, and quotes without any evidence
    ("落实“述法”要求，借助法律“外脑”，做到“减环节、减时间、减跑动”，实现“只进一窗、只跑一次”，"
     "树牢“四个意识”，对“不利于营商环境”的文件清理，不搞“一言堂”和“家长制”，"
     "强化“科技赋能”和“法律加持”，形成“泰州经验”，开展“学习宪法，弘扬宪法精神”主题讲座", {}),
    # names inside 《》 belong to the document title
    ("印发《重庆市九龙坡区科技特派员管理办法（修订）》", {}),
    # unquoted suffixes: not inside a title or a quote; the leftmost, then the longest, without overlaps
    ("严格执行《全国科普讲解大赛规则》，开展科普讲解大赛", {"科普讲解大赛": ["科普讲解大赛"]}),
    ("参加“青年科普讲解大赛”和全市科普讲解大赛活动周",
     {"青年科普讲解大赛": ["“青年科普讲解大赛”"], "全市科普讲解大赛活动周": ["全市科普讲解大赛活动周"]}),
    # a head after the quote names even a parallel or numbered phrase; a comma form is the table's name
    ("湖南省审计厅严格落实“谁执法，谁普法”责任制，深化廉洁审计“六个一”活动",
     {"谁执法谁普法": ["“谁执法，谁普法”"], "六个一": ["“六个一”"]}),
    # a quoted campaign named by its year
    ("四川省开展“净网2021”和“护苗2023”专项行动", {"净网2021": ["“净网2021”"], "护苗2023": ["“护苗2023”"]}),
    # well-known campaigns written without quotes (table)
    ("北京市司法局结合党史学习教育开展法律进机关活动，扎实开展“不忘初心、牢记使命”主题教育",
     {"党史学习教育": ["党史学习教育"], "法律六进": ["法律进机关"], "不忘初心、牢记使命": ["“不忘初心、牢记使命”"]}),
    # a listed program inside a quoted sentence that is no program
    ("落实“对领导干部实行自然资源资产离任审计”的部署", {"自然资源资产离任审计": ["自然资源资产离任审计"]}),
    # a line break after the opening verb and inside the quotes (Word)
    ("严格落实\n“\n谁执法，谁普法\n”责任制；推进“文明单位”创建",
     {"谁执法谁普法": ["“\n谁执法，谁普法\n”"], "文明单位": ["“文明单位”"]}),
    # the items of an enumeration with a listed program are programs each
    ("广东省落实“谁主管谁普法、谁执法谁普法、谁服务谁普法”普法责任制",
     {"谁主管谁普法": ["谁主管谁普法"], "谁执法谁普法": ["谁执法谁普法"], "谁服务谁普法": ["谁服务谁普法"]}),
    # … but a parallel slogan without one is not
    ("坚持“减环节、减时间、减跑动”", {}),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_programs(text: str, expected: dict[str, list[str]]) -> None:
    assert found(text) == expected


SLOGANS = [
    ("述法", True),  # two characters: a plain word (an ordinary verb in these reports)
    ("一言堂", False),  # on its own not a slogan by form; rejected only where negated (不搞…)
    ("减环节、减时间、减跑动", True),  # three parallel parts
    ("只进一窗、只跑一次", True),  # two parts of four characters
    ("双随机、一公开", False),  # a short two-part name
    ("四个意识", True),  # numbered political formula
    ("不利于营商环境", True),  # a negated criterion
    ("学习宪法，弘扬宪法精神", True),  # clause punctuation
    ("渝快办", False),
]


@pytest.mark.parametrize("phrase,slogan", SLOGANS)
def test_slogan_rule(phrase: str, slogan: bool) -> None:
    assert programs.is_slogan(phrase) is slogan


def test_spans_slice_the_original_through_traditional_text() -> None:
    text = "依托“學習強國”APP，結合“科技活動周”等活動"
    for e in programs.extract(clean(text), None):
        for x in e.mentions:
            assert text[x.start : x.end] == x.text


def test_data_tables_load_and_do_not_conflict() -> None:
    R = programs.rules()
    owner: dict[str, str] = {}
    for r in read_tsv("programs.tsv"):
        assert r["basis"]
        for f in [r["name"]] + [a for a in r["aliases"].split("|") if a]:
            k = R.key(f)
            assert owner.setdefault(k, r["name"]) == r["name"], f  # no form claimed by two programs
    roles = {r["role"] for r in read_tsv("program_rules.tsv")}
    assert roles == {"suffix", "head", "name_head", "verb", "negation", "plain_start", "unquoted_suffix",
                     "boundary"}
