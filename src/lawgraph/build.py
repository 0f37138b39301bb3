"""The library verb behind `lawgraph build`: inputs → results → graph → exports → manifest.

An output folder always holds one whole build. The build holds a lock on the folder from start to
end (a second build into it fails at once with OutputBusy rather than waiting: a wait could be
hours on a large archive). Every export is written into a staging folder inside DIR and made
current only when all of them are written: renamed into place with manifest.csv and the build stamp
last, so a build that fails or is killed before that leaves the previous build whole, and the next
build removes what it left behind. A build that processes nothing changes nothing in DIR.

This module imports the other rooms' entry points (input discovery, extraction, the graph, the
exporters, the manifest) and nothing else of theirs, so a move of one of them changes a line here.
It never prints: progress goes to a callback, the outcome comes back as a BuildReport.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lawgraph.errors import ExportError, InputError, OutputBusy
from lawgraph.manifest import DUPLICATE, PROCESSED, SKIPPED, Record, exit_status

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no folder lock
    fcntl = None  # type: ignore[assignment]

DEFAULT_DIR = "graph_exports"
STAGING = ".lawgraph-staging-"  # DIR/.lawgraph-staging-PID/: the exports of a build being written
SITE_DIRS = ("agencies", "laws")  # folders of DIR that only lawgraph writes (stale pages in them are removed)
SITE_LIB = "lib"  # the one folder lawgraph writes inside each (the pages' shared scripts and styles)
FAST_FOLDERS = True  # False: staging and commit go file by file, as first written (the tests compare)
Progress = Callable[[int, int, int], None]  # (files done, files in all, bytes done)
Stage = Callable[[str], None]  # what the build starts after the files: STAGES, in that order
STAGES = ("graph", "exports")  # finishing the graph (attributes, layout), writing the exports


@dataclass
class BuildReport:
    """What a build did: one Record per input, the graph's size, and whether DIR was rewritten
    (False when the build stamp showed its exports were already those of these inputs)."""

    out_dir: str
    records: list[Record]
    nodes: int
    edges: int
    written: bool = True
    warnings: list[str] = field(default_factory=list)
    focused: tuple[str, int, int] | None = None  # (the focus as text, documents kept, documents in all)

    def count(self, status: str) -> int:
        return sum(1 for r in self.records if r.status == status)

    @property
    def processed(self) -> int:
        return self.count(PROCESSED)

    @property
    def skipped(self) -> int:
        return self.count(SKIPPED)

    @property
    def duplicates(self) -> int:
        return self.count(DUPLICATE)

    def exit_status(self, strict: bool = False) -> int:
        """CONTRACT.md: 2 when nothing was processed, or with `strict` when an input was skipped."""
        return exit_status(self.records, strict)


class NothingBuilt(InputError):
    """No input could be processed; DIR was left as it was. `report` lists every input's outcome."""

    def __init__(self, message: str, report: BuildReport) -> None:
        super().__init__(message)
        self.report = report


