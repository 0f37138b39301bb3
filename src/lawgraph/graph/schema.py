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
(tuple of str), ``excerpt`` (str, absent when empty).

Every attribute is a scalar except ``sources``: a path may contain ";" (``a;b.txt``), so sources stay
a list inside the graph and only formats that need scalars (GraphML, GEXF, CSV, graph.json) join
them with ``LIST_SEP`` (see ``scalar``).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

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

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACE = re.compile(r"\s+")
_DIRTY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]|\s\s|[^\S ]")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean(text: object) -> str:
    """Text of a name or excerpt safe for every export: control characters dropped, whitespace
    runs collapsed (report text wraps names across lines)."""
    if text is None:
        return ""
    s = str(text)
    if _DIRTY.search(s) is None:  # the common case: one scan, nothing to replace
        return s.strip()
    return _SPACE.sub(" ", _CONTROL.sub("", s)).strip()


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


def flat_attrs(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of an attribute dict with every value a scalar (``scalar``)."""
    return {k: scalar(v) for k, v in data.items()}
