"""Extraction beyond one machine, on engines that exist: extraction is per file, so any scheduler can
run it in parts and one build puts the parts together.

- `shards`: `lawgraph extract --shard K/N`, a fixed partition of the discovered inputs;
- `results`: the results format (`extract --format results`) and `build --from-results`, which
  builds from those files without reading a report, byte-identical to a direct build;
- `dask`: `build --scheduler ADDRESS`, the extraction sent to a running Dask distributed cluster.

Each plugs into a seam that the one-machine path also goes through: `pipeline.extract_paths`
(`select`, `mapper`) and `build.build` (`extractor`), so the graph, the exports, the manifest and
the duplicate rule are those of a direct build.
"""