def build(paths: Iterable[str | os.PathLike[str]], out_dir: str | os.PathLike[str] = DEFAULT_DIR, *,
          encoding: str | None = None, max_size: int | None = None, jobs: int = 1, use_cache: bool = True,
          cache_dir: str | None = None, progress: Progress | None = None, province: str | None = None,
          year: str | int | None = None, top_laws: int | None = None,
          extractor: Callable[..., Any] | None = None, formats: Iterable[str] | None = None,
          stage: Stage | None = None) -> BuildReport:
    """Build the graph of the reports under `paths` and write every export and manifest.csv to DIR.

    `use_cache` lets the build reuse per-report results and check the build stamp
    (DIR/.lawgraph-build.json), which skips rewriting exports that are already up to date; the
    exports are the same bytes either way. The stamp is written by every build that writes DIR.
    Raises NothingBuilt when no input could be processed, OutputBusy when another build holds DIR,
    ExportError when DIR cannot be written.

    `province`, `year` (2024 or 2020-2023) and `top_laws` write the exports of a focused subset
    (`lawgraph.graph.subset`) instead of the whole graph; manifest.csv still lists every input.
    InputError for an unknown province, NoResult when the focus keeps no document (DIR as it was).

    `formats` names the exports to write (`lawgraph.outputs`: graphml gexf json csv
    cocitation html, or all; None: all); lawgraph.sqlite and manifest.csv are always written, and
    the files of a format left out are removed from DIR. The exports written are the same bytes
    whatever else is selected.

    `stage` is called with each of `STAGES` as the build starts it, after the reports are read
    (`progress` counts those): at 10,000 reports the graph and the exports take twice as long as
    the reading, and a caller can say so. A build found up to date starts none.

    `extractor` stands in for `lawgraph.pipeline.extract_paths` (same arguments, an ExtractRun back;
    `lawgraph.distribute`: results files, a Dask cluster); one whose `stamps` is False (results made
    elsewhere) neither reuses nor writes the build stamp, so the next build into DIR is a full one."""
    from lawgraph._accel import stamp
    from lawgraph._accel.gcpause import paused
    from lawgraph.io import DEFAULT_MAX_SIZE
    from lawgraph.outputs import select

    selection = select(formats)
    focus = None
    if province is not None or year is not None or top_laws is not None:  # no graph library otherwise
        from lawgraph.graph.subset import make_focus

        focus = make_focus(province, year, top_laws)
    options = focus.options() if focus is not None else None

    given = [os.fspath(p) for p in paths]
    if not given:
        raise InputError("nothing to build: pass report files or folders")
    max_size = DEFAULT_MAX_SIZE if max_size is None else max_size
    out = Path(out_dir)
    with _locked(out):
        listed, warnings = _inputs(given, out)
        stamped = getattr(extractor, "stamps", True)  # results made elsewhere: no stamp (lawgraph.distribute)
        if use_cache and focus is None and stamped:  # a focused build always writes (its summary counts the subset)
            try:
                kept = stamp.reuse(listed, out, encoding, max_size, cache_dir, exclude=(out,), formats=selection)
                if kept is not None:
                    remove_leftovers(out)
            except OSError as exc:  # rewriting manifest.csv and the stamp
                raise _unwritable(out, exc) from None
            if kept is not None:
                return BuildReport(str(out_dir), kept.records, kept.nodes, kept.edges, False,
                                   warnings + _record_warnings(kept.records))
        G, records, digests = _analyse(listed, out, encoding, max_size, jobs, use_cache, cache_dir, progress,
                                       extractor, stage)
        report = BuildReport(str(out_dir), records, 0, 0, False, warnings + _record_warnings(records))
        if G is None:
            raise NothingBuilt(f"no readable reports in {', '.join(given)}; {out_dir} left as it was", report)
        if focus is not None:
            G, report.focused = _focus(G, focus, out_dir)
        report.nodes, report.edges, report.written = G.number_of_nodes(), G.number_of_edges(), True
        if stage is not None:
            stage("exports")
        _write(G, records, out, jobs, selection)
        try:
            if stamped:
                # the stamp's lists make no cycle: no collection rescans the graph for them (at
                # 10,000 reports the ones they set off took 0.9 s of the 1.2 s)
                with paused():
                    stamp.record(out, records, digests, report.nodes, report.edges, encoding, max_size, options,
                                 formats=selection)
        except OSError as exc:
            raise _unwritable(out, exc) from None
        return report


# --- the other rooms' entry points ----------------------------------------------------------------


def _analyse(paths: list[str], out: Path, encoding: str | None, max_size: int, jobs: int, use_cache: bool,
             cache_dir: str | None, progress: Progress | None, extractor: Callable[..., Any] | None = None,
             stage: Stage | None = None):
    """(graph or None when nothing was processed, records, digests): the graph is assembled while
    the reports are analysed, so no document is kept in memory; ``stage("graph")`` as it is finished."""
    from lawgraph._accel.cache import Cache
    from lawgraph._accel.stamp import Digests
    from lawgraph.graph import GraphAssembler
    from lawgraph.pipeline import extract_paths

    graph = GraphAssembler()
    digests = Digests(graph.add)
    run = (extractor or extract_paths)(paths, encoding=encoding, max_size=max_size, jobs=jobs,
                        cache=Cache(cache_dir) if use_cache else None, progress=progress, sink=digests, lean=True,
                        exclude=(out,))
    if not graph.documents:
        return None, run.records, digests
    if stage is not None:
        stage("graph")
    return graph.finish(), run.records, digests


