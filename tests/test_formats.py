"""Formats: HTML (saved pages, any charset), DOCX, PDF, text — chosen by content as well as suffix.

Files are made with the real libraries (python-docx, reportlab) from a seed report; the HTML is a
saved government page with navigation, scripts, styles, a share bar and a footer around the article.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from format_makers import TITLE, make_docx, make_pdf, make_scanned_pdf, page_html
from lawgraph.cli import cli
from lawgraph.io import DOCX, HTML, PDF, TEXT, LoadError, load_file, sniff
from lawgraph.io.readers.html import html_charset
from lawgraph.models import Document
from lawgraph.pipeline import analyse, extract_paths

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "002_9b29ee7cd0a48152.txt"
KINDS = ("laws", "agencies", "programs")


def seed_paragraphs() -> list[str]:
    return [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]


def names(result: dict) -> dict[str, list[str]]:
    return {k: sorted(e["name"] for e in result[k]) for k in KINDS}


def assert_spans(result: dict, original: str) -> None:
    for k in KINDS:
        for e in result[k]:
            for m in e["mentions"]:
                assert original[m["start"]:m["end"]] == m["text"], (k, e["name"], m)


@pytest.fixture(scope="module")
def seed_versions(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("seed")
    paras = seed_paragraphs()
    (d / "r.html").write_bytes(page_html(paras, title=TITLE, charset="gbk"))
    return {
        "txt": SEED,
        "html": d / "r.html",
        "docx": make_docx(paras, d / "r.docx"),
        "pdf": make_pdf(paras, d / "r.pdf"),
    }


# ---- the seed report in every format gives the same entities, with exact spans -------------------

@pytest.mark.parametrize("kind", ["html", "docx", "pdf"])
def test_seed_in_every_format_gives_the_txt_entities(seed_versions, kind: str) -> None:
    expected = names(analyse(load_file(SEED)))
    assert expected["laws"], "the seed cites laws"
    doc = load_file(seed_versions[kind])
    result = analyse(doc)
    assert names(result) == expected
    assert_spans(result, doc.original)


@pytest.mark.parametrize("kind", ["txt", "html", "docx", "pdf"])
def test_extract_offsets_index_what_text_prints(seed_versions, kind: str) -> None:
    path = str(seed_versions[kind])
    printed = CliRunner().invoke(cli, ["text", path])
    assert printed.exit_code == 0, printed.output
    original = printed.stdout_bytes.decode("utf-8")
    run = extract_paths([path])
    assert [r.status for r in run.records] == ["processed"]
    assert run.records[0].format == {"txt": TEXT, "html": HTML, "docx": DOCX, "pdf": PDF}[kind]
    assert_spans(run.documents[0], original)


# ---- HTML ------------------------------------------------------------------------------------------

def test_html_keeps_the_article_and_drops_the_chrome(seed_versions) -> None:
    text = load_file(seed_versions["html"]).original
    lines = text.split("\n")
    assert lines[0] == TITLE  # the title, from the h1 above the article body
    assert lines[1:] == seed_paragraphs()  # one line per paragraph, nothing else
    for chrome in ("当前位置", "分享到", "打印本页", "版权所有", "相关链接", "首页", "搜索", "泰州市公安局",
                   "数据安全法", "网络安全法", "反间谍法", "泰州市财政局", "泰州市教育局", "字体"):
        assert chrome not in text, chrome


@pytest.mark.parametrize("declared,charset", [
    ("gbk", "gb18030"),       # the most common case on government sites
    ("GB2312", "gb18030"),    # declared gb2312, really GBK/GB18030 (rare characters like 堃)
    ("utf-8", "utf-8"),
])
def test_html_decodes_with_the_declared_charset(declared: str, charset: str) -> None:
    paras = ["重庆市科学技术局组织学习《科技进步法》。", "王堃同志参加培训。"]
    html = page_html(paras, charset=declared)
    assert html_charset(html) == charset
    doc = load_file_bytes(html, "p.html")
    assert (doc.encoding, doc.original.split("\n")) == (charset, [TITLE, *paras])


def test_html_in_big5() -> None:
    page = '<html><head><meta charset="big5"><title>報告</title></head><body><p>學習《憲法》。</p></body></html>'
    doc = load_file_bytes(page.encode("big5"), "p.html")
    assert (doc.encoding, doc.original) == ("big5", "學習《憲法》。")


def load_file_bytes(data: bytes, name: str) -> Document:
    from lawgraph.io import load_bytes

    return load_bytes(data, name)


@pytest.mark.parametrize("data,expected", [
    # no declaration, GBK bytes: detected
    ("<html><body><p>区科技局学习《民法典》。</p></body></html>".encode("gbk"), "区科技局学习《民法典》。"),
    # a UTF-8 BOM beats a wrong declaration
    (codecs.BOM_UTF8 + '<html><head><meta charset="gbk"></head><body><p>学习《宪法》</p></body></html>'.encode(),
     "学习《宪法》"),
    # the declaration lies (UTF-8 bytes, says gbk... but is not valid gbk): detection wins
    ('<html><head><meta charset="gb2312"></head><body><p>学习《宪法》。𠀀</p></body></html>'.encode(),
     "学习《宪法》。𠀀"),
    # an XHTML page with an XML declaration (lxml refuses such str input; must still work)
    ('<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body>'
     '<p>学习《宪法》</p><p>和《民法典》</p></body></html>'.encode(), "学习《宪法》\n和《民法典》"),
    # <br> breaks lines; inline tags do not; entities decoded; whitespace collapsed
    ("<html><body><div>一、学习<b>《宪法》</b><br>二、学习&lt;民法典&gt;&nbsp;x\n  y</div></body></html>".encode(),
     "一、学习《宪法》\n二、学习<民法典>\u00a0x y"),
])
def test_html_decoding_and_layout(data: bytes, expected: str) -> None:
    assert load_file_bytes(data, "p.html").original == expected


def test_html_title_outside_the_article_and_hidden_blocks() -> None:
    page = """<html><body><div class="title">重庆市科学技术局2024年度法治政府建设情况报告</div>
    <div style="display:none">隐藏的《中华人民共和国刑法》</div>
    <div class="content"><p>2024年，市科技局坚持以习近平新时代中国特色社会主义思想为指导。</p>
    <p>深入学习《中华人民共和国宪法》和《中华人民共和国民法典》，推进依法行政。</p></div>
    <div id="footer">重庆市人民政府 版权所有</div></body></html>"""
    text = load_file_bytes(page.encode(), "p.htm").original
    assert text == ("重庆市科学技术局2024年度法治政府建设情况报告\n"
                    "2024年，市科技局坚持以习近平新时代中国特色社会主义思想为指导。\n"
                    "深入学习《中华人民共和国宪法》和《中华人民共和国民法典》，推进依法行政。")


def test_html_article_with_a_chrome_looking_class_is_kept() -> None:
    # a CMS that wraps the whole page in class="main-nav-wrap": the article must not be dropped
    page = ('<html><body><div class="main-nav-wrap"><p>区科技局深入学习贯彻《中华人民共和国宪法》，'
            '全面推进依法行政工作。</p></div></body></html>')
    assert load_file_bytes(page.encode(), "p.html").original.startswith("区科技局深入学习")


def test_empty_html_page_has_no_text() -> None:
    assert load_file_bytes(b"<html><head><title>x</title></head><body></body></html>", "p.html").original == ""


# ---- DOCX --------------------------------------------------------------------------------------------

def test_docx_paragraphs_and_tables_in_order(tmp_path) -> None:
    path = make_docx(["一、学习《中华人民共和国宪法》。", "二、推进“双随机、一公开”。"], tmp_path / "r.docx",
                     title="区科技局2024年法治政府建设情况报告",
                     table=[["序号", "文件名称"], ["1", "《重庆市科技创新促进条例》"]])
    assert load_file(path).original == ("区科技局2024年法治政府建设情况报告\n一、学习《中华人民共和国宪法》。\n"
                                        "二、推进“双随机、一公开”。\n序号\n文件名称\n1\n《重庆市科技创新促进条例》")


def test_zip_that_is_not_a_word_file(tmp_path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    (tmp_path / "r.docx").write_bytes(buf.getvalue())
    with pytest.raises(LoadError, match=r"r.docx is a spreadsheet \(.xlsx\), not a Word report; export"):
        load_file(tmp_path / "r.docx")


def test_truncated_docx(tmp_path, seed_versions) -> None:
    data = seed_versions["docx"].read_bytes()
    (tmp_path / "cut.docx").write_bytes(data[: len(data) // 2])
    with pytest.raises(LoadError, match=r"^cannot read .*cut.docx as .docx .*download or save it again$"):
        load_file(tmp_path / "cut.docx")


# ---- PDF -----------------------------------------------------------------------------------------------

def test_pdf_lines_without_page_numbers(seed_versions) -> None:
    text = load_file(seed_versions["pdf"]).original
    assert "- 1 -" not in text and "- 2 -" not in text
    assert "《江苏" in text  # wrapped lines are kept as printed; cleaning re-joins them


def test_scanned_pdf_is_reported_as_such(tmp_path) -> None:
    path = make_scanned_pdf(tmp_path / "scan.pdf")
    with pytest.raises(LoadError) as exc:
        load_file(path)
    assert str(exc.value) == (f"{path} is a scanned PDF with no text layer (2 pages, 2 images); run OCR on it "
                              "first (e.g. ocrmypdf -l chi_sim) and pass the result")


def test_damaged_pdf(tmp_path) -> None:
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.7\n garbage \x00\x01 no objects")
    with pytest.raises(LoadError, match=r"^cannot read .*bad.pdf as PDF \(.*download or export it again$"):
        load_file(tmp_path / "bad.pdf")


# ---- detection by content ------------------------------------------------------------------------------

@pytest.mark.parametrize("head,name,fmt", [
    (b"%PDF-1.4\n", "report.txt", PDF),            # content beats the suffix
    (b"PK\x03\x04rest", "report.doc", DOCX),      # a .doc that is really a .docx
    (b"<!DOCTYPE html><html>", "report.doc", HTML),  # a .doc that is really a web page
    (b"  <html lang=zh>", "content.jsp", HTML),
    (codecs.BOM_UTF8 + b"<!doctype html>", "a.txt", HTML),
    (b"<!-- saved from url=(0042) --><html>", "a", HTML),
    ("区科技局".encode(), "a.html", HTML),        # suffix when the content does not tell
    ("区科技局".encode(), "a.txt", TEXT),
    ("区科技局".encode(), "README", TEXT),
])
def test_sniff(head: bytes, name: str, fmt: str) -> None:
    assert sniff(head, name) == fmt


@pytest.mark.parametrize("head,message", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "r.doc is a legacy Word/WPS (.doc/.wps, OLE2) file, not a report "
     "lawgraph can read; save it as .docx (e.g. libreoffice --headless --convert-to docx)"),
    (b"{\\rtf1\\ansi", "r.doc is an RTF file, not a report lawgraph can read; save it as .docx or .txt"),
    (b"\x89PNG\r\n\x1a\n", "r.doc is a PNG image, not a report lawgraph can read; run OCR on it and pass the text"),
])
def test_sniff_refuses_what_it_cannot_read(head: bytes, message: str) -> None:
    with pytest.raises(LoadError) as exc:
        sniff(head, "r.doc")
    assert str(exc.value) == message


def test_html_saved_under_an_unknown_suffix_is_found_in_a_folder(tmp_path) -> None:
    (tmp_path / "content.jsp").write_bytes(page_html(["区科技局组织学习《中华人民共和国宪法》。"], charset="utf-8"))
    run = extract_paths([tmp_path])
    assert [(r.path, r.status, r.format) for r in run.records] == [(str(tmp_path / "content.jsp"), "processed", HTML)]
    assert [e["name"] for e in run.documents[0]["laws"]] == ["中华人民共和国宪法"]
