"""`--shard K/N`: which of the discovered inputs one shard holds.

The rule is by position in the discovery order (the order a direct build reads the inputs: each
PATH as given, folders walked with sorted names): shard K of N holds the inputs at positions
K-1, K-1+N, K-1+2N, … Round robin rather than a hash of the path because it is exact: every input
is in exactly one shard for any N by construction, the shards' counts differ by at most one, and
neighbouring files (often one bureau's reports, of like size) are dealt to different shards, so the
bytes balance too. The price — a file added or removed moves the files after it to other shards —
is paid safely: each shard records how many inputs it saw and a digest of their paths, and
`build --from-results` refuses shards that saw different inputs instead of losing or doubling one.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field

_FORM = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")


@dataclass(frozen=True)
class Shard:
    """Shard `k` (1-based) of `n`."""

    k: int
    n: int

    def __str__(self) -> str:
        return f"{self.k}/{self.n}"

    def holds(self, position: int) -> bool:
        """Whether the input at `position` (0-based, in discovery order) is in this shard."""
        return position % self.n == self.k - 1

    def positions(self, total: int) -> range:
        """The positions this shard holds among `total` inputs."""
        return range(self.k - 1, total, self.n)


ALL = Shard(1, 1)


def parse_shard(text: str) -> Shard:
    """'2/8' → Shard(2, 8). ValueError naming the form when it is not K/N with 1 <= K <= N."""
    m = _FORM.fullmatch(text)
    if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
        raise ValueError(f"cannot read shard {text!r}; write it as K/N with 1 <= K <= N, such as 1/4")
    return Shard(int(m.group(1)), int(m.group(2)))


def inputs_digest(paths: list[str]) -> str:
    """A digest of the discovered input paths, in order (their file-system bytes)."""
    h = hashlib.sha256()
    for p in paths:
        h.update(os.fsencode(p))
        h.update(b"\0")
    return h.hexdigest()


@dataclass
class Selection:
    """The `select` hook of `pipeline.extract_paths` for one shard: keeps the shard's entries of the
    discovered inputs and remembers what it saw (every input's count and digest, its own positions)."""

    shard: Shard
    total: int = 0
    digest: str = ""
    positions: list[int] = field(default_factory=list)

    def __call__(self, listed: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
        self.total = len(listed)
        self.digest = inputs_digest([path for path, _ in listed])
        self.positions = list(self.shard.positions(self.total))
        return [listed[i] for i in self.positions]
