"""Where single-process extraction spends its time, by stage and by function (pyinstrument).

    pip install pyinstrument
    python benchmarks/profile.py                       # benchmarks/corpus-1000 (generated if needed)
    python benchmarks/profile.py --corpus DIR --html /tmp/profile.html

Runs ``lawgraph.pipeline.extract_paths`` in this process under pyinstrument (the same work as
``lawgraph extract``, without JSON output), then prints:

- the inclusive time of each pipeline stage (cleaning, meta, laws, agencies, programs, output dicts),
  and of the functions of interest inside them, as a share of the whole run;
- the functions with the most self time (time spent in their own code, not in callees).

Stage and function names are matched by function name and module file, so the report keeps working
while the extractors change; functions that do not exist are left out. The profiler sees only Python
functions: run it with ``LAWGRAPH_PURE=1`` to profile the extractor's sources rather than the modules
mypyc compiled from them (setup.py), whose functions it cannot see inside.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_corpus  # noqa: E402

# (label, file suffix, function name); nested labels are indented in the report
FOCUS = [
    ("whole extract_paths", "lawgraph/pipeline.py", "extract_paths"),
    ("  load + decode", "lawgraph/io/", "*"),
    ("  clean", "lawgraph/clean.py", "clean"),
    ("    fold (t2s + width/punctuation translate)", "lawgraph/clean.py", "fold"),
    ("      to_simplified (OpenCC t2s + checks)", "lawgraph/clean.py", "to_simplified"),
    ("    chrome spans", "lawgraph/clean.py", "_chrome_spans"),
    ("    debris spans", "lawgraph/clean.py", "_debris_spans"),
    ("    whitespace spans", "lawgraph/clean.py", "_ws_spans"),
    ("    offset map (Cleaned.delete)", "lawgraph/clean.py", "delete"),
    ("  meta.detect", "lawgraph/extract/meta.py", "detect"),
    ("  laws.extract", "lawgraph/extract/laws.py", "extract"),
    ("    title scan (find_titles)", "lawgraph/extract/laws.py", "find_titles"),
    ("    titles: resolve each (_title)", "lawgraph/extract/laws.py", "_title"),
    ("      registry lookups", "lawgraph/lexicon/registry.py", "lookup"),
    ("      places prefix", "lawgraph/lexicon/places.py", "prefix"),
    ("      level_of", "lawgraph/resolve.py", "level_of"),
    ("      _complete", "lawgraph/resolve.py", "_complete"),
    ("    running-text names (_dictionary)", "lawgraph/extract/laws.py", "_dictionary"),
    ("      word-boundary checks (word_at)", "lawgraph/lexicon/boundaries.py", "word_at"),
    ("    defined abbreviations", "lawgraph/extract/laws.py", "_defined_uses"),
    ("    local shorthand merge", "lawgraph/extract/laws.py", "_merge_local_shorthand"),
    ("  agencies.extract", "lawgraph/extract/agencies.py", "extract"),
    ("    agency name scan (agency_names.scan)", "lawgraph/lexicon/agency_names.py", "scan"),
    ("  programs.extract", "lawgraph/extract/programs.py", "extract"),
    ("    program automaton (multimatch)", "lawgraph/lexicon/multimatch.py", "find"),
    ("    quoted phrases (_quoted)", "lawgraph/extract/programs.py", "_quoted"),
    ("  relations (cue words per sentence)", "lawgraph/extract/relations.py", "relations"),
    ("  evidence (line, snippet, mark)", "lawgraph/extract/evidence.py", "evidence"),
    ("  result dicts (_entities / to_dict)", "lawgraph/extract/__init__.py", "_entities"),
    ("any: jieba (import, load, cut, posseg)", "jieba/", "*"),
    ("any: OpenCC convert", "opencc/", "*"),
    ("any: data tables read (read_tsv)", "lawgraph/data/__init__.py", "*"),
]


def _walk(frame, stack, incl, selfs, total_ref):
    """Inclusive time per FOCUS row (counted once per call chain) and self time per function."""
    fp = (frame.file_path or "").replace("\\", "/")
    fn = frame.function or ""
    entered = []
    for i, (_, suffix, name) in enumerate(FOCUS):
        if i in stack:
            continue
        if (suffix in fp if suffix.endswith("/") else fp.endswith(suffix)) and name in ("*", fn):
            incl[i] += frame.time
            entered.append(i)
    stack.update(entered)
    real = [c for c in frame.children if not (c.function or "").startswith("[")]
    if not fn.startswith("["):
        selfs[(fn, fp)] += frame.time - sum(c.time for c in real)
    for child in real:
        _walk(child, stack, incl, selfs, total_ref)
    stack.difference_update(entered)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="profile single-process extraction with pyinstrument")
    ap.add_argument("--n", type=int, default=1000, help="generated corpus size (default 1000)")
    ap.add_argument("--corpus", type=Path, default=None, help="folder of .txt reports instead")
    ap.add_argument("--top", type=int, default=25, help="functions by self time (default 25)")
    ap.add_argument("--html", type=Path, default=None, help="also write pyinstrument's HTML report here")
    ap.add_argument("--interval", type=float, default=0.0005, help="sampling interval in s")
    ap.add_argument("--matcher", choices=("rust", "pyahocorasick"), default=None,
                    help="multi-pattern matcher (lawgraph.lexicon.multimatch; default: LAWGRAPH_MATCHER or rust)")
    args = ap.parse_args(argv)
    try:
        from pyinstrument import Profiler
    except ImportError:
        raise SystemExit("pip install pyinstrument") from None
    corpus = args.corpus
    if corpus is None:
        out = make_corpus.default_out(args.n)
        if not make_corpus.is_current(out, args.n, 0):
            make_corpus.make_corpus(args.n, out, 0)
        corpus = make_corpus.reports_dir(out)
    nbytes = sum(f.stat().st_size for f in corpus.rglob("*.txt"))

    from lawgraph.lexicon import multimatch
    from lawgraph.pipeline import extract_paths

    multimatch.use(args.matcher)

    prof = Profiler(interval=args.interval)
    prof.start()
    run = extract_paths([str(corpus)])
    prof.stop()
    session = prof.last_session
    root = session.root_frame()
    total = root.time
    incl: dict[int, float] = defaultdict(float)
    selfs: dict[tuple[str, str], float] = defaultdict(float)
    _walk(root, set(), incl, selfs, total)
    print(f"corpus {corpus}: {len(run.documents)} documents, {nbytes / 1e6:.2f} MB, matcher {multimatch.choice()}; "
          f"profiled wall {session.duration:.2f} s ({nbytes / 1e6 / session.duration:.2f} MB/s under the profiler)\n")
    print("| stage / function | s | % of run |\n|---|---:|---:|")
    for i, (label, _, _) in enumerate(FOCUS):
        if incl.get(i):
            name = label.strip()
            depth = (len(label) - len(label.lstrip())) // 2
            print(f"| {'&nbsp;' * 4 * depth}{name} | {incl[i]:.2f} | {100 * incl[i] / total:.1f} |")
    print("\n| top self time (function, file) | s | % |\n|---|---:|---:|")
    for (fn, fp), t in sorted(selfs.items(), key=lambda kv: -kv[1])[: args.top]:
        short = "/".join(fp.split("/")[-2:]) if fp else "?"
        print(f"| `{fn}` {short} | {t:.2f} | {100 * t / total:.1f} |")
    if args.html:
        args.html.write_text(prof.output_html(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
