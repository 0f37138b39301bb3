"""Speed machinery behind seams: each piece can be switched off and has a test that the output is the
same without it.

- `cache`: per-document results kept between runs (keyed by content and extractor version; every
  entry checked before it is used); off with `--no-cache`;
- `parallel`: documents analysed in forked worker processes that die with their parent; off with `-j 1`;
- `stamp`: the build stamp that lets a rebuild skip rewriting exports that are already up to date;
- `beside`: one pure function (the layout) worked out in a forked child while the build goes on;
  off with `graph.build.LAYOUT_BESIDE = False`;
- `native`: the extractor's modules compiled by mypyc at install (setup.py), run while their sources
  are the ones compiled; off with `LAWGRAPH_PURE=1`.
"""
