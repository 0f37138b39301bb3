"""Run one function over many tasks in forked worker processes, results in task order.

`ordered_map(fn, tasks, jobs)` gives the same results as `map(fn, tasks)` (that is the plain path,
taken for jobs <= 1 or too few tasks to pay for the workers). Workers are forked, so they share what
the parent loaded (registry, automata, jieba's index) without pickling it. A worker dies with its
parent: on Linux the kernel kills it when the parent goes (prctl PR_SET_PDEATHSIG), and everywhere a
worker checks before each part of the tasks that its parent is still the process that started it.

A worker ignores Ctrl-C and SIGTERM, which a terminal or a scheduler sends to every process of the
build: the parent alone stops the work, and kills its workers. Each worker has pipes of its own (the
part numbers it is given, its pickled results), so a kill leaves nothing shared half-written, and
the parent always knows which part a dead worker had. concurrent.futures' ProcessPoolExecutor, used
before, could do neither: workers that died of the signals broke the pool while the parent shut it
down (InvalidStateError printed from its thread; once, a hang at exit), killed ones left its thread
blocked on a half-read result, and after one crashed, workers that ignored SIGTERM kept its thread
spinning for ever.

A task that kills its worker costs only itself when the caller says what such a task yields
(`crashed`): the dead worker's part is run again alone, in children of ``fork_child``. Without it,
or when workers keep dying with no task to blame, the run stops with ``WorkerDied``.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
_PR_SET_PDEATHSIG = 1
_parent = 0  # in a worker: the pid of the process that started it
STOP_SIGNALS = ("SIGINT", "SIGTERM")  # Ctrl-C, and the polite kill of a scheduler or `timeout`: the parent's to act on


def die_with_parent(parent: int) -> None:
    """Worker initializer: ask the kernel for SIGKILL when the parent exits; exit now if it already has.
    Ctrl-C and SIGTERM are the parent's to act on: the worker ignores them."""
    global _parent
    _parent = parent
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the per-task check below still holds
    for name in STOP_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # held by ``fork`` until they are ignored here
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _stop_signals())
    if os.getppid() != parent:
        os._exit(1)


def _stop_signals() -> set[int]:
    return {getattr(signal, name) for name in STOP_SIGNALS if hasattr(signal, name)}


def fork(*pipes: int) -> int:
    """``os.fork()`` with Ctrl-C and SIGTERM held while it runs: one that came meanwhile was handled
    inside the interpreter's after-fork callbacks, where the exception it raised (KeyboardInterrupt,
    ``Terminated``) was printed as ignored and the build went on. Now it takes effect in the parent
    once the fork is done (the new child is killed and reaped first, so none is left behind), and
    in the child once ``die_with_parent`` ignores it; ``pipes``, the ends made for the child, are
    closed when the parent is stopped so. Every worker is forked here."""
    if not hasattr(signal, "pthread_sigmask"):
        return os.fork()
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _stop_signals())
    pid = os.fork()
    if pid == 0:
        return 0
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a signal held meanwhile is handled here
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        for fd in pipes:
            os.close(fd)
        raise
    return pid


def parent_gone() -> bool:
    """In a worker started with ``die_with_parent``: whether its parent has exited."""
    return bool(_parent) and os.getppid() != _parent


def worth_forking(jobs: int, tasks: int) -> bool:
    """Workers pay off with at least two tasks for each of them."""
    return jobs > 1 and tasks >= 2 * jobs and can_fork()


