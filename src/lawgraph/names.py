"""Former home of name folding, kept for importers: see `lawgraph.lexicon.names`."""

from lawgraph.lexicon.names import agency_variants, fold

__all__ = ["agency_variants", "fold"]
