"""Decoding: UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK; clear errors otherwise."""

from __future__ import annotations

import codecs

import pytest

from lawgraph.io import LoadError, decode, iter_paths

TEXT = "重庆市科学技术局关于2021年度法治政府建设情况的报告"


@pytest.mark.parametrize("data,encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    (TEXT.encode("gb18030"), "gb18030"),
    (TEXT.encode("gbk"), "gb18030"),
])
def test_decode(data: bytes, encoding: str) -> None:
    assert decode(data, "a.txt") == (TEXT, encoding)


def test_explicit_encoding() -> None:
    trad = "重慶市科學技術局"
    assert decode(trad.encode("big5"), "a.txt", "big5") == (trad, "big5")


@pytest.mark.parametrize("data,message", [
    (b"\x00\x01\x02binary", "a.txt looks binary (NUL bytes), not a text report"),
    (b"\x81\x30\xff\xfe\x80", "cannot decode a.txt as UTF-8 or GB18030; pass --encoding (e.g. --encoding big5)"),
])
def test_undecodable(data: bytes, message: str) -> None:
    with pytest.raises(LoadError) as exc:
        decode(data, "a.txt")
    assert str(exc.value).startswith(message)


def test_wrong_explicit_encoding() -> None:
    with pytest.raises(LoadError, match=r"^cannot decode a.txt as ascii .*pass another --encoding$"):
        decode(TEXT.encode("utf-8"), "a.txt", "ascii")


def test_iter_paths_lists_every_file(tmp_path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("x", encoding="utf-8")
    (tmp_path / "1.txt").write_text("x", encoding="utf-8")
    (tmp_path / "sheet.xlsx").write_bytes(b"PK")
    got = list(iter_paths([tmp_path, tmp_path / "missing.txt"]))
    assert got == [
        (str(tmp_path / "1.txt"), None),
        (str(tmp_path / "sheet.xlsx"), "unsupported file type .xlsx; supported: .txt, .text, .html, .htm, "
                                        ".shtml, .xhtml, .docx, .pdf (rename it to .txt if it is a plain-text report)"),
        (str(tmp_path / "b" / "2.txt"), None),
        (str(tmp_path / "missing.txt"), "no such file or folder; check the path"),
    ]
