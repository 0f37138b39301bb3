"""Parallel extraction and the per-document cache change nothing in the output."""

from __future__ import annotations

import json
import os
import signal
from dataclasses import asdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from lawgraph._accel import cache as cache_mod
from lawgraph._accel.cache import Cache
from lawgraph.cli import cli
from lawgraph.pipeline import extract_paths

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """12 reports: the seeds, variants of them, a duplicate and a file that is skipped."""
    d = tmp_path_factory.mktemp("corpus")
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for i, p in enumerate(seeds):
        text = p.read_text(encoding="utf-8")
        (d / f"{i:02d}.txt").write_text(text, encoding="utf-8")
        (d / f"{i:02d}b.txt").write_text(text + f"\n附件{i}：学习《中华人民共和国统计法》。\n", encoding="utf-8")
    (d / "dup.txt").write_bytes((d / "00.txt").read_bytes())
    (d / "empty.txt").write_bytes(b"")
    return d


def dump(run) -> str:
    return json.dumps([run.documents, [asdict(r) for r in run.records], run.skipped], ensure_ascii=False)


def test_jobs_do_not_change_the_output(corpus: Path) -> None:
    one = extract_paths([corpus], jobs=1)
    two = extract_paths([corpus], jobs=2)
    assert len(one.documents) == 10 and [r.status for r in one.records].count("duplicate") == 1
    assert dump(two) == dump(one)


def test_cache_gives_the_same_output_and_is_used(corpus: Path, tmp_path: Path) -> None:
    plain = dump(extract_paths([corpus]))
    c1 = Cache(tmp_path)
    assert dump(extract_paths([corpus], cache=c1)) == plain
    assert (c1.hits, c1.misses) == (0, 10)
    c2 = Cache(tmp_path)
    assert dump(extract_paths([corpus], cache=c2, jobs=2)) == plain
    assert (c2.hits, c2.misses) == (10, 0)


def test_a_corrupt_cache_entry_is_detected_and_rewritten(corpus: Path, tmp_path: Path) -> None:
    plain = dump(extract_paths([corpus]))
    extract_paths([corpus], cache=Cache(tmp_path))
    entries = sorted(tmp_path.rglob("*.json"))
    entries[0].write_text('{"key": "x", "result": ', encoding="utf-8")  # cut short
    entries[1].write_text(json.dumps({"key": entries[1].stem, "result": {"record": {"bogus": 1}}}), encoding="utf-8")
    c = Cache(tmp_path)
    assert dump(extract_paths([corpus], cache=c)) == plain
    assert (c.hits, c.misses) == (8, 2)
    assert json.loads(entries[0].read_text(encoding="utf-8"))["key"] == entries[0].stem


DEEP = "[" * 100_000 + "0" + "]" * 100_000  # nesting no JSON reader should recurse into


def _first_law(v: dict) -> dict:
    return next(e for e in v["result"]["laws"])


# damage done to one entry's value, then (unless `stale`) its checksum recomputed so that only the
# schema check can catch it; every kind must be a miss, rewritten, and never change the output
DAMAGE = [
    ("laws: [{}]", lambda v: v["result"].__setitem__("laws", [{}]), False),
    ("mentions: []", lambda v: _first_law(v).__setitem__("mentions", []), False),
    ("law name null", lambda v: _first_law(v).__setitem__("name", None), False),
    ("agency: a list", lambda v: v["result"].__setitem__("agency", ["泰州市"]), False),
    ("year: a string", lambda v: v["result"].__setitem__("year", "2024"), False),
    ("year: true", lambda v: v["result"].__setitem__("year", True), False),
    ("start: negative", lambda v: _first_law(v)["mentions"][0].__setitem__("start", -1), False),
    ("end before start", lambda v: _first_law(v)["mentions"][0].__setitem__("end", 0), False),
    ("laws: a dict", lambda v: v["result"].__setitem__("laws", {}), False),
    ("count disagrees", lambda v: v["record"].__setitem__("laws", 99), False),
    ("status skipped", lambda v: v["record"].__setitem__("status", "skipped"), False),
    ("record: extra field", lambda v: v["record"].__setitem__("path", "/etc/passwd"), False),
    ("bytes: a string", lambda v: v["record"].__setitem__("bytes", "12"), False),
    ("warnings: a number", lambda v: v["result"].__setitem__("warnings", 3), False),
    ("deep nesting", lambda v: v["result"].__setitem__("laws", "DEEP"), False),
    ("source smuggled in", lambda v: v["result"].__setitem__("source", "/elsewhere.txt"), False),
    ("altered law name, stale checksum", lambda v: _first_law(v).__setitem__("name", "中华人民共和国伪造法"), True),
]


