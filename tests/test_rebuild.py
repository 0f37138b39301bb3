"""`lawgraph build` again into the same folder: the build stamp (.lawgraph-build.json) lets a rebuild
skip the graph and the exports when the graph would come out the same, and only then."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lawgraph._accel.stamp import NAME
from lawgraph.cli import cli

ROOT = Path(__file__).resolve().parents[1]
NO_ENTITY = "\n以上。\n"  # changes the bytes, not what the graph reads
NEW_LAW = "学习《中华人民共和国民法典》。"
PLAIN = "seeds/002_9b29ee7cd0a48152.txt"  # ends far enough from its last mention for NO_ENTITY
NO_CIVIL_CODE = "seeds/004_4acc2f9e54aa100b.txt"  # does not cite 民法典 (and reads text appended to it)


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build(*extra: str, out: str = "out", paths: tuple[str, ...] = ("seeds",)):
    result = CliRunner().invoke(cli, ["build", *paths, "-o", out, "-j", "1", "--cache-dir", "cache", *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def files(out: str = "out") -> dict[str, tuple[bytes, int]]:
    """Every file the build wrote (the stamp aside): its bytes and mtime_ns."""
    root = Path(out)
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != NAME}


def contents(out: str = "out") -> dict[str, bytes]:
    return {k: v for k, (v, _) in files(out).items()}


def exports(snapshot: dict[str, tuple[bytes, int]]) -> dict[str, tuple[bytes, int]]:
    return {k: v for k, v in snapshot.items() if k != "manifest.csv"}


def same_output(a, b) -> None:
    assert (a.exit_code, a.stdout, a.stderr) == (b.exit_code, b.stdout, b.stderr)


def fresh(out: str = "fresh"):
    """A full build of the same inputs, analysing every report again."""
    return build("--no-cache", out=out)


# --- nothing the graph reads changed: nothing is written ------------------------------------------


def test_unchanged_rebuild_writes_nothing_and_prints_the_same(work: Path) -> None:
    first = build()
    assert first.exit_code == 0 and "graph.graphml" in files()
    before = files()
    stamp = json.loads(Path("out", NAME).read_text(encoding="utf-8"))
    assert stamp["format"] == 1 and "stdout" not in stamp  # the stamp records inputs, not what was printed
    assert [e["path"] for e in stamp["inputs"]] == [f"seeds/{p.name}" for p in sorted((work / "seeds").iterdir())]
    assert set(stamp["outputs"]) == set(before)
    again = build()
    same_output(again, first)
    assert files() == before


def test_touched_report_writes_nothing(work: Path) -> None:
    first = build()
    before = files()
    os.utime(PLAIN, ns=(1_000_000_000, 1_000_000_000))
    same_output(build(), first)
    assert files() == before


def test_up_to_date_build_imports_no_graph_library(work: Path) -> None:
    build()
    before = files()
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "lawgraph", "build", "seeds", "-o", "out",
                          "--cache-dir", "cache", "-q"], capture_output=True, text=True, check=True)
    imported = {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines() if "|" in line}
    assert not imported & {"networkx", "numpy", "pyvis", "jieba", "lawgraph.graph", "lawgraph.exporters"}
    assert files() == before


def test_edit_that_shifts_offsets_rewrites_the_evidence(work: Path) -> None:
    """The evidence (graph.json, mentions.csv) holds every law mention's offsets and line: a line put
    before the text moves them all, so the exports are written again, as a fresh build writes them."""
    build()
    before = files()
    Path(PLAIN).write_text("\n" + Path(PLAIN).read_text(encoding="utf-8"), encoding="utf-8")
    assert build().exit_code == 0
    assert exports(files())["mentions.csv"][0] != exports(before)["mentions.csv"][0]
    assert fresh().exit_code == 0
    assert contents("fresh") == contents("out")


@pytest.mark.parametrize("edit", ["append a line"])
def test_edit_that_changes_no_entity_only_rewrites_the_manifest(work: Path, edit: str) -> None:
    first = build()
    before = files()
    text = Path(PLAIN).read_text(encoding="utf-8")
    Path(PLAIN).write_text(text + NO_ENTITY if edit.startswith("append") else "\n" + text, encoding="utf-8")
    same_output(build(), first)
    after = files()
    assert exports(after) == exports(before)  # same bytes, same mtimes: not rewritten
    sha = __import__("hashlib").sha256(Path(PLAIN).read_bytes()).hexdigest()
    assert f"{PLAIN},{sha},processed" in after["manifest.csv"][0].decode("utf-8")
    assert fresh().exit_code == 0
    assert contents("fresh") == contents("out")  # the skip was right
    assert build().stdout == first.stdout and files() == after  # and the new stamp holds


# --- the graph changes: everything is written, as a fresh build would ----------------------------


def test_a_new_law_rebuilds_everything(work: Path) -> None:
    build()
    before = files()
    with open(NO_CIVIL_CODE, "a", encoding="utf-8") as f:
        f.write(NEW_LAW)
    again = build()
    assert again.exit_code == 0
    after = files()
    assert after["graph.json"][0] != before["graph.json"][0]
    assert all(after[k][1] != before[k][1] for k in ("graph.graphml", "graph.gexf", "nodes.csv", "edges.csv"))
    assert "中华人民共和国民法典" in after["nodes.csv"][0].decode("utf-8")
    full = fresh()
    assert (again.stdout, again.stderr) == (full.stdout.replace("fresh/", "out/"), full.stderr)
    assert contents("fresh") == contents("out")


def test_exports_whose_bytes_did_not_change_are_not_rewritten(work: Path) -> None:
    """A new program at the end of a report changes the graph (nodes, edges) but no law mention and no
    co-citation: the files that hold only those keep their file and mtime; the rest match a fresh build."""
    build()
    before = files()
    with open(NO_CIVIL_CODE, "a", encoding="utf-8") as f:
        f.write("\n开展“净网2021”专项行动。\n")
    assert build().exit_code == 0
    after = files()
    assert "净网2021" in after["nodes.csv"][0].decode("utf-8")
    changed = {k for k in after if k in before and after[k] != before[k]}
    kept = {k for k in after if k in before and after[k] == before[k]}
    assert {"graph.json", "graph.graphml", "graph.gexf", "nodes.csv", "edges.csv", "manifest.csv"} <= changed
    assert {"mentions.csv", "cocitation.graphml"} <= kept  # same bytes: same file, same mtime
    assert all(after[k][0] != before[k][0] for k in changed)  # nothing rewritten with the same bytes
    assert fresh().exit_code == 0
    assert contents("fresh") == contents("out")


@pytest.mark.parametrize("damage", ["delete nodes.csv", "edit graph.html", "delete an agency page"])
def test_damaged_exports_are_rewritten(work: Path, damage: str) -> None:
    first = build()
    before = contents()
    if damage == "delete nodes.csv":
        Path("out/nodes.csv").unlink()
    elif damage == "edit graph.html":
        with open("out/graph.html", "a", encoding="utf-8") as f:
            f.write("<!-- edited -->")
    else:
        next(Path("out/agencies").glob("agency_*.html")).unlink()
    same_output(build(), first)
    assert contents() == before


@pytest.mark.parametrize("change", ["add a report", "remove a report"])
def test_added_or_removed_reports_rebuild_everything(work: Path, change: str) -> None:
    build()
    graph = Path("out/graph.json").read_bytes()
    if change == "add a report":
        text = Path(NO_CIVIL_CODE).read_text(encoding="utf-8")
        Path("seeds/005_new.txt").write_text(text + NEW_LAW, encoding="utf-8")
    else:
        Path(PLAIN).unlink()
    again = build()
    assert again.exit_code == 0 and Path("out/graph.json").read_bytes() != graph
    fresh()
    assert contents("fresh") == contents("out")


def test_a_new_empty_or_duplicate_file_only_rewrites_the_manifest(work: Path) -> None:
    build()
    before = files()
    Path("seeds/zz_empty.txt").write_bytes(b"")
    shutil.copy(PLAIN, "seeds/zz_copy.txt")  # sorts after the original: a duplicate of it
    quick = build()
    assert quick.exit_code == 0
    assert "skipped seeds/zz_empty.txt: " in quick.stderr and "duplicates 1" in quick.stderr
    assert exports(files()) == exports(before)
    full = build("--no-cache")  # the same folder, built in full: same output, same files
    same_output(quick, full)
    assert contents() == {k: v for k, (v, _) in files().items()}
    assert contents() == {**{k: v for k, (v, _) in before.items()}, "manifest.csv": contents()["manifest.csv"]}


def test_strict_and_quiet_print_what_a_full_build_prints(work: Path) -> None:
    Path("seeds/zz_empty.txt").write_bytes(b"")
    build()
    before = files()
    for flags in (("--strict",), ("-q",), ("--strict", "-q"), ()):
        quick = build(*flags)
        assert files() == before
        full = build("--no-cache", *flags, out="full")
        assert quick.stdout == full.stdout.replace("full/", "out/")
        assert (quick.exit_code, quick.stderr) == (full.exit_code, full.stderr)
    assert build("--strict").exit_code == 2


# --- the stamp is never trusted blindly -----------------------------------------------------------


@pytest.mark.parametrize("damage", [
    "garbage", "empty", "not an object", "format 99", "other version", "missing outputs", "bad digest", "bad record",
])
def test_a_damaged_stamp_means_a_full_build(work: Path, damage: str, monkeypatch: pytest.MonkeyPatch) -> None:
    first = build()
    writes = count_writes(monkeypatch)
    before = files()
    path = Path("out", NAME)
    stamp = json.loads(path.read_text(encoding="utf-8"))
    if damage == "garbage":
        path.write_bytes(b"\x00\xff{garbage")
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "not an object":
        path.write_text("[1, 2]", encoding="utf-8")
    else:
        if damage == "format 99":
            stamp["format"] = 99
        elif damage == "other version":
            stamp["environment"]["version"] = "0" * 16
        elif damage == "missing outputs":
            del stamp["outputs"]
        elif damage == "bad digest":
            stamp["inputs"][0]["digest"] = 7
        else:
            stamp["inputs"][0]["laws"] = "many"
        path.write_text(json.dumps(stamp), encoding="utf-8")
    same_output(build(), first)
    after = files()
    assert writes == [1]  # built in full ...
    assert after == before  # ... with the same bytes, so no file was replaced (same mtimes)
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == 1  # and a good stamp again
    assert build().stdout == first.stdout and files() == after and writes == [1]


def count_writes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the builds that write their exports (the one-element list grows as they run)."""
    build_module = sys.modules["lawgraph.build"]  # the module (lawgraph.build is also the verb)

    calls = [0]
    real = build_module._write

    def counted(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "_write", counted)
    return calls


