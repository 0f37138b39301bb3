"""Saved web pages: the article as plain text, one line per paragraph, page chrome left out.

The page's own metadata that names its title, publisher and date (`<meta name="ArticleTitle">`,
`ContentSource`, `PubDate` … of Chinese government CMSs, listed in data/html_chrome.tsv) comes first,
as header lines `标题：…`, `发布机构：…`, `发布日期：…`, so the extractor can read who reports.

A page nested deeper than the parser can hold would lose its text silently; when the parser reports
that it hit its depth limit, the page is read flat (tags stripped) instead, and the label says so.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

from lawgraph.data import read_tsv
from lawgraph.errors import InputError
from lawgraph.io.decode import decode
from lawgraph.io.limits import MAX_DEPTH
from lawgraph.text import CJK

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
          "table", "thead", "tbody", "tfoot", "td", "th", "section", "article", "main", "blockquote", "pre",
          "hr", "header", "footer", "center", "address", "figure", "figcaption", "caption", "body", "html"}
_SPACE = re.compile(r"[ \t\r\n\f]+")
_HEADER_ORDER = ("标题", "发布机构", "发布日期")
# the flat reading of a page: markup that is not text, then any tag (block tags end a line)
_FLAT_DROP = re.compile(r"<!--.*?-->|<(script|style|noscript|template|head)\b.*?</\1\s*>", re.I | re.S)
_FLAT_BLOCK = re.compile(r"<(?:/?(?:" + "|".join(sorted(_BLOCK - {"br"})) + r")\b[^>]*|br\s*/?)>", re.I)
_FLAT_TAG = re.compile(r"<[^>]*>")


@lru_cache(maxsize=1)
def _chrome() -> tuple[tuple[str, ...], re.Pattern[str], dict[str, str]]:
    """(tags dropped whole, the class/id-word pattern of chrome, meta name (lower case) → header label)."""
    rows = read_tsv("html_chrome.tsv")
    tags = tuple(r["value"] for r in rows if r["kind"] == "tag")
    words = sorted((re.escape(r["value"]) for r in rows if r["kind"] == "word"), key=len, reverse=True)
    pattern = re.compile(r"(?:^|[\s_-])(?:" + "|".join(words) + r")(?:$|[\s_\d-])", re.I)
    metas = {r["value"].lower(): r["label"] for r in rows if r["kind"] == "meta"}
    return tags, pattern, metas


def html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares (<meta charset>, http-equiv or an XML declaration)."""
    head = data[:4096]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    # pages that say gb2312/gbk are in practice GB18030 (a superset): never fail on a rarer character
    return "gb18030" if name in ("gb2312", "gbk", "euc_cn", "hz") else name


