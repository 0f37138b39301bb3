"""The graph commands through click's CliRunner: exact output, exit codes, build on the seeds."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lawgraph.cli import cli
from lawgraph.exporters import jsonfile
from lawgraph.graph import build_graph
from lawgraph.store import write as write_store

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "graph" / "docs.jsonl"


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    docs = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = tmp_path_factory.mktemp("graph")
    write_store(build_graph(docs), out / "lawgraph.sqlite")  # what the queries read
    return str(out)


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


LAWS_TABLE = """\
law                                                   level       documents  years      sources                                        relation_main  n_implements  n_studies  n_drafts  n_reviews  n_cites
----------------------------------------------------  ----------  ---------  ---------  ---------------------------------------------  -------------  ------------  ---------  --------  ---------  -------
中华人民共和国科学技术进步法                          法律                2  2023;2024  reports/a_kjj_2023.txt;reports/b_kjj_2024.txt  cites                     0          0         0          0        3
中华人民共和国宪法                                    宪法                1  2023       reports/a_kjj_2023.txt                         cites                     0          0         0          0        1
中华人民共和国行政许可法                              法律                1  2024       reports/b_kjj_2024.txt                         cites                     0          0         0          0        1
国务院关于贯彻实施〈中华人民共和国行政许可法〉的通知  规范性文件          1  2024       reports/b_kjj_2024.txt                         cites                     0          0         0          0        1
江苏省科学技术进步条例                                地方性法规          1  2023       reports/a_kjj_2023.txt                         cites                     0          0         0          0        1
"""

AGENCIES_CSV = """\
agency,type,documents,years,sources
泰州市科学技术局,agency,1,2023,reports/a_kjj_2023.txt
d_hostile.txt,document,1,,reports/d_hostile.txt
"""

AGENCIES_JSON = """\
[
  {
    "agency": "泰州市科学技术局",
    "type": "agency",
    "documents": 2,
    "years": [
      2023,
      2024
    ],
    "sources": [
      "reports/a_kjj_2023.txt",
      "reports/b_kjj_2024.txt"
    ]
  },
  {
    "agency": "泰州市市场监督管理局",
    "type": "agency",
    "documents": 1,
    "years": [
      2024
    ],
    "sources": [
      "reports/c_scjgj_2024.txt"
    ]
  }
]
"""

STATS_TABLE = """\
what       type          count
---------  ------------  -----
documents                    4
nodes      all              19
nodes      agency            4
nodes      law               7
nodes      program           3
nodes      document          4
nodes      jurisdiction      1
edges      all              23
edges      cites            10
edges      runs              4
edges      mentions          4
edges      authored          3
edges      in                2
"""

MATRIX_CSV = (
    "agency,中华人民共和国科学技术进步法,中华人民共和国宪法,中华人民共和国市场主体登记管理条例,"
    "中华人民共和国行政许可法,国务院关于贯彻实施〈中华人民共和国行政许可法〉的通知,江苏省科学技术进步条例\n"
    "泰州市市场监督管理局,1,0,1,0,0,0\n"
    "泰州市科学技术局,2,1,0,1,1,1\n"
)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["laws", "--agency", "泰州市科技局"], LAWS_TABLE),
        (["agencies", "--law", "《宪法》", "--format", "csv"], AGENCIES_CSV),
        (["agencies", "--law", "科技进步法", "--format", "json"], AGENCIES_JSON),
        (["stats"], STATS_TABLE),
        (["matrix", "--format", "csv"], MATRIX_CSV),
    ],
)
def test_query_output(graph_dir: str, args: list[str], expected: str) -> None:
    result = run(*args, "--in", graph_dir)
    assert (result.exit_code, result.stdout, result.stderr) == (0, expected, "")


def test_matrix_to_file(graph_dir: str, tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    result = run("matrix", "--in", graph_dir, "-o", str(out))
    assert (result.exit_code, result.stdout) == (0, f"2 agencies x 6 laws written to {out}\n")
    assert out.read_bytes() == b"\xef\xbb\xbf" + MATRIX_CSV.encode("utf-8")


@pytest.mark.parametrize(
    ("args", "code", "stderr"),
    [
        (["laws", "--agency", "泰州市科技"], 1,
         "lawgraph: unknown agency '泰州市科技'; closest: 泰州市科学技术局, 泰州市司法局, 泰州市市场监督管理局\n"),
        (["agencies", "--law", "刑法"], 1, "lawgraph: unknown law '刑法'; closest: 中华人民共和国宪法\n"),
        (["laws", "--agency", "泰州市司法局"], 1, "lawgraph: 泰州市司法局 cites no law in this graph\n"),
    ],
)  # fmt: skip
def test_no_result_exit_1(graph_dir: str, args: list[str], code: int, stderr: str) -> None:
    result = run(*args, "--in", graph_dir)
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", stderr)


@pytest.mark.parametrize(
    "command", [["stats"], ["laws", "--agency", "x"], ["agencies", "--law", "x"], ["matrix"]]
)
def test_missing_graph_exit_2(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "nope"
    result = run(*command, "--in", str(missing))
    assert result.exit_code == 2
    assert (
        result.stderr == f"lawgraph: no graph folder {missing}: run lawgraph build first (or pass --in DIR)\n"
    )
    assert "Traceback" not in result.output


def test_debug_shows_the_exception(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--debug", "stats", "--in", str(tmp_path / "nope")])
    assert result.exit_code == 1 and type(result.exception).__name__ == "GraphError"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["laws", "--in", "x"], "Missing option '--agency'"),
        (["stats", "--format", "xml"], "Invalid value for '--format'"),
    ],
)
def test_bad_usage_exit_2(args: list[str], fragment: str) -> None:
    result = run(*args)
    assert result.exit_code == 2 and fragment in result.stderr


@pytest.mark.parametrize("command", ["build", "laws", "agencies", "matrix", "stats"])
def test_every_command_has_help(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0 and result.stdout.startswith(f"Usage: cli {command} ")


def test_build_without_seeds_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 2
    assert result.stderr == "lawgraph: no seeds/ folder here; pass the report files or folders to build\n"
    assert list(tmp_path.iterdir()) == []


# --- the real pipeline on seeds/ ------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_build(tmp_path_factory: pytest.TempPathFactory):
    """`lawgraph build` with no arguments, run in a copy of the repository's seeds/."""
    work = tmp_path_factory.mktemp("repo")
    shutil.copytree(ROOT / "seeds", work / "seeds")
    old = os.getcwd()
    os.chdir(work)
    try:
        result = CliRunner().invoke(cli, ["build"])
    finally:
        os.chdir(old)
    return result, work / "graph_exports"


