"""Mention → canonical entity: the one resolver that extraction, the graph and the queries ask.

Laws: a title or alias as written → the registry's canonical name, its level and jurisdiction; a title
the registry does not know keeps its written name and gets a level from data/title_rules.tsv, and a
place-less one may be completed with the report's own jurisdiction (`resolve_title`). Agencies: a name
as written (its type, the places before it or a bare 市/区/县/省) → the full official name in the
report's jurisdiction (`resolve_agency`); a short form expands by data/agency_abbrev.tsv
(`canonical_agency_name`).

The graph names its nodes with `canonical_law_name` / `canonical_agency_name`; the queries look names
up through `law_candidates` / `agency_candidates`, so a user's spelling meets the same rules.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lawgraph.lexicon.agency_names import AgencyType, Hit
from lawgraph.lexicon.names import agency_variants, fold
from lawgraph.lexicon.places import Place, level_place, places, resolve_chain, written
from lawgraph.lexicon.registry import (
    _COUNTY,
    _LOCAL,
    _VERSION_SUFFIX,
    Law,
    completion_tails,
    registry,
    title_rules,
)
from lawgraph.text import plain, tidy

_TRAILING_PAREN = re.compile(r"(?:（[^（）]{1,20}）)+$")


# ---- laws ---------------------------------------------------------------------------------------


def resolve_law_name(name: str) -> str | None:
    """Canonical name of a law given any of its names or aliases (科技进步法 → 中华人民共和国科学技术进步法)."""
    law = registry().lookup(name)
    return law.name if law else None


def canonical_law_name(name: str) -> str:
    """The registry's full name for a law alias (科技进步法 → 中华人民共和国科学技术进步法), else the name."""
    try:
        return tidy(resolve_law_name(name)) or name
    except Exception:  # noqa: BLE001 - the registry is a convenience here; a failure must not stop the build
        return name


def law_candidates(name: str) -> list[str]:
    """The names a user's spelling of a law may have in a graph, most literal first: as typed, the
    canonical name of its folded form, and with 中华人民共和国 added."""
    name = name.strip()
    bare = fold(name)
    out = [name, canonical_law_name(bare)]
    if not bare.startswith("中华人民共和国"):
        out.append("中华人民共和国" + bare)
    return out


@lru_cache(maxsize=65536)
def title_places(name: str) -> tuple[Place, ...]:
    """The places a title starts with (memoised: the same titles recur across reports)."""
    return tuple(places().prefix(name))


@lru_cache(maxsize=65536)
def bare_title(name: str) -> str:
    """The title without trailing parentheticals such as （试行）（2020-2025年）."""
    return _TRAILING_PAREN.sub("", name) or name


@lru_cache(maxsize=65536)
def level_of(name: str) -> tuple[str, str]:
    """(level, jurisdiction) of a title that is not in the registry: the first level rule of
    data/title_rules.tsv that matches the title, read with a marker for a legislating place or a
    county before it (a city's 办法 is a 地方政府规章, a county's is not)."""
    ps = title_places(name)
    marker, juris = "", ""
    if ps:
        juris = places().jurisdiction(ps[-1])
        marker = _COUNTY if ps[-1].level == "county" else (_LOCAL if ps[0].legislates or ps[-1].legislates else "")
    bare = bare_title(name)
    for pat, level in title_rules().levels:
        if pat.search(marker + bare):
            return level, juris
    return "其他", juris


def resolve_title(name: str, place: Place | None) -> tuple[str, str, str, str] | None:
    """(canonical, level, level_basis, jurisdiction) of a written title in a report of `place`, or None
    if it names no instrument. Only a place-less title that the registry does not know depends on the
    report's place (it may complete it)."""
    res, open_ = _by_name(name)
    if open_ and place is not None and (law := _complete(name, place)) is not None:
        return law.name, law.level, "registry", law.jurisdiction
    return res


@lru_cache(maxsize=65536)
def _by_name(name: str) -> tuple[tuple[str, str, str, str] | None, bool]:
    """(resolution of a title by its name alone, can the report's place complete it?), memoised by
    name: titles recur across reports, (title, place) pairs much less."""
    law = registry().lookup(name)
    if law is not None:
        return (law.name, law.level, "registry", law.jurisdiction), False
    open_ = not title_places(name)
    bare = bare_title(name)
    rules = title_rules()
    if not rules.instrument.search(bare) or rules.not_instrument.search(bare):
        return None, open_
    level, juris = level_of(name)
    return (name, level, "title", juris), open_


@lru_cache(maxsize=65536)
def _complete(name: str, place: Place) -> Law | None:
    """A title without a place, completed with the report's own jurisdiction where the registry knows
    exactly one such instrument (推进科技创新中心建设条例 in a Chongqing report)."""
    chain = places().chain(place)
    if not plain() and not _completable(name) and all(p.name in places().by_name for p in chain):
        return None  # no division's name + this title is a registry key: nothing to look up
    found = {law.name: law for p in chain if (law := registry().lookup(p.name + name))}
    return next(iter(found.values())) if len(found) == 1 else None


@lru_cache(maxsize=65536)
def _completable(name: str) -> bool:
    """Whether some division's name + `name` may be a registry key (`completion_tails`): most
    titles that the registry does not know are not, whichever the report's place."""
    tails = completion_tails()
    if tails is None:
        return True
    key = fold(name)
    return key in tails or _VERSION_SUFFIX.sub("", key) in tails


# ---- agencies -----------------------------------------------------------------------------------


def canonical_agency_name(name: str) -> str:
    """The expanded official form: 泰州市科技局 → 泰州市科学技术局."""
    return agency_variants(name)[-1]


def agency_candidates(name: str) -> list[str]:
    """The names a user's spelling of an agency may have in a graph: its expansions, then as typed."""
    name = name.strip()
    return [*reversed(agency_variants(name)), name]


def full_name(t: AgencyType, place: Place) -> str:
    """The official name of a body of type `t` in `place` (its template, else place + full type)."""
    return (t.template or "{place}" + t.full).format(place=written(place))


def zone_body(t: AgencyType, zone: str) -> str:
    """The name of a body of type `t` of a development zone (区公安局 in 平潭综合实验区's report)."""
    return (t.template or "{place}" + t.full).format(place=zone)


@lru_cache(maxsize=1 << 16)
def _resolved(t: AgencyType, names: tuple[str, ...], level: str, context: Place | None
              ) -> tuple[str | None, Place | None]:
    """resolve_agency() of a local name by its parts, memoised: reports repeat the same few names. A
    name of None: the full name cannot be built, the caller keeps the name as written."""
    if names:
        p = resolve_chain(names, context)
    elif level:
        p = level_place(level, context)
    else:
        p = context
    if p is not None:
        return full_name(t, p), p
    if t.template:
        return None, None
    return "".join(names) + level + t.full, None


def resolve_agency(hit: Hit, context: Place | None, text: str = "") -> tuple[str, Place | None]:
    """(canonical name, its place) of an agency name found in a report whose jurisdiction is
    `context`: never a guessed place — a name whose place cannot be told keeps its written form."""
    if hit.kind != "local":
        return hit.name, None
    t = hit.atype
    assert t is not None
    name, p = _resolved(t, hit.places, hit.level, context)
    if name is None:  # cannot build the full name: keep it as written
        return (text[hit.start : hit.end] if text else "".join(hit.places) + hit.level + t.stem), None
    return name, p
