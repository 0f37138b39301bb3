"""Placeholder: replaced below."""

from __future__ import annotations


def extract(cleaned, meta):
    return []
