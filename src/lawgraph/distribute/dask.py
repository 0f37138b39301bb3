"""`lawgraph build --scheduler ADDRESS`: the extraction on a running Dask distributed cluster.

The build discovers the inputs and decides skips and duplicates here, exactly as a local build does
(`pipeline.extract_paths`); only the reading and analysis of the reports goes to the cluster, in
batches of files per task (`mapper`). The batches' outcomes come back in input order and go to the
graph as a local build's do, so the exports are byte-identical. At most a few batches per worker
thread are in flight, so results never pile up on the cluster. A worker process runs one batch at a
time, so start one process per core (`dask worker ADDRESS --nworkers N --nthreads 1`).

Workers read the paths themselves: they need the same files (a shared file system) and, for
relative paths, the build's working folder; a worker elsewhere says so instead of skipping every
file. Each batch also reports the worker's extractor version, and a worker with another lawgraph
stops the build (its results would differ). Dask is an optional extra (`lawgraph[dask]`), imported
only here, only when --scheduler is used.
"""

from __future__ import annotations

import functools
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from lawgraph.errors import LawgraphError

EXTRA = "pip install 'lawgraph[dask]'"
BATCH_FILES = 64  # a task reads at most this many files …
BATCH_BYTES = 4 << 20  # … and at most this many bytes (a single larger file is a batch of its own)
CONNECT_SECONDS = 30  # to reach the scheduler, and then for a first worker to join


class ClusterError(LawgraphError):
    """The Dask cluster cannot be reached or used; the message names the scheduler and the fix."""


@functools.cache
def _version() -> str:
    from lawgraph._accel.cache import extractor_version

    return extractor_version()


_one_at_a_time = threading.Lock()


def run_batch(fn: Callable[[Any], Any], batch: list, cwd: str) -> tuple[str, list]:
    """On a worker: fn(task) for each task of the batch, with this worker's extractor version. One batch
    at a time per worker process: the analysis is pure Python (threads would only share one core) and
    loads its tables lazily, so threads of one worker must not run it side by side."""
    relative = any(not os.path.isabs(task[0][0]) for task in batch)
    if relative and os.path.realpath(os.getcwd()) != os.path.realpath(cwd):
        raise ClusterError(f"a Dask worker runs in {os.getcwd()}, not in {cwd} where the build runs, so it cannot read "
                           f"the relative paths; start the workers in {cwd} or give the build absolute paths")
    with _one_at_a_time:
        return _version(), [fn(task) for task in batch]


def batches(tasks: Iterable[tuple], files: int = BATCH_FILES, size: int = BATCH_BYTES) -> Iterator[list[tuple]]:
    """The tasks of `pipeline._job` ((path, sha, size, …), key, cache, lean) in order, cut into batches
    of at most `files` files and `size` bytes."""
    batch: list[tuple] = []
    held = 0
    for task in tasks:
        n = task[0][2] or 0
        if batch and (len(batch) >= files or held + n > size):
            yield batch
            batch, held = [], 0
        batch.append(task)
        held += n
    if batch:
        yield batch


def _connect(address: str):  # noqa: ANN202 - a distributed.Client
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("--scheduler needs Dask distributed, which is not installed; "
                           f"install it with {EXTRA}") from None
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address} ({_one_line(exc)}); start it with "
                           f"`dask scheduler` or check the address") from None
    try:
        client.wait_for_workers(1, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError) as exc:
        client.close()
        raise ClusterError(f"no worker joined the Dask scheduler at {address} in {CONNECT_SECONDS} s "
                           f"({_one_line(exc)}); start workers with `dask worker {address}`") from None
    return client


def _one_line(exc: BaseException) -> str:
    from lawgraph.pipeline import _one_line as one_line

    return one_line(exc)


class OnDask:
    """An `extractor` for `lawgraph.build`: `pipeline.extract_paths` with the analysis of the reports
    on the Dask cluster at `address`. The per-report cache stays on this machine and is not used (the
    workers analyse every report); the build stamp is kept as for a local build."""

    stamps = True

    def __init__(self, address: str, files: int = BATCH_FILES, size: int = BATCH_BYTES) -> None:
        self.address, self.files, self.size = address, files, size

    def __call__(self, paths: Iterable[str], **options: Any):
        from lawgraph.io import STDIN
        from lawgraph.pipeline import extract_paths

        paths = list(paths)
        if STDIN in paths:
            raise ClusterError("standard input (-) cannot be sent to a Dask cluster; save the report to a file")
        client = _connect(self.address)
        try:
            options.update(cache=None, jobs=1, mapper=functools.partial(self._map, client))
            return extract_paths(paths, **options)
        finally:
            client.close()

    def _map(self, client: Any, fn: Callable[[Any], Any], tasks: Iterable[tuple], _jobs: int) -> Iterator[Any]:
        """fn(task) for each task, in task order, computed on the cluster in batches."""
        todo = batches(tasks, self.files, self.size)
        ahead = max(4, 2 * sum(client.nthreads().values()))
        cwd = os.getcwd()
        window: deque = deque()

        def submit() -> None:
            batch = next(todo, None)
            if batch is not None:
                window.append(client.submit(run_batch, fn, batch, cwd, pure=False))

        for _ in range(ahead):
            submit()
        while window:
            future = window.popleft()
            try:
                version, outcomes = future.result()
            except LawgraphError:
                raise
            except Exception as exc:  # noqa: BLE001 - a worker died or the connection broke: one line
                raise ClusterError(f"the Dask cluster at {self.address} failed on a batch of reports "
                                   f"({_one_line(exc)}); check its workers' logs and build again") from None
            future.release()
            if version != _version():
                raise ClusterError(f"a Dask worker of {self.address} runs another lawgraph (extractor {version}, this "
                                   f"one is {_version()}); install the same lawgraph on every worker")
            submit()
            yield from outcomes
