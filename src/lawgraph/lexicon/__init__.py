"""What lawgraph knows about names, read from the data tables: places (`places`: ALL place logic),
the law registry and title rules (`registry`), name folding and agency short forms (`names`), the
agency-name tables and finder (`agency_names`), and word boundaries (`boundaries`: the one seam over
jieba's cut, with jieba itself or the fast index behind it)."""
