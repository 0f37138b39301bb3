"""lawgraph benchmark: one command, one table.

    . .venv/bin/activate
    python benchmarks/run.py --n 1000          # the 1,000-report corpus (~11 MB)
    python benchmarks/run.py --n 10000         # the 10,000-report corpus (~110 MB)

Generates (or reuses) ``benchmarks/corpus-N/`` with ``make_corpus.py`` and measures, in this one run on
this one corpus, each as a subprocess on a warm page cache:

- ``lawgraph extract`` (single process; ``-j 1`` is passed if the option exists);
- ``lawgraph build`` with all cores (``-j <cores>`` if the option exists; ``--no-cache`` and ``--quiet``
  too if they exist, so the figure is a cold full build);
- the reference passes: a plain regex scan for 《…》 (read + decode + regex: the floor) and
  ``jieba.lcut`` over every report (a naive jieba pipeline);
- with ``--linkgen DIR``: linkgen (xbhel/momostack, ``linkgen/python/linkgen``; not bundled, see
  README.md), its law-reference extraction (``extract`` then ``resolve``, as linkgen's own benchmark
  runs it) over the same files, one process, run with ``--linkgen-python`` (Python >= 3.12 with
  linkgen's dependencies);
- ``lawgraph --help`` start-up (median of 7);
- the graph page of the build: time until pyvis' ``network`` exists, has drawn its canvas and is
  still, in headless Chromium with the network disabled (skipped without chromium + selenium).

Prints a Markdown table (absolute figures and ratios to the regex floor and to jieba) and replaces the
section for this N in ``benchmarks/RESULTS.md`` (with the date, the machine and the exact command).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import make_corpus  # noqa: E402

RESULTS = HERE / "RESULTS.md"
MB = 1e6

# ---- measuring a subprocess -----------------------------------------------------------------------


@dataclass
class Run:
    cmd: list[str]
    wall: float = 0.0
    maxrss_mb: float = 0.0  # largest single process of the tree (getrusage via wait4)
    tree_rss_mb: float = 0.0  # peak of the sum of RSS over the process tree (sampled)
    tree_pss_mb: float = 0.0  # peak of the sum of PSS over the process tree (sampled; shared pages split)
    rc: int = 0
    stdout: str = ""
    stderr: str = ""
    extra: dict = field(default_factory=dict)


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return out


def _tree(pid: int) -> list[int]:
    todo, seen = [pid], []
    while todo:
        p = todo.pop()
        seen.append(p)
        todo += _children(p)
    return seen


def _mem_kb(pid: int) -> tuple[int, int]:
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def measure(cmd: list[str], cwd: Path | None = None, stdout_path: Path | None = None,
            sample: bool = False, timeout: float = 3600, env: dict[str, str] | None = None) -> Run:
    """Run cmd; wall time, peak RSS of the largest process, and (sample=True) peak RSS/PSS of the tree."""
    run = Run(cmd)
    out = open(stdout_path, "wb") if stdout_path else subprocess.PIPE
    err = tempfile.TemporaryFile()
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, start_new_session=True, env=env)
    peak = [0, 0]
    done = threading.Event()

    def sampler() -> None:
        while not done.is_set():
            rss = pss = 0
            for q in _tree(p.pid):
                r, s = _mem_kb(q)
                rss += r
                pss += s
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            done.wait(0.05)

    th = threading.Thread(target=sampler, daemon=True)
    if sample:
        th.start()
    chunks: list[bytes] = []
    reader = None
    if out is subprocess.PIPE:  # read in a thread so that the timeout below still applies
        reader = threading.Thread(target=lambda: chunks.append(p.stdout.read()), daemon=True)  # type: ignore[union-attr]
        reader.start()
    deadline = time.monotonic() + timeout
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            os.killpg(p.pid, 9)  # the command and its workers (own session)
            pid, status, ru = os.wait4(p.pid, 0)
            run.extra["timeout"] = timeout
            break
        time.sleep(0.002)
    run.wall = time.perf_counter() - t0
    done.set()
    if sample:
        th.join()
    p.returncode = run.rc = os.waitstatus_to_exitcode(status)
    run.maxrss_mb = ru.ru_maxrss / 1024  # Linux: KiB
    run.tree_rss_mb, run.tree_pss_mb = peak[0] / 1024, peak[1] / 1024
    if stdout_path:
        out.close()  # type: ignore[union-attr]
    if reader is not None:
        reader.join(5)
    run.stdout = b"".join(chunks).decode("utf-8", "replace")
    err.seek(0)
    run.stderr = err.read().decode("utf-8", "replace")
    err.close()
    return run


def _check(run: Run, what: str) -> None:
    if run.rc != 0 and "timeout" not in run.extra:
        tail = "\n".join(run.stderr.strip().splitlines()[-5:])
        raise SystemExit(f"{what} failed (exit {run.rc}): {shlex.join(run.cmd)}\n{tail}")


# ---- reference passes (run in a child: python benchmarks/run.py --ref KIND CORPUS) ----------------


def _files(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("*.txt"))


def reference(kind: str, corpus: Path) -> dict:
    t0 = time.perf_counter()
    if kind == "regex":
        pat = re.compile(r"《[^《》]*》")

        def work(text: str) -> int:
            return len(pat.findall(text))
    elif kind == "jieba":
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()

        def work(text: str) -> int:
            return len(jieba.lcut(text))
    elif kind == "laws":  # lawgraph's law references alone: the part of `lawgraph extract` linkgen does
        import gc

        from lawgraph.clean import clean
        from lawgraph.extract import laws, meta

        warm = clean("泰州市科技局学习《科技进步法》和民法典。")
        laws.extract(warm, meta.detect(warm))
        gc.freeze()  # as lawgraph.pipeline does after its warm-up

        def work(text: str) -> int:
            cleaned = clean(text)
            return len(laws.extract(cleaned, meta.detect(cleaned)))
    elif kind == "linkgen":  # run by linkgen's interpreter, linkgen's src/ on PYTHONPATH (see bench)
        from linkgen.extractor import extract
        from linkgen.models import DocMeta
        from linkgen.resolver import resolve

        def work(text: str) -> int:
            meta = DocMeta(doc_id="report", doc_type="Report", doc_url="", title="", core_term="",
                           status="1", created_at=0, updated_at=0, release_date=0, version="",
                           version_timestamp=0)
            return len(list(resolve(text, extract(text, meta), meta)))
    else:
        raise SystemExit(f"unknown reference pass {kind}")
    t1 = time.perf_counter()
    n = nbytes = 0
    for f in _files(corpus):
        data = f.read_bytes()
        nbytes += len(data)
        n += work(data.decode("utf-8"))
    t2 = time.perf_counter()
    return {"load_s": t1 - t0, "scan_s": t2 - t1, "bytes": nbytes, "count": n}


# ---- the HTML page in headless Chromium -----------------------------------------------------------

_HOOK = r"""
(function () {
  var lg = window.__lg = {created: null, draws: [], stabilized: null, errors: []};
  window.addEventListener("error", function (e) { lg.errors.push(String(e.message)); });
  var net;
  Object.defineProperty(window, "network", {
    configurable: true,
    get: function () { return net; },
    set: function (v) {
      net = v;
      if (v && typeof v.on === "function" && lg.created === null) {
        lg.created = performance.now();
        v.on("afterDrawing", function () { lg.draws.push(performance.now()); });
        v.on("stabilized", function () { lg.stabilized = performance.now(); });
        v.on("stabilizationIterationsDone", function () { lg.stabilized = performance.now(); });
      }
    }
  });
})();
"""

_STATE = r"""
var lg = window.__lg || {};
var n = window.network;
var st = {created: lg.created, draws: (lg.draws || []).length, last_draw: (lg.draws || []).slice(-1)[0] || null,
          first_draw: (lg.draws || [])[0] || null, stabilized: lg.stabilized, errors: lg.errors || [],
          now: performance.now()};
