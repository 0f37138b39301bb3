"""One law mention of the graph's evidence (``G.graph["mentions"]``), as small as a tuple.

A build at 10,000 reports holds ~175,000 of them; as dicts they took ~650 bytes each for the keys
alone. ``Mention`` is a tuple (no per-object dict) that reads like the dict it replaces:
``m["law"]``, ``m.get("year")``, ``"law" in m``, ``m.keys()``, ``m.items()``, ``dict(m.items())``.
Integer indexes and slices are those of the tuple; ``mark`` is a list ``[a, b]`` as in the dicts. Graphs read back from an older
graph.json hold plain dicts with the same keys; every reader uses only the access above, so both
work.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

KEYS: tuple[str, ...] = (
    "agency", "law", "document", "source", "year", "start", "end", "line", "relation", "text", "snippet", "mark",
)  # fmt: skip
_INDEX = {k: i for i, k in enumerate(KEYS)}
_item = tuple.__getitem__


class Mention(tuple):
    """(agency, law, document, source, year, start, end, line, relation, text, snippet, mark),
    readable by key like a dict (``KEYS``)."""

    __slots__ = ()

    def __new__(cls, agency: str | None, law: str, document: str, source: str, year: int | None, start: int,
                end: int, line: int | None, relation: str, text: str, snippet: str,
                mark: list[int]) -> Mention:
        return tuple.__new__(cls, (agency, law, document, source, year, start, end, line, relation, text, snippet,
                                   mark))

    def __getnewargs__(self) -> tuple[Any, ...]:  # copy, deepcopy and pickle rebuild it field by field
        return tuple(self)

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if type(key) is str:
            try:
                return _item(self, _INDEX[key])
            except KeyError:
                raise KeyError(key) from None
        return _item(self, key)

    def __contains__(self, key: object) -> bool:  # a key, as in a dict
        return key in _INDEX

    def get(self, key: str, default: Any = None) -> Any:
        i = _INDEX.get(key)
        return default if i is None else _item(self, i)

    def keys(self) -> tuple[str, ...]:
        return KEYS

    def items(self) -> Iterator[tuple[str, Any]]:
        return zip(KEYS, tuple(self))

    def as_dict(self) -> dict[str, Any]:
        """The mention as the dict older graphs held."""
        return dict(zip(KEYS, tuple(self)))

    def __repr__(self) -> str:
        return "Mention(" + ", ".join(f"{k}={v!r}" for k, v in self.items()) + ")"
