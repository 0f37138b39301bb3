"""Runs export tasks in ``jobs`` forked workers that inherit the graph, one fresh worker per task.

A fork shares the graph copy-on-write (it is never pickled). Each task gets a process of its own,
forked when a slot is free, in the order given (largest first, so the slots finish together), and
the parent does only its small share (``meanwhile``) and waits: no process holds more than the graph
and one task's own memory, where a long-lived worker (or the parent) would keep what every task it
ran left behind (the per-graph memos of the pages, the allocator's free lists). At 10,000 reports
that is the difference between the largest process staying near the graph's size and growing by
the sum of the tasks.

The first failure stops the rest (no new task starts; those running finish) and is raised here; a
worker killed from outside stops the others at once and raises ``WorkerDied``.
Used by ``write_exports`` when ``jobs > 1`` on a system that can fork; the files are the same bytes
for any number of jobs (``run_serial`` is the plain path, and the tests compare).
"""

from __future__ import annotations

import gc
import os
import signal
import time
from collections.abc import Callable, Sequence
from typing import Any

from lawgraph._accel.parallel import can_fork, die_with_parent, ended, fork
from lawgraph.errors import ExportError, WorkerDied, worker_died

Task = Callable[[], Any]
_MESSAGE = 2000  # bytes of a failed task's message, at most (fits a pipe's buffer: the child never blocks)


def run_serial(tasks: Sequence[Task]) -> None:
    for task in tasks:
        task()


def _child(parent: int, task: Task, report: int) -> None:
    """In the forked worker: run the task, write what failed (if anything) to ``report``, exit."""
    status = 0
    try:
        die_with_parent(parent)
        gc.disable()  # the graph is shared copy-on-write: a collection would touch (copy) all of it
        task()
    except BaseException as exc:  # reported to the parent, which raises it
        os.write(report, f"{type(exc).__name__}: {exc}".encode("utf-8", "replace")[:_MESSAGE])
        status = 1
    finally:
        os._exit(status)  # no atexit handlers, no flushing of the parent's inherited buffers


def _start(parent: int, task: Task) -> tuple[int, int]:
    """(pid, read end of its report pipe) of a new worker running ``task``."""
    r, w = os.pipe()
    pid = fork(r, w)
    if pid == 0:
        os.close(r)
        _child(parent, task, w)
    os.close(w)
    return pid, r


def _collect(pid: int, status: int, read: int) -> str | WorkerDied:
    """'' for a worker that did its task, else why it did not: its message, or ``WorkerDied`` for
    one killed by a signal (the out-of-memory killer's SIGKILL: no export failed, the machine
    stopped it, and the fix is fewer workers, not the folder's permissions)."""
    try:
        message = os.read(read, _MESSAGE).decode("utf-8", "replace")
    finally:
        os.close(read)
    code = os.waitstatus_to_exitcode(status)
    if code == 0:
        return ""
    if code < 0 and not message:
        return worker_died(ended(code))
    return message or f"a worker exited with status {code}"


def _finished(running: dict[int, int]) -> list[tuple[int, int]]:
    """(pid, wait status) of the workers that have exited, waiting until one has. Only our own
    workers are waited for (never ``os.wait()``: another child of the build is not ours to reap)."""
    while True:
        done = []
        for pid in running:
            got, status = os.waitpid(pid, os.WNOHANG)
            if got:
                done.append((pid, status))
        if done:
            return done
        time.sleep(0.005)


def run(tasks: Sequence[Task], jobs: int, meanwhile: Task | None = None) -> None:
    """Run every task, in up to ``jobs`` worker processes at a time when ``jobs > 1`` and the system
    can fork (else here, in order). ``meanwhile`` is the parent's own share: run here once the
    first workers have started, instead of after them with the cores idle (or last, in order)."""
    if jobs <= 1 or len(tasks) <= 1 or not can_fork():
        run_serial([*tasks, meanwhile] if meanwhile is not None else tasks)
        return
    # keep the inherited objects out of every collection: their pages stay shared. No collection
    # first: at 10,000 reports a full one took 0.4 s, with every core idle, and found nothing
    gc.freeze()
    parent = os.getpid()
    running: dict[int, int] = {}  # pid -> read end of its report pipe
    failed: list[str] = []
    pending = list(reversed(tasks))  # popped from the end: the given order
    try:
        while pending or running:
            while pending and not failed and len(running) < jobs:
                pid, read = _start(parent, pending.pop())
                running[pid] = read
            if meanwhile is not None:
                own, meanwhile = meanwhile, None
                own()
            if not running:
                break
            killed = []
            for pid, status in _finished(running):
                why = _collect(pid, status, running.pop(pid))
                if isinstance(why, WorkerDied):
                    killed.append(why)
                elif why:
                    failed.append(why)
            if killed:  # the others are stopped below, as for an interruption
                raise killed[0]
    except BaseException:
        for pid, read in running.items():  # interrupted: the workers go with the build
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(read)
        raise
    finally:
        gc.unfreeze()
    if failed:
        raise ExportError("writing the exports failed: " + "; ".join(failed))
