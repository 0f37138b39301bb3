"""One bad input never costs a run (issue 14): every hostile file below is skipped with a one-line
reason naming it, or read with a warning, and the good report beside it is still processed."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from format_makers import make_aes_pdf, make_flate_bomb_pdf, make_styles_bomb_docx, nested_html
from lawgraph import pipeline
from lawgraph.io import load_bytes
from lawgraph.manifest import read_manifest, write_manifest
from lawgraph.pipeline import extract_paths

GOOD = "泰州市科学技术局学习《中华人民共和国科学技术进步法》。".encode()


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging the suite) when the block takes longer than `seconds`."""
    def expired(*_):
        raise TimeoutError(f"took over {seconds} s: a read blocked")
    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def outcome(folder: Path, **kw) -> dict[str, tuple[str, str]]:
    """name relative to `folder` → (status, reason) for every record of a run over it."""
    with deadline(60):
        run = extract_paths([folder], **kw)
    return {os.path.relpath(r.path, folder): (r.status, r.reason) for r in run.records}


# (file name, maker, the end of the skip reason)
BOMBS = [
    ("bomb.pdf", make_flate_bomb_pdf, "it may be a decompression bomb: check the file or export it again"),
    ("bomb.docx", make_styles_bomb_docx, "check the file (it may be a zip bomb) or save it again in Word or WPS"),
]


@pytest.mark.parametrize("name,make,reason", BOMBS, ids=[b[0] for b in BOMBS])
def test_hostile_file_is_skipped_and_the_run_goes_on(tmp_path: Path, name, make, reason) -> None:
    make(tmp_path / name)
    (tmp_path / "good.txt").write_bytes(GOOD)
    got = outcome(tmp_path)
    assert got["good.txt"] == ("processed", "")
    status, why = got[name]
    assert status == "skipped" and why.startswith(str(tmp_path / name)) and why.endswith(reason), why
    assert "\n" not in why


def test_an_aes_pdf_that_opens_without_a_password_is_read(tmp_path: Path) -> None:
    make_aes_pdf(tmp_path / "aes.pdf")
    run = extract_paths([tmp_path / "aes.pdf"])
    assert [r.status for r in run.records] == ["processed"]
    assert [law["name"] for law in run.documents[0]["laws"]] == ["中华人民共和国科学技术进步法"]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")
def test_bombs_stay_within_a_few_hundred_mb(tmp_path: Path) -> None:
    for name, make, _ in BOMBS:
        make(tmp_path / name)
    # VmHWM is this process's own peak: ru_maxrss would also count the pytest process the child was
    # spawned from (Linux keeps the larger of the two across exec)
    code = ("import re, sys; from lawgraph.pipeline import read_and_analyse\n"
            "for p in sys.argv[1:]: read_and_analyse(p)\n"
            "status = open('/proc/self/status').read()\n"
            "print(int(re.search(r'VmHWM:\\s*(\\d+)', status).group(1)) // 1024)")
    out = subprocess.run([sys.executable, "-c", code, *(str(tmp_path / n) for n, _, _ in BOMBS)],
                         capture_output=True, text=True, check=True, timeout=120)
    assert int(out.stdout.split()[-1]) < 400, out.stdout


def test_a_name_that_is_not_utf8_is_kept_as_bytes_and_shown_escaped(tmp_path: Path) -> None:
    raw = os.path.join(os.fsencode(tmp_path), b"bad\xff\xfe.txt")
    with open(raw, "wb") as f:
        f.write(GOOD)
    run = extract_paths([tmp_path])
    (rec,) = run.records
    assert (rec.path, rec.status) == (os.fsdecode(raw), "processed")
    assert os.path.exists(rec.path)  # the path still names the file
    shown = f"{tmp_path}/bad\\xff\\xfe.txt"
    assert run.documents[0]["source"] == shown
    json.dumps(run.documents[0], ensure_ascii=False).encode("utf-8")  # writable anywhere
    manifest = write_manifest(run.records, tmp_path / "manifest.csv")
    assert manifest.read_text(encoding="utf-8").splitlines()[1].startswith(shown + ",")


def test_utf7_with_an_unpaired_surrogate_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "u7.txt").write_bytes("学习《宪法》".encode("utf-7") + b" +2AA-")
    (tmp_path / "good.txt").write_bytes("学习《宪法》".encode("utf-7"))
    got = outcome(tmp_path, encoding="utf-7")
    assert got["good.txt"] == ("processed", "")
    assert got["u7.txt"] == ("skipped", f"cannot decode {tmp_path}/u7.txt as utf-7: it gives an unpaired "
                             "surrogate (U+D800) at character 7, which is not text; pass another --encoding")


