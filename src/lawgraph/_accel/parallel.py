"""Run one function over many tasks in forked worker processes, results in task order.

`ordered_map(fn, tasks, jobs)` gives the same results as `map(fn, tasks)` (that is the plain path,
taken for jobs <= 1 or too few tasks to pay for the workers). Workers are forked, so they share what
the parent loaded (registry, automata, jieba's index) without pickling it. A worker dies with its
parent: on Linux the kernel kills it when the parent goes (prctl PR_SET_PDEATHSIG), and everywhere a
worker checks before each task that its parent is still the process that started it. A worker
ignores Ctrl-C and SIGTERM, which a terminal or a scheduler sends to every process of the build: the
parent alone stops the work (the pool shut down after the chunks in hand, the export workers killed).
Workers that died of them instead broke the pool while the parent shut it down: the executor's
thread failed (InvalidStateError, a traceback on stderr), and in one trial the build hung at exit
with a worker blocked on a result nobody read. A worker killed from outside stops the run with ``WorkerDied``, not the executor's
BrokenProcessPool.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
_PR_SET_PDEATHSIG = 1
_parent = 0  # in a worker: the pid of the process that started it


def die_with_parent(parent: int) -> None:
    """Worker initializer: ask the kernel for SIGKILL when the parent exits; exit now if it already has."""
    global _parent
    _parent = parent
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the per-task check below still holds
    for name in ("SIGINT", "SIGTERM"):  # the parent's to act on (see above)
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    if os.getppid() != parent:
        os._exit(1)


def parent_gone() -> bool:
    """In a worker started with ``die_with_parent``: whether its parent has exited."""
    return bool(_parent) and os.getppid() != _parent


def _checked(call: tuple[Callable[[T], R], T]) -> R:
    """Run one task in a worker, unless its parent is gone (then nobody wants the result)."""
    if parent_gone():
        os._exit(1)
    fn, task = call
    return fn(task)


def worth_forking(jobs: int, tasks: int) -> bool:
    """Workers pay off with at least two tasks for each of them."""
    return jobs > 1 and tasks >= 2 * jobs and can_fork()


def can_fork() -> bool:
    """Can this system start a process by fork (sharing what this one holds, nothing pickled)?"""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def ordered_map(fn: Callable[[T], R], tasks: Iterable[T], jobs: int = 1) -> Iterator[R]:
    """fn(task) for each task, in task order; in `jobs` forked workers when that pays off
    (`worth_forking`), else in this process. `fn` must be a module-level function."""
    tasks = list(tasks)
    if not worth_forking(jobs, len(tasks)):
        yield from map(fn, tasks)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from lawgraph.errors import worker_died

    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=die_with_parent,
                             initargs=(os.getpid(),)) as pool:
        chunk = max(1, min(32, len(tasks) // (jobs * 8)))
        try:
            yield from pool.map(_checked, [(fn, t) for t in tasks], chunksize=chunk)
        except BrokenProcessPool:
            raise worker_died("was killed") from None
