"""One exception family for the library. The CLI maps it to messages and exit codes in one place.

Every message is one plain sentence that names the file (or folder) and the fix, e.g.
"cannot decode a.txt as UTF-8 or GB18030; pass --encoding". `exit_code` follows CONTRACT.md:
1 for a well-formed question with no answer, 2 for bad usage or unreadable input.
"""

from __future__ import annotations


class LawgraphError(Exception):
    """Base of every error lawgraph raises on purpose."""

    exit_code = 2


class InputError(LawgraphError, ValueError):
    """An input file or folder cannot be read; the message names it and the fix."""


class GraphError(LawgraphError):
    """A built graph folder is missing or damaged; the message names the file and says to rebuild."""


class NoResult(LawgraphError):
    """A well-formed query that has no answer (an unknown agency or law); lists the closest names."""

    exit_code = 1


class ExportError(LawgraphError):
    """An export could not be written (unwritable folder, full disk); names the folder and the fix."""


class OutputBusy(LawgraphError):
    """Another build holds the output folder."""


class WorkerDied(LawgraphError):
    """A worker process was killed from outside (the system's out-of-memory killer, a signal sent to
    it alone) before it finished its share; the build stops cleanly and says to use fewer workers."""


def worker_died(how: str) -> WorkerDied:
    return WorkerDied(f"a worker process of the build {how}, most often because the system ran short of "
                      "memory; run again with fewer workers (-j 1 uses none)")
