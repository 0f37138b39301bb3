"""HTML pages made with pyvis: the whole graph (``page``), one ego graph per reporting agency and an
index (``site``), on pyvis' page shell (``template``) with data from ``fragments``."""

from lawgraph.exporters.html.fragments import short_label, to_json
from lawgraph.exporters.html.page import render_page, write
from lawgraph.exporters.html.site import (
    agency_page_name,
    agency_rows,
    ego_nodes,
    radial_layout,
    remove_stale_pages,
    render_index,
    site_files,
    write_agency_lib,
    write_agency_pages,
    write_graph_page,
    write_if_changed,
    write_index,
)
from lawgraph.exporters.html.template import HtmlExportError, asset

__all__ = [
    "HtmlExportError", "agency_page_name", "agency_rows", "asset", "ego_nodes", "radial_layout",
    "remove_stale_pages", "render_index", "render_page", "short_label", "site_files", "to_json", "write",
    "write_agency_lib", "write_agency_pages", "write_graph_page", "write_if_changed", "write_index",
]  # fmt: skip
