"""`lawgraph build --scheduler ADDRESS`: the extraction on a Dask cluster gives the exports of a local
build, byte for byte; a cluster that cannot be used is one line naming the scheduler and the fix.
Runs against a real `distributed.LocalCluster` with one worker process (CI installs lawgraph[dask])."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lawgraph.build import build
from lawgraph.cli import cli
from lawgraph.distribute import dask as on_dask
from lawgraph.distribute.dask import OnDask, batches
from test_export_selection import files  # every file of a build folder and its bytes, the stamp aside

if os.environ.get("CI"):  # scripts/test.sh installs lawgraph[dask]: in CI these tests run, never skip
    import distributed
else:
    distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]
STAMP = ".lawgraph-build.json"


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as c:
        yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds, two dev reports, a copy and a binary file (absolute paths: the worker reads them)."""
    d = tmp_path_factory.mktemp("dask-corpus")
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        shutil.copy(p, d / p.name)
    for name in ("001.txt", "004.txt"):
        shutil.copy(ROOT / "tests/fixtures/dev/raw" / name, d / f"dev_{name}")
    shutil.copy(d / "dev_001.txt", d / "zz_copy.txt")
    (d / "binary.txt").write_bytes(b"\x00\xff" * 64)
    return d


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_a_dask_build_writes_the_exports_of_a_local_build(cluster, corpus: Path, tmp_path: Path) -> None:
    local = run("build", str(corpus), "-o", str(tmp_path / "local"), "--no-cache", "-v")
    remote = run("build", "--scheduler", cluster.scheduler_address, str(corpus), "-o", str(tmp_path / "dask"),
                 "--no-cache", "-v")
    assert local.exit_code == remote.exit_code == 0, remote.stderr
    assert files(tmp_path / "dask") == files(tmp_path / "local")
    assert len(files(tmp_path / "local")) > 20 and "manifest.csv" in files(tmp_path / "local")
    assert remote.stderr == local.stderr  # the same skipped input, duplicate and summary
    assert (tmp_path / "dask" / STAMP).exists()  # a Dask build is stamped like a local one


def test_many_small_batches_come_back_in_input_order(cluster, corpus: Path, tmp_path: Path) -> None:
    build([str(corpus)], tmp_path / "local", use_cache=False)
    report = build([str(corpus)], tmp_path / "dask", use_cache=False,
                   extractor=OnDask(cluster.scheduler_address, files=1))  # one file per task
    assert files(tmp_path / "dask") == files(tmp_path / "local")
    assert (report.processed, report.skipped, report.duplicates) == (7, 1, 1)


@pytest.mark.parametrize(("sizes", "files", "size", "expected"), [
    ([10, 10, 10], 2, 100, [[10, 10], [10]]),  # by count
    ([60, 50, 10], 10, 100, [[60], [50, 10]]),  # by bytes
    ([500, 1, 1], 10, 100, [[500], [1, 1]]),  # a file over the bytes is a batch of its own
    ([None, 0, 5], 10, 100, [[None, 0, 5]]),  # unknown size counts 0
    ([], 3, 100, []),
])
def test_batches(sizes, files: int, size: int, expected) -> None:
    tasks = [((f"p{i}", "", n, None, 0), "", None, True) for i, n in enumerate(sizes)]
    assert [[t[0][2] for t in b] for b in batches(tasks, files, size)] == expected


def test_relative_paths_need_the_workers_in_the_build_folder(cluster, corpus: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus.parent)  # the worker process stays where it started
    res = run("build", "--scheduler", cluster.scheduler_address, corpus.name, "-o", str(tmp_path / "out"))
    assert res.exit_code == 2
    assert res.stderr.startswith("lawgraph: a Dask worker runs in ")
    assert res.stderr.endswith(f"not in {corpus.parent} where the build runs, so it cannot read the relative paths; "
                               f"start the workers in {corpus.parent} or give the build absolute paths\n")
    assert not (tmp_path / "out").exists()


def test_without_dask_the_error_names_the_extra(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if it were not installed
    res = run("build", "--scheduler", "tcp://127.0.0.1:8786", str(corpus), "-o", str(tmp_path / "out"))
    assert (res.exit_code, res.stderr) == (2, "lawgraph: --scheduler needs Dask distributed, which is not installed; "
                                              "install it with pip install 'lawgraph[dask]'\n")


def test_an_unreachable_scheduler_is_one_line(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(on_dask, "CONNECT_SECONDS", 1)
    res = run("build", "--scheduler", "tcp://127.0.0.1:9", str(corpus), "-o", str(tmp_path / "out"))
    assert res.exit_code == 2
    assert res.stderr.startswith("lawgraph: cannot reach the Dask scheduler at tcp://127.0.0.1:9 (")
    assert res.stderr.endswith("); start it with `dask scheduler` or check the address\n")
    assert len(res.stderr.splitlines()) == 1


def test_standard_input_is_not_sent_to_a_cluster(tmp_path: Path) -> None:
    res = run("build", "--scheduler", "tcp://127.0.0.1:9", "-", "-o", str(tmp_path / "out"))
    assert (res.exit_code, res.stderr) == (2, "lawgraph: standard input (-) cannot be sent to a Dask cluster; "
                                              "save the report to a file\n")


class _Future:
    def __init__(self, value) -> None:
        self.value = value

    def result(self):
        return self.value

    def release(self) -> None:
        pass


class _OtherLawgraph:
    """A client whose worker runs another lawgraph."""

    def nthreads(self) -> dict:
        return {"w": 1}

    def submit(self, run_batch, fn, batch, cwd, pure=False):  # noqa: ANN001, ARG002
        return _Future(("0000000000000000", [None] * len(batch)))


def test_a_worker_with_another_lawgraph_stops_the_build() -> None:
    tasks = [((f"/a/{i}.txt", "", 1, None, 0), "", None, True) for i in range(3)]
    with pytest.raises(on_dask.ClusterError, match=r"a Dask worker of tcp://x:1 runs another lawgraph "
                                                   r"\(extractor 0000000000000000, this one is \w+\); install the "
                                                   r"same lawgraph on every worker"):
        list(OnDask("tcp://x:1")._map(_OtherLawgraph(), print, tasks, 1))


def test_a_worker_with_two_threads_gives_the_same_exports(corpus: Path, tmp_path: Path) -> None:
    build([str(corpus)], tmp_path / "local", use_cache=False)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=":0") as c:
        build([str(corpus)], tmp_path / "dask", use_cache=False, extractor=OnDask(c.scheduler_address, files=1))
    assert files(tmp_path / "dask") == files(tmp_path / "local")
