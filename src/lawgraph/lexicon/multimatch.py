"""Every occurrence of a fixed set of keys in a text, in one compiled pass: the seam of the automata.

`Keys(keys).find(text)` gives every (key index, start, end) where a key occurs, overlapping ones
included, in no particular order (callers sort what they need). Two interchangeable implementations,
checked against each other by tests/test_core_matchers.py:

* `RustKeys` (the default): the ``ahocorasick-rs`` wheel, whose ``find_matches_as_indexes`` scans the
  whole text in Rust and returns all the hits as one list (no Python call per hit while scanning);
* `PyKeys`: ``pyahocorasick`` over the reversed text with the keys reversed (pyahocorasick tries a
  node's children one by one, and far fewer characters end a key than begin one).

Which one wins depends on the key set and on how the hits are used. Measured on the 1,000-report
corpus (11 MB, scan alone): the 67 program forms (extract/programs.py, here) scan at 421 MB/s in Rust
against 236 MB/s, and the per-phrase checks cost 0.3 µs a call against 0.8 µs; the 276 agency keys of
agency_names.py scan faster reversed in pyahocorasick (199 against 132 MB/s), so that automaton stays
there; the 3,250 running-text law names are found faster by laws.dictionary_hits' regex for the
endings 法/法典/条例 and a walk back through a trie (0.06 s per 1,000 reports) than by a Rust pass
over the whole text (0.09 s), so they stay there too. `LAWGRAPH_MATCHER=pyahocorasick` in the
environment (or `use("pyahocorasick")`) makes every `Keys` use pyahocorasick; the answers are the same
(tests/test_core_matchers.py).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

Hit = tuple[int, int, int]  # (key index, start, end): text[start:end] == keys[index]


class RustKeys:
    """ahocorasick-rs: one call per text, all hits built in Rust."""

    def __init__(self, keys: Sequence[str]) -> None:
        import ahocorasick_rs

        self._find = ahocorasick_rs.AhoCorasick(list(keys)).find_matches_as_indexes if keys else None

    def find(self, text: str) -> list[Hit]:
        return self._find(text, overlapping=True) if self._find is not None else []


class PyKeys:
    """pyahocorasick over the reversed text."""

    def __init__(self, keys: Sequence[str]) -> None:
        import ahocorasick

        self._auto = ahocorasick.Automaton()
        for i, k in enumerate(keys):
            if k:
                self._auto.add_word(k[::-1], (i, len(k)))
        self._empty = len(self._auto) == 0
        if not self._empty:
            self._auto.make_automaton()

    def find(self, text: str) -> list[Hit]:
        if self._empty:
            return []
        last = len(text) - 1
        # the reversed key ends at reversed offset r: the key starts at last - r
        return [(i, last - r, last - r + n) for r, (i, n) in self._auto.iter(text[::-1])]


IMPLEMENTATIONS: dict[str, type[RustKeys] | type[PyKeys]] = {"rust": RustKeys, "pyahocorasick": PyKeys}
_choice: str | None = None


def choice() -> str:
    """The implementation in use: `LAWGRAPH_MATCHER` (rust | pyahocorasick), else rust when the wheel
    is installed."""
    global _choice
    if _choice is None:
        env = os.environ.get("LAWGRAPH_MATCHER", "").strip().lower()
        if env in IMPLEMENTATIONS:
            _choice = env
        else:
            try:
                import ahocorasick_rs  # noqa: F401
            except ImportError:
                _choice = "pyahocorasick"
            else:
                _choice = "rust"
    return _choice


def use(name: str | None) -> None:
    """Build every `Keys` made from now on with implementation `name` (None: choose again from the
    environment). Automata already built keep theirs: callers rebuild theirs (see `generation`)."""
    global _choice, _generation
    if name is not None and name not in IMPLEMENTATIONS:
        raise ValueError(f"unknown matcher {name!r}: one of {', '.join(IMPLEMENTATIONS)}")
    _choice = name
    _generation += 1


_generation = 0


def generation() -> int:
    """A number that changes whenever `use` is called: memoised automata compare it to rebuild."""
    return _generation


def Keys(keys: Sequence[str]) -> RustKeys | PyKeys:  # noqa: N802 - a factory that reads as a class
    """An automaton over `keys` with the implementation in use."""
    return IMPLEMENTATIONS[choice()](keys)
