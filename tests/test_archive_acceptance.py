"""Issue 14's acceptance, end to end through `lawgraph build`: the seeds beside every kind of hostile
input build with exit 0; every input is in manifest.csv; document nodes = processed rows; no CSV
cell starts with a formula character; distinct paths stay distinct documents."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from format_makers import make_aes_pdf, make_flate_bomb_pdf, make_styles_bomb_docx, nested_html

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "seeds" / "002_9b29ee7cd0a48152.txt").read_text(encoding="utf-8")
FORMULA = ("=", "+", "-", "@", "\t", "\r")
MEASURED = """
import resource, subprocess, sys
r = subprocess.run([sys.executable, "-m", "lawgraph", "build", sys.argv[1], "-o", sys.argv[2], "-j", "2", "-q"])
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(r.returncode)
"""


def hostile_folder(folder: Path) -> None:
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        shutil.copy(p, folder / p.name)
    make_aes_pdf(folder / "encrypted.pdf")
    make_flate_bomb_pdf(folder / "bomb.pdf")
    make_styles_bomb_docx(folder / "styles-bomb.docx")
    with open(os.path.join(os.fsencode(folder), b"gb-\xd6\xd0.txt"), "wb") as f:  # not UTF-8
        f.write(SEED.replace("泰州", "扬州").encode("utf-8"))
    (folder / "=1+2.txt").write_text(SEED.replace("泰州", "常州"), encoding="utf-8")
    (folder / "two  spaces.txt").write_text(SEED.replace("泰州", "镇江"), encoding="utf-8")
    (folder / "two spaces.txt").write_text(SEED.replace("泰州", "南通"), encoding="utf-8")
    (folder / "deep.html").write_bytes(nested_html(300))
    os.mkfifo(folder / "pipe.txt")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_hostile_archive_builds_whole(tmp_path: Path) -> None:
    reports, out = tmp_path / "reports", tmp_path / "out"
    reports.mkdir()
    hostile_folder(reports)
    # the build runs under a fresh interpreter that reports the peak RSS of its descendants alone
    run = subprocess.run([sys.executable, "-c", MEASURED, str(reports), str(out)],
                         capture_output=True, timeout=120, env={**os.environ, "LC_ALL": "C.UTF-8"})
    assert run.returncode == 0, run.stderr.decode(errors="replace")
    peak_kib = int(run.stdout.decode().split()[-1])
    assert peak_kib < 700 * 1024  # under 700 MB for the largest process of the build

    with open(out / "manifest.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    inputs = sorted(os.listdir(os.fsencode(reports)))
    assert len(rows) == len(inputs)  # every input has its row
    status = {Path(r["path"]).name: r["status"] for r in rows}
    for name in ("bomb.pdf", "styles-bomb.docx", "pipe.txt"):
        assert status[name] == "skipped", (name, status)
    for name in ("encrypted.pdf", "=1+2.txt", "two  spaces.txt", "two spaces.txt", "deep.html", "001_941c10f9f08c4ec0.txt"):
        assert status[name] == "processed", (name, status)

    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    documents = [n for n in graph["nodes"] if n.get("type") == "document"]
    processed = [r for r in rows if r["status"] == "processed"]
    assert len(documents) == len(processed)

    for name in ("nodes.csv", "edges.csv", "manifest.csv"):
        with open(out / name, encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                bad = [c for c in row if c.startswith(FORMULA)]
                assert bad == [], (name, bad)
