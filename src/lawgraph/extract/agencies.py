"""Placeholder until this extractor lands (issue 3)."""

from __future__ import annotations

from lawgraph.clean import Cleaned
from lawgraph.models import Entity


def extract(cleaned: Cleaned, meta) -> list[Entity]:
    return []