def _focus(G, focus, out_dir):
    """(the subset, (the focus as text, documents kept, documents in all))."""
    from lawgraph.errors import NoResult
    from lawgraph.graph.subset import apply

    try:
        H = apply(G, focus)
    except NoResult:
        raise NoResult(f"none of the reports is of {focus.text}; {out_dir} left as it was; "
                       "try a wider --province/--year") from None
    count = sum(1 for _, t in H.nodes(data="type") if t == "document")
    return H, (focus.text, count, sum(1 for _, t in G.nodes(data="type") if t == "document"))


def _export(G, folder: Path, records: list[Record], jobs: int, formats: tuple[str, ...] | None = None) -> None:
    from lawgraph.exporters import write_exports
    from lawgraph.manifest import write_manifest

    write_exports(G, folder, jobs=jobs, formats=formats)
    write_manifest(records, folder / "manifest.csv")


def _record_warnings(records: list[Record]) -> list[str]:
    """The notes the manifest keeps about processed inputs ('warnings' column, when there is one)."""
    return [f"{r.path}: {w}" for r in records if (w := getattr(r, "warnings", ""))]


# --- inputs: never the output folder --------------------------------------------------------------


def _inputs(paths: list[str], out: Path) -> tuple[list[str], list[str]]:
    """The input paths, and a warning for each given path inside the output folder: that folder is
    never an input (a build of `.` would read its own exports on the next run); discovery leaves it
    out of every walk (`exclude`)."""
    real_out = os.path.realpath(out)
    kept, warnings = [], []
    for p in paths:
        real = os.path.realpath(p)
        if real == real_out or real.startswith(real_out + os.sep):
            warnings.append(f"{p} is in the output folder {out}, which is never an input; left out")
        else:
            kept.append(p)
    return kept, warnings


# --- the output folder: lock, staging, commit -----------------------------------------------------


def _unwritable(out: Path, exc: OSError) -> ExportError:
    why = exc.strerror or str(exc)
    return ExportError(f"cannot write to the output folder {out}: {why}; "
                       "fix its permissions or free space, or choose another folder with -o")


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on DIR (flock on the folder itself: no lock file to leave behind).
    A DIR this build created is removed again if it is still empty at the end."""
    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out, os.O_RDONLY)
    except OSError as exc:
        raise _unwritable(out, exc) from None
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise OutputBusy(f"{out} is in use by another lawgraph build; wait for it to finish "
                                 "or choose another folder with -o") from None
        try:
            yield
        finally:
            if created:
                with contextlib.suppress(OSError):
                    out.rmdir()  # only when empty
    finally:
        os.close(fd)  # releases the lock


def remove_leftovers(out: Path) -> list[Path]:
    """Remove the staging folders and temporary files (.NAME.PID.tmp) of builds that were killed;
    call it only while holding DIR's lock. Returns what was removed."""
    removed = []
    for p in sorted(out.glob(STAGING + "*")):
        shutil.rmtree(p, ignore_errors=True)
        removed.append(p)
    for root, dirs, files in os.walk(out):
        dirs[:] = [d for d in dirs if not d.startswith(STAGING)]
        for name in files:
            if name.startswith(".") and name.endswith(".tmp"):
                p = Path(root, name)
                with contextlib.suppress(OSError):
                    p.unlink()
                    removed.append(p)
    return removed


