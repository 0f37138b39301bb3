"""The node/edge schema of the knowledge graph: node types, relations, ids, attribute names and
the separators that flatten lists for formats that only hold scalars.

Nodes (id = ``<prefix>_`` + 12 hex digits of sha1 of the node's key, an ASCII XML NMTOKEN):

============  =========  ===========================================================
type          prefix     key
============  =========  ===========================================================
agency        agency     fold(expanded official name), 科技局 → 科学技术局
law           law        fold(canonical title; registry alias → full name if known)
program       program    fold(name)
document      doc        the source path exactly as given (no folding: two paths, two nodes)
jurisdiction  place      fold(name)
============  =========  ===========================================================

Node attributes: ``label`` (str), ``type`` (str), ``level`` (str, laws only), ``aliases`` (str,
"|"-joined sorted surface forms), ``documents`` (int), ``years`` (str, ";"-joined, absent when
unknown), ``sources`` (tuple of str: the exact source paths, sorted), ``excerpt`` (str, absent when
none), ``color`` (#RRGGBB), ``size`` (float), ``x``/``y`` (float, a deterministic layout Gephi and the
HTML page reuse).

Edges: ``cites`` agency→law (or document→law when the reporting agency is unknown), ``runs``
agency→program, ``mentions`` agency→agency, ``authored`` agency→document, ``in``
agency→jurisdiction, ``cites`` law→law where one title contains another (〈…〉). Edge attributes:
``relation`` and ``label`` (str), ``weight`` (int, number of documents), ``years``, ``sources``
(tuple of str), ``excerpt`` (str, absent when empty). A ``cites`` edge from an agency (or a document)
to a law also has ``n_implements``, ``n_studies``, ``n_drafts``, ``n_reviews``, ``n_cites`` (int: the
law mentions of that relation, ``lawgraph.extract.relations``, over all the citer's reports; zeros
written) and ``relation_main`` (str, ``relations.main_relation`` of those counts). The prefix keeps
the counts apart from ``relation`` (the edge's kind) in every format.

Graph attribute ``mentions``: the evidence, one ``graph.mention.Mention`` per law mention (a tuple
read by key like a dict; a graph read from an older graph.json holds dicts), sorted by (agency, law,
source, start, end): ``agency`` (the reporting agency's node id, None when the report's agency is
unknown), ``law`` and ``document`` (node ids), ``source`` (the exact path), ``year`` (int or None),
``start``/``end`` (offsets into the ORIGINAL file, as ``lawgraph extract`` gives them), ``line``
(1-based), ``relation``, ``text`` (the mention as in the original), ``snippet`` (the cleaned sentence
around it, at most 160 characters) and ``mark`` ([a, b]: the mention inside ``snippet``).
lawgraph.sqlite and mentions.csv write it; graph.json, GraphML and GEXF do not.

Every attribute is a scalar except ``sources``: a path may contain ";" (``a;b.txt``), so sources stay
a list inside the graph and only formats that need scalars (GraphML, GEXF, CSV, graph.json) join
them with ``LIST_SEP`` (see ``scalar``).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from lawgraph.text import tidy as clean  # noqa: F401 - the graph's name rule, imported from here by the rooms

NODE_TYPES: tuple[str, ...] = ("agency", "law", "program", "document", "jurisdiction")
RELATIONS: tuple[str, ...] = ("cites", "runs", "mentions", "authored", "in")
LAW_LEVELS: tuple[str, ...] = (
    "宪法", "法律", "行政法规", "监察法规", "司法解释", "部门规章", "地方性法规",
    "地方政府规章", "党内法规", "规范性文件", "其他",
)  # fmt: skip
ID_PREFIX: dict[str, str] = {
    "agency": "agency",
    "law": "law",
    "program": "program",
    "document": "doc",
    "jurisdiction": "place",
}
LIST_SEP = ";"  # joins years, and sources in the scalar formats
ALIAS_SEP = "|"  # joins aliases (a surface form never contains it)
RELATION_SEP = "+"  # joins the relations of an edge that has several (cites+mentions)
EXCERPT_CHARS = 120
COUNT_PREFIX = "n_"  # n_implements … n_cites: law mentions per relation on a citing edge

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def path_text(path: str) -> str:
    """A source path as text every export can carry: unchanged except characters XML cannot hold
    (control characters, lone surrogates of undecodable names) written as ``\\xNN``/``\\uNNNN``.
    Spaces are kept as they are: ``two  spaces.txt`` and ``two spaces.txt`` are different files."""
    if _UNPRINTABLE.search(path) is None:
        return path
    return _UNPRINTABLE.sub(lambda m: _escape_char(m.group()), path)


def _escape_char(c: str) -> str:
    code = ord(c)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def node_id(node_type: str, key: str) -> str:
    """Stable ASCII id (a valid XML NMTOKEN): ``law_`` + first 12 hex digits of sha1(key)."""
    digest = hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{ID_PREFIX[node_type]}_{digest}"


def scalar(value: Any) -> Any:
    """``value`` as a scalar: a list or tuple (``sources``) joined with ``LIST_SEP``."""
    if type(value) is tuple or type(value) is list:
        return LIST_SEP.join(value)
    return value


def years_list(value: Any) -> list[int]:
    """``years`` as a list of ints: from the graph's ";"-joined text (or a list already)."""
    if isinstance(value, (list, tuple)):
        return [int(y) for y in value]
    return [int(y) for y in str(value).split(LIST_SEP) if y.strip()]


def json_attrs(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of an attribute dict as every JSON output writes it: ``years`` a list of ints,
    ``aliases`` and ``sources`` lists of text (scripts should not split strings); other values
    unchanged."""
    out = dict(data)
    if "years" in out:
        out["years"] = years_list(out["years"])
    a = out.get("aliases")
    if isinstance(a, str):
        out["aliases"] = [x for x in a.split(ALIAS_SEP) if x]
    src = out.get("sources")
    if isinstance(src, tuple):
        out["sources"] = list(src)
    elif isinstance(src, str):
        out["sources"] = [x for x in src.split(LIST_SEP) if x]
    return out


def flat_attrs(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of an attribute dict with every value a scalar (``scalar``)."""
    return {k: scalar(v) for k, v in data.items()}