def decode_html(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Page bytes → str: --encoding, else a BOM, else the declared charset, else detection."""
    if encoding or data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data, name, encoding)
    declared = html_charset(data)
    if declared:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass  # the declaration lies (common after a site migration): detect instead
    try:
        return decode(data, name)
    except InputError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise
        return str(best), best.encoding


def _classes(el) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def _cjk_len(text: str) -> int:
    return len(CJK.findall(text))


def _text_len(el) -> int:
    return _cjk_len(el.text_content())


def _drop(el) -> None:
    """Remove an element (its tail text stays in the tree)."""
    if el.getparent() is not None:
        el.drop_tree()


def _content_root(body):
    """The element that holds the article: the one whose direct paragraphs carry the most text
    (a small Readability: each paragraph scores its parent fully and its grandparent half)."""
    scores: dict = {}
    for el in body.iter("p", "div", "td", "section", "article", "span", "font", "li"):
        own = (el.text or "") + "".join(c.tail or "" for c in el)
        n = _cjk_len(own)
        if el.tag == "p":
            n = max(n, _text_len(el))
        if n < (10 if el.tag == "p" else 20):
            continue
        parent = el.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + n
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + n / 2
        if el.tag != "p":  # text directly in a div/td: the element is itself a content block
            scores[el] = scores.get(el, 0.0) + n
    if not scores:
        return body
    total = _text_len(body) or 1
    root = max(scores, key=lambda e: (scores[e], -len(list(e.iterancestors()))))
    # a root that holds only a sliver of the page was a wrong guess: fall back to the whole body
    return root if _text_len(root) * 4 >= total else body


def _title(body, root) -> str:
    """The article title when it sits outside the content block (h1, or a *title* element)."""
    if root is body or any(True for _ in root.iter("h1", "h2")):
        return ""
    for el in body.iter("h1"):
        t = _SPACE.sub(" ", el.text_content()).strip()
        if CJK.search(t):
            return t
    for el in body.iter():
        if not isinstance(el.tag, str) or el is root:
            continue
        if re.search(r"title|biaoti", _classes(el), re.I):
            t = _SPACE.sub(" ", el.text_content()).strip()
            if 6 <= len(t) <= 120 and CJK.search(t) and root not in set(el.iterancestors()):
                return t
    return ""


def _lines(root) -> list[str]:
    """The text of an element with one line per block (p, div, br, li, tr, h1…), spaces collapsed.
    Walks the tree with an explicit stack, so any nesting depth the parser kept is safe."""
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        line = _SPACE.sub(" ", "".join(buf)).strip(" ")
        if line:
            lines.append(line)
        buf.clear()

    # ("open", el) visits an element; ("close", el) ends it and adds its tail
    stack: list[tuple[bool, object]] = [(True, root)]
    while stack:
        opening, el = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""  # type: ignore[attr-defined]
        if opening:
            if tag in _BLOCK:
                flush()
            if tag and el.text:  # type: ignore[attr-defined]
                buf.append(el.text)  # type: ignore[attr-defined]
            stack.append((False, el))
            stack.extend((True, child) for child in reversed(el))  # type: ignore[call-overload]
        else:
            if tag in _BLOCK:
                flush()
            if el is not root and el.tail:  # type: ignore[attr-defined]
                buf.append(el.tail)  # type: ignore[attr-defined]
    flush()
    return lines


def _headers(doc) -> list[str]:
    """`标题：…`, `发布机构：…`, `发布日期：…` from the page's <meta name=…> fields (first of each)."""
    metas = _chrome()[2]
    found: dict[str, str] = {}
    for el in doc.iter("meta"):
        label = metas.get((el.get("name") or "").strip().lower())
        value = _SPACE.sub(" ", el.get("content") or "").strip()[:200]
        if label and value and label not in found:
            found[label] = value
    return [f"{label}：{found[label]}" for label in _HEADER_ORDER if label in found]


def _flat(text: str) -> list[str]:
    """The page read without a parser: non-text markup removed, block tags end lines, tags dropped."""
    import html

    text = _FLAT_BLOCK.sub("\n", _FLAT_DROP.sub(" ", text))
    out = (_SPACE.sub(" ", html.unescape(_FLAT_TAG.sub("", ln))).strip() for ln in text.split("\n"))
    return [ln for ln in out if ln]


def read(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """The article of a saved web page as plain text, one line per paragraph, after the header lines
    from its metadata; (text, charset — with a note when the page had to be read flat)."""
    import lxml.etree
    import lxml.html

    text, charset = decode_html(data, name, encoding)
    if not text.strip():
        return "", charset
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        doc = lxml.html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(f"cannot parse {name} as HTML ({exc}); save the page again or pass it as .txt") from None
    headers = _headers(doc)
    if any(e.type_name == "ERR_RESOURCE_LIMIT" or "depth" in e.message.lower() for e in parser.error_log):
        # the parser stopped nesting and dropped what lies deeper: read the page without it
        note = f"read flat: the page nests deeper than {MAX_DEPTH} elements, page chrome kept"
        return "\n".join(headers + _flat(text)), f"{charset} ({note})"
    drop_tags, chrome_words, _ = _chrome()
    body = doc.find("body")
    if body is None:
        body = doc
    for el in list(body.iter(*drop_tags)):
        _drop(el)
    for el in list(body.iter("header", "footer")):
        if not any(a.tag in ("article", "main") for a in el.iterancestors()):
            _drop(el)
    total = _text_len(body)
    for el in list(body.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        hidden = el.get("hidden") is not None or re.search(r"display\s*:\s*none", el.get("style", ""), re.I)
        chrome = chrome_words.search(_classes(el)) and el.find(".//h1") is None
        # never drop a block that holds most of the page: that is the article, whatever its class says
        if (hidden or chrome) and _text_len(el) * 2 <= total:
            _drop(el)
    root = _content_root(body)
    lines = _lines(root)
    title = _title(body, root)
    if title and (not lines or lines[0] != title):
        lines.insert(0, title)
    return "\n".join(headers + lines), charset