def _write(G, records: list[Record], out: Path, jobs: int, formats: tuple[str, ...] | None = None) -> None:
    """Write the exports of `formats` (None: all) into a staging folder, then make them current
    together, removing from DIR the files of the formats left out."""
    from lawgraph.exporters import ExportError as WriterError
    from lawgraph.outputs import left_out

    staging = out / f"{STAGING}{os.getpid()}"
    try:
        remove_leftovers(out)
        staging.mkdir()
        dropped = left_out(formats)
        _link_site(out, staging, skip=dropped)
        _export(G, staging, records, jobs, formats)
        with _uninterrupted():
            _commit(staging, out, drop=dropped)
    except OSError as exc:
        raise _unwritable(out, exc) from None
    except WriterError as exc:  # a failure in a worker process, reported by the exporters
        raise ExportError(f"cannot write to the output folder {out}: {exc}; "
                          "fix its permissions or free space, or choose another folder with -o") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    """Ctrl-C and SIGTERM held back while DIR is made current (``_commit``): one that comes meanwhile
    takes effect when every staged file is in place, so DIR holds the new build whole (without its
    stamp: the next build is a full one), never part of each build. Before, nothing of DIR has
    changed; after, the build is current. Only the main thread receives signals: elsewhere, and for
    a signal whose handler Python did not install, nothing is held."""
    from lawgraph._accel.parallel import STOP_SIGNALS

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    got: list[int] = []
    held: dict[int, Any] = {}  # signal number → the handler it had
    for name in STOP_SIGNALS:
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is not None:
            held[number] = signal.signal(number, lambda n, _frame: got.append(n))
    try:
        yield
    finally:
        for number, handler in held.items():
            signal.signal(number, handler)
        if got:
            signal.raise_signal(got[0])  # as it would have been, now: KeyboardInterrupt, or the end of the process


def _link_site(out: Path, staging: Path, skip: tuple[str, ...] = ()) -> None:
    """Hard-link the current site pages (DIR/agencies/, DIR/laws/) into the staging folder. The page writer
    leaves a page alone when it already holds the new bytes and otherwise replaces it by a rename,
    which only breaks the link, so DIR is never written through; unchanged pages then keep their
    file (and mtime) when the build is made current. Where links cannot be made, the staging folder
    simply starts empty (same output). Site folders named in `skip` (not written by this build) are
    not linked."""
    if not FAST_FOLDERS:
        _link_site_plain(out, staging, skip)
        return
    with contextlib.suppress(OSError):  # a link that cannot be made: the rest are not tried
        for d in SITE_DIRS:
            if d not in skip and (out / d).is_dir():
                _link_tree(os.path.join(out, d), os.path.join(staging, d), top=True)


def _link_tree(src: str, dst: str, top: bool = False) -> None:
    """Hard-link the regular files of `src` and of its `lib/` (dotfiles aside; no other folder:
    lawgraph writes none, so what is in one is not of this build) into `dst`, each folder listed
    once and created in the staging folder at its first file."""
    made = False
    with os.scandir(src) as entries:
        for e in entries:
            if e.is_dir(follow_symlinks=False):
                if top and e.name == SITE_LIB:
                    _link_tree(e.path, os.path.join(dst, e.name))
            elif e.is_file(follow_symlinks=False) and not e.name.startswith("."):
                if not made:
                    os.makedirs(dst, exist_ok=True)
                    made = True
                os.link(e.path, os.path.join(dst, e.name))


def _link_site_plain(out: Path, staging: Path, skip: tuple[str, ...] = ()) -> None:
    """`_link_site` file by file (FAST_FOLDERS off)."""
    for p in sorted(q for d in SITE_DIRS if d not in skip and (out / d).is_dir() for q in (out / d).rglob("*")):
        depth = len(p.relative_to(out).parts)  # site folder, [lib,] name
        if depth > 3 or (depth == 3 and p.parent.name != SITE_LIB):
            continue  # not a folder lawgraph writes
        if p.is_file() and not p.is_symlink() and not p.name.startswith("."):
            target = staging / p.relative_to(out)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.link(p, target)
            except OSError:
                return


def _same_bytes(a: Path, b: Path) -> bool:
    """Do two files hold the same bytes? (False when either cannot be read.)"""
    try:
        if a.stat().st_size != b.stat().st_size:
            return False
        with open(a, "rb") as fa, open(b, "rb") as fb:
            while True:
                x = fa.read(1 << 20)
                if x != fb.read(1 << 20):
                    return False
                if not x:
                    return True
    except OSError:
        return False


