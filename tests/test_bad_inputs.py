"""Hostile inputs: every case has a defined outcome (processed, skipped with a one-line reason naming
the fix, or duplicate), the run completes, and the records account for every file in the folder."""

from __future__ import annotations

import inspect
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from format_makers import make_scanned_pdf, page_html
from lawgraph.cli import cli
from lawgraph.io import paths as paths_mod
from lawgraph.manifest import exit_status, read_manifest, summary_line, write_manifest
from lawgraph.pipeline import extract_paths

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "seeds" / "002_9b29ee7cd0a48152.txt").read_text(encoding="utf-8")
MB = 2**20

# name → (how to make it, expected status, what the reason says). One row per case.
CASES: dict[str, tuple] = {
    "report.txt": (lambda p: p.write_text(SEED, encoding="utf-8"), "processed", ""),
    # the same bytes under a second name: read once, under the first name in sorted order
    "zz_copy_of_report.txt": (lambda p: p.write_text(SEED, encoding="utf-8"), "duplicate",
                              "same content as {d}/report.txt; read once, under that name"),
    "gbk_report.txt": (lambda p: p.write_bytes(SEED[:3000].encode("gbk")), "processed", ""),
    "page.html": (lambda p: p.write_bytes(page_html(SEED.splitlines()[:20])), "processed", ""),
    # cut in the middle of its last character: read, the stump becomes U+FFFD, noted
    "truncated.txt": (lambda p: p.write_bytes(SEED.encode("utf-8")[:-1]), "processed",
                      "its cut-off last character read as U+FFFD; the file may be damaged or cut short"),
    # one byte overwritten inside a character (it and its 2 orphans are damaged): still UTF-8, not GB18030 mojibake
    "damaged.txt": (lambda p: p.write_bytes(SEED.encode()[:999] + b"\xff" + SEED.encode()[1000:]), "processed",
                    "3 damaged bytes read as U+FFFD; the file may be damaged or cut short"),
    "empty.txt": (lambda p: p.write_bytes(b""), "skipped", "{d}/empty.txt is empty; remove it or pass the full report"),
    "blank.txt": (lambda p: p.write_text(" \n\t\n", encoding="utf-8"), "skipped",
                  "{d}/blank.txt has no text; remove it or pass the full report"),
    "binary.txt": (lambda p: p.write_bytes(bytes(range(256)) * 64), "skipped",
                   "{d}/binary.txt looks binary (NUL bytes), not a text report; convert it to text or pass "
                   "--encoding utf-16-le if it is UTF-16 without a byte-order mark"),
    "undecodable.txt": (lambda p: p.write_bytes("区科技局".encode() + b"\xff\xfe\x80\x81\x30" * 40), "skipped",
                        "cannot decode {d}/undecodable.txt as UTF-8 or GB18030; pass --encoding (e.g. --encoding big5)"),
    # 50 MB: refused before it is read (memory stays bounded); --max-size reads it
    "huge.txt": (lambda p: p.write_bytes(("区科技局" * 1000 + "\n").encode() * (50 * MB // 12001 + 1)), "skipped",
                 "{d}/huge.txt is 50.0 MB, over the 20.0 MB size limit; pass --max-size 52M to read it anyway"),
    "README": (lambda p: p.write_text("# lawgraph\n\nInstall with pip.\n", encoding="utf-8"), "skipped",
               "{d}/README has no Chinese text, so it is not a report; remove it from the input "
               "(or pass --encoding if it is Chinese in another encoding)"),
    "README.md": (lambda p: p.write_text("# 说明\n", encoding="utf-8"), "skipped",
                  "unsupported file type .md; supported: .txt, .text, .html, .htm, .shtml, .xhtml, .docx, .pdf "
                  "(rename it to .txt if it is a plain-text report)"),
    "export.csv": (lambda p: p.write_text("机关,法律\n区科技局,《宪法》\n", encoding="utf-8"), "skipped",
                   "unsupported file type .csv; supported: .txt, .text, .html, .htm, .shtml, .xhtml, .docx, .pdf "
                   "(rename it to .txt if it is a plain-text report)"),
    "scan.pdf": (make_scanned_pdf, "skipped",
                 "{d}/scan.pdf is a scanned PDF with no text layer (2 pages, 2 images); run OCR on it first "
                 "(e.g. ocrmypdf -l chi_sim) and pass the result"),
    "old.doc": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600), "skipped",
                "is a legacy Word/WPS (.doc/.wps, OLE2) file, not a report lawgraph can read; save it as .docx "
                "(e.g. libreoffice --headless --convert-to docx)"),
    "photo.png": (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100), "skipped",
                  "is a PNG image, not a report lawgraph can read; run OCR on it and pass the text"),
    ".DS_Store": (lambda p: p.write_bytes(b"\x00\x00\x00\x01Bud1"), "skipped",
                  "hidden file (its name starts with '.'); rename it to include it"),
    "broken_link.txt": (lambda p: p.symlink_to(p.parent / "gone.txt"), "skipped",
                        "broken symbolic link (to {d}/gone.txt); fix or remove the link"),
    "loop_link.txt": (lambda p: p.symlink_to(p), "skipped", "symbolic link loop; fix or remove the link"),
    # a link back up the tree: listed, not followed, so the walk cannot loop
    "sub/up": (lambda p: p.symlink_to(p.parent.parent, target_is_directory=True), "skipped",
               "symbolic link to a folder, not followed (it could loop); pass its target {d} to include it"),
    "sub/nested.txt": (lambda p: p.write_text("区科技局学习《中华人民共和国宪法》。", encoding="utf-8"), "processed", ""),
}


