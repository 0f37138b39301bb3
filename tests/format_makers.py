"""Real files made with real libraries, for the format tests: a saved government web page (HTML),
a Word document (python-docx) and a PDF (reportlab, with its built-in Adobe-GB1 CID font STSong-Light,
so no font file is needed)."""

from __future__ import annotations

import html
from pathlib import Path

TITLE = "泰州市科学技术局2024年法治政府建设工作报告"

# web-page chrome full of names that must NOT reach the text: agencies, laws and programs
_HEAD = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{title}_泰州市人民政府</title>
<meta name="keywords" content="《中华人民共和国网络安全法》,市场监督管理局" />
<link rel="stylesheet" href="./index_files/style.css" />
<style type="text/css">.nav li{{float:left}} /* 《中华人民共和国保密法》 */</style>
<script type="text/javascript">var siteName = "泰州市公安局"; document.write("《中华人民共和国刑法》");</script>
</head>
<body>
<!-- 页面头部 《中华人民共和国反间谍法》 -->
<div class="header"><div class="logo"><img src="./index_files/logo.png" alt="泰州市人民政府" /></div>
<div class="search"><form action="/search"><input type="text" value="搜索" /><button>搜索</button></form></div></div>
<div class="nav"><ul>
<li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/bs">泰州市财政局</a></li>
<li><a href="/hd">《中华人民共和国政府信息公开条例》专栏</a></li><li><a href="/zt">“放管服”改革专题</a></li>
</ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 法治政府建设</div>
<div class="main">
<div class="article">
<h1 class="article-title">{title}</h1>
<div class="info">发布日期：2025-01-07 14:53 来源：泰州市教育局 【字体：<a>大</a> <a>中</a> <a>小</a>】</div>
<div class="TRS_Editor" id="zoom">
"""
_TAIL = """</div>
<div class="bdsharebuttonbox share">分享到：<a class="bds_weixin">微信</a><a class="bds_tsina">泰州市卫生健康委员会微博</a></div>
<div class="print-close">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
<noscript>《中华人民共和国数据安全法》</noscript>
</div>
<div class="related"><h3>相关链接</h3><ul><li><a>泰州市司法局关于《中华人民共和国行政复议法》的解读</a></li>
<li><a>“互联网+督查”平台</a></li></ul></div>
</div>
<div class="footer"><p>主办：泰州市人民政府办公室 承办：泰州市大数据管理局</p>
<p>版权所有 苏ICP备05012345号 《中华人民共和国著作权法》</p></div>
<script>window._bd_share_config={{"common":{{"bdText":"泰州市审计局"}}}};</script>
</body>
</html>
"""


def page_html(paragraphs: list[str], title: str = TITLE, charset: str = "gbk") -> bytes:
    """A page as a browser's "Save page as… (HTML only)" keeps it, in the page's own charset."""
    body = "".join(f'<p style="text-indent:2em;">{html.escape(p)}</p>\n' for p in paragraphs)
    text = _HEAD.format(charset=charset, title=html.escape(title)) + body + _TAIL.format()
    return text.encode("gb18030" if charset.lower() in ("gbk", "gb2312", "gb18030") else charset)


def make_docx(paragraphs: list[str], path: Path, title: str | None = None, table: list[list[str]] | None = None) -> Path:
    import docx
    from docx.shared import Pt

    d = docx.Document()
    if title:
        d.add_heading(title, level=1)
    for p in paragraphs:
        para = d.add_paragraph()
        # split runs like Word does after edits: the text must still come out whole
        half = len(p) // 2
        para.add_run(p[:half])
        para.add_run(p[half:]).font.size = Pt(12)
    if table:
        t = d.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, val in enumerate(row):
                t.cell(r, c).text = val
    d.sections[0].footer.paragraphs[0].text = "第 1 页"
    d.save(path)
    return path


def make_pdf(paragraphs: list[str], path: Path, title: str | None = None) -> Path:
    """A text PDF laid out like a report: wrapped CJK paragraphs, page numbers "- N -" at the foot."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=20, wordWrap="CJK",
                          firstLineIndent=24)
    head = ParagraphStyle("head", parent=body, fontSize=18, leading=28, firstLineIndent=0)

    def page_number(canvas, doc) -> None:
        canvas.setFont("STSong-Light", 10)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")

    story = [Paragraph(html.escape(title), head)] if title else []
    story += [Paragraph(html.escape(p), body) for p in paragraphs]
    SimpleDocTemplate(str(path), pagesize=A4, title=title or "").build(
        story, onFirstPage=page_number, onLaterPages=page_number)
    return path


def make_scanned_pdf(path: Path) -> Path:
    """A PDF whose pages are only pictures (what a scanner gives): no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("RGB", (400, 560), "white")
    draw = ImageDraw.Draw(img)
    for y in range(40, 520, 24):
        draw.rectangle((40, y, 360, y + 12), fill="black")  # lines of "print"
    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        c.drawImage(ImageReader(img), 0, 0, width=A4[0], height=A4[1])
        c.showPage()
    c.save()
    return path


# ---- hostile files (issue 14): each must be skipped with a reason, never stop a run ----------------

def make_aes_pdf(path: Path) -> Path:
    """A PDF encrypted with AES-128 that opens without a password (empty user password, an owner
    password restricting edits), as many government PDFs are."""
    import pypdf

    make_pdf(["泰州市科学技术局2024年法治政府建设工作报告", "认真学习《中华人民共和国科学技术进步法》。"], path)
    w = pypdf.PdfWriter(clone_from=str(path))
    w.encrypt("", "owner-secret", algorithm="AES-128")
    with open(path, "wb") as f:
        w.write(f)
    return path


def make_flate_bomb_pdf(path: Path, inflated: int = 200 * 2**20) -> Path:
    """A one-page PDF whose content stream is `inflated` bytes of spaces deflated to a few hundred KB."""
    import zlib

    import pypdf
    from pypdf.generic import NameObject, StreamObject

    w = pypdf.PdfWriter()
    page = w.add_blank_page(595, 842)
    comp = zlib.compressobj(9)
    chunk = b" " * 2**20
    data = b"".join(comp.compress(chunk) for _ in range(inflated // len(chunk))) + comp.flush()
    stream = StreamObject()
    stream.set_data(b"")
    stream._data = data
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    page[NameObject("/Contents")] = w._add_object(stream)
    with open(path, "wb") as f:
        w.write(f)
    return path


def make_styles_bomb_docx(path: Path, inflated: int = 100 * 2**20) -> Path:
    """A real .docx whose styles.xml is rewritten to `inflated` bytes of (valid, whitespace-padded) XML."""
    import zipfile

    src = make_docx(["泰州市科学技术局学习《中华人民共和国科学技术进步法》。"], path.with_suffix(".src.docx"))
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for item in zin.infolist():
            if item.filename == "word/styles.xml":
                with zout.open(item.filename, "w", force_zip64=True) as f:
                    f.write(f'<?xml version="1.0"?><w:styles xmlns:w="{ns}">'.encode())
                    chunk = b" " * 2**20
                    for _ in range(inflated // len(chunk)):
                        f.write(chunk)
                    f.write(b"</w:styles>")
            else:
                zout.writestr(item, zin.read(item.filename))
    src.unlink()
    return path


def nested_html(depth: int, text: str = "泰州市科学技术局学习《中华人民共和国科学技术进步法》。") -> bytes:
    """A page whose article paragraph sits `depth` <div>s deep."""
    return (f'<html><head><meta charset="utf-8"></head><body>{"<div>" * depth}<p>{text}</p>{"</div>" * depth}'
            "<p>尾页：泰州市司法局。</p></body></html>").encode()
