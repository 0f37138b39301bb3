"""Administrative divisions (data/divisions.tsv): look places up by name, find them at the start of
a title, and write a place's jurisdiction the way officials do (江苏省泰州市, 重庆市江津区)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from lawgraph.data import read_tsv

MUNICIPALITIES = ("110000", "120000", "310000", "500000")  # 北京 天津 上海 重庆: districts under the province


@dataclass(frozen=True, eq=False)  # one object per division: hashed and compared by identity (memo keys)
class Place:
    code: str
    name: str
    level: str  # province | city | county | zone
    parent: str
    short: str

    @property
    def legislates(self) -> bool:
        """Provinces and prefecture-level cities make 地方性法规 and 地方政府规章."""
        return self.level in ("province", "city")


class Places:
    def __init__(self) -> None:
        self.by_code: dict[str, Place] = {}
        self.by_name: dict[str, list[Place]] = {}
        for r in read_tsv("divisions.tsv"):
            p = Place(r["code"], r["name"], r["level"], r["parent_code"], r["short_name"] or r["name"])
            if p.level == "zone":
                continue
            self.by_code[p.code] = p
            self.by_name.setdefault(p.name, []).append(p)
        self.max_len = max(len(n) for n in self.by_name)

    def parent(self, p: Place) -> Place | None:
        return self.by_code.get(p.parent) if p.parent else None

    def chain(self, p: Place) -> list[Place]:
        """Province first: [江苏省, 泰州市] for 泰州市."""
        out = [p]
        while (q := self.parent(out[-1])) is not None:
            out.append(q)
        return out[::-1]

    def jurisdiction(self, p: Place) -> str:
        """Full written jurisdiction: 江苏省泰州市, 重庆市江津区, 重庆市."""
        return "".join(q.name for q in self.chain(p))

    def lookup(self, name: str) -> list[Place]:
        return self.by_name.get(name, [])

    def prefix(self, text: str) -> list[Place]:
        """Places named at the start of text, nested: 重庆市九龙坡区… → [重庆市, 九龙坡区].
        Each later place must lie inside the earlier one."""
        out: list[Place] = []
        i = 0
        while i < len(text):
            found = None
            for n in range(min(self.max_len, len(text) - i), 1, -1):
                cands = self.by_name.get(text[i : i + n])
                if not cands:
                    continue
                if out:
                    inside = [c for c in cands if out[-1] in self.chain(c)[:-1]]
                    if inside:
                        found = inside[0]
                elif len(cands) == 1 or any(c.level == "province" for c in cands):
                    found = next((c for c in cands if c.level == "province"), cands[0])
                if found:
                    i += n
                    break
            if not found:
                break
            out.append(found)
        return out


@lru_cache(maxsize=1)
def places() -> Places:
    return Places()


@lru_cache(maxsize=1)
def _province_short_names() -> dict[str, Place]:
    """Short names of province-level units (重庆, 江苏, 内蒙古 …), each naming exactly one province."""
    out: dict[str, Place] = {}
    seen: dict[str, int] = {}
    for p in places().by_code.values():
        if p.level == "province" and p.short and p.short != p.name and len(p.short) >= 2:
            seen[p.short] = seen.get(p.short, 0) + 1
            out[p.short] = p
    return {k: v for k, v in out.items() if seen[k] == 1}


def prefix_loose(text: str) -> list[Place]:
    """Like `Places.prefix`, but a province-level unit may also be written by its short name, as
    officials do before a zone or district (重庆两江新区 → [重庆市]; 江苏泰州市 → [江苏省, 泰州市])."""
    P = places()
    found = P.prefix(text)
    if found:
        return found
    for n in (3, 2):
        p = _province_short_names().get(text[:n])
        if p is not None:
            rest = P.prefix(text[n:])
            return [p, *rest] if rest and p in P.chain(rest[0]) else [p]
    return []