def test_no_cache_always_builds_in_full_and_writes_the_stamp(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build("--no-cache")
    before = files()
    Path("out", NAME).unlink()
    writes = count_writes(monkeypatch)
    build("--no-cache")
    after = files()
    assert writes == [1] and after == before  # built in full; the same bytes leave every file as it was
    assert json.loads(Path("out", NAME).read_text(encoding="utf-8"))["format"] == 1
    build()
    assert files() == after and writes == [1]  # and a cached build trusts it


def test_other_options_mean_a_full_build(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build()
    before = files()
    writes = count_writes(monkeypatch)
    build("--max-size", "10M")
    assert writes == [1] and files() == before


# --- the layout is stable under small changes -------------------------------------------------------


def _report(i: int, laws: int, extra: tuple[str, ...] = ()) -> dict:
    """A report of agency i citing its own `laws` laws (and `extra`): one component per agency."""
    names = [f"第{i}号测试条例{j}" for j in range(laws)] + list(extra)
    return {"source": f"r/{i:02d}.txt", "year": 2024,
            "agency": {"name": f"测试市第{i}局", "jurisdiction": ""},
            "laws": [{"name": n, "level": "地方性法规", "mentions": [{"text": f"《{n}》", "start": 0, "end": 1}]}
                     for n in names],
            "agencies": [], "programs": []}


def _shapes(G) -> dict[frozenset, dict[str, tuple[float, float]]]:
    """Each component's positions relative to its first node (by id): its drawing, wherever it is put."""
    import networkx as nx

    out = {}
    for comp in nx.weakly_connected_components(G):
        first = min(comp)
        x0, y0 = G.nodes[first]["x"], G.nodes[first]["y"]
        out[frozenset(comp)] = {n: (G.nodes[n]["x"] - x0, G.nodes[n]["y"] - y0) for n in comp}
    return out


@pytest.mark.parametrize("change", ["a new citation", "a new report"])
def test_untouched_components_keep_their_drawing(change: str) -> None:
    """A small change redraws the component it touches and moves the others only as a whole (the
    packing may shift them), whether they are laid out one by one (more than 64 nodes) or in a batch."""
    from lawgraph.graph import build_graph

    # two force-laid components and fourteen small ones, enough that a layout sharing one budget
    # among them all would give each fewer iterations when the graph grows
    sizes = [90, 70, *[60] * 10, 5, 3, 3, 1]
    before = build_graph([_report(i, n) for i, n in enumerate(sizes)])
    docs = [_report(i, n, ("第0号新条例",) if i == 0 and change == "a new citation" else ())
            for i, n in enumerate(sizes)]
    if change == "a new report":
        docs.append(_report(len(sizes), 1500))  # a large new component
    after = build_graph(docs)
    old, new = _shapes(before), _shapes(after)
    untouched = [c for c in old if c in new and not any(after.nodes[n]["label"] == "测试市第0局" for n in c)]
    assert len(untouched) == len(sizes) - 1  # every component but agency 0's
    for comp in untouched:
        for n, (dx, dy) in old[comp].items():
            nx_, ny_ = new[comp][n]
            assert abs(nx_ - dx) <= 0.2 and abs(ny_ - dy) <= 0.2, (n, (dx, dy), (nx_, ny_))  # rounding only
    moved = [c for c in old if c not in new]
    assert len(moved) == (1 if change == "a new citation" else 0)
