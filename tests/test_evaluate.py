"""The scorer (lawgraph.evaluate) and `lawgraph eval`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lawgraph.cli import cli
from lawgraph.errors import InputError
from lawgraph.evaluate import evaluate, load_gold

FIXTURES = Path(__file__).parent / "fixtures"


def law(name: str, level: str = "", text: str = "", start: int = 0) -> dict:
    return {"name": name, "level": level, "mentions": [{"text": text or name, "start": start,
                                                        "end": start + len(text or name)}]}


GOLD = [{
    "file": "hn.txt", "agency": {"name": "长沙市司法局", "alt": ["长沙市司法行政局"]}, "year": 2022,
    "laws": [{"name": "中华人民共和国行政处罚法", "level": "法律", "aliases": ["行政处罚法"]},
             {"name": "法治政府建设实施纲要（2021-2025年）", "alt": ["法治政府建设实施纲要"]},
             {"name": "湖南省行政程序规定", "level": "地方政府规章"}],
    "optional": ["纲要"],
    "agencies": [{"name": "湖南省司法厅", "alt": ["省司法厅"]}, {"name": "长沙市中级人民法院"}],
    "programs": [{"name": "谁执法谁普法"}, {"name": "八五普法"}],
}]
ORIGINAL = "中华人民共和国行政处罚法 省司法厅 谁执法谁普法"

CASES = [
    # (results, expected metrics) — what each row covers
    # everything found; widths, marks and 《》 do not matter; alt names count; optional is no error
    ([{"source": "a/hn.txt", "agency": {"name": "长沙市司法局"}, "year": 2022,
       "laws": [law("中华人民共和国行政处罚法", "法律"), law("《法治政府建设实施纲要(2021—2025年)》", "其他"),
                law("湖南省行政程序规定", "地方政府规章"), law("纲要")],
       "agencies": [law("湖南省司法厅"), law("长沙市中级人民法院")],
       "programs": [law("“谁执法谁普法”"), law("八五普法")]}],
     {"law_precision": 1.0, "law_recall": 1.0, "law_f1": 1.0, "national_recall": 1.0, "level": 1.0,
      "agency": 1.0, "year": 1.0, "mentioned": 1.0, "programs": 1.0}),
    # an extra law, a missed law, a wrong level, wrong agency and year, a program found inside a longer
    # name, an agency found by its mention text only
    ([{"source": "hn.txt", "agency": {"name": "长沙市人民政府"}, "year": 2023,
       "laws": [law("中华人民共和国行政处罚法", "行政法规"), law("湖南省实施办法")],
       "agencies": [{"name": "X", "mentions": [{"text": "省司法厅", "start": 0, "end": 4}]}],
       "programs": [law("落实谁执法谁普法责任制")]}],
     {"law_precision": 0.5, "law_recall": 1 / 3, "law_f1": 0.4, "national_recall": 1.0, "level": 0.0,
      "agency": 0.0, "year": 0.0, "mentioned": 0.5, "programs": 0.5}),
    # the document is not among the results: nothing found
    ([], {"law_precision": 0.0, "law_recall": 0.0, "law_f1": 0.0, "national_recall": 0.0, "level": 0.0,
          "agency": 0.0, "year": 0.0, "mentioned": 0.0, "programs": 0.0}),
]


@pytest.mark.parametrize("results,expected", CASES)
def test_metrics(results: list[dict], expected: dict) -> None:
    got = evaluate(GOLD, results).as_dict()
    assert {k: round(got[k], 6) for k in expected} == {k: round(v, 6) for k, v in expected.items()}


def test_offsets_and_failures() -> None:
    results = [{"source": "hn.txt", "laws": [law("中华人民共和国行政处罚法")],  # slices: 0..12
                "agencies": [law("湖南省司法厅", text="省司法厅", start=14)],  # off by one
                "programs": [{"name": "八五普法", "mentions": []}]}]  # no evidence
    m = evaluate(GOLD, results, {"hn.txt": ORIGINAL})
    assert (m.offsets_bad, m.offsets_total) == (2, 3)
    assert m.failures({"law_f1": 0.9, "agency": None}) == [
        "law_f1 0.500 < 0.9", "2/3 mention offsets do not slice their text"]
    assert evaluate(GOLD, []).failures({})[0] == "1 gold document(s) not among the results: hn.txt"


def test_gold_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "g.json"
    bad.write_text('{"docs": []}', encoding="utf-8")
    with pytest.raises(InputError, match="g.json is not a gold file"):
        load_gold(bad)
    with pytest.raises(InputError, match="cannot read gold file"):
        load_gold(tmp_path / "missing.json")


def test_cli_eval_json_and_thresholds() -> None:
    gold = str(FIXTURES / "gold_seeds.json")
    seeds = str(Path(__file__).resolve().parents[1] / "seeds")
    r = CliRunner().invoke(cli, ["eval", "--gold", gold, seeds, "--format", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output) == {"law_precision": 1.0, "law_recall": 1.0, "law_f1": 1.0,
                                    "national_recall": 1.0, "level": 1.0, "agency": 1.0, "year": 1.0,
                                    "mentioned": 1.0, "programs": 1.0, "offsets_bad": 0}
    # a gold document missing from PATHS fails, and so does a threshold
    dev = str(FIXTURES / "dev" / "raw" / "001.txt")
    r = CliRunner().invoke(cli, ["eval", "--gold", str(FIXTURES / "dev" / "gold.json"), dev, "-v",
                                 "--min-agency", "1.0"])
    assert r.exit_code == 1
    assert "002.txt: agency None, year None (not among the results)" in r.output
    assert "agency 0.111 < 1.0" in r.output
    assert "law_precision   1.000\nlaw_recall      0.075\n" in r.output


def test_cli_eval_bad_gold(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["eval", "--gold", str(tmp_path / "none.json"), str(tmp_path)])
    assert r.exit_code == 2 and "cannot read gold file" in r.output
