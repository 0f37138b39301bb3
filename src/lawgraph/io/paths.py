"""Which inputs a run reads, and reading their bytes safely.

Which files are read (`discover`):
- a file named on the command line is always tried, whatever its suffix (its content decides);
- under a folder (searched recursively, sorted, symbolic links to folders not followed so that a link
  loop cannot hang the walk), a file is tried when its suffix is one of SUFFIXES or its content is
  recognisably HTML, DOCX or PDF;
- only regular files are read: a pipe, device or socket would hang the run or never end, so it is
  skipped with a reason (standard input is read through `-`, once);
- nothing inside an `exclude` folder (the build's own output folder) is an input.
Every entry not read is listed with the reason. A path is the document's identity exactly as given
(`two  spaces.txt` and `two spaces.txt` are two inputs); a name that is not valid UTF-8 is kept as the
file system's bytes (Python's surrogate escapes) and shown with `shown`.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import PurePath

from lawgraph.errors import InputError
from lawgraph.io.limits import DEFAULT_MAX_SIZE
from lawgraph.io.readers import SUFFIX_FORMATS, SUFFIXES, TEXT, sniff

STDIN = "-"
_HEAD = 8192
_stdin: list[tuple[object, bytes]] = []  # (sys.stdin, its bytes): read once, by the first to ask


def shown(path: str) -> str:
    """`path` printable: bytes of a name that are not UTF-8 as \\xNN escapes (the path itself keeps them)."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")


def parse_size(value: str | int) -> int:
    """'20M', '500k', '1G' or a number of bytes → bytes. Raises ValueError naming the forms accepted."""
    if isinstance(value, int):
        return value
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*", value, re.I)
    if not m:
        raise ValueError(f"cannot read size {value!r}; write it like 20M, 500k or 1G")
    return int(float(m.group(1)) * 1024 ** " kmg".index(m.group(2).lower() or " "))


def _mb(n: int) -> str:
    return f"{n / 2**20:.1f} MB"


def _os_error(path: str, exc: OSError) -> InputError:
    """An OSError from opening or reading `path` → one line naming the fix."""
    name = shown(path)
    if isinstance(exc, PermissionError):
        return InputError(f"cannot read {name}: permission denied; make it readable (chmod a+r) or run as its owner")
    if exc.errno == errno.ELOOP:
        return InputError(f"{name} is a symbolic link loop; fix or remove the link")
    if isinstance(exc, FileNotFoundError) and os.path.islink(path):
        return InputError(f"{name} is a broken symbolic link (to {shown(os.readlink(path))}); fix or remove the link")
    if isinstance(exc, IsADirectoryError):
        return InputError(f"{name} is a folder; pass the folder itself to read the reports in it")
    return InputError(f"cannot read {name}: {exc.strerror or exc}; check the path and its permissions")


def _not_regular(mode: int) -> str:
    what = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    return f"{what}, not a regular file; save the report to a file (or pipe it to standard input as -)"


def _stdin_bytes() -> bytes:
    """Standard input, read whole the first time it is asked for and kept (it cannot be read twice)."""
    if not _stdin or _stdin[0][0] is not sys.stdin:
        _stdin[:] = [(sys.stdin, sys.stdin.buffer.read())]
    return _stdin[0][1]


def read_input(path: str | os.PathLike, max_size: int | None = DEFAULT_MAX_SIZE) -> bytes:
    """The bytes of one input: a regular file (opened without blocking, so a path that turned into a
    pipe cannot hang the run) or `-`, standard input, read once. Refuses, without reading it, a file
    larger than `max_size`."""
    path = os.fspath(path)
    if path == STDIN:
        data = _stdin_bytes()
        size = len(data)
    else:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except OSError as exc:
            raise _os_error(str(path), exc) from None
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise InputError(f"{shown(str(path))} is {_not_regular(st.st_mode)}")
            size = st.st_size
            if max_size is not None and size > max_size:
                data = b""
            else:
                try:
                    data = f.read() if max_size is None else f.read(max_size + 1)
                except OSError as exc:
                    raise _os_error(str(path), exc) from None
    if max_size is not None and size > max_size:
        raise InputError(f"{shown(str(path))} is {_mb(size)}, over the {_mb(max_size)} size limit; "
                         f"pass --max-size {-(-size // 2**20) + 1}M to read it anyway")
    return data


def fingerprint(path: str | os.PathLike) -> tuple[str, int]:
    """(sha256 hex of the content, size in bytes), read in chunks so any size is safe."""
    path = os.fspath(path)
    if path == STDIN:
        data = _stdin_bytes()
        return hashlib.sha256(data).hexdigest(), len(data)
    h = hashlib.sha256()
    size = 0
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise InputError(f"{shown(str(path))} is {_not_regular(st.st_mode)}")
            while chunk := f.read(1 << 20):
                h.update(chunk)
                size += len(chunk)
    except OSError as exc:
        raise _os_error(str(path), exc) from None
    return h.hexdigest(), size


