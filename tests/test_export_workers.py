"""Forked export workers die with the build that started them (issue 14): after kill -9 of the
parent, no worker goes on writing files that no build will make current."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

SCRIPT = textwrap.dedent("""
    import sys, time
    from lawgraph.exporters import runner
    log = sys.argv[1]
    def task():
        time.sleep(0.1)
        with open(log, "a") as f:
            f.write("x")
    runner.run([task] * 200, jobs=2)
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork and kill semantics of Linux")
def test_export_workers_stop_when_the_build_is_killed(tmp_path: Path) -> None:
    log = tmp_path / "log"
    log.write_text("")
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, str(log)], start_new_session=True)
    deadline = time.monotonic() + 20
    while len(log.read_text()) < 4 and time.monotonic() < deadline:  # both processes at work
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    time.sleep(0.5)  # a task in flight may still finish
    written = len(log.read_text())
    time.sleep(1.0)
    assert len(log.read_text()) == written  # nobody writes any more
    assert written < 200