if (n && n.body) {
  st.nodes = n.body.data.nodes.length;
  st.edges = n.body.data.edges.length;
  var ph = n.physics || {};
  st.physics = !!(ph.physicsEnabled && ph.options && ph.options.enabled !== false);
  st.stable = !st.physics || ph.stabilized === true || lg.stabilized !== null;
  var c = n.canvas && n.canvas.frame && n.canvas.frame.canvas;
  st.canvas = c ? [c.width, c.height] : null;
}
var nav = performance.getEntriesByType("navigation")[0];
st.load_event = nav ? nav.loadEventEnd : null;
st.dom_content_loaded = nav ? nav.domContentLoadedEventEnd : null;
return st;
"""

_FRAME = r"""
var n = window.network, t0 = performance.now();
if (n && n.renderer && typeof n.renderer._redraw === "function") { n.renderer._redraw(false); }
else if (n) { n.redraw(); }
return performance.now() - t0;
"""


def html_available() -> str | None:
    """None if the headless-browser measurement can run, else why not."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "no selenium"
    if not (shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")):
        return "no chromium"
    if not shutil.which("chromedriver"):
        return "no chromedriver"
    return None


def measure_html(page: Path, quiet_ms: float = 1500, timeout: float = 120) -> dict:
    """Milliseconds from navigation start until pyvis' network exists, has drawn, and stays still."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    opts.binary_location = binary or ""
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1600,1000",
              "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
              "--host-resolver-rules=MAP * ~NOTFOUND", "--disable-background-networking",
              "--disable-extensions", "--no-first-run"):
        opts.add_argument(a)
    driver = webdriver.Chrome(options=opts, service=Service(shutil.which("chromedriver")))
    try:
        driver.set_page_load_timeout(timeout)
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                               {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _HOOK})
        t0 = time.perf_counter()
        driver.get(page.resolve().as_uri())
        get_returned = (time.perf_counter() - t0) * 1000
        deadline = time.perf_counter() + timeout
        st: dict = {}
        while time.perf_counter() < deadline:
            st = driver.execute_script(_STATE)
            if st.get("draws") and st.get("stable") and st["now"] - st["last_draw"] >= quiet_ms:
                break
            time.sleep(0.05)
        else:
            st["timeout"] = True
        frames = [driver.execute_script(_FRAME) for _ in range(5)]
        st["frame_ms"] = statistics.median(frames)
        st["get_returned_ms"] = get_returned
        st["page_mb"] = page.stat().st_size / MB
        return st
    finally:
        driver.quit()


# ---- the machine ----------------------------------------------------------------------------------


def machine() -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return {"cores": os.cpu_count() or 1, "mem_gib": mem, "cpu": cpu,
            "python": platform.python_version(), "os": platform.platform()}


# ---- the benchmark --------------------------------------------------------------------------------


def lawgraph_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("lawgraph")
    return [str(exe)] if exe.exists() else [shutil.which("lawgraph") or "lawgraph"]


def options(help_text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", help_text))


def warm(corpus: Path) -> int:
    total = 0
    for f in _files(corpus):
        total += len(f.read_bytes())
    return total


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


STAMP = ".lawgraph-build.json"
LEAN_FORMATS = "graphml,html"  # the lean build's selection (`build --formats`): Gephi, the pages, the store


def exports_bytes(folder: Path) -> int:
    """The bytes of every file a build left in `folder`, the build stamp aside (apparent sizes)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and p.name != STAMP)