def _link_problem(path: str) -> str:
    """Why a symbolic link that leads nowhere cannot be read."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop; fix or remove the link"
    return f"broken symbolic link (to {shown(os.readlink(path))}); fix or remove the link"


def _folder_entry(fp: str, name: str) -> str | None:
    """Why a regular file found in a folder is not tried, or None to try it."""
    if name.startswith("."):
        return "hidden file (its name starts with '.'); rename it to include it"
    suffix = PurePath(name).suffix.lower()
    if suffix in SUFFIX_FORMATS:
        return None
    try:
        with open(fp, "rb") as f:
            head = f.read(_HEAD)
    except OSError:
        return None  # the reader will give the reason
    try:
        fmt = sniff(head, name)
    except InputError as exc:
        return str(exc).removeprefix(f"{name} ")
    if fmt != TEXT and not (fmt == "docx" and suffix in (".xlsx", ".pptx", ".zip")):
        return None  # HTML, DOCX or PDF under another name (a page saved as .asp, a .doc that is HTML)
    if not suffix and fmt == TEXT:
        return None  # no suffix at all: read it as text
    return (f"unsupported file type {shown(suffix)}; supported: {', '.join(SUFFIXES)} "
            "(rename it to .txt if it is a plain-text report)")


def _unlisted(errors: list[OSError]) -> Iterator[tuple[str, str]]:
    """Folders os.walk could not list (it only reports them through onerror)."""
    while errors:
        exc = errors.pop(0)
        why = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        yield str(exc.filename), f"cannot list this folder: {why}; make it readable (chmod a+rx) to include it"


def _entry(fp: str, name: str) -> tuple[str, str | None] | None:
    """A folder entry as (path, reason or None), or None when it is a folder to search."""
    try:
        st = os.lstat(fp)
    except OSError as exc:
        return fp, _os_error(fp, exc).args[0]
    if stat.S_ISLNK(st.st_mode):
        try:
            st = os.stat(fp)
        except OSError:
            return fp, _link_problem(fp)
        if stat.S_ISDIR(st.st_mode):
            return fp, ("symbolic link to a folder, not followed (it could loop); "
                        f"pass its target {shown(os.path.realpath(fp))} to include it")
    if stat.S_ISDIR(st.st_mode):
        if name.startswith("."):
            return fp, "hidden folder (its name starts with '.'), not searched; pass it to include it"
        return None
    if not stat.S_ISREG(st.st_mode):
        return fp, _not_regular(st.st_mode)
    return fp, _folder_entry(fp, name)


def _excluded(path: str, exclude: tuple[str, ...]) -> bool:
    real = os.path.realpath(path)
    return any(real == ex or real.startswith(ex + os.sep) for ex in exclude)


def discover(paths: Iterable[str | bytes | os.PathLike], exclude: Iterable[str | os.PathLike] = ()
             ) -> Iterator[tuple[str, str | None]]:
    """Each input as (path, None) to read, or (path, reason) when it is skipped. Folders recurse,
    sorted; symbolic links to folders are listed, not followed (no loops); anything inside an
    `exclude` folder is passed over (it is the run's own output, never an input)."""
    ex = tuple(os.path.realpath(os.fsdecode(p)) for p in exclude)
    excluded = "inside the output folder of this build, so not an input; pass another -o or move it"
    for raw in paths:
        given = os.fsdecode(raw)
        if given == STDIN:
            yield given, None
            continue
        if ex and _excluded(given, ex):
            yield given, excluded
            continue
        try:
            st = os.stat(given)
        except OSError as exc:
            if os.path.islink(given):
                yield given, _link_problem(given)
            elif isinstance(exc, FileNotFoundError):
                yield given, "no such file or folder; check the path"
            else:
                yield given, _os_error(given, exc).args[0]
            continue
        if not stat.S_ISDIR(st.st_mode):
            yield given, None if stat.S_ISREG(st.st_mode) else _not_regular(st.st_mode)
            continue
        unlisted: list[OSError] = []
        for root, dirs, files in os.walk(given, onerror=unlisted.append, followlinks=False):
            yield from _unlisted(unlisted)
            entries = sorted(dirs + files)
            dirs[:] = []
            for name in entries:
                fp = os.path.join(root, name)
                if ex and _excluded(fp, ex):
                    continue
                found = _entry(fp, name)
                if found is None:
                    dirs.append(name)
                else:
                    yield found
        yield from _unlisted(unlisted)


iter_paths = discover
