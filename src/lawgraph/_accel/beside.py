"""One pure function worked out in a forked child while this process goes on with other work.

``Beside(fn, *args)`` forks a child that computes ``fn(*args)`` from what it inherited (nothing is
pickled) and writes the value back through a pipe as marshal bytes (so the value must be plain:
dicts, lists, tuples, strings, numbers). ``result()`` collects it; when the child could not be
forked, failed, or died, the value is worked out here instead, so the answer never depends on the
child. ``close()`` (also on leaving a ``with`` block) kills a child whose value was never asked for:
a build that fails in between leaves no process behind, and the child dies with its parent.

Used by ``graph.build`` to lay out the graph while the parent finishes its attributes (the layout
reads only the node ids and the edges); ``graph.build.LAYOUT_BESIDE = False`` is the plain path.
"""

from __future__ import annotations

import gc
import marshal
import os
import signal
from collections.abc import Callable
from typing import Any

from lawgraph._accel.parallel import can_fork, collect, fork_child


class Beside:
    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        self._fn, self._args = fn, args
        self._pid = 0
        self._read = -1
        if not can_fork():
            return

        def value() -> bytes:
            gc.disable()  # what it inherited stays shared: a collection would touch (copy) it all
            return marshal.dumps(fn(*args))

        self._pid, self._read = fork_child(value)

    def result(self) -> Any:
        """``fn(*args)``: the child's value, or worked out here when the child gave none."""
        if self._pid:
            pid, self._pid = self._pid, 0
            code, data = collect(pid, self._read)
            if code == 0:
                try:
                    return marshal.loads(data)
                except (EOFError, ValueError, TypeError):
                    pass  # cut short: worked out here
        return self._fn(*self._args)

    def close(self) -> None:
        """Kill and reap a child whose value was not collected."""
        if self._pid:
            os.kill(self._pid, signal.SIGKILL)
            os.close(self._read)
            os.waitpid(self._pid, 0)
            self._pid = 0

    def __enter__(self) -> Beside:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
