"""benchmarks/run.py's comparison with linkgen: the like-for-like laws pass and the linkgen harness
(run here against a stand-in package with linkgen's entry points, since linkgen is not bundled)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUN = ROOT / "benchmarks" / "run.py"
SEEDS = ROOT / "seeds"


def _run_module():
    spec = importlib.util.spec_from_file_location("bench_run", RUN)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_the_laws_pass_finds_what_lawgraph_extract_finds() -> None:
    from lawgraph.clean import clean
    from lawgraph.extract import laws, meta

    out = subprocess.run([sys.executable, str(RUN), "--ref", "laws", str(SEEDS)], capture_output=True,
                         text=True, check=True, cwd=ROOT)
    got = json.loads(out.stdout)
    files = sorted(SEEDS.glob("*.txt"))
    expected = 0
    for f in files:
        c = clean(f.read_text(encoding="utf-8"))
        expected += len(laws.extract(c, meta.detect(c)))
    assert got["count"] == expected > 0
    assert got["bytes"] == sum(f.stat().st_size for f in files)


STAND_IN = {
    "__init__.py": "",
    "models.py": (
        "from dataclasses import dataclass, field\n"
        "@dataclass\n"
        "class DocMeta:\n"
        "    doc_id: str\n    doc_type: str\n    doc_url: str\n    title: str\n    core_term: str\n"
        "    status: str\n    created_at: int\n    updated_at: int\n    release_date: int\n    version: str\n"
        "    version_timestamp: int\n    promulgators: list = field(default_factory=list)\n"
    ),
    "extractor.py": (
        "import re\n"
        "def extract(text, metadata):\n"
        "    return iter(m.group() for m in re.finditer(r'《[^《》]*》', text))\n"
    ),
    "resolver.py": "def resolve(text, entities, metadata):\n    return list(entities)\n",
}


def _stand_in(tmp_path: Path) -> Path:
    pkg = tmp_path / "linkgen-project" / "src" / "linkgen"
    pkg.mkdir(parents=True)
    for name, body in STAND_IN.items():
        (pkg / name).write_text(body, encoding="utf-8")
    return pkg.parents[1]


def test_the_linkgen_row_runs_linkgens_entry_points_over_the_corpus(tmp_path: Path) -> None:
    bench = _run_module()
    project = _stand_in(tmp_path)
    res = bench.run_linkgen(project, Path(sys.executable), SEEDS, tmp_path)
    titles = sum(len(re_titles(f.read_text(encoding="utf-8"))) for f in SEEDS.glob("*.txt"))
    assert res["count"] == titles > 0
    assert len(res["walls"]) == 3 and res["wall"] == sorted(res["walls"])[1]
    assert res["bytes"] == sum(f.stat().st_size for f in SEEDS.glob("*.txt"))


def re_titles(text: str) -> list[str]:
    import re

    return re.findall(r"《[^《》]*》", text)


def test_a_folder_without_linkgen_is_refused_with_the_fix(tmp_path: Path) -> None:
    bench = _run_module()
    with pytest.raises(SystemExit, match="linkgen/python/linkgen"):
        bench.run_linkgen(tmp_path, Path(sys.executable), SEEDS, tmp_path)
    with pytest.raises(SystemExit, match="--linkgen-python"):
        bench.linkgen_python(tmp_path, None)


def test_the_table_puts_linkgen_beside_lawgraph_extract() -> None:
    bench = _run_module()
    run = {"wall": 1.0, "maxrss_mb": 20.0, "load_s": 0.1, "scan_s": 0.8, "bytes": 11_000_000, "count": 5}
    res = {
        "corpus": "/c", "files": 1000, "bytes": 11_000_000, "cores": 2,
        "refs": {"regex": dict(run, wall=0.3), "jieba": dict(run, wall=30.0), "laws": dict(run, wall=1.5)},
        "extract": {"wall": 2.0, "maxrss_mb": 60.0, "docs": 1000, "fixed": 0.25, "one_bytes": 6000},
        "build": {"wall": 20.0, "maxrss_mb": 200.0, "tree_rss_mb": 400.0, "tree_pss_mb": 300.0,
                  "summary": [], "parallel": True, "timeout": None, "cmd": ["lawgraph", "build"]},
        "linkgen": dict(run, wall=1.0, cmd=["python", "benchmarks/run.py", "--ref", "linkgen", "CORPUS"],
                        walls=[0.9, 1.0, 1.2]),
        "help": {"median": 0.2, "min": 0.15, "maxrss_mb": 20.0},
        "python_startup": 0.02,
        "html": {"skipped": "skipped: --skip-html"},
    }
    table = bench.table(res)
    row = next(ln for ln in table.splitlines() if ln.startswith("| linkgen"))
    assert "`lawgraph extract` is 0.50× as fast" in row
    assert "| 1.000 | 11.00 | 13.75 | 20 |" in row and row.endswith("| lawgraph ≥ 1× (1,000 reports) | **missed** |")
    assert any(ln.startswith("| lawgraph, laws only") and "| 1.500 | 7.33 |" in ln for ln in table.splitlines())
    assert "median of 0.900, 1.000, 1.200 s" in bench.notes(res)