LAW_SENTENCE = "学习《中华人民共和国民法典》。"
REBUILDS = (
    ("touch", "`touch` one report (same bytes)"),
    ("cosmetic", "one report edited, no entity changed (a line appended)"),
    ("law", "one report edited to cite one more law"),
)


def rebuilds(cmd: list[str], work: Path, corpus: Path) -> list[dict]:
    """Rebuilds after touching or editing one report, each after the previous build (the original bytes
    are put back at the end). Whether the exports were rewritten is read from graph.graphml's mtime."""
    target = next((f for f in _files(corpus) if "民法典" not in f.read_text(encoding="utf-8", errors="replace")),
                  _files(corpus)[0])
    original = target.read_bytes()
    text = original.decode("utf-8", errors="replace")
    cut = text.find("。") + 1 or len(text)
    edits = {
        "touch": None,
        "cosmetic": original + "\n以上。\n".encode(),
        "law": (text[:cut] + LAW_SENTENCE + text[cut:]).encode("utf-8"),
    }
    graphml = work / "out" / "graph.graphml"
    out = []
    try:
        for kind, label in REBUILDS:
            if edits[kind] is None:
                os.utime(target)
            else:
                target.write_bytes(edits[kind])
            before = graphml.stat().st_mtime_ns
            log(f"lawgraph build after: {label}")
            r = measure(cmd, cwd=work)
            _check(r, f"lawgraph build ({label})")
            out.append({"kind": kind, "label": label, "wall": r.wall,
                        "rewrote": graphml.stat().st_mtime_ns != before})
    finally:
        target.write_bytes(original)
    return out


def linkgen_python(project: Path, python: Path | None) -> Path:
    """The interpreter that runs linkgen: --linkgen-python, else the project's own .venv."""
    if python is not None:
        return python
    own = project / ".venv" / "bin" / "python"
    if own.exists():
        return own
    raise SystemExit(f"linkgen: no interpreter for {project}: pass --linkgen-python (Python >= 3.12 with "
                     "pyahocorasick and cn2an installed; see benchmarks/README.md)")