@pytest.mark.parametrize("what,damage,stale", DAMAGE, ids=[d[0] for d in DAMAGE])
def test_a_damaged_entry_is_a_miss_and_rewritten(corpus: Path, tmp_path: Path, what, damage, stale) -> None:
    import hashlib

    plain = dump(extract_paths([corpus]))
    extract_paths([corpus], cache=Cache(tmp_path))
    entry = sorted(tmp_path.rglob("*.json"))[3]
    good = entry.read_bytes()
    doc = json.loads(good)
    damage(doc["value"])
    body = json.dumps(doc["value"], ensure_ascii=False, separators=(",", ":")).replace('"DEEP"', DEEP)
    if not stale:
        doc["sum"] = hashlib.sha256(body.encode("utf-8")).hexdigest()
    entry.write_text(f'{{"key":"{doc["key"]}","schema":{doc["schema"]},"sum":"{doc["sum"]}","value":{body}}}',
                     encoding="utf-8")
    c = Cache(tmp_path)
    assert dump(extract_paths([corpus], cache=c)) == plain
    assert (c.hits, c.misses) == (9, 1)
    assert entry.read_bytes() == good  # rewritten by the run that analysed the file again


def test_a_new_extractor_version_does_not_trust_old_entries(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    extract_paths([corpus], cache=Cache(tmp_path))
    monkeypatch.setattr(cache_mod, "extractor_version", lambda: "another-version")
    c = Cache(tmp_path)
    extract_paths([corpus], cache=c)
    assert (c.hits, c.misses) == (0, 10)


def test_changing_one_report_reanalyses_only_that_one(corpus: Path, tmp_path: Path) -> None:
    extract_paths([corpus], cache=Cache(tmp_path))
    changed = tmp_path / "corpus"
    changed.mkdir()
    for p in corpus.iterdir():
        (changed / p.name).write_bytes(p.read_bytes())
    (changed / "03.txt").write_text("区科技局学习《民法典》。", encoding="utf-8")
    c = Cache(tmp_path)
    run = extract_paths([changed], cache=c)
    assert (c.hits, c.misses) == (9, 1)
    assert run.documents[6]["source"].endswith("03.txt")
    assert [law["name"] for law in run.documents[6]["laws"]] == ["中华人民共和国民法典"]


def test_extractor_version_depends_on_data_files() -> None:
    v = cache_mod.extractor_version()
    assert len(v) == 16 and v == cache_mod.extractor_version()


def test_build_with_one_or_two_jobs_writes_identical_exports(corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    outs = []
    for jobs, extra in (("1", ["--no-cache"]), ("2", ["--no-cache"]), ("2", ["--cache-dir", str(tmp_path / "c")]),
                        ("1", ["--cache-dir", str(tmp_path / "c")])):
        out = tmp_path / f"out-{jobs}-{len(outs)}"
        res = runner.invoke(cli, ["build", str(corpus), "-o", str(out), "-j", jobs, "-q", *extra])
        assert res.exit_code == 0, res.output
        outs.append({p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*"))
                     if p.is_file() and p.name != ".lawgraph-build.json"})  # the stamp records mtimes
    assert outs[0] == outs[1] == outs[2] == outs[3]
    assert Path("manifest.csv") in outs[0] and Path("graph.graphml") in outs[0]


def test_a_sink_gets_the_documents_in_input_order_and_none_are_kept(corpus: Path, tmp_path: Path) -> None:
    plain = extract_paths([corpus])
    got: list[dict] = []
    run = extract_paths([corpus], jobs=2, sink=got.append, cache=Cache(tmp_path))
    assert run.documents == [] and got == plain.documents
    assert [asdict(r) for r in run.records] == [asdict(r) for r in plain.records]
    got2: list[dict] = []
    extract_paths([corpus], sink=got2.append, cache=Cache(tmp_path))  # all from the cache this time
    assert got2 == plain.documents


def test_lean_results_give_the_same_graph(corpus: Path, tmp_path: Path) -> None:
    from lawgraph.exporters import graphml, jsonfile
    from lawgraph.graph import build_graph

    full = extract_paths([corpus]).documents
    lean = extract_paths([corpus], jobs=2, lean=True).documents
    assert all("context" not in m for d in lean for e in d["laws"] for m in e["mentions"][1:])
    assert all("context" in e["mentions"][0] for d in lean for e in d["laws"])
    for name, docs in (("full", full), ("lean", lean)):
        G = build_graph(docs)
        graphml.write(G, tmp_path / f"{name}.graphml")
        jsonfile.write(G, tmp_path / f"{name}.json")
    assert (tmp_path / "full.graphml").read_bytes() == (tmp_path / "lean.graphml").read_bytes()
    assert (tmp_path / "full.json").read_bytes() == (tmp_path / "lean.json").read_bytes()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_workers_die_with_their_parent(tmp_path: Path) -> None:
    """A build killed with SIGKILL leaves no worker running on (they would keep writing)."""
    import subprocess
    import sys
    import time

    script = f"""
import os, signal, time
from lawgraph._accel.parallel import ordered_map

def slow(i):
    with open({str(tmp_path)!r} + f"/{{os.getpid()}}", "w"):
        pass
    time.sleep(0.2)
    return i

it = ordered_map(slow, range(200), 2)
next(it)
os.kill(os.getpid(), signal.SIGKILL)
"""
    subprocess.run([sys.executable, "-c", script], timeout=60)
    workers = [int(p.name) for p in tmp_path.iterdir()]
    assert len(workers) == 2
    deadline = time.monotonic() + 1  # a worker's chunk of tasks takes 2.4 s
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(p) for p in workers)


def test_ordered_map_is_map() -> None:
    from lawgraph._accel.parallel import ordered_map

    tasks = list(range(50))
    assert list(ordered_map(abs, tasks, 1)) == list(ordered_map(abs, tasks, 2)) == list(map(abs, tasks))


def _killed_at_seven(i: int) -> int:
    if i == 7:
        os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
    return i


def _segfault_at(i: int) -> int:
    if i in (7, 31):
        import faulthandler

        faulthandler.disable()  # pytest's: it would print the dying worker's stack
        os.kill(os.getpid(), signal.SIGSEGV)  # a crash in a C library, on these inputs every time
    return i * 10


def _marker_dies_once(task: tuple[str, int]) -> int:
    """Kills its worker the first time it meets task 5 (a marker file remembers): no input to blame."""
    folder, i = task
    if i == 5 and not os.path.exists(os.path.join(folder, "died")):
        open(os.path.join(folder, "died"), "w").close()
        os.kill(os.getpid(), signal.SIGKILL)
    return i


def _dies_in_every_pool(i: int) -> int:
    """Killed whenever a pool's worker (``_serve`` on the stack) runs it past the first tasks, never
    when run alone: the system, not an input, is to blame."""
    import sys

    frame = sys._getframe()
    while frame is not None and frame.f_code.co_name != "_serve":
        frame = frame.f_back
    if i >= 3 and frame is not None:
        os.kill(os.getpid(), signal.SIGKILL)
    return i


def _signal_handlers(_i: int) -> tuple[object, object]:
    return signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)


