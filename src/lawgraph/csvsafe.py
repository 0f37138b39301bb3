"""Spreadsheet-safe CSV cells, for every CSV lawgraph writes.

Names come from report text and file names, so a cell may start with a character that Excel and
LibreOffice read as the start of a formula. As OWASP advises (CSV injection), such a cell is prefixed
with a single quote, which spreadsheets show as text; nothing else is changed.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """`value` unchanged unless it is a string starting with = + - @ tab or CR; then '-prefixed.
    Numbers stay numbers (a negative number is data, not a formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
