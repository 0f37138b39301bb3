"""Measure extraction results against hand-made answers (a gold file; format in CONTRACT.md).

`evaluate(gold, results, originals)` compares the `extract` dicts of the reports with the gold
documents (matched by file name) and returns a `Metrics`:

* laws — precision, recall and F1 over all documents: a gold law is found when a reported law's
  name equals its name or one of its `alt` names; a reported law that matches no gold law and is not
  listed under `optional` is a false positive. `national_recall` is the recall of the gold laws of
  level 宪法/法律; `level` is, over the gold laws with a level that were found, the share reported with
  that level.
* `agency` and `year` — the share of documents whose reporting agency (by name or `alt`) and year match.
* `mentioned` and `programs` — must-find lists: an entry is found when a reported name or mention text
  contains one of its names or is contained in one (two characters at least).
* `offsets_bad` — mentions whose [start, end) does not slice their text out of the original, plus
  reported entities without any mention (given `originals`).

Names are compared after `names.fold` (width, whitespace, book-title and quote marks, dashes). The
library never prints; the CLI (`lawgraph eval`) formats the metrics.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lawgraph.errors import InputError
from lawgraph.lexicon.names import fold

NATIONAL_LEVELS = ("宪法", "法律")
#: metric keys, in the order the CLI shows them; `--min-…` options exist for all but offsets_bad
KEYS = ("law_precision", "law_recall", "law_f1", "national_recall", "level", "agency", "year",
        "mentioned", "programs", "offsets_bad")


@dataclass
class DocumentScore:
    """What one document missed: gold names not found, reported laws not in the gold."""

    file: str
    found: bool = True  # whether the results held this document at all
    agency: str | None = None
    agency_ok: bool = False
    year: int | None = None
    year_ok: bool = False
    missed_laws: list[str] = field(default_factory=list)
    extra_laws: list[str] = field(default_factory=list)
    missed_agencies: list[str] = field(default_factory=list)
    missed_programs: list[str] = field(default_factory=list)


@dataclass
class Metrics:
    law_precision: float = 0.0
    law_recall: float = 0.0
    law_f1: float = 0.0
    national_recall: float = 1.0
    level: float = 0.0
    agency: float = 0.0
    year: float = 0.0
    mentioned: float = 1.0
    programs: float = 1.0
    offsets_bad: int = 0
    offsets_total: int = 0
    documents: list[DocumentScore] = field(default_factory=list)

    def as_dict(self) -> dict[str, float | int]:
        return {k: getattr(self, k) for k in KEYS}

    def failures(self, minimums: Mapping[str, float | None]) -> list[str]:
        """One line per metric below its given minimum (None: not checked), per missing document
        and for bad offsets."""
        out = [f"{k} {getattr(self, k):.3f} < {v}" for k, v in minimums.items()
               if v is not None and getattr(self, k) + 1e-9 < v]
        missing = [d.file for d in self.documents if not d.found]
        if missing:
            out.append(f"{len(missing)} gold document(s) not among the results: {', '.join(missing)}")
        if self.offsets_bad:
            out.append(f"{self.offsets_bad}/{self.offsets_total} mention offsets do not slice their text")
        return out


def load_gold(path: str | Path) -> list[dict]:
    """The `documents` of a gold file; InputError naming the file when it is not one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        docs = data["documents"]
        for d in docs:
            d["file"], d["laws"]  # noqa: B018 - required keys
    except OSError as exc:
        raise InputError(f"cannot read gold file {path}: {exc.strerror}; pass an existing file") from None
    except (ValueError, KeyError, TypeError):
        raise InputError(f"{path} is not a gold file: it needs {{'documents': [{{'file', 'laws', …}}]}} "
                         "(see CONTRACT.md)") from None
    return docs


def _names(entry: Mapping) -> set[str]:
    return {fold(entry["name"])} | {fold(a) for a in entry.get("alt", [])}


def _must_find(entries: Iterable[Mapping], reported: Iterable[str]) -> list[str]:
    """The entries of a must-find list that no reported string contains or lies inside."""
    seen = [fold(s) for s in reported if s]
    return [e["name"] for e in entries
            if not any(n in s or (len(s) >= 2 and s in n) for n in _names(e) for s in seen)]


def _reported(entities: list[dict]) -> list[str]:
    return [e.get("name", "") for e in entities] + [m.get("text", "") for e in entities
                                                     for m in e.get("mentions") or []]


