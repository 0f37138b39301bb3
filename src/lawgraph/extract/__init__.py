"""One extractor per kind of entity; each takes the cleaned text and the document's context."""
