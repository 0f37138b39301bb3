"""Placeholder until the reporting-agency/year detector lands (issue 3)."""

from __future__ import annotations

from dataclasses import dataclass

from lawgraph.clean import Cleaned
from lawgraph.places import Place


@dataclass
class Meta:
    agency: str | None = None
    jurisdiction: str | None = None
    place: Place | None = None
    year: int | None = None


def detect(cleaned: Cleaned) -> Meta:
    return Meta()
