"""Former home of the law registry, kept for importers: see `lawgraph.lexicon.registry` and
`lawgraph.resolve.resolve_law_name`."""

from lawgraph.lexicon.registry import AliasConflict, Law, Registry, registry
from lawgraph.resolve import resolve_law_name

__all__ = ["AliasConflict", "Law", "Registry", "registry", "resolve_law_name"]
