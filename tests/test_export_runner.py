"""The export runner (``exporters.runner``): one fresh worker per task, the parent only waits, the first
failure is raised with the task's own message, and the files are those of the serial path."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from lawgraph.errors import ExportError, WorkerDied
from lawgraph.exporters import runner

pytestmark = pytest.mark.skipif(not runner.can_fork(), reason="needs fork")


def _record(folder: Path, name: str) -> None:
    (folder / name).write_text(str(os.getpid()))


def test_every_task_runs_once_in_a_worker_of_its_own(tmp_path: Path) -> None:
    names = [f"t{i}" for i in range(7)]
    runner.run([lambda n=n: _record(tmp_path, n) for n in names], jobs=2)
    pids = [int((tmp_path / n).read_text()) for n in names]
    assert len(set(pids)) == len(names)  # no worker lives on to a second task
    assert os.getpid() not in pids  # the parent runs none


def test_serial_path_runs_here_in_order(tmp_path: Path) -> None:
    order: list[str] = []
    runner.run([lambda n=n: order.append(n) for n in "abc"], jobs=1)
    assert order == ["a", "b", "c"]


def test_the_parents_share_runs_here_once_while_the_workers_run(tmp_path: Path) -> None:
    """``meanwhile`` runs in the parent, once, after the first workers have started (it sees the
    first task's file appear while it waits) and before the run returns."""
    import time

    def slow_first() -> None:
        _record(tmp_path, "first")
        time.sleep(0.3)

    seen: list[tuple[int, bool]] = []

    def share() -> None:
        deadline = time.monotonic() + 5
        while not (tmp_path / "first").exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        seen.append((os.getpid(), (tmp_path / "first").exists()))

    runner.run([slow_first] + [lambda n=n: _record(tmp_path, n) for n in ("b", "c")], jobs=2, meanwhile=share)
    assert seen == [(os.getpid(), True)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b", "c", "first"]


def test_the_parents_share_comes_last_on_the_serial_path() -> None:
    order: list[str] = []
    runner.run([lambda n=n: order.append(n) for n in "ab"], jobs=1, meanwhile=lambda: order.append("share"))
    assert order == ["a", "b", "share"]


def test_a_failing_share_stops_the_workers_and_is_raised(tmp_path: Path) -> None:
    import time

    def share() -> None:
        raise OSError("disk full while writing agencies/lib/page.js")

    tasks = [lambda: time.sleep(30), lambda: time.sleep(30), lambda: _record(tmp_path, "never")]
    start = time.monotonic()
    with pytest.raises(OSError, match="disk full"):
        runner.run(tasks, jobs=2, meanwhile=share)
    assert time.monotonic() - start < 10 and not (tmp_path / "never").exists()  # killed, not waited for


def test_a_failing_task_is_raised_with_its_message_and_stops_the_rest(tmp_path: Path) -> None:
    def boom() -> None:
        raise OSError("disk full while writing graph.gexf")

    tasks = [boom] + [lambda n=n: _record(tmp_path, n) for n in ("late1", "late2", "late3")]
    with pytest.raises(ExportError, match=r"writing the exports failed: OSError: disk full while writing graph.gexf"):
        runner.run(tasks, jobs=1 if sys.platform == "win32" else 2)
    assert len(list(tmp_path.iterdir())) <= 1  # at most the task already running beside it finished


def test_a_worker_killed_by_a_signal_is_reported_as_killed_not_as_a_failed_export() -> None:
    """The out-of-memory killer's SIGKILL: no export failed, so not an ExportError (which the build
    reports as an unwritable folder), but the machine's doing, with the fix: fewer workers."""
    def die() -> None:
        os.kill(os.getpid(), 9)

    with pytest.raises(WorkerDied, match=r"^a worker process of the build was killed by SIGKILL, .*-j 1"):
        runner.run([die, lambda: None], jobs=2)


def test_a_worker_that_exits_without_a_word_is_reported_with_its_status() -> None:
    with pytest.raises(ExportError, match="a worker exited with status 3"):
        runner.run([lambda: os._exit(3), lambda: None], jobs=2)


def test_pages_are_cut_in_order_into_at_most_the_parts_asked(tmp_path: Path) -> None:
    from lawgraph.exporters import _shards

    seen: list[list[str]] = []
    items = [f"n{i}" for i in range(7)]
    tasks = _shards(lambda G, out, part: seen.append(part), None, tmp_path, items, 3)
    runner.run_serial(tasks)
    assert seen == [["n0", "n1", "n2"], ["n3", "n4", "n5"], ["n6"]]
    assert _shards(lambda *a: None, None, tmp_path, [], 2) == []
    assert len(_shards(lambda *a: None, None, tmp_path, ["a"], 4)) == 1


def test_a_file_left_out_of_the_task_order_is_still_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import lawgraph.exporters as exporters
    from lawgraph.graph import build_graph

    G = build_graph([{"source": "r.txt", "agency": {"name": "泰州市科学技术局"}, "year": 2024,
                      "laws": [{"name": "中华人民共和国科学技术进步法", "level": "法律"}]}])
    monkeypatch.setattr(exporters, "TASK_ORDER", tuple(n for n in exporters.TASK_ORDER if n != "edges.csv"))
    exporters.write_all(G, tmp_path / "out", jobs=1)
    written = sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_file())
    assert written == sorted(exporters.GRAPH_FILES)
    assert (tmp_path / "out" / "edges.csv").read_text(encoding="utf-8-sig").startswith("source,target,")
