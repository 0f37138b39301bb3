"""Paths → bytes → Document. Finds the input files, reads them safely, never changes the text.

Which files are read (`iter_paths`):
- a file named on the command line is always tried, whatever its suffix (its content decides);
- under a folder (searched recursively, sorted, symbolic links to folders not followed so that a link
  loop cannot hang the walk), a file is tried when its suffix is one of SUFFIXES or its content is
  recognisably HTML, DOCX or PDF; every other entry is listed with the reason it is skipped.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath

from lawgraph.formats import SUFFIX_FORMATS, SUFFIXES, TEXT, LoadError, decode, sniff, to_text
from lawgraph.models import Document

__all__ = ["SUFFIXES", "DEFAULT_MAX_SIZE", "LoadError", "decode", "load_bytes", "read_document", "load_file", "read_input",
           "fingerprint", "iter_paths", "parse_size", "not_a_report"]

DEFAULT_MAX_SIZE = 20 * 2**20  # bytes; a report is far smaller, even as a PDF with its pictures
_HEAD = 8192
_CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]")


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


def _os_error(path: str, exc: OSError) -> LoadError:
    """An OSError from opening or reading `path` → one line naming the fix."""
    if isinstance(exc, PermissionError):
        return LoadError(f"cannot read {path}: permission denied; make it readable (chmod a+r) or run as its owner")
    if exc.errno == errno.ELOOP:
        return LoadError(f"{path} is a symbolic link loop; fix or remove the link")
    if isinstance(exc, FileNotFoundError) and os.path.islink(path):
        return LoadError(f"{path} is a broken symbolic link (to {os.readlink(path)}); fix or remove the link")
    if isinstance(exc, IsADirectoryError):
        return LoadError(f"{path} is a folder; pass the folder itself to read the reports in it")
    return LoadError(f"cannot read {path}: {exc.strerror or exc}; check the path and its permissions")


def fingerprint(path: str | os.PathLike) -> tuple[str, int]:
    """(sha256 hex of the content, size in bytes), read in chunks so any size is safe."""
    h = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
                size += len(chunk)
    except OSError as exc:
        raise _os_error(str(path), exc) from None
    return h.hexdigest(), size


def read_input(path: str | os.PathLike, max_size: int | None = DEFAULT_MAX_SIZE) -> bytes:
    """The bytes of one input file; refuses (without reading it) a file larger than `max_size`."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if max_size is not None and size > max_size:
                raise LoadError(f"{path} is {_mb(size)}, over the {_mb(max_size)} size limit; "
                                f"pass --max-size {-(-size // 2**20) + 1}M to read it anyway")
            return f.read() if max_size is None else f.read(max_size + 1)
    except OSError as exc:
        raise _os_error(str(path), exc) from None


def read_document(data: bytes, source: str, encoding: str | None = None) -> tuple[Document, str]:
    """The bytes of a file named `source` → (Document, format), the format told by content and suffix."""
    fmt = sniff(data[:_HEAD], source)
    text, how = to_text(data, fmt, source, encoding)
    return Document(source=source, original=text, encoding=how), fmt


def load_bytes(data: bytes, source: str, encoding: str | None = None) -> Document:
    """The bytes of a file named `source` → Document."""
    return read_document(data, source, encoding)[0]


def load_file(path: str | os.PathLike, encoding: str | None = None,
              max_size: int | None = DEFAULT_MAX_SIZE) -> Document:
    """Read any supported file (text, HTML, DOCX, PDF) as a Document; LoadError names the fix."""
    return load_bytes(read_input(path, max_size), str(path), encoding)


def not_a_report(doc: Document) -> str | None:
    """Why a readable document is not a report (and is skipped), or None. The rule: a report has
    at least one Chinese character; anything else (a README, an English CSV) is not one."""
    if not doc.original.strip():
        return f"{doc.source} has no text; remove it or pass the full report"
    if not _CJK.search(doc.original):
        return (f"{doc.source} has no Chinese text, so it is not a report; remove it from the input "
                "(or pass --encoding if it is Chinese in another encoding)")
    return None


def _link_problem(path: str) -> str:
    """Why a symbolic link that leads nowhere cannot be read."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop; fix or remove the link"
    return f"broken symbolic link (to {os.readlink(path)}); fix or remove the link"


def _folder_entry(fp: str, name: str) -> str | None:
    """Why a file found in a folder is not tried, or None to try it."""
    if name.startswith("."):
        return "hidden file (its name starts with '.'); rename it to include it"
    if os.path.islink(fp) and not os.path.exists(fp):
        return _link_problem(fp)
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
    except LoadError as exc:
        return str(exc).removeprefix(f"{name} ")
    if fmt != TEXT and not (fmt == "docx" and suffix in (".xlsx", ".pptx", ".zip")):
        return None  # HTML, DOCX or PDF under another name (a page saved as .asp, a .doc that is HTML)
    if not suffix and fmt == TEXT:
        return None  # no suffix at all: read it as text
    return (f"unsupported file type {suffix}; supported: {', '.join(SUFFIXES)} "
            "(rename it to .txt if it is a plain-text report)")


def _unlisted(errors: list[OSError]) -> Iterator[tuple[str, str]]:
    """Folders os.walk could not list (it only reports them through onerror)."""
    while errors:
        exc = errors.pop(0)
        why = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        yield str(exc.filename), f"cannot list this folder: {why}; make it readable (chmod a+rx) to include it"


def iter_paths(paths: Iterable[str | os.PathLike]) -> Iterator[tuple[str, str | None]]:
    """Each input as (path, None) to read, or (path, reason) when it is skipped. Folders recurse,
    sorted; symbolic links to folders are listed, not followed (no loops)."""
    for given in paths:
        p = Path(given)
        if p.is_dir():
            unlisted: list[OSError] = []
            for root, dirs, files in os.walk(p, onerror=unlisted.append, followlinks=False):
                yield from _unlisted(unlisted)
                entries = sorted(dirs + files)
                dirs[:] = []
                for name in entries:
                    fp = os.path.join(root, name)
                    if os.path.isdir(fp) and not os.path.islink(fp):
                        if name.startswith("."):
                            yield fp, "hidden folder (its name starts with '.'), not searched; pass it to include it"
                        else:
                            dirs.append(name)
                    elif os.path.isdir(fp):
                        yield fp, ("symbolic link to a folder, not followed (it could loop); "
                                   f"pass its target {os.path.realpath(fp)} to include it")
                    elif os.path.isfile(fp) or os.path.islink(fp):
                        yield fp, _folder_entry(fp, name)
                    else:
                        yield fp, "not a regular file (a device, socket or pipe); remove it from the input"
            yield from _unlisted(unlisted)
        elif p.exists():
            yield str(given), None
        elif p.is_symlink():
            yield str(given), _link_problem(str(given))
        else:
            yield str(given), "no such file or folder; check the path"
