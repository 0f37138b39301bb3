"""Speed machinery of the input and results stages, each piece behind one seam and switchable off,
each with a test that the output is identical without it:

- `cache`: per-document results kept between runs (keyed by content and extractor version; every
  entry checked before it is used);
- `parallel`: documents analysed in forked worker processes that die with their parent.
"""
