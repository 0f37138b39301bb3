"""The store's schema: the SQL that makes DIR/lawgraph.sqlite, its version, and what each table holds.

The store is the graph of one build as SQLite tables (CONTRACT.md, "The store"), so a question reads
the few rows it needs through an index instead of the whole graph:

* ``meta(key, value)``: ``schema_version`` (``SCHEMA_VERSION``) and the graph's size.
* ``entities``: one row per node of the graph — agencies, laws, programs, jurisdictions and the
  documents themselves — with its node id (``key``), ``type``, ``label``, ``level`` (laws),
  ``documents`` (how many reports name it) and ``years`` (";"-joined, NULL when unknown).
* ``documents``: one row per report, by ``path`` (exact, written once, here): its document node
  (``entity``), ``year``, the reporting ``agency`` and its ``place`` (entity ids, NULL when unknown).
* ``aliases``: every name a node goes by (its label too, ``is_label`` = 1) with ``fold`` — the key
  names are matched on (``lawgraph.lexicon.names.fold``).
* ``edges``: ``source`` → ``target`` (entity ids), ``relation``, ``weight`` (reports), ``years``, and on a
  citing edge the law mentions per relation (``n_implements`` … ``n_cites``) and ``relation_main``.
* ``edge_documents``: the reports behind each edge (its ``sources``), by document id.
* ``snippets``: each distinct evidence sentence once (``text``). A sentence that names several laws is
  the snippet of each of their mentions (in the seeds, 73 mentions share 41 snippets; in the 10,000
  generated reports of ``benchmarks/``, 174,807 share 24,360, and version 1's repeated sentences were
  36% of its file).
* ``mentions``: the evidence, one row per law mention: ``document``, ``agency`` (NULL when unknown),
  ``law``, ``start``/``end`` into the original file, ``line``, ``relation``, ``text``, ``snippet_id``
  (its sentence) and the mention inside it (``mark_start``, ``mark_end``).
* the view ``evidence``: ``mentions`` with the snippet's text as ``snippet``, for hand-written SQL.

Integer ids keep the rows small; ``entities.key`` is the node id every other export uses.
"""

from __future__ import annotations

FILE_NAME = "lawgraph.sqlite"
SCHEMA_VERSION = 2  # 2: the snippets table (mentions.snippet_id); 1 kept the text in mentions.snippet
# the graph's vocabulary (lawgraph.graph.schema, lawgraph.extract.relations), repeated here so that a
# query imports no graph code (networkx); a test checks the copies agree
NODE_TYPES: tuple[str, ...] = ("agency", "law", "program", "document", "jurisdiction")
RELATIONS: tuple[str, ...] = ("cites", "runs", "mentions", "authored", "in")
MENTION_RELATIONS: tuple[str, ...] = ("implements", "studies", "drafts", "reviews", "cites")
ALIAS_SEP, LIST_SEP = "|", ";"
COUNT_COLUMNS: tuple[str, ...] = tuple("n_" + r for r in MENTION_RELATIONS)
# the fields of one law mention of the graph's evidence, in the order of its tuple (graph.mention.KEYS)
MENTION_FIELDS: tuple[str, ...] = (
    "agency", "law", "document", "source", "year", "start", "end", "line", "relation", "text", "snippet", "mark",
)  # fmt: skip

TABLES: tuple[str, ...] = (
    "meta", "entities", "documents", "aliases", "edges", "edge_documents", "snippets", "mentions",
)

DDL = f"""
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE entities (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  label TEXT NOT NULL,
  level TEXT,
  documents INTEGER NOT NULL CHECK (documents >= 0),
  years TEXT
);
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  entity INTEGER REFERENCES entities(id),
  path TEXT NOT NULL UNIQUE,
  year INTEGER,
  agency INTEGER REFERENCES entities(id),
  place INTEGER REFERENCES entities(id)
);
CREATE TABLE aliases (
  entity INTEGER NOT NULL REFERENCES entities(id),
  name TEXT NOT NULL,
  fold TEXT NOT NULL,
  is_label INTEGER NOT NULL CHECK (is_label IN (0, 1)),
  PRIMARY KEY (entity, name)
) WITHOUT ROWID;
CREATE TABLE edges (
  id INTEGER PRIMARY KEY,
  source INTEGER NOT NULL REFERENCES entities(id),
  target INTEGER NOT NULL REFERENCES entities(id),
  relation TEXT NOT NULL,
  weight INTEGER NOT NULL,
  years TEXT,
  {", ".join(f"{c} INTEGER" for c in COUNT_COLUMNS)},
  relation_main TEXT,
  UNIQUE (source, target)
);
CREATE TABLE edge_documents (
  edge INTEGER NOT NULL REFERENCES edges(id),
  document INTEGER NOT NULL REFERENCES documents(id),
  PRIMARY KEY (edge, document)
) WITHOUT ROWID;
CREATE TABLE snippets (
  id INTEGER PRIMARY KEY,
  text TEXT NOT NULL
);
CREATE TABLE mentions (
  id INTEGER PRIMARY KEY,
  document INTEGER NOT NULL REFERENCES documents(id),
  agency INTEGER REFERENCES entities(id),
  law INTEGER NOT NULL REFERENCES entities(id),
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  line INTEGER,
  relation TEXT NOT NULL,
  text TEXT NOT NULL,
  snippet_id INTEGER NOT NULL REFERENCES snippets(id),
  mark_start INTEGER NOT NULL,
  mark_end INTEGER NOT NULL
);
CREATE VIEW evidence AS
  SELECT m.id, m.document, m.agency, m.law, m.start, m."end", m.line, m.relation, m.text, s.text AS snippet,
         m.mark_start, m.mark_end
  FROM mentions m JOIN snippets s ON s.id = m.snippet_id;
"""

# the questions users ask, each through its index
INDEXES = """
CREATE INDEX entities_type ON entities(type, label);
CREATE INDEX aliases_fold ON aliases(fold, entity);
CREATE INDEX edges_target ON edges(target, relation, source);
CREATE INDEX documents_agency ON documents(agency);
CREATE INDEX mentions_agency ON mentions(agency, law);
CREATE INDEX mentions_law ON mentions(law);
"""