def test_build_files_are_readable_by_others(seeds_build) -> None:
    """Every file the build writes (manifest and stamp included) is 0644, whatever temporary-file
    helper made it: exports are shared with colleagues and served from web folders."""
    _, out = seeds_build
    modes = {p.relative_to(out).as_posix(): oct(p.stat().st_mode & 0o777) for p in out.rglob("*") if p.is_file()}
    assert "manifest.csv" in modes and ".lawgraph-build.json" in modes
    assert {k: v for k, v in modes.items() if v != "0o644"} == {}


def test_build_seeds(seeds_build) -> None:
    result, out = seeds_build
    assert result.exit_code == 0, result.output
    G = jsonfile.read(out / "graph.json")
    docs = sum(1 for _, d in G.nodes(data=True) if d["type"] == "document")
    assert result.stdout == (
        f"{docs} documents processed, 0 skipped, 0 duplicates; {G.number_of_nodes()} nodes, {G.number_of_edges()} edges; "
        "written to graph_exports/\n"
    )
    assert docs == len(list((ROOT / "seeds").glob("*.txt")))
    for name in (
        "graph.graphml",
        "graph.gexf",
        "graph.json",
        "nodes.csv",
        "edges.csv",
        "graph.html",
        "index.html",
    ):
        assert (out / name).is_file(), name


def test_build_lists_skipped_files(tmp_path: Path) -> None:
    (tmp_path / "bad.bin").write_bytes(b"\x00\x01\x02" * 50)
    result = run("build", str(tmp_path / "bad.bin"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"lawgraph: skipped {tmp_path / 'bad.bin'}: ")
    assert lines[1:] == [
        "lawgraph: processed 0, skipped 1, duplicates 0",
        f"lawgraph: no readable reports in {tmp_path / 'bad.bin'}; {tmp_path / 'out'} left as it was",
    ]
    assert not (tmp_path / "out").exists()  # nothing processed: no output folder made


def test_graph_exports_reproduce_byte_for_byte(seeds_build) -> None:
    """graph_exports/ in the repository is exactly what `lawgraph build` writes from seeds/."""
    result, out = seeds_build
    assert result.exit_code == 0
    committed = ROOT / "graph_exports"
    if not committed.is_dir():
        pytest.fail("graph_exports/ is missing: run `lawgraph build` in the repository root and commit it")
    built = sorted(p.relative_to(out) for p in out.rglob("*")
                   if p.is_file() and p.suffix != ".png" and p.name != ".lawgraph-build.json")  # the stamp: internal
    have = sorted(
        p.relative_to(committed) for p in committed.rglob("*")
        if p.is_file() and p.suffix != ".png" and p.name != ".lawgraph-build.json"
    )
    assert have == built, "graph_exports/ is stale: run `lawgraph build` and commit graph_exports/"
    stale = [str(p) for p in built if (out / p).read_bytes() != (committed / p).read_bytes()]
    assert stale == [], "graph_exports/ is stale: run `lawgraph build` and commit graph_exports/"


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [
        (["--province", "重庆", "--year", "2021", "--top-laws", "2", "--format", "csv"], 0,
         "agency,中华人民共和国宪法,中华人民共和国民法典\n重庆市江津区科学技术局,1,1\n重庆市沙坪坝区科学技术局,1,1\n"),
        (["--province", "江苏省", "--top-laws", "1", "--format", "csv"], 0,
         "agency,中华人民共和国促进科技成果转化法\n泰州市科学技术局,1\n"),  # one citer each: ties by title
        (["--year", "2020-2023", "--top-laws", "1", "--format", "csv"], 0,
         "agency,中华人民共和国宪法\n重庆市江津区科学技术局,1\n重庆市沙坪坝区科学技术局,1\n"),
        (["--province", "火星"], 2, ""),
        (["--province", "江苏", "--year", "2021"], 1, ""),
    ],
)
def test_matrix_focused(args: list[str], code: int, expected: str) -> None:
    """The same focus as `lawgraph build --province --year --top-laws`, over the seeds' built folder."""
    result = run("matrix", "--in", str(ROOT / "graph_exports"), *args)
    assert (result.exit_code, result.stdout) == (code, expected)


def test_matrix_focused_to_file(tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    result = run("matrix", "--in", str(ROOT / "graph_exports"), "--top-laws", "5", "-o", str(out))
    assert (result.exit_code, result.stdout) == (0, f"5 agencies x 5 laws written to {out}\n")
    assert out.read_text(encoding="utf-8-sig").splitlines()[0] == (
        "agency,中华人民共和国宪法,中华人民共和国民法典,中华人民共和国科学技术进步法,"
        "中华人民共和国促进科技成果转化法,中华人民共和国科学技术普及法")
