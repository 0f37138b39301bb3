"""Shards and results files: `extract --shard K/N [--format results]` and `build --from-results`
give the exports of a direct build, byte for byte; a bad results file is one line naming it and the fix."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from format_makers import make_docx, page_html
from lawgraph.cli import cli
from lawgraph.distribute.results import read_results
from lawgraph.distribute.shards import Selection, Shard, parse_shard
from lawgraph.pipeline import extract_paths

ROOT = Path(__file__).resolve().parents[1]
STAMP = ".lawgraph-build.json"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """14 inputs: the seeds, three dev reports, an HTML page and a Word file; copies of 00.txt in the same
    shard (08) and in the other shard of two (09, 11: shard 2 reads 09 itself, yet the build must read
    00 and call 09 and 11 its duplicates); an empty file, an unsupported one and a binary one."""
    d = tmp_path_factory.mktemp("archive")
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for i, p in enumerate(seeds):
        (d / f"{i:02d}.txt").write_bytes(p.read_bytes())
    for i, name in enumerate(("001.txt", "002.txt", "003.txt"), 5):
        (d / f"{i:02d}.txt").write_bytes((ROOT / "tests/fixtures/dev/raw" / name).read_bytes())
    (d / "08_copy.txt").write_bytes((d / "00.txt").read_bytes())
    (d / "09_copy.txt").write_bytes((d / "00.txt").read_bytes())
    (d / "10_empty.txt").write_bytes(b"")
    (d / "11_copy.txt").write_bytes((d / "00.txt").read_bytes())
    (d / "12_notes.xyz").write_text("not a report", encoding="utf-8")
    (d / "13_binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    lines = (d / "02.txt").read_text(encoding="utf-8").splitlines()
    (d / "14_page.html").write_bytes(page_html([x for x in lines if x.strip()][:40]))
    make_docx([x for x in (d / "04.txt").read_text(encoding="utf-8").splitlines() if x.strip()][:40],
              d / "15_word.docx")
    return d


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def shard_files(corpus: Path, folder: Path, n: int, *extra: str) -> list[Path]:
    """`lawgraph extract --shard K/N --format results CORPUS > K.jsonl` for K = 1..N."""
    folder.mkdir(exist_ok=True)
    files = []
    for k in range(1, n + 1):
        res = run("extract", "--shard", f"{k}/{n}", "--format", "results", *extra, str(corpus))
        assert res.exit_code == 0, res.stderr
        files.append(folder / f"{k}.jsonl")
        files[-1].write_bytes(res.stdout_bytes)
    return files


def tree(out: Path) -> dict[str, bytes]:
    """Every file under a build folder but the stamp (it records mtimes), with its bytes."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != STAMP}


@pytest.fixture(scope="module")
def direct(corpus: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("direct") / "out"
    res = run("build", str(corpus), "-o", str(out), "-v", "--no-cache")
    assert res.exit_code == 0, res.stderr
    return out, res


# --- the partition --------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "shard"), [
    ("1/1", Shard(1, 1)),
    ("2/8", Shard(2, 8)),
    (" 3 / 3 ", Shard(3, 3)),  # spaces are forgiven
])
def test_parse_shard(text: str, shard: Shard) -> None:
    assert parse_shard(text) == shard


@pytest.mark.parametrize("text", ["0/3", "4/3", "1/0", "3", "a/b", "-1/2", "1/2/3", ""])
def test_a_shard_that_is_not_k_of_n_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"write it as K/N with 1 <= K <= N, such as 1/4"):
        parse_shard(text)