def _crashed(task: object, how: str) -> tuple[str, object, str]:
    return ("crashed", task, how)


posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and fork")


@posix_only
def test_a_killed_worker_stops_ordered_map_with_a_plain_error() -> None:
    from lawgraph._accel.parallel import ordered_map
    from lawgraph.errors import WorkerDied

    with pytest.raises(WorkerDied, match=r"^a worker process of the build was killed by SIGKILL, .*-j 1"):
        list(ordered_map(_killed_at_seven, range(40), 2))


@posix_only
@pytest.mark.parametrize("fn, tasks, expected", [
    (_segfault_at, range(200), [("crashed", i, "was killed by SIGSEGV") if i in (7, 31) else i * 10 for i in range(200)]),
    (_killed_at_seven, range(40), [("crashed", 7, "was killed by SIGKILL") if i == 7 else i for i in range(40)]),
])  # fmt: skip
def test_a_task_that_kills_its_worker_costs_only_itself(fn, tasks, expected) -> None:
    from lawgraph._accel.parallel import ordered_map

    assert list(ordered_map(fn, tasks, 2, crashed=_crashed)) == expected


BIG_RESULTS = """
import os, signal, sys
from lawgraph._accel.parallel import ordered_map

def big(i):
    if i == 40:
        os.kill(os.getpid(), signal.SIGSEGV)
    return bytes(200_000)  # results that fill the pipe back to the parent: the worker blocks on it

out = list(ordered_map(big, range(400), 2, crashed=lambda task, how: how))
assert out[40] == "was killed by SIGSEGV" and out.count(bytes(200_000)) == 399, out[40]
print("ok")
"""