def _commit(staging: Path, out: Path, drop: tuple[str, ...] = ()) -> None:
    """Rename every staged file into DIR, manifest.csv last; remove pages of the last build that this
    one did not write, and first the files and folders named in `drop` (the exports of formats this
    build does not write: DIR holds one build, not one build and what an earlier one left). A file
    whose bytes are those DIR already holds is left as it is (same file, same mtime: tools that
    watch DIR, rsync and backups see only what changed). The old stamp goes first, so DIR is never
    called up to date mid-way. Folder by folder (`_move_tree`, `_prune`: one
    listing of each, a new folder renamed whole), not path by path: at 10,000 reports (27,000 files)
    a first build's commit took 2.1 s, now none; a rebuild's link and commit 3.1 s, now 0.7 s."""
    from lawgraph._accel import stamp

    stamp.forget(out)
    _drop(out, drop)
    if not FAST_FOLDERS:
        _commit_plain(staging, out)
        return
    staged: dict[str, set[str] | None] = {}
    _move_tree(os.fspath(staging), os.fspath(out), staged, last="manifest.csv")
    for d in SITE_DIRS:
        site = os.path.join(out, d)
        if os.path.isdir(site):
            _prune(site, staged)


def _drop(out: Path, names: tuple[str, ...]) -> None:
    """Remove DIR's exports named in `names`: a file, or a site folder (its files, then the folders
    left empty; a folder holding something else, a user's own subfolder of links say, is kept)."""
    for name in names:
        path = out / name
        if name in SITE_DIRS and path.is_dir() and not path.is_symlink():
            _prune(os.fspath(path), {})
            with contextlib.suppress(OSError):
                path.rmdir()
        elif path.is_file() or path.is_symlink():
            path.unlink()


def _move_tree(src: str, dst: str, staged: dict[str, set[str] | None], last: str = "") -> None:
    """Move the staged folder `src` into the existing folder `dst`, one listing of each: a staged
    folder that `dst` lacks is renamed whole (a first build: a site folder in one step); a staged
    file is renamed onto its target unless that is the same file (linked by `_link_site`) or holds
    the same bytes; in name order, `last` last. `staged` gets the names staged in each folder of DIR
    (None: renamed whole)."""
    with os.scandir(dst) as entries:
        there = {e.name: e.inode() for e in entries}
    same_disk = os.stat(src).st_dev == os.stat(dst).st_dev  # inode numbers then name the same file
    with os.scandir(src) as entries:
        new = sorted(entries, key=lambda e: (e.name == last, e.name))
    staged[dst] = {e.name for e in new}
    for e in new:
        target = os.path.join(dst, e.name)
        if e.is_dir(follow_symlinks=False):
            if e.name in there:
                Path(target).mkdir(exist_ok=True)  # fails as before where a file has the folder's name
                _move_tree(e.path, target, staged)
            else:
                os.rename(e.path, target)
                staged[target] = None
        elif e.name not in there:
            os.replace(e.path, target)
        elif not (same_disk and there[e.name] == e.inode()) and not _same_bytes(Path(e.path), Path(target)):
            os.replace(e.path, target)


def _prune(folder: str, staged: dict[str, set[str] | None]) -> None:
    """Remove the files under a site folder of DIR that this build did not stage, then the folders
    left empty (never `folder` itself: `_commit` prunes each site folder's contents)."""
    keep = staged.get(folder, set())
    if keep is None:
        return  # renamed whole from staging: nothing else in it
    with os.scandir(folder) as entries:
        listed = list(entries)
    for e in listed:
        if e.is_dir(follow_symlinks=False):
            _prune(e.path, staged)
            if not os.listdir(e.path):
                os.rmdir(e.path)
        elif e.name not in keep and e.is_file():
            os.unlink(e.path)


def _commit_plain(staging: Path, out: Path) -> None:
    """`_commit` file by file (FAST_FOLDERS off)."""
    new = sorted((p.relative_to(staging) for p in staging.rglob("*") if p.is_file()),
                 key=lambda rel: (rel.as_posix() == "manifest.csv", rel.as_posix()))
    for rel in new:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            if os.path.samefile(staging / rel, out / rel):
                continue  # a page linked in by _link_site and left as it was
        if _same_bytes(staging / rel, out / rel):
            continue  # written again with the same bytes: keep the file DIR has
        os.replace(staging / rel, out / rel)
    keep = {out / rel for rel in new}
    for site in (out / d for d in SITE_DIRS if (out / d).is_dir()):
        for p in sorted(site.rglob("*"), reverse=True):
            if p.is_file() and p not in keep:
                p.unlink()
            elif p.is_dir() and not any(p.iterdir()):
                p.rmdir()