@pytest.mark.parametrize("depth,warning", [
    (20, ""),
    (300, ""),  # past libxml2's default limit of 256: read whole with its huge-tree depth
    (3000, "read flat: the page nests deeper than 2000 elements, page chrome kept"),  # past any limit: flat
])
def test_deeply_nested_html_never_loses_its_text(tmp_path: Path, depth: int, warning: str) -> None:
    (tmp_path / "deep.html").write_bytes(nested_html(depth))
    run = extract_paths([tmp_path])
    (rec,) = run.records
    assert (rec.status, rec.warnings) == ("processed", warning)
    assert [law["name"] for law in run.documents[0]["laws"]] == ["中华人民共和国科学技术进步法"]


def test_html_metadata_becomes_header_lines() -> None:
    page = ('<html><head><meta charset="utf-8"><meta name="ArticleTitle" content="关于2024年法治政府建设情况的报告">'
            '<meta name="PubDate" content="2025-01-07 14:53"><meta name="ContentSource" content=" 泰州市科学技术局 ">'
            '<meta name="keywords" content="《刑法》"></head><body><p>2024年，我局深入学习《中华人民共和国宪法》。</p>'
            "</body></html>").encode()
    assert load_bytes(page, "a.html").original.splitlines() == [
        "标题：关于2024年法治政府建设情况的报告", "发布机构：泰州市科学技术局", "发布日期：2025-01-07 14:53",
        "2024年，我局深入学习《中华人民共和国宪法》。"]


@pytest.mark.parametrize("make,reason", [
    (os.mkfifo, "a named pipe (FIFO), not a regular file; save the report to a file (or pipe it to standard input as -)"),
])
def test_special_files_are_skipped_without_hanging(tmp_path: Path, make, reason: str) -> None:
    make(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_bytes(GOOD)
    assert outcome(tmp_path) == {"good.txt": ("processed", ""), "pipe.txt": ("skipped", reason)}
    with deadline(60):  # named on the command line too
        (rec,) = extract_paths([tmp_path / "pipe.txt"]).records
    assert (rec.status, rec.reason) == ("skipped", reason)


def test_a_device_on_the_command_line_is_skipped() -> None:
    with deadline(60):
        (rec,) = extract_paths(["/dev/zero"]).records
    assert (rec.status, rec.reason) == (
        "skipped", "a device, not a regular file; save the report to a file (or pipe it to standard input as -)")


def test_dash_reads_standard_input_once(monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(GOOD), encoding="utf-8"))
    run = extract_paths(["-", "-"])
    assert [(r.path, r.status) for r in run.records] == [("-", "processed"), ("-", "duplicate")]
    assert [law["name"] for law in run.documents[0]["laws"]] == ["中华人民共和国科学技术进步法"]