@posix_only
def test_a_crash_while_the_other_worker_is_blocked_on_its_results_ends() -> None:
    """One worker dies while the other is blocked writing results: the run goes on (with
    ProcessPoolExecutor, whose thread ends the other workers with SIGTERM, a worker ignoring it kept
    that thread spinning for ever)."""
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    run = subprocess.run([sys.executable, "-c", BIG_RESULTS], capture_output=True, text=True, env=env, timeout=120)
    assert (run.returncode, run.stdout) == (0, "ok\n"), run.stderr[-2000:]


@posix_only
def test_a_worker_killed_once_for_no_reason_of_the_task_costs_nothing(tmp_path: Path) -> None:
    from lawgraph._accel.parallel import ordered_map

    tasks = [(str(tmp_path), i) for i in range(60)]
    assert list(ordered_map(_marker_dies_once, tasks, 2, crashed=_crashed)) == list(range(60))
    assert (tmp_path / "died").exists()  # the pool did break


@posix_only
def test_workers_killed_again_and_again_with_no_task_to_blame_stop_the_run() -> None:
    from lawgraph._accel.parallel import ordered_map
    from lawgraph.errors import WorkerDied

    with pytest.raises(WorkerDied, match="was killed"):
        list(ordered_map(_dies_in_every_pool, range(60), 2, crashed=_crashed))


@posix_only
def test_a_run_stopped_early_does_not_wait_for_the_tasks_not_started() -> None:
    """The consumer stops (Ctrl-C, an error, close()): the parts not started are dropped; the
    workers end after those in hand (at most 5 parts of 32 tasks of 20 ms: 1.6 s on 2 workers), not
    after all 800 (8 s)."""
    import time

    from lawgraph._accel.parallel import ordered_map

    it = ordered_map(time.sleep, [0.02] * 800, 2)
    next(it)
    start = time.monotonic()
    it.close()
    assert time.monotonic() - start < 4


@posix_only
def test_workers_leave_ctrl_c_and_sigterm_to_their_parent() -> None:
    """Whatever handlers the parent has: the parent stops the work, and its workers with it."""
    from lawgraph._accel.parallel import ordered_map
    from lawgraph.cli.common import terminate

    old = signal.signal(signal.SIGTERM, terminate)
    try:
        assert set(ordered_map(_signal_handlers, range(8), 2)) == {(signal.SIG_IGN, signal.SIG_IGN)}
    finally:
        signal.signal(signal.SIGTERM, old)


def test_warm_up_changes_nothing_in_the_output(corpus: Path, monkeypatch) -> None:
    """The warm-up (load once, freeze out of the collector) is speed only."""
    from lawgraph import pipeline

    plain = dump(extract_paths([corpus]))
    monkeypatch.setattr(pipeline, "_warm_up", lambda workers: None)
    assert dump(extract_paths([corpus])) == plain


def test_every_reader_has_one_signature() -> None:
    import inspect

    from lawgraph.io.readers import FORMATS, reader

    for fmt in FORMATS:
        assert list(inspect.signature(reader(fmt)).parameters) == ["data", "name", "encoding"], fmt