def can_fork() -> bool:
    """Can this system start a process by fork (sharing what this one holds, nothing pickled)?"""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def ordered_map(fn: Callable[[T], R], tasks: Iterable[T], jobs: int = 1,
                crashed: Callable[[T, str], R] | None = None) -> Iterator[R]:
    """fn(task) for each task, in task order; in `jobs` forked workers when that pays off
    (`worth_forking`), else in this process. The workers inherit `fn` and the tasks (nothing of them
    is pickled); their results come back pickled.

    A task that kills its worker (a crash in a C library: SIGSEGV; memory it alone exhausts) costs
    only itself: the part of the tasks that worker had is run again in a forked child of its own,
    and if that dies too, task by task; a task that kills its child again gets ``crashed(task,
    how)`` (how: 'was killed by SIGSEGV') as its result, and a new worker takes the dead one's
    place. Without ``crashed``, or when workers die ``_UNEXPLAINED`` times with no task to blame (the
    system is killing them, short of memory), the run stops with ``WorkerDied``."""
    tasks = list(tasks)
    if not worth_forking(jobs, len(tasks)):
        yield from map(fn, tasks)
        return
    chunk = max(1, min(32, len(tasks) // (jobs * 8)))
    parts = [tasks[i : i + chunk] for i in range(0, len(tasks), chunk)]
    del tasks
    yield from _Pool(fn, parts, jobs, crashed).run()


_UNEXPLAINED = 3  # workers lost with no task to blame, before the run gives up
_LENGTH = 8  # bytes of the length before each message of a worker (its part's number, 4 bytes, then its pickled outcome)


class _Worker:
    __slots__ = ("pid", "tasks", "results", "part", "buffer")

    def __init__(self, pid: int, tasks: int, results: int) -> None:
        self.pid, self.tasks, self.results = pid, tasks, results  # pid, write end of its tasks, read end of its results
        self.part: int | None = None  # the part it has in hand
        self.buffer = bytearray()  # what it has sent of its next message


class _Pool:
    """`jobs` forked workers, each with a pipe of its own for the part numbers it is given (one at a
    time) and one for its pickled results, so the parent knows which part a worker had when it died.
    Stopped early (Ctrl-C, SIGTERM, the consumer failed or closed), the parent kills them: nothing is
    shared between workers that a kill could leave half-written."""

    def __init__(self, fn: Callable[[T], R], parts: list[list[T]], jobs: int,
                 crashed: Callable[[T, str], R] | None) -> None:
        import selectors

        self.fn, self.parts, self.crashed = fn, parts, crashed
        self.jobs = min(jobs, len(parts))
        self.workers: dict[int, _Worker] = {}  # by the read end of its results
        self.selector = selectors.DefaultSelector()
        self.given = 0  # parts handed out so far, in order
        self.done: dict[int, list[R]] = {}  # results of parts not yet handed on
        self.unexplained = 0

    def run(self) -> Iterator[R]:
        try:
            for _ in range(self.jobs):
                self._start()
            for k in range(len(self.parts)):
                while k not in self.done:
                    self._wait()
                yield from self.done.pop(k)
        except BaseException:
            self._stop(kill=True)
            raise
        self._stop(kill=False)

    def _start(self) -> None:
        import selectors

        tasks_r, tasks_w = os.pipe()
        results_r, results_w = os.pipe()
        parent = os.getpid()
        pid = fork(tasks_r, tasks_w, results_r, results_w)
        if pid == 0:  # the worker: parts until its tasks pipe closes; never back into the caller's code
            status = 1
            try:
                os.close(tasks_w)
                os.close(results_r)
                for other in self.workers.values():
                    os.close(other.tasks)
                    os.close(other.results)
                die_with_parent(parent)
                _serve(self.fn, self.parts, tasks_r, results_w)
                status = 0
            finally:
                os._exit(status)
        os.close(tasks_r)
        os.close(results_w)
        worker = _Worker(pid, tasks_w, results_r)
        self.workers[results_r] = worker
        self.selector.register(results_r, selectors.EVENT_READ, worker)
        self._give(worker)

    def _give(self, worker: _Worker) -> None:
        """Hand the next part to an idle worker (4 bytes: one atomic write that never blocks)."""
        worker.part = None
        if self.given < len(self.parts):
            worker.part = self.given
            self.given += 1
            with contextlib.suppress(BrokenPipeError):  # it died: its results pipe says so next
                os.write(worker.tasks, worker.part.to_bytes(4, "little"))

    def _wait(self) -> None:
        """Take in what the workers sent, until some result or loss has been dealt with."""
        for key, _ in self.selector.select():
            worker = key.data
            chunk = os.read(worker.results, 1 << 20)
            if chunk:
                worker.buffer += chunk
                self._take(worker)
            else:
                self._lost(worker)

    def _take(self, worker: _Worker) -> None:
        buffer = worker.buffer
        while len(buffer) >= _LENGTH:
            end = _LENGTH + int.from_bytes(buffer[:_LENGTH], "little")
            if len(buffer) < end:
                return
            part = int.from_bytes(buffer[_LENGTH : _LENGTH + 4], "little")
            value = _results(buffer[_LENGTH + 4 : end])
            del buffer[:end]
            self.done[part] = value
            self._give(worker)

    def _lost(self, worker: _Worker) -> None:
        """A worker died (its results pipe closed): its part is run again alone, and blamed on the
        task that kills that too; a new worker takes its place."""
        from lawgraph.errors import worker_died

        self.selector.unregister(worker.results)
        del self.workers[worker.results]
        os.close(worker.results)
        os.close(worker.tasks)
        _, status = os.waitpid(worker.pid, 0)
        how = ended(os.waitstatus_to_exitcode(status))
        if self.crashed is None:
            raise worker_died(how)
        blamed = 0
        if worker.part is not None:
            self.done[worker.part], blamed = _alone(self.fn, self.parts[worker.part], self.crashed)
        if not blamed:
            self.unexplained += 1
            if self.unexplained >= _UNEXPLAINED:
                raise worker_died(how)
        if self.given < len(self.parts):
            self._start()

    def _stop(self, kill: bool) -> None:
        """End every worker: an idle one at the end of its tasks pipe, or killed at once."""
        for worker in self.workers.values():
            if kill:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(worker.pid, signal.SIGKILL)
            os.close(worker.tasks)
            os.close(worker.results)
            os.waitpid(worker.pid, 0)
        self.workers.clear()
        self.selector.close()


def _serve(fn: Callable[[T], R], parts: list[list[T]], tasks: int, results: int) -> None:
    """A worker's loop: read a part's number, send back (number, (True, results)), or (number,
    (False, the exception)) when fn raised; return when the parent closes the tasks pipe."""
    while True:
        number = _read_exact(tasks, 4)
        if len(number) < 4:
            return
        if parent_gone():
            os._exit(1)
        data = _outcome(fn, parts[int.from_bytes(number, "little")])
        _write_all(results, (len(number) + len(data)).to_bytes(_LENGTH, "little") + number)
        _write_all(results, data)


def _outcome(fn: Callable[[T], R], part: list[T]) -> bytes:
    """Pickled: (True, [fn(task) for task in part]), or (False, the exception fn raised), for
    ``_results`` in the parent. Results or an exception that cannot be pickled are said so, never
    left to end the child as if it had crashed."""
    try:
        done: tuple[bool, Any] = (True, [fn(task) for task in part])
    except Exception as exc:
        done = (False, exc)
    try:
        return pickle.dumps(done, pickle.HIGHEST_PROTOCOL)
    except Exception as exc:
        return pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))