def run_linkgen(project: Path, python: Path | None, corpus: Path, work: Path) -> dict:
    """linkgen over the corpus in one process of its own interpreter (median wall of 3 runs)."""
    project = project.resolve()
    if not (project / "src" / "linkgen" / "extractor.py").exists():
        raise SystemExit(f"linkgen: {project} holds no src/linkgen/extractor.py: pass the folder "
                         "linkgen/python/linkgen of a copy of xbhel/momostack (see benchmarks/README.md)")
    exe = linkgen_python(project, python)
    env = {**os.environ, "PYTHONPATH": str(project / "src")}
    cmd = [str(exe), str(Path(__file__).resolve()), "--ref", "linkgen", str(corpus)]
    runs = []
    for _ in range(3):
        log("linkgen (xbhel/momostack), 1 process")
        r = measure(cmd, cwd=work, env=env)
        _check(r, "linkgen")
        runs.append(json.loads(r.stdout) | {"wall": r.wall, "maxrss_mb": r.maxrss_mb})
    runs.sort(key=lambda r: r["wall"])
    return runs[1] | {"cmd": [str(exe), "benchmarks/run.py", "--ref", "linkgen", "CORPUS"],
                      "walls": [r["wall"] for r in runs]}


def bench(args: argparse.Namespace) -> dict:
    corpus = args.corpus
    if corpus is None:
        out = make_corpus.default_out(args.n)
        if make_corpus.is_current(out, args.n, args.seed):
            log(f"corpus: reusing {out}")
        else:
            log(f"corpus: generating {args.n} reports into {out}")
            make_corpus.make_corpus(args.n, out, args.seed)
        corpus = make_corpus.reports_dir(out)
    nfiles = len(_files(corpus))
    nbytes = warm(corpus)
    warm(corpus)
    log(f"corpus: {nfiles} files, {nbytes / MB:.2f} MB (page cache warmed)")
    lg = lawgraph_cmd()
    cores = args.jobs or os.cpu_count() or 1
    res: dict = {"corpus": str(corpus), "files": nfiles, "bytes": nbytes, "cores": cores}
    work = Path(tempfile.mkdtemp(prefix="lawgraph-bench-"))
    try:
        # --help
        log("lawgraph --help x7")
        helps = [measure(lg + ["--help"], cwd=work) for _ in range(7)]
        for h in helps:
            _check(h, "lawgraph --help")
        res["help"] = {"median": statistics.median(h.wall for h in helps), "min": min(h.wall for h in helps),
                       "maxrss_mb": max(h.maxrss_mb for h in helps)}
        py = [measure([sys.executable, "-c", "pass"], cwd=work).wall for _ in range(5)]
        res["python_startup"] = statistics.median(py)

        build_opts = options(measure(lg + ["build", "--help"], cwd=work).stdout)
        extract_opts = options(measure(lg + ["extract", "--help"], cwd=work).stdout)

        # references
        refs = {}
        for kind in ("regex", "jieba"):
            log(f"reference: {kind}")
            r = measure([sys.executable, str(Path(__file__).resolve()), "--ref", kind, str(corpus)], cwd=work)
            _check(r, f"reference {kind}")
            refs[kind] = json.loads(r.stdout) | {"wall": r.wall, "maxrss_mb": r.maxrss_mb}
        res["refs"] = refs
        if args.linkgen is not None:  # the comparable part of lawgraph: laws only, same harness as linkgen
            log("reference: lawgraph laws only")
            r = measure([sys.executable, str(Path(__file__).resolve()), "--ref", "laws", str(corpus)], cwd=work)
            _check(r, "reference laws")
            refs["laws"] = json.loads(r.stdout) | {"wall": r.wall, "maxrss_mb": r.maxrss_mb}
        if args.linkgen is not None:
            res["linkgen"] = run_linkgen(args.linkgen, args.linkgen_python, corpus, work)

        # extract, single process; its fixed cost from one small report
        xcmd = lg + ["extract"] + (["-j", "1"] if ({"-j", "--jobs"} & extract_opts) else [])
        log("lawgraph extract (single process)")
        first = min(_files(corpus), key=lambda f: f.stat().st_size)
        one = [measure(xcmd + [str(first)], cwd=work, stdout_path=work / "one.jsonl") for _ in range(3)]
        for o in one:
            _check(o, "lawgraph extract (one file)")
        x = measure(xcmd + [str(corpus)], cwd=work, stdout_path=work / "extract.jsonl")
        _check(x, "lawgraph extract")
        ndocs = sum(1 for _ in open(work / "extract.jsonl", encoding="utf-8"))
        res["extract"] = {"cmd": xcmd + ["CORPUS"], "wall": x.wall, "maxrss_mb": x.maxrss_mb, "docs": ndocs,
                          "fixed": min(o.wall for o in one), "one_bytes": first.stat().st_size}

        # build, all cores
        rebuild_cmd = None
        bcmd = lg + ["build", str(corpus), "-o", str(work / "out")]
        flags = []
        if {"-j", "--jobs"} & build_opts:
            flags += ["-j", str(cores)]
        if "--no-cache" in build_opts:
            flags.append("--no-cache")
        if "--quiet" in build_opts:
            flags.append("--quiet")
        log("lawgraph build " + " ".join(flags))
        b = measure(bcmd + flags, cwd=work, sample=True, timeout=args.build_timeout)
        _check(b, "lawgraph build")
        if "timeout" in b.extra:
            log(f"lawgraph build: killed after {args.build_timeout:.0f} s")
        res["build"] = {"cmd": lg + ["build", "CORPUS", "-o", "OUT"] + flags, "wall": b.wall,
                        "maxrss_mb": b.maxrss_mb, "tree_rss_mb": b.tree_rss_mb, "tree_pss_mb": b.tree_pss_mb,
                        "summary": [ln for ln in (b.stdout + b.stderr).splitlines() if "processed" in ln][-1:],
                        "parallel": bool({"-j", "--jobs"} & build_opts), "timeout": b.extra.get("timeout"),
                        "exports": exports_bytes(work / "out")}
        if "--formats" in build_opts and "timeout" not in b.extra:  # the same build, fewer formats
            log(f"lawgraph build --formats {LEAN_FORMATS} " + " ".join(flags))
            lean = measure(lg + ["build", str(corpus), "-o", str(work / "lean"), "--formats", LEAN_FORMATS] + flags,
                           cwd=work, sample=True)
            _check(lean, "lawgraph build --formats")
            res["build_lean"] = {"wall": lean.wall, "maxrss_mb": lean.maxrss_mb, "tree_pss_mb": lean.tree_pss_mb,
                                 "exports": exports_bytes(work / "lean")}
            shutil.rmtree(work / "lean", ignore_errors=True)
        if "--no-cache" in build_opts and "timeout" not in b.extra:  # the cache exists: a warm rebuild, cache filled by a first run
            warm_flags = [f for f in flags if f != "--no-cache"]
            if "--cache-dir" in build_opts:  # a cache of this run's own: the first build finds it empty
                warm_flags += ["--cache-dir", str(work / "cache")]
            stamp = work / "out" / STAMP
            log("lawgraph build (first run, empty cache)")
            stamp.unlink(missing_ok=True)  # a full build from the cache, not the up-to-date check
            f = measure(bcmd + warm_flags, cwd=work, sample=True)
            _check(f, "lawgraph build (fill cache)")
            res["build_first"] = {"wall": f.wall, "maxrss_mb": f.maxrss_mb, "tree_pss_mb": f.tree_pss_mb,
                                  "fresh": "--cache-dir" in build_opts}
            log("lawgraph build (warm cache)")
            stamp.unlink(missing_ok=True)
            w = measure(bcmd + warm_flags, cwd=work, sample=True)
            _check(w, "lawgraph build (warm cache)")
            res["build_warm"] = {"cmd": lg + ["build", "CORPUS", "-o", "OUT"] + warm_flags, "wall": w.wall,
                                 "maxrss_mb": w.maxrss_mb, "tree_pss_mb": w.tree_pss_mb}
            rebuild_cmd = bcmd + warm_flags  # the rebuild rows run after the page is measured

        # the graph page
        why = None if not args.skip_html else "skipped: --skip-html"
        why = why or html_available()
        page = work / "out" / "graph.html"
        if why is None and "timeout" in b.extra:
            why = "build timed out"
        if why is None and not page.exists():
            why = "no graph.html in the build output"
        if why is None:
            log("graph.html in headless Chromium")
            try:
                runs = sorted((measure_html(page) for _ in range(3)), key=lambda r: r.get("last_draw") or 0)
                res["html"] = {**runs[1], "runs": [r.get("last_draw") for r in runs]}  # the median of 3
            except Exception as exc:  # a browser that cannot start is reported, not fatal
                res["html"] = {"skipped": f"skipped: {exc.__class__.__name__}: {str(exc).splitlines()[0]}"}
        else:
            res["html"] = {"skipped": why if why.startswith("skipped") else f"skipped: {why}"}
        if rebuild_cmd is not None:
            res["rebuild"] = rebuilds(rebuild_cmd, work, corpus)
    finally:
        if args.keep:
            log(f"kept outputs in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return res


# ---- the table ------------------------------------------------------------------------------------


def _f(x: float | None, fmt: str = "{:.2f}") -> str:
    return "—" if x is None else fmt.format(x)


def table(res: dict) -> str:
    nb = res["bytes"]
    floor, jb = res["refs"]["regex"], res["refs"]["jieba"]
    ex, bd = res["extract"], res["build"]

    def ratios(wall: float) -> tuple[str, str]:
        return f"{wall / floor['wall']:.1f}×", f"{wall / jb['wall']:.2f}×"

    rows = []

    def row(name: str, wall: float | None, mbs: float | None, steady: float | None, rss: str,
            target: str, ok: bool | None, with_ratios: bool = True) -> None:
        rf, rj = ratios(wall) if (wall is not None and with_ratios) else ("—", "—")
        status = "—" if ok is None else ("met" if ok else "**missed**")
        rows.append(f"| {name} | {_f(wall, '{:.3f}')} | {_f(mbs)} | {_f(steady)} | {rss} | {rf} | {rj} | "
                    f"{target} | {status} |")

    steady = (nb - ex["one_bytes"]) / MB / max(1e-9, ex["wall"] - ex["fixed"])
    row("`lawgraph extract`, 1 process", ex["wall"], nb / MB / ex["wall"], steady, f"{ex['maxrss_mb']:.0f}",
        "≥ 10 MB/s (1,000 reports)", nb / MB / ex["wall"] >= 10 if res["files"] == 1000 else None)
    lk = res.get("linkgen")
    if lk is not None:
        vs = lk["wall"] / ex["wall"]
        row(f"linkgen (xbhel/momostack) extract+resolve, 1 process: `lawgraph extract` is {vs:.2f}× as fast",
            lk["wall"], nb / MB / lk["wall"], nb / MB / lk["scan_s"], f"{lk['maxrss_mb']:.0f}",
            "lawgraph ≥ 1× (1,000 reports)", vs >= 1 if res["files"] == 1000 else None)
    lw = res["refs"].get("laws")
    if lw is not None:
        row("lawgraph, laws only (clean + meta + laws.extract, no relations/evidence/output)", lw["wall"],
            nb / MB / lw["wall"], nb / MB / lw["scan_s"], f"{lw['maxrss_mb']:.0f}", "", None)
    par = f"-j {res['cores']}" if bd["parallel"] else "no -j option yet"
    mem = f"{bd['maxrss_mb']:.0f} (tree {bd['tree_pss_mb']:.0f} PSS / {bd['tree_rss_mb']:.0f} RSS)"
    ok = (bd["wall"] < 30 and bd["tree_pss_mb"] < 1024) if res["files"] == 10000 else None
    if bd.get("timeout"):
        rf, rj = ratios(bd["wall"])
        rows.append(f"| `lawgraph build` ({par}) | > {bd['timeout']:.0f} (killed) | < {nb / MB / bd['wall']:.2f} | — | "
                    f"{mem} | > {rf} | > {rj} | < 30 s, < 1 GB (10,000 reports) | **missed** |")
    else:
        size = f": exports {bd['exports'] / MB:.1f} MB, {bd['exports'] / nb:.1f}× the input" if "exports" in bd else ""
        row(f"`lawgraph build` ({par}){size}", bd["wall"], nb / MB / bd["wall"], None, mem,
            "< 30 s, < 1 GB (10,000 reports)", ok)
    if "build_lean" in res:
        ln = res["build_lean"]
        row(f"`lawgraph build --formats {LEAN_FORMATS}` ({par}): exports {ln['exports'] / MB:.1f} MB, "
            f"{ln['exports'] / nb:.1f}× the input", ln["wall"], nb / MB / ln["wall"], None,
            f"{ln['maxrss_mb']:.0f} (tree {ln['tree_pss_mb']:.0f} PSS)", "exports ≤ 3× the input (10,000 reports)",
            ln["exports"] / nb <= 3 if res["files"] == 10000 else None)
    if "build_first" in res:
        f = res["build_first"]
        ok = (f["wall"] < 30 and f["tree_pss_mb"] < 1024) if res["files"] == 10000 else None
        row("`lawgraph build`, first run " + ("(empty cache: every result written to it)" if f["fresh"]
                                             else "(the user's cache)"),
            f["wall"], nb / MB / f["wall"], None, f"{f['maxrss_mb']:.0f} (tree {f['tree_pss_mb']:.0f} PSS)",
            "< 30 s, < 1 GB (10,000 reports)", ok)
    if "build_warm" in res:
        w = res["build_warm"]
        row("`lawgraph build`, warm cache", w["wall"], nb / MB / w["wall"], None,
            f"{w['maxrss_mb']:.0f} (tree {w['tree_pss_mb']:.0f} PSS)", "", None)
    for r in res.get("rebuild", []):
        share = r["wall"] / bd["wall"]
        row(f"rebuild after {r['label']}: {share:.0%} of the build"
            + ("" if r["rewrote"] else "; exports up to date, not rewritten"),
            r["wall"], None, None, "", "< 10 % of the build (1,000 reports)",
            share < 0.10 if res["files"] == 1000 else None, with_ratios=False)
    row("floor: regex 《…》 (read+decode+regex)", floor["wall"], nb / MB / floor["wall"],
        nb / MB / floor["scan_s"], f"{floor['maxrss_mb']:.0f}", "", None)
    row("naive jieba: `jieba.lcut`", jb["wall"], nb / MB / jb["wall"], nb / MB / jb["scan_s"],
        f"{jb['maxrss_mb']:.0f}", "", None)
    h = res["help"]
    row("`lawgraph --help` (median of 7)", h["median"], None, None, f"{h['maxrss_mb']:.0f}",
        "< 0.3 s", h["median"] < 0.3, with_ratios=False)
    ht = res["html"]
    if "skipped" in ht:
        rows.append(f"| graph.html in headless Chromium | {ht['skipped']} | | | | | | < 2 s | — |")
    else:
        still = ht["last_draw"] / 1000 if ht.get("last_draw") is not None else None
        name = (f"graph.html ({ht.get('nodes', '?')} nodes, {ht.get('edges', '?')} edges, "
                f"{ht['page_mb']:.1f} MB): drawn and still")
        row(name, still, None, None, "", "< 2 s (several thousand nodes)",
            None if still is None or ht.get("timeout") else still < 2, with_ratios=False)
    head = ("| pass | wall s | MB/s | steady MB/s | peak RSS MB | × regex floor | × jieba | target | status |\n"
            "|---|---:|---:|---:|---:|---:|---:|---|---|")
    return head + "\n" + "\n".join(rows)


def notes(res: dict) -> str:
    ex, floor, jb = res["extract"], res["refs"]["regex"], res["refs"]["jieba"]
    lines = [
        f"- Corpus: `{Path(res['corpus']).relative_to(ROOT) if Path(res['corpus']).is_relative_to(ROOT) else res['corpus']}`"
        f" — {res['files']} reports, {res['bytes'] / MB:.2f} MB (UTF-8); `lawgraph extract` emitted {ex['docs']} documents.",
        f"- Fixed cost of `lawgraph extract` (one {ex['one_bytes'] / 1000:.1f} KB report): {ex['fixed']:.3f} s; "
        "\"steady MB/s\" excludes it (for the reference passes: excludes imports and dictionary loading: "
        f"regex {floor['load_s']:.3f} s, jieba {jb['load_s']:.3f} s).",
        f"- Python start-up (`python -c pass`): {res['python_startup']:.3f} s; "
        f"`lawgraph --help` min {res['help']['min']:.3f} s.",
        "- × regex floor / × jieba: wall time of the pass divided by the wall time of the reference pass "
        "(lower is better; 1.0× = as fast as the floor).",
        f"- build: `{shlex.join(res['build']['cmd'][1:])}`; output: {' '.join(res['build']['summary'])}",
        "- build peak RSS: largest single process (getrusage); *tree*: peak of the summed PSS/RSS of the build "
        "and all its worker processes, sampled every 50 ms.",
    ]
    lk = res.get("linkgen")
    if lk is not None:
        lines.append(
            f"- linkgen: `{shlex.join(lk['cmd'])}` with linkgen's src/ on PYTHONPATH; wall {lk['wall']:.3f} s "
            f"(median of {', '.join(f'{w:.3f}' for w in lk['walls'])} s), of which imports and tables "
            f"{lk['load_s']:.3f} s; {lk['count']} references found (extract + resolve, as linkgen's own "
            "benchmark runs it; no validation service). \"steady MB/s\" excludes imports and tables.")
    ht = res["html"]
    if "skipped" not in ht:
        lines.append(
            f"- graph.html: network created at {_f((ht.get('created') or 0) / 1000, '{:.2f}')} s, first draw "
            f"{_f((ht.get('first_draw') or 0) / 1000, '{:.2f}')} s, last draw {_f((ht.get('last_draw') or 0) / 1000, '{:.2f}')} s "
            f"({ht.get('draws')} draws, still for 1.5 s after), load event {_f((ht.get('load_event') or 0) / 1000, '{:.2f}')} s, "
            f"one full redraw {ht['frame_ms']:.0f} ms (median of 5), physics {'on' if ht.get('physics') else 'off'}, "
            f"canvas {ht.get('canvas')}, JS errors: {len(ht.get('errors') or [])}. Times from navigation start, "
            "file://, network disabled; the median of 3 page loads"
            + (f" (last draw: {', '.join(f'{x / 1000:.2f}' for x in ht['runs'] if x is not None)} s)." if ht.get("runs") else "."))
    return "\n".join(lines)


def report(res: dict, command: str) -> str:
    m = machine()
    when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    return (f"## N = {res['files']:,}\n\n"
            f"- Date: {when}\n"
            f"- Machine: {m['cores']} cores, {m['mem_gib']:.1f} GiB RAM, {m['cpu']}; Python {m['python']}; {m['os']}\n"
            f"- Command: `{command}`\n\n"
            f"{table(res)}\n\n{notes(res)}\n")


def update_results(section: str, n: int) -> None:
    begin, end = f"<!-- results n={n} -->", f"<!-- end n={n} -->"
    header = ("# lawgraph benchmark results\n\nWritten by `python benchmarks/run.py`; see README.md for what each "
              "row means. One section per corpus size, replaced on every run.\n")
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else header
    block = f"{begin}\n{section}{end}\n"
    if begin in text and end in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end) + 1:]
    else:
        blocks = re.findall(r"<!-- results n=(\d+) -->", text)
        later = [int(b) for b in blocks if int(b) > n]
        if later:
            at = text.index(f"<!-- results n={min(later)} -->")
            text = text[:at] + block + "\n" + text[at:]
        elif "<!-- notes -->" in text:  # hand-written diagnosis stays below the tables
            at = text.index("<!-- notes -->")
            text = text[:at] + block + "\n" + text[at:]
        else:
            text = text.rstrip("\n") + "\n\n" + block
    RESULTS.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ap = argparse.ArgumentParser(description="lawgraph benchmark (see benchmarks/README.md)")
    ap.add_argument("--n", type=int, default=1000, help="reports in the generated corpus (default 1000)")
    ap.add_argument("--seed", type=int, default=0, help="corpus RNG seed (default 0)")
    ap.add_argument("--corpus", type=Path, default=None, help="use this folder of .txt reports instead")
    ap.add_argument("--jobs", type=int, default=None, help="-j for lawgraph build (default: all cores)")
    ap.add_argument("--build-timeout", type=float, default=1800,
                    help="kill lawgraph build after this many seconds and report it as missed (default 1800)")
    ap.add_argument("--skip-html", action="store_true", help="do not load graph.html in Chromium")
    ap.add_argument("--no-write", action="store_true", help="print the table only; leave RESULTS.md alone")
    ap.add_argument("--keep", action="store_true", help="keep the build output and extract JSONL")
    ap.add_argument("--json", type=Path, default=None, help="also write the raw figures to this file")
    ap.add_argument("--linkgen", type=Path, default=None, metavar="DIR",
                    help="also run linkgen: its folder linkgen/python/linkgen (see README.md)")
    ap.add_argument("--linkgen-python", type=Path, default=None, metavar="EXE",
                    help="Python >= 3.12 with linkgen's dependencies (default: DIR/.venv/bin/python)")
    ap.add_argument("--ref", nargs=2, metavar=("KIND", "CORPUS"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.ref:
        print(json.dumps(reference(args.ref[0], Path(args.ref[1]))))
        return 0
    res = bench(args)
    command = "python benchmarks/run.py " + shlex.join(argv) if argv else "python benchmarks/run.py"
    section = report(res, command.strip())
    print(section)
    if args.json:
        args.json.write_text(json.dumps(res, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    if not args.no_write and args.corpus is None:
        update_results(section, res["files"])
        log(f"updated {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
