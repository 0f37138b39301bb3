"""Paths and bytes → Document. Decodes; never changes the text."""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from lawgraph.models import Document

SUFFIXES = (".txt",)


class LoadError(ValueError):
    """A file could not be read as a report; the message names the file and the fix."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _plausible(text: str) -> bool:
    """Decoded text looks like prose: few control or private-use characters."""
    if not text:
        return True
    bad = sum(1 for ch in text if (ch < " " and ch not in "\t\r\n\f\v") or "\ue000" <= ch <= "\uf8ff")
    return bad <= max(2, len(text) // 200)


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Bytes → (text, encoding used). Raises LoadError naming `name` and the fix."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise LoadError(f"cannot decode {name} as {encoding} ({exc.__class__.__name__}); "
                            "pass another --encoding") from None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                raise LoadError(f"cannot decode {name}: it starts with a {enc} byte-order mark but is not "
                                f"valid {enc}; pass --encoding") from None
    if b"\x00" in data[:4096]:
        raise LoadError(f"{name} looks binary (NUL bytes), not a text report; convert it to text or "
                        "pass --encoding utf-16-le if it is UTF-16 without a byte-order mark")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        if _plausible(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    raise LoadError(f"cannot decode {name} as UTF-8 or GB18030; pass --encoding (e.g. --encoding big5)")


def load_file(path: str | os.PathLike, encoding: str | None = None) -> Document:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise LoadError(f"cannot read {p}: {exc.strerror or exc}; check the path and its permissions") from None
    text, enc = decode(data, str(p), encoding)
    # Universal newlines would shift offsets: keep the text exactly as decoded, except that a lone
    # "\r\n" pair is a line break like "\n" (offsets still count both characters).
    return Document(source=str(path), original=text, encoding=enc)


def iter_paths(paths: Iterable[str | os.PathLike]) -> Iterator[tuple[str, str | None]]:
    """Each input file as (path, None), or (path, reason) when it is skipped. Folders recurse, sorted."""
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for f in sorted(files):
                    fp = os.path.join(root, f)
                    if f.startswith("."):
                        continue
                    if f.lower().endswith(SUFFIXES):
                        yield fp, None
                    else:
                        yield fp, f"unsupported file type {Path(f).suffix or '(none)'}; supported: {', '.join(SUFFIXES)}"
        elif p.exists():
            yield str(given), None
        else:
            yield str(given), "no such file or folder; check the path"