def _offsets(result: Mapping, original: str) -> tuple[int, int]:
    bad = total = 0
    for kind in ("laws", "agencies", "programs"):
        for ent in result.get(kind) or []:
            mentions = ent.get("mentions") or []
            if not mentions:
                bad, total = bad + 1, total + 1
            for m in mentions:
                total += 1
                s, e = m.get("start"), m.get("end")
                ok = isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(original)
                bad += not (ok and original[s:e] == m.get("text"))
    return bad, total


def _ratio(a: int, b: int, empty: float) -> float:
    return a / b if b else empty


def evaluate(gold: list[dict], results: Iterable[Mapping],
             originals: Mapping[str, str] | None = None) -> Metrics:
    """Score `results` (extract dicts) against the gold documents. `originals` maps a result's
    `source` to its original text; without it offsets are not checked."""
    by_file = {Path(r.get("source", "")).name: r for r in results}
    out = Metrics()
    tp = fn = fp = nat = nat_ok = lvl = lvl_ok = ag_ok = yr_ok = 0
    men = men_found = prog = prog_found = 0
    for g in gold:
        r = by_file.get(g["file"])
        d = DocumentScore(g["file"], found=r is not None)
        r = r or {}
        levels: dict[str, set[str]] = {}
        for law in r.get("laws") or []:
            levels.setdefault(fold(law.get("name", "")), set()).add(law.get("level", ""))
        used: set[str] = set()
        for law in g["laws"]:
            hit = _names(law) & levels.keys()
            used |= hit
            tp += bool(hit)
            if not hit:
                d.missed_laws.append(law["name"])
            if law.get("level") in NATIONAL_LEVELS:
                nat, nat_ok = nat + 1, nat_ok + bool(hit)
            if law.get("level") and hit:
                lvl, lvl_ok = lvl + 1, lvl_ok + any(law["level"] in levels[h] for h in hit)
        optional = {fold(o) for o in g.get("optional", [])}
        d.extra_laws = sorted(levels.keys() - used - optional)
        fn, fp = fn + len(d.missed_laws), fp + len(d.extra_laws)
        d.agency = (r.get("agency") or {}).get("name")
        d.agency_ok = bool(d.agency) and fold(d.agency) in _names(g.get("agency") or {"name": ""})
        d.year = r.get("year")
        d.year_ok = d.year == g.get("year")
        ag_ok, yr_ok = ag_ok + d.agency_ok, yr_ok + d.year_ok
        d.missed_agencies = _must_find(g.get("agencies", []), _reported(r.get("agencies") or []))
        d.missed_programs = _must_find(g.get("programs", []), _reported(r.get("programs") or []))
        men, men_found = men + len(g.get("agencies", [])), men_found + len(g.get("agencies", [])) - len(d.missed_agencies)
        prog = prog + len(g.get("programs", []))
        prog_found += len(g.get("programs", [])) - len(d.missed_programs)
        if originals is not None and r and r.get("source") in originals:
            b, t = _offsets(r, originals[r["source"]])
            out.offsets_bad, out.offsets_total = out.offsets_bad + b, out.offsets_total + t
        out.documents.append(d)
    out.law_precision = _ratio(tp, tp + fp, 0.0)
    out.law_recall = _ratio(tp, tp + fn, 0.0)
    p, rc = out.law_precision, out.law_recall
    out.law_f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
    out.national_recall = _ratio(nat_ok, nat, 1.0)
    out.level = _ratio(lvl_ok, lvl, 0.0)
    out.agency = _ratio(ag_ok, len(gold), 0.0)
    out.year = _ratio(yr_ok, len(gold), 0.0)
    out.mentioned = _ratio(men_found, men, 1.0)
    out.programs = _ratio(prog_found, prog, 1.0)
    return out


def evaluate_paths(gold_path: str | Path, paths: Iterable[str], encoding: str | None = None) -> Metrics:
    """Extract the reports under `paths` and score them against the gold file at `gold_path`
    (the library call behind `lawgraph eval`)."""
    from lawgraph.io import load_file
    from lawgraph.pipeline import extract_paths

    gold = load_gold(gold_path)
    results = extract_paths(paths, encoding=encoding).documents
    originals = {r["source"]: load_file(r["source"], encoding).original for r in results}
    return evaluate(gold, results, originals)