def make_folder(d: Path, cases: dict = CASES) -> Path:
    for name, (make, _, _) in cases.items():
        p = d / name
        p.parent.mkdir(parents=True, exist_ok=True)
        make(p)
    return d


def every_entry(d: Path) -> set[str]:
    """Every file, link and folder link in the tree (links not followed)."""
    out = set()
    for root, dirs, files in os.walk(d):
        out.update(os.path.join(root, f) for f in files)
        out.update(os.path.join(root, x) for x in dirs if os.path.islink(os.path.join(root, x)))
    return out


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return make_folder(tmp_path_factory.mktemp("bad"))


@pytest.fixture(scope="module")
def run(folder):
    return extract_paths([folder])


def test_every_file_is_accounted_for(folder, run) -> None:
    assert {r.path for r in run.records} == every_entry(folder)
    assert len(run.records) == len(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_case_has_its_outcome(folder, run, name: str) -> None:
    _, status, reason = CASES[name]
    rec = next(r for r in run.records if r.path == str(folder / name))
    assert rec.status == status
    assert rec.reason.endswith(reason.format(d=folder)), rec.reason
    assert "\n" not in rec.reason
    if status == "processed":
        assert rec.sha256 and rec.format


def test_documents_and_skipped_lists(folder, run) -> None:
    assert sorted(d["source"] for d in run.documents) == sorted(
        str(folder / n) for n, c in CASES.items() if c[1] == "processed")
    assert {p for p, _ in run.skipped} == {str(folder / n) for n, c in CASES.items() if c[1] != "processed"}


def test_summary_and_exit_status(run) -> None:
    assert summary_line(run.records) == "processed 6, skipped 15, duplicates 1"
    assert exit_status(run.records) == 0
    assert exit_status(run.records, strict=True) == 2


def test_nothing_processable_exits_2(tmp_path) -> None:
    bad = {k: v for k, v in CASES.items() if v[1] == "skipped"}
    records = extract_paths([make_folder(tmp_path, bad)]).records
    assert summary_line(records) == "processed 0, skipped 15, duplicates 0"
    assert exit_status(records) == 2


def test_duplicates_are_not_failures_under_strict(tmp_path) -> None:
    (tmp_path / "b.txt").write_text("学习《宪法》", encoding="utf-8")
    (tmp_path / "a.txt").write_text("学习《宪法》", encoding="utf-8")
    records = extract_paths([tmp_path / "b.txt", tmp_path / "a.txt", tmp_path / "a.txt"]).records
    # the first in sorted order is read, whatever the order given; a path given twice is read once
    assert [(Path(r.path).name, r.status, r.reason) for r in records] == [
        ("b.txt", "duplicate", f"same content as {tmp_path / 'a.txt'}; read once, under that name"),
        ("a.txt", "processed", ""),
        ("a.txt", "duplicate", "same path given twice; read once"),
    ]
    assert exit_status(records, strict=True) == 0


def test_max_size_option_reads_a_large_file(tmp_path) -> None:
    f = tmp_path / "big.txt"
    f.write_text(SEED * 100, encoding="utf-8")  # 3.4 MB
    assert extract_paths([f], max_size=MB).records[0].status == "skipped"
    rec = extract_paths([f], max_size=4 * MB).records[0]
    assert (rec.status, rec.laws) == ("processed", extract_paths([ROOT / "seeds" / "002_9b29ee7cd0a48152.txt"]).records[0].laws)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file whatever its mode")
def test_unreadable_file_real(tmp_path) -> None:
    f = tmp_path / "secret.txt"
    f.write_text("学习《宪法》", encoding="utf-8")
    f.chmod(0)
    rec = extract_paths([tmp_path]).records[0]
    assert (rec.status, rec.reason) == (
        "skipped", f"cannot read {f}: permission denied; make it readable (chmod a+r) or run as its owner")


def test_unreadable_file(tmp_path, monkeypatch) -> None:
    # root can read anything, so the refusal the OS gives a normal user is made here
    f = tmp_path / "secret.txt"
    f.write_text("学习《宪法》", encoding="utf-8")
    real_open = os.open

    def refusing_open(path, *args, **kwargs):
        if str(path) == str(f):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(paths_mod.os, "open", refusing_open)
    rec = extract_paths([tmp_path]).records[0]
    assert (rec.status, rec.sha256, rec.reason) == (
        "skipped", "", f"cannot read {f}: permission denied; make it readable (chmod a+r) or run as its owner")


def test_unlistable_folder_is_recorded(tmp_path, monkeypatch) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "a.txt").write_text("学习《宪法》", encoding="utf-8")
    real_scandir = os.scandir

    def refusing_scandir(path="."):
        if str(path) == str(tmp_path / "locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing_scandir)
    got = [(r.path, r.status, r.reason) for r in extract_paths([tmp_path]).records]
    assert got == [
        (str(tmp_path / "a.txt"), "processed", ""),
        (str(tmp_path / "locked"), "skipped",
         "cannot list this folder: permission denied; make it readable (chmod a+rx) to include it"),
    ]


def test_symlinked_folder_loop_does_not_hang(tmp_path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "r.txt").write_text("学习《宪法》", encoding="utf-8")
    (tmp_path / "a" / "b" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "a" / "self").symlink_to(tmp_path / "a" / "self")
    got = [(Path(r.path).name, r.status) for r in extract_paths([tmp_path]).records]
    assert got == [("self", "skipped"), ("loop", "skipped"), ("r.txt", "processed")]


def test_cli_extract_on_the_bad_folder(folder) -> None:
    res = CliRunner().invoke(cli, ["extract", str(folder)])
    assert res.exit_code == 0
    assert len(res.stdout.splitlines()) == 6
    assert len(res.stderr.splitlines()) == 16  # one line per skipped or duplicate input
    strict = CliRunner().invoke(cli, ["extract", str(folder), "--strict"])
    assert strict.exit_code == 2
    assert strict.stderr.splitlines()[-1] == (
        "lawgraph: processed 6, skipped 15, duplicates 1; --strict fails on any skipped input")
    big = CliRunner().invoke(cli, ["text", str(folder / "huge.txt"), "--max-size", "nonsense"])
    assert big.exit_code == 2 and "write it like 20M, 500k or 1G" in big.stderr


def test_manifest_of_the_bad_folder(folder, run, tmp_path) -> None:
    path = write_manifest(run.records, tmp_path / "out" / "manifest.csv")
    back = read_manifest(path)
    assert sorted(r.path for r in back) == sorted(every_entry(folder))
    assert {r.path: r.status for r in back} == {r.path: r.status for r in run.records}


def _build_writes_manifest() -> bool:
    try:
        from lawgraph.cli import building as cli_graph
    except ImportError:
        return False
    return "manifest" in inspect.getsource(cli_graph)


@pytest.mark.skipif(not _build_writes_manifest(), reason="`lawgraph build` does not write the manifest yet")
def test_build_on_the_bad_folder(folder, tmp_path) -> None:
    out = tmp_path / "exports"
    res = CliRunner().invoke(cli, ["build", str(folder), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "processed 6, skipped 15, duplicates 1" in res.stderr
    assert sorted(r.path for r in read_manifest(out / "manifest.csv")) == sorted(every_entry(folder))
    strict = CliRunner().invoke(cli, ["build", str(folder), "-o", str(tmp_path / "x"), "--strict"])
    assert strict.exit_code == 2
