"""lawgraph: agencies, the laws they cite and the programs they run, as a knowledge graph."""

__version__ = "0.1.0"