def test_the_output_folder_is_never_an_input(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(GOOD)
    (tmp_path / "graph_exports").mkdir()
    (tmp_path / "graph_exports" / "index.html").write_bytes(b"<html><body><p>" + GOOD + b"</p></body></html>")
    got = outcome(tmp_path, exclude=[tmp_path / "graph_exports"])
    assert got == {"a.txt": ("processed", "")}
    (rec,) = extract_paths([tmp_path / "graph_exports" / "index.html"], exclude=[tmp_path / "graph_exports"]).records
    assert (rec.status, rec.reason) == (
        "skipped", "inside the output folder of this build, so not an input; pass another -o or move it")


def test_a_document_is_its_exact_path(tmp_path: Path) -> None:
    (tmp_path / "two  spaces.txt").write_bytes(GOOD)
    (tmp_path / "two spaces.txt").write_bytes(GOOD + "另学习《中华人民共和国宪法》。".encode())
    (tmp_path / "a;b.txt").write_bytes(GOOD + b"\n")
    run = extract_paths([tmp_path])
    assert [(os.path.basename(r.path), r.status) for r in run.records] == [
        ("a;b.txt", "processed"), ("two  spaces.txt", "processed"), ("two spaces.txt", "processed")]
    assert [os.path.basename(d["source"]) for d in run.documents] == ["a;b.txt", "two  spaces.txt", "two spaces.txt"]


@pytest.mark.parametrize("where,exc", [
    ("reader", RuntimeError("a library broke\nwith a second line")),
    ("reader", MemoryError()),
    ("reader", RecursionError("maximum recursion depth exceeded")),
    ("analyse", KeyError("law")),
])
def test_any_failure_on_one_input_skips_only_that_input(tmp_path: Path, monkeypatch, where: str, exc) -> None:
    (tmp_path / "a.html").write_bytes(b"<html><body><p>" + GOOD + b"</p></body></html>")
    (tmp_path / "b.txt").write_bytes(GOOD)

    def fail(*args, **kwargs):
        raise exc

    if where == "reader":
        from lawgraph.io.readers import html
        monkeypatch.setattr(html, "read", fail)
    else:
        real = pipeline.analyse
        monkeypatch.setattr(pipeline, "analyse", lambda doc: fail() if doc.source.endswith(".html") else real(doc))
    got = outcome(tmp_path)
    assert got["b.txt"] == ("processed", "")
    status, reason = got["a.html"]
    what = " ".join(f"{type(exc).__name__}: {exc}".split())
    expected = (f"cannot read {tmp_path}/a.html ({what}); the file may be damaged: check it (and report it to "
                "lawgraph with the file if it opens elsewhere)") if where == "reader" else (
                f"lawgraph failed on {tmp_path}/a.html ({what}); please report it with the file")
    assert (status, reason) == ("skipped", expected)


def test_analysis_warnings_reach_the_manifest(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.txt").write_bytes(GOOD)
    real = pipeline.analyse
    monkeypatch.setattr(pipeline, "analyse", lambda doc: {**real(doc), "warnings": ["no year found", "=odd"]})
    run = extract_paths([tmp_path])
    assert run.records[0].warnings == "no year found; =odd"
    write_manifest(run.records, tmp_path / "m.csv")
    assert (tmp_path / "m.csv").read_text(encoding="utf-8").splitlines()[1].endswith(",no year found; =odd")
    assert read_manifest(tmp_path / "m.csv")[0].warnings == "no year found; =odd"


def test_a_result_nobody_can_use_skips_only_that_input(tmp_path: Path, monkeypatch) -> None:
    """An analyse() result of the wrong shape (an entity without mentions) fails where the graph's
    reduction reads it: that input is skipped and the other processed."""
    from lawgraph._accel.cache import Cache

    (tmp_path / "a.txt").write_bytes(GOOD)
    (tmp_path / "b.txt").write_bytes(GOOD + "另学习《中华人民共和国宪法》。".encode())
    real = pipeline.analyse
    bad = {"name": "x", "mentions": []}
    monkeypatch.setattr(pipeline, "analyse", lambda doc: {**real(doc), "laws": [bad]} if doc.source.endswith("a.txt")
                        else real(doc))
    run = extract_paths([tmp_path / "a.txt", tmp_path / "b.txt"], lean=True, cache=Cache(tmp_path / "cache"))
    got = {os.path.basename(r.path): (r.status, r.reason) for r in run.records}
    assert got["b.txt"] == ("processed", "")
    assert got["a.txt"] == ("skipped", f"lawgraph failed on {tmp_path}/a.txt (IndexError: list index out of range); "
                            "please report it with the file")


@pytest.mark.parametrize("limit,value,reason", [
    ("MAX_PAGES", 0, "has 1 pages, over the 0 a report can hold; split it or pass the report's own pages"),
    ("MAX_TEXT", 5, "holds over 0 M characters of text, more than a report; check the file or pass the report's own pages"),
])
def test_pdf_limits(tmp_path: Path, monkeypatch, limit: str, value: int, reason: str) -> None:
    from format_makers import make_pdf
    from lawgraph.io.readers import pdf

    make_pdf(["泰州市科学技术局学习《中华人民共和国科学技术进步法》。"], tmp_path / "a.pdf")
    monkeypatch.setattr(pdf, limit, value)
    (rec,) = extract_paths([tmp_path]).records
    assert (rec.status, rec.reason) == ("skipped", f"{tmp_path}/a.pdf {reason}")


def test_a_pdf_that_needs_a_password_is_skipped(tmp_path: Path) -> None:
    import pypdf

    from format_makers import make_pdf

    make_pdf(["泰州市科学技术局学习《中华人民共和国科学技术进步法》。"], tmp_path / "plain.pdf")
    w = pypdf.PdfWriter(clone_from=str(tmp_path / "plain.pdf"))
    w.encrypt("user-secret", "owner-secret", algorithm="RC4-128")
    with open(tmp_path / "locked.pdf", "wb") as f:
        w.write(f)
    (tmp_path / "plain.pdf").unlink()
    (rec,) = extract_paths([tmp_path]).records
    assert (rec.status, rec.reason) == (
        "skipped", f"{tmp_path}/locked.pdf is a password-protected PDF; save an unprotected copy and pass that")
