"""`lawgraph extract` and `lawgraph text` from the command line, error paths included."""

from __future__ import annotations

import json

from click.testing import CliRunner

from lawgraph.cli import cli


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_extract_one_file_jsonl(tmp_path) -> None:
    f = tmp_path / "r.txt"
    f.write_text("区科技局组织学习《科技进步法》", encoding="utf-8")
    res = invoke("extract", str(f), "--format", "jsonl")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert len(lines) == 1
    doc = json.loads(lines[0])
    assert doc["source"] == str(f)
    assert doc["laws"] == [{
        "name": "中华人民共和国科学技术进步法", "level": "法律", "level_basis": "registry",
        "mentions": [{"text": "《科技进步法》", "start": 8, "end": 15, "context": "区科技局组织学习《科技进步法》",
                      "relation": "studies", "line": 1,
                          "snippet": "区科技局组织学习《科技进步法》", "mark": [8, 15]}],
    }]
    assert set(doc) >= {"source", "agency", "year", "laws", "agencies", "programs"}


def test_extract_folder_keeps_going_past_a_bad_file(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("学习《民法典》", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes("学习《宪法》".encode("gb18030"))
    (tmp_path / "c.txt").write_bytes(b"\x00\x00binary\x00")
    res = invoke("extract", str(tmp_path))
    assert res.exit_code == 0
    docs = [json.loads(x) for x in res.stdout.splitlines()]
    assert [d["laws"][0]["name"] for d in docs] == ["中华人民共和国民法典", "中华人民共和国宪法"]
    assert res.stderr == (f"lawgraph: skipped {tmp_path / 'c.txt'}: {tmp_path / 'c.txt'} looks binary (NUL bytes), "
                          "not a text report; convert it to text or pass --encoding utf-16-le if it is UTF-16 "
                          "without a byte-order mark\n"
                          "lawgraph: processed 2, skipped 1, duplicates 0\n")


def test_extract_nothing_readable_exits_2(tmp_path) -> None:
    res = invoke("extract", str(tmp_path / "missing.txt"))
    assert res.exit_code == 2
    assert res.stderr.splitlines() == [
        f"lawgraph: skipped {tmp_path / 'missing.txt'}: no such file or folder; check the path",
        f"lawgraph: no report could be read from {tmp_path / 'missing.txt'}",
    ]


def test_extract_wrong_encoding_names_the_fix(tmp_path) -> None:
    f = tmp_path / "r.txt"
    f.write_text("学习《民法典》", encoding="utf-8")
    res = invoke("extract", str(f), "--encoding", "ascii")
    assert res.exit_code == 2
    assert "pass another --encoding" in res.stderr
    assert "Traceback" not in res.output


def test_extract_requires_a_path() -> None:
    res = invoke("extract")
    assert res.exit_code == 2
    assert "Missing argument 'PATHS...'" in res.stderr


def test_text_prints_the_decoded_original(tmp_path) -> None:
    f = tmp_path / "r.txt"
    f.write_bytes("區(qū)科技局\r\n".encode("gb18030"))
    res = invoke("text", str(f))
    assert res.exit_code == 0
    assert res.stdout_bytes == "區(qū)科技局\r\n".encode()


def test_every_command_has_help() -> None:
    for name in cli.commands:
        res = invoke(name, "--help")
        assert res.exit_code == 0 and "Usage:" in res.stdout, name
