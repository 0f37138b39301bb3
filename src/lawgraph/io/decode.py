"""Bytes → str for plain-text reports: an explicit encoding, else a byte-order mark, else UTF-8
(tolerating a few damaged bytes), else GB18030. Never changes the text beyond decoding it.

Every failure is an InputError whose one-line message names the file and the fix.
"""

from __future__ import annotations

import codecs
import re

from lawgraph.errors import InputError

DAMAGED = "U+FFFD"  # in an encoding label: the text holds replacement characters for damaged bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _plausible(text: str) -> bool:
    """Decoded text looks like prose: few control or private-use characters."""
    if not text:
        return True
    bad = sum(1 for ch in text if (ch < " " and ch not in "\t\r\n\f\v") or "\ue000" <= ch <= "\uf8ff")
    return bad <= max(2, len(text) // 200)


def _checked(text: str, name: str, encoding: str) -> str:
    """`text` unless it holds an unpaired surrogate (some codecs, e.g. UTF-7, decode to one): such a
    string is not text and cannot be written anywhere, so the file is refused with the fix."""
    m = _SURROGATE.search(text)
    if m:
        raise InputError(f"cannot decode {name} as {encoding}: it gives an unpaired surrogate "
                         f"(U+{ord(m.group()):04X}) at character {m.start()}, which is not text; "
                         "pass another --encoding")
    return text


def _decode_cut(data: bytes, encoding: str) -> tuple[str, str]:
    """(text, label). A file cut inside its last multi-byte character ends in U+FFFD instead of
    failing (so the rest of the report is still read). Raises UnicodeDecodeError for any other fault."""
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        if exc.end >= len(data) and exc.start >= len(data) - 3 and exc.start > 0:
            return (data[:exc.start].decode(encoding) + "\ufffd",
                    f"{encoding} (its cut-off last character read as {DAMAGED})")
        raise


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Bytes → (text, encoding used). Raises InputError naming `name` and the fix."""
    if encoding:
        try:
            return _checked(data.decode(encoding), name, encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(f"cannot decode {name} as {encoding} ({exc.__class__.__name__}); "
                             "pass another --encoding") from None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(enc), name, enc), enc
            except UnicodeDecodeError:
                raise InputError(f"cannot decode {name}: it starts with a {enc} byte-order mark but is not "
                                 f"valid {enc}; pass --encoding") from None
    if b"\x00" in data[:4096]:
        raise InputError(f"{name} looks binary (NUL bytes), not a text report; convert it to text or "
                         "pass --encoding utf-16-le if it is UTF-16 without a byte-order mark")
    try:
        return _decode_cut(data, "utf-8")
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few damaged bytes (a bad sector, a botched copy) is still UTF-8: read the damage as
    # U+FFFD rather than the whole file as GB18030 mojibake (which would decode "fine" into nonsense)
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    if bad <= max(1, len(text) // 1000):
        return text, f"utf-8 ({bad} damaged bytes read as {DAMAGED})"
    try:
        text, label = _decode_cut(data, "gb18030")
        if _plausible(text):
            return text, label
    except UnicodeDecodeError:
        pass
    raise InputError(f"cannot decode {name} as UTF-8 or GB18030; pass --encoding (e.g. --encoding big5)")