def _results(data: bytes | bytearray) -> list[Any]:
    """The results an ``_outcome`` holds; the exception fn raised is raised here, as map would."""
    ok, value = pickle.loads(data)
    if not ok:
        raise value
    return value


def _read_exact(fd: int, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = os.read(fd, n - len(data))
        if not chunk:
            break
        data += chunk
    return data


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _alone(fn: Callable[[T], R], part: list[T], crashed: Callable[[T, str], R]) -> tuple[list[R], int]:
    """The results of `part` run in a forked child of its own; if that child dies, each task in a
    child of its own, and ``crashed(task, how)`` for each one whose child dies too. Returns the
    results and how many tasks were to blame."""
    died, results = _in_child(fn, part)
    if not died:
        return results, 0
    out, blamed = [], 0
    for task in part:
        died, one = _in_child(fn, [task])
        if died:
            out.append(crashed(task, died))
            blamed += 1
        else:
            out.extend(one)
    return out, blamed


def _in_child(fn: Callable[[T], R], part: list[T]) -> tuple[str, list[R]]:
    """('', [fn(task) for task in part]) worked out in a forked child, or (how it died: ``ended``, [])."""
    code, data = collect(*fork_child(lambda: _outcome(fn, part)))
    if code != 0 or not data:
        return ended(code), []
    return "", _results(data)


def fork_child(produce: Callable[[], bytes]) -> tuple[int, int]:
    """(pid, read end of its pipe) of a forked child that writes ``produce()`` down the pipe and exits,
    with status 0 once all of it is written; it never returns into the caller's code, ignores Ctrl-C
    and SIGTERM, and dies with this process (``die_with_parent``). Read it with ``collect``."""
    parent = os.getpid()
    read, write = os.pipe()
    pid = fork(read, write)
    if pid == 0:
        status = 1
        try:
            os.close(read)
            die_with_parent(parent)
            _write_all(write, produce())
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return pid, read


def collect(pid: int, read: int) -> tuple[int, bytes]:
    """(exit code, the bytes written) of a child of ``fork_child``, once it has ended; interrupted
    meanwhile (Ctrl-C), the child is killed first."""
    chunks = []
    try:
        while chunk := os.read(read, 1 << 20):
            chunks.append(chunk)
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        os.close(read)
        _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), b"".join(chunks)


def ended(code: int) -> str:
    """How a child with exit code `code` ended: 'was killed by SIGSEGV', 'exited with status 3'."""
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with status {code}"
