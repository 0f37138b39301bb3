"""The knowledge graph: its schema (``schema``), how extraction results become it (``build``) and
its deterministic layout (``layout``)."""

from lawgraph.exporters.style import NODE_BASE_SIZE as BASE_SIZE
from lawgraph.exporters.style import NODE_COLORS as COLORS
from lawgraph.exporters.style import TYPE_NAMES_ZH
from lawgraph.graph.build import (
    GraphAssembler,
    build_graph,
    canonical_agency_name,
    canonical_law_name,
    reporting_agencies,
)
from lawgraph.graph.layout import layout
from lawgraph.graph.schema import (
    ALIAS_SEP,
    COUNT_PREFIX,
    EXCERPT_CHARS,
    ID_PREFIX,
    LAW_LEVELS,
    LIST_SEP,
    NODE_TYPES,
    RELATION_SEP,
    RELATIONS,
    clean,
    flat_attrs,
    node_id,
    path_text,
    scalar,
)

__all__ = [
    "ALIAS_SEP", "BASE_SIZE", "COUNT_PREFIX", "COLORS", "EXCERPT_CHARS", "ID_PREFIX", "LAW_LEVELS", "LIST_SEP", "NODE_TYPES",
    "RELATIONS", "RELATION_SEP", "TYPE_NAMES_ZH", "GraphAssembler", "build_graph", "canonical_agency_name",
    "canonical_law_name", "clean", "flat_attrs", "layout", "node_id", "path_text", "reporting_agencies", "scalar",
]  # fmt: skip