@pytest.mark.parametrize("total", [0, 1, 7, 16])
@pytest.mark.parametrize("n", [1, 2, 3, 5, 20])
def test_every_input_is_in_exactly_one_shard_whatever_n(total: int, n: int) -> None:
    listed = [(f"p{i:03d}.txt", None) for i in range(total)]
    taken = []
    for k in range(1, n + 1):
        sel = Selection(Shard(k, n))
        part = sel(listed)
        assert sel.total == total and [listed[i] for i in sel.positions] == part
        assert len(part) in (total // n, -(-total // n))  # round robin: counts differ by at most one
        taken += part
    assert sorted(taken) == listed


def test_the_digest_names_the_inputs_in_order() -> None:
    a, b = Selection(Shard(1, 2)), Selection(Shard(2, 2))
    a([("x.txt", None), ("y.txt", None)])
    b([("x.txt", None), ("y.txt", "hidden")])  # reasons do not matter, paths do
    assert a.digest == b.digest
    b([("y.txt", None), ("x.txt", None)])
    assert a.digest != b.digest


# --- extract --shard, every format ----------------------------------------------------------------


SHARD_1_OF_2 = ["00.txt", "02.txt", "04.txt", "06.txt", "14_page.html"]  # 08 copies 00; 10 empty; 12 unsupported
SHARD_2_OF_2 = ["01.txt", "03.txt", "05.txt", "07.txt", "09_copy.txt", "15_word.docx"]  # 11 copies 09 here; 13 binary


@pytest.mark.parametrize(("k", "names"), [(1, SHARD_1_OF_2), (2, SHARD_2_OF_2)])
def test_extract_a_shard_in_every_format(corpus: Path, k: int, names: list[str]) -> None:
    lines = run("extract", "--shard", f"{k}/2", str(corpus))
    array = run("extract", "--shard", f"{k}/2", "--format", "json", str(corpus))
    results = run("extract", "--shard", f"{k}/2", "--format", "results", str(corpus))
    assert lines.exit_code == array.exit_code == results.exit_code == 0
    jsonl = [json.loads(x) for x in lines.stdout.splitlines()]
    assert [Path(d["source"]).name for d in jsonl] == names
    assert [d["source"] for d in json.loads(array.stdout)] == [d["source"] for d in jsonl]
    parsed = [json.loads(x) for x in results.stdout_bytes.decode("utf-8").splitlines()]
    assert [Path(x["result"]["source"]).name for x in parsed if "result" in x] == names
    assert [x["input"] for x in parsed if "input" in x] == list(range(k - 1, 16, 2))
    summary = {1: "shard 1/2, 8 of 16 inputs: processed 5, skipped 2, duplicates 1",
               2: "shard 2/2, 8 of 16 inputs: processed 6, skipped 1, duplicates 1"}[k]
    assert lines.stderr.splitlines()[-1] == array.stderr.splitlines()[-1] == f"lawgraph: {summary}"


def test_a_shard_with_no_input_is_no_error(corpus: Path) -> None:
    res = run("extract", "--shard", "20/20", "--format", "results", str(corpus))
    assert res.exit_code == 0
    assert res.stderr == "lawgraph: shard 20/20, 0 of 16 inputs: processed 0, skipped 0, duplicates 0\n"
    head, end = (json.loads(x) for x in res.stdout_bytes.decode().splitlines())
    assert head["shard"] == "20/20" and head["version"] == 1
    assert end == {"end": {"inputs": 16, "inputs_sha256": end["end"]["inputs_sha256"], "records": 0, "results": 0}}


def test_jsonl_without_shard_is_unchanged(corpus: Path) -> None:
    res = run("extract", str(corpus))
    assert res.exit_code == 0 and "shard" not in res.stderr
    assert len(res.stdout.splitlines()) == 10  # 16 inputs: 3 copies, 3 skipped


# --- build --from-results: the direct build, byte for byte ----------------------------------------


@pytest.mark.parametrize("n", [2, 3])
def test_from_results_gives_the_direct_build_byte_for_byte(corpus: Path, direct, tmp_path: Path, n: int) -> None:
    out, res = direct
    files = shard_files(corpus, tmp_path / "results", n)
    built = tmp_path / "built"
    res2 = run("build", "--from-results", *map(str, reversed(files)), "-o", str(built), "-v")  # any order
    assert res2.exit_code == 0, res2.stderr
    assert tree(built) == tree(out)
    assert "manifest.csv" in tree(built) and "graph.graphml" in tree(built) and len(tree(built)) > 20
    assert res2.stderr == res.stderr  # the same skipped inputs, duplicates and summary
    assert res2.stdout == res.stdout.replace(str(out), str(built))
    assert not (built / STAMP).exists()  # results made elsewhere: no stamp, the next build is a full one


def test_duplicates_are_decided_across_shards(corpus: Path, tmp_path: Path) -> None:
    files = shard_files(corpus, tmp_path, 2)
    records = {Path(r.path).name: r for r in read_results(map(str, files)).records}
    for name in ("08_copy.txt", "09_copy.txt", "11_copy.txt"):  # 09 was read by shard 2, yet is a duplicate
        assert (records[name].status, records[name].reason) == ("duplicate", f"same content as {corpus / '00.txt'}; "
                                                                              "read once, under that name")
    assert records["00.txt"].status == "processed" and records["10_empty.txt"].status == "skipped"


def test_results_round_trip_the_pipeline(corpus: Path, tmp_path: Path) -> None:
    plain = extract_paths([str(corpus)], lean=True)
    back = read_results(map(str, shard_files(corpus, tmp_path, 3)))
    assert back.records == plain.records
    assert back.documents == plain.documents
    assert back.skipped == plain.skipped


def test_results_keep_file_names_that_are_not_utf8(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    seed = (ROOT / "seeds/000_7c7a822b79e1e6d1.txt").read_bytes()
    (d / os.fsdecode(b"r\xff.txt")).write_bytes(seed)
    (d / "s.txt").write_bytes(seed[: len(seed) // 2])
    plain = extract_paths([str(d)], lean=True)
    back = read_results(map(str, shard_files(d, tmp_path / "r", 2)))
    assert back.records == plain.records and back.documents == plain.documents
    assert any("\udcff" in r.path for r in back.records)


# --- bad results files: one line naming the file and the fix --------------------------------------


def _cut_in_line(text: bytes) -> bytes:
    lines = text.splitlines(keepends=True)
    return b"".join(lines[:3]) + lines[3][:25]  # line 4 cut in the middle


BAD = [
    # (what, how the file is made from shard 1's file, the message after "lawgraph: ")
    ("missing", None, "results file {f} does not exist; check the path (make it with lawgraph extract --format results)"),
    ("empty", lambda b: b"", "results file {f} is empty; make it with lawgraph extract --format results"),
    ("extract jsonl", "jsonl", "{f} is not a lawgraph results file (line 1 is not its header); make it with lawgraph "
                               "extract --format results"),
    ("another version", lambda b: b.replace(b'"version":1', b'"version":2', 1),
     "{f} is lawgraph results version 2, this lawgraph reads version 1; extract it again with this lawgraph"),
    ("cut in a line", _cut_in_line, "results file {f} is cut short: line 4 is incomplete; make it again "
                                    "(lawgraph extract --shard 1/2 --format results {c} > {f})"),
    ("cut after a line", lambda b: b"".join(b.splitlines(keepends=True)[:-1]),
     "results file {f} ends at line 14 without its end line, so it was cut short; make it again "
     "(lawgraph extract --shard 1/2 --format results {c} > {f})"),
    ("garbage", lambda b: b.replace(b'{"input":0,', b'{"input":0,,', 1),
     "results file {f} line 7 is not valid JSON; it is damaged: make it again "
     "(lawgraph extract --shard 1/2 --format results {c} > {f})"),
    ("joined twice", lambda b: b + b, "results file {f} goes on after its end line (line 16); pass each shard's file "
                                      "as lawgraph extract wrote it"),
    ("a record dropped", lambda b: b"".join(x for x in b.splitlines(keepends=True) if not x.startswith(b'{"input":2,')),
     "results file {f} does not hold what its end line says (shard 1/2); it is damaged: make it again "
     "(lawgraph extract --shard 1/2 --format results {c} > {f})"),
    ("another extractor", lambda b: b.replace(b'"extractor":"', b'"extractor":"0', 1),
     "{f} was extracted by another lawgraph (extractor 0{v}, this one is {v}); extract it again with this "
     "lawgraph (lawgraph extract --shard 1/2 --format results {c} > {f})"),
]


@pytest.mark.parametrize(("what", "make", "message"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_results_file_is_one_line_naming_it_and_the_fix(corpus: Path, tmp_path: Path, what, make, message) -> None:
    from lawgraph._accel.cache import extractor_version

    one, two = shard_files(corpus, tmp_path / "ok", 2)
    bad = tmp_path / "bad.jsonl"
    if make == "jsonl":
        bad.write_bytes(run("extract", str(corpus)).stdout_bytes)
    elif make is not None:
        bad.write_bytes(make(one.read_bytes()))
    out = tmp_path / "out"
    res = run("build", "--from-results", str(bad), str(two), "-o", str(out))
    assert res.exit_code == 2
    assert res.stderr == "lawgraph: " + message.format(f=bad, c=corpus, v=extractor_version()) + "\n"
    assert not out.exists()  # nothing written, not even the folder


def test_shards_that_do_not_make_one_extraction_are_refused(corpus: Path, tmp_path: Path) -> None:
    one, two = shard_files(corpus, tmp_path / "a", 2)
    (three,) = shard_files(corpus, tmp_path / "b", 1)
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.txt").write_bytes((corpus / "00.txt").read_bytes())
    (elsewhere,) = shard_files(corpus, tmp_path / "c", 2)[1:]
    cases = [
        ([one], f"shard 2/2 is missing (given: 1/2 ({one})); make it with lawgraph extract --shard 2/2 --format "
                f"results {corpus} > FILE and pass FILE too"),
        ([one, one, two], f"{one} and {one} are both shard 1/2; pass each shard's file once"),
        ([one, three], f"{one} and {three} are not shards of one extraction (they split the inputs into different "
                       "numbers of shards); run every shard with the same lawgraph, PATHs and options"),
    ]
    (corpus / "zz_new.txt").write_bytes((ROOT / "seeds/001_941c10f9f08c4ec0.txt").read_bytes()[:3000])
    try:
        (late,) = shard_files(corpus, tmp_path / "d", 2)[1:]
    finally:
        (corpus / "zz_new.txt").unlink()
    cases.append(([one, late], f"{one} and {late} are not shards of one extraction (they saw different inputs: a file "
                               "was added, removed or renamed between the runs); run every shard with the same "
                               "lawgraph, PATHs and options"))
    assert elsewhere.read_bytes() == two.read_bytes()  # the same shard made twice is the same file
    for files, message in cases:
        res = run("build", "--from-results", *map(str, files), "-o", str(tmp_path / "out"))
        assert (res.exit_code, res.stderr) == (2, f"lawgraph: {message}\n")


@pytest.mark.parametrize(("args", "message"), [
    (["--from-results"], "--from-results needs the results files: lawgraph build --from-results 1.jsonl 2.jsonl -o DIR"),
    (["--from-results", "--scheduler", "tcp://127.0.0.1:8786", "a.jsonl"],
     "--from-results and --scheduler do not go together: results files are extracted already"),
    (["--from-results", "--encoding", "gbk", "a.jsonl"],
     "--encoding was fixed when the results were extracted; pass it to lawgraph extract instead"),
    (["--from-results", "--max-size", "1M", "a.jsonl"],
     "--max-size was fixed when the results were extracted; pass it to lawgraph extract instead"),
])
def test_from_results_usage(args: list[str], message: str, tmp_path: Path) -> None:
    res = run("build", *args, "-o", str(tmp_path / "out"))
    assert (res.exit_code, res.stderr) == (2, f"lawgraph: {message}\n")


def test_a_focused_build_from_results_is_the_focused_direct_build(corpus: Path, tmp_path: Path) -> None:
    files = shard_files(corpus, tmp_path / "r", 2)
    direct = run("build", str(corpus), "-o", str(tmp_path / "d"), "--province", "江苏", "--top-laws", "5")
    shards = run("build", "--from-results", *map(str, files), "-o", str(tmp_path / "s"), "--province", "江苏",
                 "--top-laws", "5")
    assert direct.exit_code == shards.exit_code == 0, shards.stderr
    assert "focused on 江苏省, top 5 laws: 2 of 10 documents; " in shards.stdout
    assert tree(tmp_path / "s") == tree(tmp_path / "d")


def test_a_selection_of_formats_from_results_is_the_direct_one(corpus: Path, direct, tmp_path: Path) -> None:
    files = shard_files(corpus, tmp_path / "r", 2)
    shards = run("build", "--from-results", *map(str, files), "-o", str(tmp_path / "s"), "--formats", "csv,graphml")
    assert shards.exit_code == 0, shards.stderr
    built = tree(tmp_path / "s")
    assert sorted(built) == ["edges.csv", "graph.graphml", "lawgraph.sqlite", "manifest.csv", "mentions.csv",
                             "nodes.csv"]
    assert built == {name: data for name, data in tree(direct[0]).items() if name in built}


def test_a_build_from_results_drops_the_stamp_of_the_build_before(corpus: Path, tmp_path: Path) -> None:
    from lawgraph.build import build
    from lawgraph.distribute.results import FromResults

    out = tmp_path / "out"
    assert build([str(corpus)], out).written and (out / STAMP).exists()
    files = shard_files(corpus, tmp_path / "r", 2)
    assert build(list(map(str, files)), out, extractor=FromResults()).written  # never "up to date" from a stamp
    assert not (out / STAMP).exists()
    again = build([str(corpus)], out)
    assert again.written and (out / STAMP).exists()  # so the next direct build is a full one


def test_a_results_file_is_the_same_for_any_number_of_jobs(corpus: Path) -> None:
    one = run("extract", "--shard", "2/2", "--format", "results", str(corpus))
    two = run("extract", "--shard", "2/2", "--format", "results", "-j", "2", str(corpus))
    assert one.exit_code == two.exit_code == 0
    assert one.stdout_bytes == two.stdout_bytes and one.stdout_bytes.count(b'{"result":') == 6
