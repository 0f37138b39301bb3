"""Runs export tasks in this process and ``jobs - 1`` forked workers that inherit the graph.

A fork shares the graph copy-on-write (it is never pickled); a shared counter hands out the tasks,
largest first, so the workers finish together. The first failure stops the rest and is raised
here. Used by ``write_all`` when ``jobs > 1`` on a system that can fork; the files are the same
bytes for any number of jobs.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any

from lawgraph._accel.parallel import die_with_parent, parent_gone
from lawgraph.errors import ExportError

Task = Callable[[], Any]


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _work(tasks: Sequence[Task], counter: Any) -> None:
    """Take tasks off the shared counter until none are left (a worker whose parent is gone stops:
    nobody will make its files current)."""
    while True:
        if parent_gone():
            os._exit(1)
        with counter.get_lock():
            i = counter.value
            counter.value = i + 1
        if i >= len(tasks):
            return
        tasks[i]()


def _child(parent: int, tasks: Sequence[Task], counter: Any, results: Any) -> None:
    die_with_parent(parent)
    gc.disable()  # the graph is shared copy-on-write: a collection would touch (copy) all of it
    try:
        _work(tasks, counter)
    except BaseException as exc:  # reported to the parent, which raises it
        with counter.get_lock():
            counter.value = len(tasks)  # the others stop after their current task
        results.put(f"{type(exc).__name__}: {exc}"[:2000])
        raise SystemExit(1) from None
    results.put("")


def run(tasks: Sequence[Task], jobs: int) -> None:
    """Run every task, in ``jobs`` processes when ``jobs > 1`` and the system can fork."""
    if jobs <= 1 or len(tasks) <= 1 or not can_fork():
        for task in tasks:
            task()
        return
    ctx = multiprocessing.get_context("fork")
    counter = ctx.Value("l", 0)
    results = ctx.SimpleQueue()
    gc.collect()
    gc.freeze()  # keep the inherited objects out of every collection: their pages stay shared
    children = []
    errors: list[str] = []
    try:
        for _ in range(min(jobs, len(tasks)) - 1):
            p = ctx.Process(target=_child, args=(os.getpid(), tasks, counter, results), daemon=True)
            p.start()
            children.append(p)
        try:
            _work(tasks, counter)
        except BaseException:
            with counter.get_lock():
                counter.value = len(tasks)
            raise
        finally:
            for p in children:
                p.join()  # a child's message is tiny: it never blocks on the pipe
            while not results.empty():
                errors.append(results.get())
    finally:
        gc.unfreeze()
    failed = [e for e in errors if e]
    if not failed:
        failed = [f"a worker exited with status {p.exitcode}" for p in children if p.exitcode]
    if failed:
        raise ExportError("writing the exports failed: " + "; ".join(failed))
