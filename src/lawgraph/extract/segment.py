"""Kept for `pipeline._warm_up` until it calls `lawgraph.lexicon.boundaries.load` itself."""

from lawgraph.lexicon.boundaries import load

__all__ = ["load"]
