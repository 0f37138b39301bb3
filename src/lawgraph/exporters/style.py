"""Presentation constants shared by the graph and every exporter: node colours and sizes, relation
colours, and the Chinese names shown in the pages. Change the look here, nowhere else."""

from __future__ import annotations

NODE_COLORS: dict[str, str] = {
    "agency": "#4E79A7",
    "law": "#E15759",
    "program": "#59A14F",
    "document": "#9D8F86",
    "jurisdiction": "#B07AA1",
}
NODE_BASE_SIZE: dict[str, float] = {  # size = base + 4 * sqrt(weighted degree)
    "agency": 16.0,
    "law": 10.0,
    "program": 9.0,
    "document": 7.0,
    "jurisdiction": 12.0,
}
TYPE_NAMES_ZH: dict[str, str] = {
    "agency": "机关",
    "law": "法律法规",
    "program": "工作项目",
    "document": "报告",
    "jurisdiction": "行政区",
}
EDGE_COLORS: dict[str, str] = {
    "cites": "rgba(225,87,89,0.45)",
    "runs": "rgba(89,161,79,0.5)",
    "mentions": "rgba(78,121,167,0.5)",
    "authored": "rgba(157,143,134,0.45)",
    "in": "rgba(176,122,161,0.45)",
}
EDGE_COLOR_OTHER = "rgba(150,150,150,0.4)"
RELATION_NAMES_ZH: dict[str, str] = {
    "cites": "引用",
    "runs": "开展",
    "mentions": "提及",
    "authored": "发布",
    "in": "属于",
}
GRAPH_HEADING = "法治政府建设报告知识图谱"
LABEL_CHARS = 16  # longer labels are cut with …
FONT_FACE = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
TEXT_COLOR = "#1f2933"

# What an agency does with a law it cites (issue 12), in the order the legend and the tables show
# them; ``cites`` is "anything else". A cites edge is coloured by its main relation.
CITE_RELATIONS: tuple[str, ...] = ("implements", "studies", "drafts", "reviews", "cites")
CITE_RELATION_NAMES_ZH: dict[str, str] = {
    "implements": "执行/实施",
    "studies": "学习/宣传",
    "drafts": "起草/制定",
    "reviews": "审查/清理",
    "cites": "引用",
}
CITE_RELATION_COLORS: dict[str, str] = {  # distinct hues, readable on white, also for colour-blind readers
    "implements": "rgba(214,39,40,0.6)",
    "studies": "rgba(31,119,180,0.6)",
    "drafts": "rgba(255,127,14,0.75)",
    "reviews": "rgba(148,103,189,0.7)",
    "cites": "rgba(150,150,150,0.5)",
}
MARK_COLOR = "#ffe58f"  # the highlight of a law's name inside an evidence snippet

# graph.html of a large corpus (issue 13): above OVERVIEW_NODES nodes the whole-graph page is an
# overview that reads and stays small (a few MB at 10,000 reports): the OVERVIEW_AGENCIES reporting
# agencies with the most reports × the laws cited by the most of them (at most OVERVIEW_LAWS, and no
# more once OVERVIEW_EDGES agency→law edges are drawn); the rest is one click away (the index, the
# law and agency pages). A smaller graph is drawn whole.
OVERVIEW_NODES = 2000
OVERVIEW_AGENCIES = 300
OVERVIEW_LAWS = 60
OVERVIEW_EDGES = 4000
OVERVIEW_SIZE = {"agency": 7.0, "law": 6.0}  # × (1 + sqrt(edges in the overview) / 4)

# the site pages stay bounded whatever the corpus (issue 15): evidence sentences per law on an agency
# page, per citing agency on a law page and per law page; rows of a law page's citers table
EVIDENCE_PER_LAW = 3
EVIDENCE_PER_CITER = 2
EVIDENCE_PER_LAW_PAGE = 60
CITERS_PER_LAW_PAGE = 200
EGO_NODES = 150  # neighbours drawn on an agency page (the ones it links most; a note counts the rest)
SNIPPET_SIDE = 40  # characters of an evidence sentence shown before and after the law's name
