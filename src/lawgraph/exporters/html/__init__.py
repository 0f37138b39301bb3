"""HTML pages made with pyvis: the whole graph (``page``), one ego graph per reporting agency and an
index (``site``), on pyvis' page shell (``template``) with data from ``fragments`` (graph.html) or
``compact`` (agency pages: one packed block); one page per
law (``lawpages``); the typed citations and law mentions they show are read in ``evidence``."""

from lawgraph.exporters.html.fragments import short_label, to_json
from lawgraph.exporters.html.indexpage import DATA_FILES as INDEX_FILES
from lawgraph.exporters.html.lawpages import LAW_DIR, law_nodes, law_page_name, render_law_page
from lawgraph.exporters.html.page import render_page, write
from lawgraph.exporters.html.site import (
    agency_page_name,
    agency_rows,
    ego_nodes,
    law_rows,
    radial_layout,
    remove_stale_pages,
    render_index,
    site_files,
    site_pages,
    write_agency_lib,
    write_agency_pages,
    write_graph_page,
    write_if_changed,
    write_index,
    write_law_pages,
    write_site_libs,
)
from lawgraph.exporters.html.template import HtmlExportError, asset

__all__ = [
    "INDEX_FILES", "LAW_DIR", "HtmlExportError", "agency_page_name", "agency_rows", "asset", "ego_nodes", "law_nodes",
    "law_page_name", "law_rows", "radial_layout", "remove_stale_pages", "render_index", "render_law_page",
    "render_page", "short_label", "site_files", "site_pages", "to_json", "write", "write_agency_lib",
    "write_agency_pages", "write_graph_page", "write_if_changed", "write_index", "write_law_pages", "write_site_libs",
]  # fmt: skip
