"""Agencies named in a report, resolved against the report's own jurisdiction.

How a name is found (`lawgraph.lexicon.agency_names.scan`: one pass over the cleaned text, then local
look-behind), resolved by `lawgraph.resolve.resolve_agency`:

* an **agency type** from ``data/agency_types.tsv`` (司法局, 科技局, 人大常委会, 政协, 委, 委宣传部 …) is
  the anchor; to its left stands either a chain of **places** (重庆市九龙坡区|教委, 泰州|产研院,
  江苏省|委), or a **level character** 市/区/县/省 meaning "the report's own city/district/county/
  province" (区|司法局 in a 沙坪坝区 report → 重庆市沙坪坝区司法局), or nothing — then only types marked
  ``bare`` (司法局, 政协 …) count, and they mean the body of the report's own jurisdiction;
* a **subordinate unit** (…促进中心, …司法所, …执法大队 from ``data/agency_words.tsv``) written after its
  full place with at most ten characters between and none of them a sentence word
  (莆田市科技特派员促进中心);
* a **central body** from ``data/agency_national.tsv`` (科技部, 国务院, 全国人大 …), written without a place;
* a **university or college** (…大学, …学院), by the word table ``data/agency_universities.tsv``: the
  name is the longest listed word that ends at the 大学/学院 (西南政法大学, 邮电大学, 医学院) — unless a
  place written right before the 大学/学院 starts before that word (黔东南|大学) — else the
  bare 大学/学院 unless it begins a listed word (大学生, 大学城); then the places and regions written right
  before it join the name (重庆|邮电大学, 西南|大学, 漳州|大学). A name shorter than four characters is a
  common noun (医学院, 工学院), and generic words (一流大学, 某大学) name no institution. The table is
  jieba's dictionary entries for these words, extracted once: no segmenter runs at extraction time.

Never agencies: generic words (各部门, 有关单位, 本局, 我局 — no type matches them), a 市/区 that ends a
zone word (高新区科技局) or is counted (各区司法局), and names inside 《》 (they belong to a document
title; the law extractor reports the title).

The reporting agency itself is *not* listed in ``agencies``: it is the document's ``agency``, and its
self-references (市科技局, 区科技局, 科技局) would only repeat it. When the reporting agency is unknown,
those references are listed like any other.

In the report of a development zone's body (see meta: 平潭综合实验区社会事业局), 区 means the zone:
区公安局 → 平潭综合实验区公安局, 区党工委 → 中共平潭综合实验区工作委员会.

A reference whose place cannot be told (区司法局 in a report whose jurisdiction is unknown) keeps its
written form with the type expanded (区司法局 stays 区司法局, 市科技局 → 市科学技术局): never a guessed
place.
"""

from __future__ import annotations

import re

from lawgraph.clean import Cleaned
from lawgraph.lexicon.agency_names import scan
from lawgraph.models import Entity, Mention, Meta
from lawgraph.resolve import resolve_agency, zone_body

_BOOK = re.compile(r"《[^《》\n]{0,200}》")


def _book_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _BOOK.finditer(text)]


def extract(cleaned: Cleaned, meta: Meta | None = None) -> list[Entity]:
    """Every agency the report names (but the reporting agency itself), once, with all its mentions."""
    text = cleaned.text
    context = getattr(meta, "place", None)
    zone = getattr(meta, "zone", None)  # a zone's report: 区 means the zone (区公安局 → X综合实验区公安局)
    own = getattr(meta, "agency", None)
    books = _book_spans(text)
    bi = 0
    ents: dict[str, Entity] = {}
    for h in scan(text):
        while bi < len(books) and books[bi][1] <= h.start:
            bi += 1
        if bi < len(books) and books[bi][0] < h.end and h.start < books[bi][1]:
            continue  # inside a document title
        name, _ = resolve_agency(h, context, text)
        if zone and zone.endswith("区") and context is None and h.kind == "local" and h.level == "区" \
                and not h.places:
            assert h.atype is not None
            name = zone_body(h.atype, zone)
        if own and name == own:
            continue  # the reporting agency itself: it is the document's `agency`
        a, b, src = cleaned.source(h.start, h.end)
        ent = ents.get(name)
        if ent is None:
            ent = ents[name] = Entity(name=name, kind="agency")
        ent.mentions.append(Mention(a, b, src, "agency", h.kind))
    return list(ents.values())
