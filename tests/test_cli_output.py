"""What the CLI says: one summary with the same numbers on both streams, duplicates only with -v,
--strict as its help says, quiet exit when stdout's reader goes away, escaped file names, and
formula-safe CSV."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lawgraph.cli import COMMANDS, cli
from lawgraph.cli.common import SIGPIPE_STATUS, format_rows, shown

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """Two reports, a copy of one of them (a duplicate) and a binary file (skipped)."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS[0], folder / "a.txt")
    shutil.copy(SEEDS[1], folder / "b.txt")
    shutil.copy(SEEDS[1], folder / "c.txt")
    (folder / "d.txt").write_bytes(b"\x00\x01" * 40)
    return folder


@pytest.mark.parametrize(
    ("flags", "lines"),
    [
        ([], ["skipped"]),  # skipped inputs listed, duplicates not
        (["-v"], ["duplicate", "skipped"]),  # -v lists duplicates too
        (["-q"], []),  # -q: the summary only
    ],
)
def test_build_summary_is_one_set_of_numbers(mixed: Path, tmp_path: Path, flags: list[str], lines: list[str]) -> None:
    result = run("build", str(mixed), "-o", str(tmp_path / "out"), "-j", "1", *flags)
    assert result.exit_code == 0, result.output
    err = result.stderr.splitlines()
    assert [line.split()[1] for line in err[:-1]] == lines
    assert err[-1] == "lawgraph: processed 2, skipped 1, duplicates 1"
    assert result.stdout.startswith("2 documents processed, 1 skipped, 1 duplicates; ")


def test_extract_summary_and_duplicates_only_with_v(mixed: Path) -> None:
    plain, verbose = run("extract", str(mixed)), run("extract", str(mixed), "-v")
    assert plain.exit_code == verbose.exit_code == 0
    assert plain.stderr.splitlines()[-1] == verbose.stderr.splitlines()[-1] == "lawgraph: processed 2, skipped 1, duplicates 1"
    assert "duplicate" not in plain.stderr.rsplit("\n", 2)[0]
    assert f"lawgraph: duplicate {mixed / 'c.txt'}: same content as {mixed / 'b.txt'}" in verbose.stderr


@pytest.mark.parametrize(
    ("files", "code"),
    [
        (["a.txt", "b.txt", "c.txt"], 0),  # a duplicate is read under its other name: no failure
        (["a.txt", "d.txt"], 2),  # a skipped input fails --strict
    ],
)
@pytest.mark.parametrize("command", ["build", "extract"])
def test_strict_counts_skips_not_duplicates(mixed: Path, tmp_path: Path, files: list[str], code: int,
                                            command: str) -> None:
    out = ["-o", str(tmp_path / "out")] if command == "build" else []
    result = run(command, *(str(mixed / f) for f in files), "--strict", *out)
    assert result.exit_code == code, result.output
    if code:
        assert result.stderr.splitlines()[-1].endswith("; --strict fails on any skipped input")


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(12):  # more than a pipe buffer of JSON lines
        (folder / f"{i:02d}.txt").write_text(SEEDS[i % len(SEEDS)].read_text(encoding="utf-8") + f"\n附件{i}\n",
                                             encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "lawgraph", "extract", str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == SIGPIPE_STATUS
    assert json.loads(first)["source"].endswith("00.txt")
    assert err == b""


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("plain.txt", "plain.txt"),
        ("a\x1b[31mred.txt", "a\\x1b[31mred.txt"),  # a terminal escape code
        ("two\nlines.txt", "two\\x0alines.txt"),
        ("bell\x07.txt", "bell\\x07.txt"),
        ("c1\x9b.txt", "c1\\x9b.txt"),  # a C1 control (CSI)
        ("bad\udcff.txt", "bad\\xff.txt"),  # a byte that was not UTF-8 in the name
        ("泰州市\t科技局", "泰州市\\x09科技局"),
    ],
)
def test_shown_escapes_control_characters(name: str, expected: str) -> None:
    assert shown(name) == expected


def test_file_names_are_printed_escaped(tmp_path: Path) -> None:
    bad = tmp_path / "evil\x1b]0;owned\x07.txt"
    bad.write_bytes(b"\x00\x01" * 40)
    result = run("extract", str(bad), str(SEEDS[0]))
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert f"lawgraph: skipped {tmp_path}/evil\\x1b]0;owned\\x07.txt: " in result.stderr


@pytest.mark.parametrize(
    ("value", "cell"),
    [("=1+2", "'=1+2"), ("+x", "'+x"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("ok", "ok")],
)
def test_csv_rows_are_formula_safe(value: str, cell: str) -> None:
    out = format_rows([{"name": value, "n": -1}], "csv", ["name", "n"])
    assert out.splitlines()[1].rsplit(",", 1) == [cell, "-1"]  # a negative number stays a number


def test_matrix_csv_is_formula_safe(tmp_path: Path) -> None:
    graph = {"directed": True, "multigraph": False, "graph": {},
             "nodes": [{"id": "a", "type": "agency", "label": "=HYPERLINK(1)"},
                       {"id": "l", "type": "law", "label": "@evil"}],
             "edges": [{"source": "a", "target": "l", "relation": "cites", "weight": 2}]}
    (tmp_path / "graph.json").write_text(json.dumps(graph), encoding="utf-8")
    from lawgraph import load_graph, store

    store.write(load_graph(tmp_path), tmp_path / "lawgraph.sqlite")  # the store the queries read
    result = run("matrix", "--in", str(tmp_path), "--format", "csv")
    assert (result.exit_code, result.stdout) == (0, "agency,'@evil\n'=HYPERLINK(1),2\n")
    run("matrix", "--in", str(tmp_path), "-o", str(tmp_path / "m.csv"))
    assert (tmp_path / "m.csv").read_text(encoding="utf-8-sig") == "agency,'@evil\n'=HYPERLINK(1),2\n"


def test_jsonl_rows(tmp_path: Path) -> None:
    assert format_rows([{"a": 1, "b": "乙"}, {"a": 2}], "jsonl", ["a", "b"]) == (
        '{"a": 1, "b": "乙"}\n{"a": 2, "b": null}\n')


@pytest.mark.parametrize("command", [c.name for c in COMMANDS])
def test_every_command_has_help(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0 and result.stdout.startswith(f"Usage: cli {command} ")


def test_help_loads_no_heavy_library() -> None:
    run_ = subprocess.run([sys.executable, "-X", "importtime", "-m", "lawgraph", "--help"],
                          capture_output=True, text=True, check=True)
    imported = {line.rsplit("|", 1)[-1].strip() for line in run_.stderr.splitlines() if "|" in line}
    assert not imported & {"networkx", "numpy", "pyvis", "jieba", "lawgraph.pipeline", "lawgraph.query"}
    assert "Usage: python -m lawgraph" in run_.stdout or "Usage: lawgraph" in run_.stdout
