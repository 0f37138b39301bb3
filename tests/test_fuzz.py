"""Property tests: arbitrary text through cleaning and extraction.

Random CJK, brackets 《》〈〉“” in any order (unmatched, nested), control characters and huge lines
must never raise; every mention's offsets slice its text out of the original; runs are deterministic.

The default budget is small so the suite stays fast. For a deeper run:
    LAWGRAPH_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lawgraph.clean import clean, fold
from lawgraph.io import LoadError, load_bytes
from lawgraph.models import Document
from lawgraph.pipeline import analyse

EXAMPLES = int(os.environ.get("LAWGRAPH_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 150,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

BRACKETS = "《》〈〉“”‘’「」『』()（）[]【】〔〕<>\"'"
PUNCT = "、，。；：！？—…·-／/ \u3000\t"
CONTROL = "".join(chr(c) for c in range(0, 32)) + "\x7f\u200b\ufeff\u2028\u2029\r\n"
LAWISH = "中华人民共和国宪法民法典科学技术进步法条例规定办法实施细则意见通知决定省市区县局委办厅政府司法"
TRADITIONAL = "中華人民共和國憲法條例規定辦法區縣廳會議發布關於"

chars = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # any CJK unified ideograph
    st.sampled_from(LAWISH + TRADITIONAL),
    st.sampled_from(BRACKETS + PUNCT),
    st.sampled_from(CONTROL),
    st.characters(codec="utf-8", exclude_categories=("Cs",)),  # anything else Unicode has
)
FRAGMENTS = [
    "《中华人民共和国宪法》", "《科技进步法》", "《〈中华人民共和国行政许可法〉实施办法》", "宪法", "民法典",
    "《", "》", "〈", "〉", "“", "”", "市科技局", "区司法局", "“双随机、一公开”", "《条例》", "该法",
    "2024年", "（以下简称《条例》）", "\n", "\r\n", "\n\n", "區(qū)", "[bookmark: _GoBack]", "？", "分享到：",
]
pieces = st.one_of(st.text(chars, max_size=30), st.sampled_from(FRAGMENTS))
texts = st.lists(pieces, max_size=40).map("".join)


def check_spans(result: dict, original: str) -> None:
    for kind in ("laws", "agencies", "programs"):
        for entity in result[kind]:
            assert entity["mentions"], entity
            for m in entity["mentions"]:
                assert 0 <= m["start"] < m["end"] <= len(original), m
                assert original[m["start"]:m["end"]] == m["text"], m


def check_clean(original: str) -> None:
    c = clean(original)
    folded = fold(original)
    for i, ch in enumerate(c.text):  # every cleaned character comes from its place in the original
        assert folded[c.pos(i)] == ch
    if c.text:
        a, b = c.span(0, len(c.text))
        assert 0 <= a < b <= len(original)
    assert clean(original).text == c.text


@FUZZ
@given(texts)
def test_clean_maps_every_character_back(text: str) -> None:
    check_clean(text)


@FUZZ
@given(texts)
def test_analyse_never_fails_and_spans_are_exact(text: str) -> None:
    result = analyse(Document("fuzz.txt", text))
    check_spans(result, text)
    assert analyse(Document("fuzz.txt", text)) == result  # deterministic


@settings(FUZZ, max_examples=max(5, EXAMPLES // 10))
@given(st.sampled_from(FRAGMENTS + ["区科技局学习", "，", "。"]), st.integers(200, 3000), texts)
def test_huge_lines(fragment: str, times: int, tail: str) -> None:
    text = (fragment.replace("\n", "") or "法") * times + tail  # one long line, no breaks
    result = analyse(Document("fuzz.txt", text))
    check_spans(result, text)


@FUZZ
@given(st.lists(st.sampled_from("《》〈〉“”"), max_size=60), st.lists(st.sampled_from(LAWISH), max_size=60))
def test_brackets_in_any_order(brackets: list[str], words: list[str]) -> None:
    # brackets interleaved with law-like characters: unmatched, nested, crossed
    text = "".join(b + w for b, w in zip(brackets, words + [""] * len(brackets)))
    result = analyse(Document("fuzz.txt", text))
    check_spans(result, text)
    check_clean(text)


HEADS = [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<html><body><p>", b"\xef\xbb\xbf", b"\xff\xfe", b"<?xml version='1.0'?>"]


@FUZZ
@given(st.sampled_from(HEADS), st.binary(max_size=400), st.sampled_from(["a.txt", "a.html", "a.docx", "a.pdf", "a"]))
def test_any_bytes_load_or_fail_with_one_line(head: bytes, body: bytes, name: str) -> None:
    # hostile bytes in every format: a Document, or a LoadError with a one-line message naming the file
    try:
        doc = load_bytes(head + body, name)
    except LoadError as exc:
        assert name in str(exc) and "\n" not in str(exc)
        return
    check_spans(analyse(doc), doc.original)


@FUZZ
@given(texts, st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_html_pages_of_any_text(text: str, charset: str) -> None:
    import html

    page = f'<html><head><meta charset="{charset}"></head><body><p>{html.escape(text)}</p></body></html>'
    try:
        data = page.encode(charset)
    except UnicodeEncodeError:
        return
    doc = load_bytes(data, "p.html")
    check_spans(analyse(doc), doc.original)


def _real_files() -> dict[str, bytes]:
    """One real file per binary format (made once), for byte-level damage."""
    import tempfile
    from pathlib import Path

    from format_makers import make_docx, make_pdf

    d = Path(tempfile.mkdtemp(prefix="lawgraph-fuzz-"))
    paras = ["泰州市科学技术局学习《中华人民共和国科学技术进步法》。"]
    return {"a.docx": make_docx(paras, d / "a.docx").read_bytes(), "a.pdf": make_pdf(paras, d / "a.pdf").read_bytes()}


_REAL: dict[str, bytes] = {}


@FUZZ
@given(st.sampled_from(["a.docx", "a.pdf"]), st.lists(st.tuples(st.integers(0, 10**6), st.binary(max_size=8)),
                                                      max_size=6), st.integers(0, 10**6))
def test_damaged_binary_files_never_stop_a_run(name: str, edits: list[tuple[int, bytes]], cut: int) -> None:
    """A .docx or .pdf with bytes overwritten and its end cut off: read_and_analyse never raises;
    a skip's reason is one line naming the file."""
    import tempfile
    from pathlib import Path

    from lawgraph.pipeline import read_and_analyse

    if not _REAL:
        _REAL.update(_real_files())
    data = bytearray(_REAL[name])
    for at, patch in edits:
        at %= len(data)
        data[at:at + len(patch)] = patch
    data = data[: max(1, len(data) - cut % len(data))]
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / name
        p.write_bytes(bytes(data))
        rec, result = read_and_analyse(str(p))
    assert (rec.status == "processed") == (result is not None)
    if result is None:
        assert rec.reason.startswith(str(p)) or str(p) in rec.reason
        assert "\n" not in rec.reason
