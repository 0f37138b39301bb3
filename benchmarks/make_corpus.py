"""Deterministic corpus of synthetic rule-of-law reports for the lawgraph benchmark.

    python benchmarks/make_corpus.py --n 1000            # -> benchmarks/corpus-1000/reports/*.txt
    python benchmarks/make_corpus.py --n 10000 --out /tmp/c10k

Every report is built from the paragraphs of ``seeds/*.txt`` (recombined across seeds, sentences of two
paragraphs of the same section spliced now and then), with one jurisdiction and one bureau per report
substituted consistently everywhere (names from ``src/lawgraph/data/divisions.tsv``), one report year,
a title, numbered sections and an optional sign-off. Variants, drawn per report:

- traditional characters (OpenCC ``s2t``), some with converter pinyin debris such as ``區(qū)``;
- Word-style line breaks inside titles, numbers and sentences (``《\\n宪法\\n》``, ``201\\n9年``);
- web-page chrome (breadcrumbs, publication lines, share/print bars, footer link groups);
- CRLF line endings.

Report i depends only on (--seed, i), so the first 1,000 reports of the 10,000 corpus are the 1,000
corpus. No network, no randomness outside ``random.Random``. Output: UTF-8 ``.txt`` files in
``OUT/reports/`` and ``OUT/manifest.json``, which lets ``run.py`` reuse an existing corpus.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DIVISIONS = ROOT / "src" / "lawgraph" / "data" / "divisions.tsv"
GENERATOR_VERSION = 1
TARGET_BYTES = 10_000  # mean size of a report (UTF-8 bytes)

CN_NUM = "一二三四五六七八九十"
SECTION_KEYS = (  # section kind from its heading
    ("measures", ("举措", "成效", "主要做法", "工作情况")),
    ("leaders", ("负责人", "第一责任人")),
    ("problems", ("不足", "问题")),
    ("plans", ("下一", "计划", "打算", "安排", "思路")),
)
SECTION_TITLES = {  # fallback headings ({Y} report year, {Z} next year)
    "measures": ["{Y}年推进法治政府建设主要举措和成效", "{Y}年法治政府建设的主要举措和成效"],
    "leaders": ["{Y}年党政主要负责人履行推进法治建设第一责任人职责情况"],
    "problems": ["{Y}年推进法治政府建设存在的不足和原因", "存在的问题"],
    "plans": ["{Z}年推进法治政府建设的主要安排", "下一步工作计划"],
}
# how much of a report each section takes (share of the body bytes)
SECTION_SHARE = {"measures": 0.62, "leaders": 0.16, "problems": 0.08, "plans": 0.14}

BUREAUS = [  # (full name, short name) replacing 科学技术局 / 科技局
    ("科学技术局", "科技局"), ("科学技术局", "科技局"), ("科学技术局", "科技局"),
    ("司法局", "司法局"), ("生态环境局", "生态环境局"), ("市场监督管理局", "市场监管局"),
    ("住房和城乡建设局", "住建局"), ("交通运输局", "交通运输局"), ("教育局", "教育局"),
    ("卫生健康委员会", "卫生健康委"), ("农业农村局", "农业农村局"), ("自然资源和规划局", "自然资源规划局"),
    ("应急管理局", "应急管理局"), ("人力资源和社会保障局", "人力社保局"), ("财政局", "财政局"),
    ("民政局", "民政局"), ("文化和旅游局", "文旅局"), ("商务局", "商务局"), ("水利局", "水利局"),
    ("城市管理局", "城管局"), ("统计局", "统计局"), ("审计局", "审计局"), ("税务局", "税务局"),
]
# places named in the seeds, by role in the substitution
SRC_COUNTIES = ("沙坪坝区", "九龙坡区", "江津区")
SRC_CITIES = ("重庆市", "泰州市")  # 重庆市 is a municipality; in the seeds it plays the city role
SRC_PROVINCES = ("江苏省",)
SRC_SHORT_COUNTY = ("沙坪坝", "九龙坡", "江津")
SRC_SHORT_CITY = ("重庆", "泰州")
SRC_SHORT_PROVINCE = ("江苏",)

_PINYIN = re.compile(r"([\u3400-\u9fff])[(（]([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]{1,6})[)）]")
_DEBRIS = re.compile(r"\[(?:bookmark|image)[:：][^\]\n]*\]")
_SECTION = re.compile(r"^[一二三四五六七八九十]+、")
_SUBHEAD = re.compile(r"^(?:[(（][一二三四五六七八九十]+[)）]|\d+[.．、]\s*)")
_SENT = re.compile(r"[^。！？]*[。！？]”?|[^。！？]+$")
_TITLE = re.compile(r"《([^《》\n]{2,40})》")
_YEAR = re.compile(r"(20[0-2])(\d年)")


# ---- seeds --------------------------------------------------------------------------------------


@dataclass
class Block:
    lines: list[str]  # a sub-heading (maybe) and its paragraph(s)
    year: int  # report year of the seed it came from
    size: int  # UTF-8 bytes


@dataclass
class Pools:
    intros: list[Block]
    headings: dict[str, list[tuple[str, int]]]
    sections: dict[str, list[Block]]
    pinyin: dict[str, str]


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def _kind(heading: str) -> str | None:
    for kind, keys in SECTION_KEYS:
        if any(k in heading for k in keys):
            return kind
    return None


def load_pools(seeds: Path = SEEDS) -> Pools:
    """Split the seeds into intro paragraphs and per-section blocks (simplified, without debris)."""
    t2s = _t2s()
    pinyin: dict[str, str] = {}
    intros: list[Block] = []
    headings: dict[str, list[tuple[str, int]]] = {k: [] for k in SECTION_SHARE}
    sections: dict[str, list[Block]] = {k: [] for k in SECTION_SHARE}
    for path in sorted(seeds.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        for ch, py in _PINYIN.findall(raw):
            pinyin.setdefault(ch, py)
        text = t2s.convert(_DEBRIS.sub("", _PINYIN.sub(r"\1", raw)))
        m = re.search(r"(20\d\d)年", text)
        year = int(m.group(1)) if m else 2024
        kind: str | None = None
        pending: list[str] = []
        for line in text.splitlines():
            line = line.replace("?", "").strip().lstrip("-").strip()
            if not line:
                continue
            if _SECTION.match(line) and len(line) < 140:
                kind = _kind(line) or kind
                if kind:
                    headings[kind].append((_SECTION.sub("", line), year))
                pending = []
                continue
            if len(line) < 70 and _SUBHEAD.match(line) and "。" not in line:
                pending = [line]  # a sub-heading on its own line: keep it with the next paragraph
                continue
            if len(line) < 60 or "。" not in line:
                continue  # titles, dates, chrome, sign-offs: generated per report instead
            lines = pending + [line]
            pending = []
            block = Block(lines, year, sum(len(s.encode()) + 1 for s in lines))
            (sections[kind] if kind else intros).append(block)
    assert intros and all(sections.values()), "seeds/ must hold at least one full report"
    return Pools(intros, headings, sections, pinyin)


def load_divisions(path: Path = DIVISIONS) -> tuple[dict[str, dict], list[dict], list[dict]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["level"] in ("province", "city", "county")]
    by_code = {r["code"]: r for r in rows}
    cities = [r for r in rows if r["level"] == "city" and r["parent_code"] in by_code]
    counties = [r for r in rows if r["level"] == "county" and r["parent_code"] in by_code
                and len(r["name"]) <= 6]
    return by_code, cities, counties


# ---- one report ---------------------------------------------------------------------------------


def _short(row: dict) -> str:
    return row.get("short_name") or row["name"]


class Report:
    def __init__(self, i: int, seed: int, pools: Pools, divisions) -> None:
        self.rng = random.Random(f"lawgraph-bench:{seed}:{i}")
        self.pools = pools
        by_code, cities, counties = divisions
        rng = self.rng
        self.year = rng.randint(2016, 2024)
        self.bureau, self.bureau_short = rng.choice(BUREAUS)
        if rng.random() < 0.55:  # district/county report
            county = rng.choice(counties)
            parent = by_code[county["parent_code"]]
            if parent["level"] == "province":  # under a municipality
                province = city = parent
                self.juris = parent["name"] + county["name"]
            else:
                city, province = parent, by_code[parent["parent_code"]]
                self.juris = (province["name"] if rng.random() < 0.3 else "") + city["name"] + county["name"]
            own = county
        else:
            city = rng.choice(cities)
            province = by_code[city["parent_code"]]
            county = None
            own = city
            self.juris = (province["name"] if rng.random() < 0.3 else "") + city["name"]
        self.code = own["code"]
        self.level_char = own["name"][-1]  # 市 / 区 / 县 / 旗: the report's own 市委, 区科技局 …
        subs: dict[str, str] = {}
        for n in SRC_COUNTIES:
            subs["重庆市" + n] = self.juris
            subs[n] = county["name"] if county else city["name"]
        for n in SRC_CITIES:
            subs[n] = city["name"]
        for n in SRC_PROVINCES:
            subs[n] = province["name"]
        for n in SRC_SHORT_COUNTY:
            subs[n] = _short(county or city)
        for n in SRC_SHORT_CITY:
            subs[n] = _short(city)
        for n in SRC_SHORT_PROVINCE:
            subs[n] = _short(province)
        subs["科学技术局"] = self.bureau
        for pre in "市区县":
            subs[pre + "科技局"] = self.level_char + self.bureau_short
        subs["科技局"] = self.bureau_short
        keys = sorted(subs, key=len, reverse=True)
        self._subs = subs
        self._subs_re = re.compile("|".join(map(re.escape, keys)))

    # -- substitutions --
    def localise(self, text: str, seed_year: int) -> str:
        text = self._subs_re.sub(lambda m: self._subs[m.group()], text)

        def year(m: re.Match[str]) -> str:
            y = int(m.group(1))
            return f"{y - seed_year + self.year}年" if y in (seed_year, seed_year + 1) else m.group()

        return re.sub(r"(?<![—\-－~～至\d])(20\d\d)年", year, text)

    # -- body --
    def _splice(self, a: str, b: str) -> str:
        sa, sb = _SENT.findall(a), _SENT.findall(b)
        if len(sa) < 3 or len(sb) < 3:
            return a
        return "".join(sa[: len(sa) // 2] + sb[len(sb) // 2 :])

    def _blocks(self, kind: str, budget: int) -> list[list[str]]:
        pool = self.pools.sections[kind]
        rng = self.rng
        out: list[list[str]] = []
        used = 0
        order = rng.sample(range(len(pool)), len(pool))
        k = 0
        while used < budget:
            if k == len(order):
                order, k = rng.sample(range(len(pool)), len(pool)), 0
            blk = pool[order[k]]
            k += 1
            lines = [self.localise(s, blk.year) for s in blk.lines]
            if rng.random() < 0.35:
                other = rng.choice(pool)
                lines[-1] = self._splice(lines[-1], self.localise(other.lines[-1], other.year))
            out.append(lines)
            used += blk.size
            if kind != "measures" and used >= budget * 0.6:
                break
        return out

    def _renumber(self, blocks: list[list[str]], style: int) -> list[str]:
        out = []
        for n, lines in enumerate(blocks):
            first = _SUBHEAD.sub("", lines[0])
            num = CN_NUM[n] if n < 10 else str(n + 1)
            prefix = ("（%s）" if style == 0 else "(%s)") % num if n < 10 else f"{n + 1}."
            out.append(prefix + first)
            out.extend(lines[1:])
        return out

    def text(self) -> tuple[str, dict]:
        rng = self.rng
        y, z = self.year, self.year + 1
        who = self.juris + self.bureau
        body_budget = rng.triangular(0.55, 1.5, 0.95) * TARGET_BYTES
        lines: list[str] = []
        chrome = rng.random() < 0.3
        if chrome:
            lines += rng.sample([
                "您当前的位置：首页 > 政务公开 > 政府信息公开目录 > 法治政府建设年度报告",
                f"发布日期：{z}-0{rng.randint(1, 3)}-{rng.randint(10, 28)} {rng.randint(8, 17)}:{rng.randint(10, 59)}:{rng.randint(10, 59)} 大 中 小",
                f"信息来源：{who}",
                f"浏览次数：{rng.randint(10, 9999)}",
                "【打印本页】【关闭窗口】",
            ], k=rng.randint(2, 5))
        if rng.random() < 0.5:
            lines.append(f"{who}关于{y}年度法治政府建设情况的报告")
        else:
            lines += [who, f"关于{y}年度法治政府建设情况的报告"]
        if rng.random() < 0.4:
            lines.append(f"来源：{who}  日期：{z}-0{rng.randint(1, 3)}-{rng.randint(10, 28)}")
        intro = rng.choice(self.pools.intros)
        lines.append(self.localise(intro.lines[-1], intro.year))
        style = rng.randint(0, 1)
        for n, kind in enumerate(SECTION_SHARE):
            heads = self.pools.headings[kind]
            if heads and rng.random() < 0.7:
                head, seed_year = rng.choice(heads)
                head = self.localise(head, seed_year)
            else:
                head = rng.choice(SECTION_TITLES[kind]).format(Y=y, Z=z)
            lines.append(CN_NUM[n] + "、" + head)
            lines += self._renumber(self._blocks(kind, body_budget * SECTION_SHARE[kind]), style)
        if rng.random() < 0.6:
            lines += [who, f"{z}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日"]
        if chrome:
            lines += rng.sample(["扫一扫在手机打开当前页", "分享到：", f"上一篇：{who}关于{y - 1}年度法治政府建设情况的报告",
                                 "国务院部门网站", "地方政府网站", "网站地图", "【打印本页】【关闭窗口】"],
                                k=rng.randint(1, 4))
        sep = "\n\n" if rng.random() < 0.4 else "\n"
        text = sep.join(lines) + "\n"
        traits = {"chrome": chrome}
        if rng.random() < 0.2:
            text = self.word_breaks(text)
            traits["word_breaks"] = True
        if rng.random() < 0.15:
            text = _s2t().convert(text)
            traits["traditional"] = True
            if rng.random() < 0.5:
                text = self.debris(text)
                traits["pinyin"] = True
        if rng.random() < 0.1:
            text = text.replace("\n", "\r\n")
            traits["crlf"] = True
        return text, traits

    # -- variants --
    def word_breaks(self, text: str) -> str:
        rng = self.rng

        def title(m: re.Match[str]) -> str:
            t = m.group(1)
            r = rng.random()
            if r < 0.25:
                return f"《\n{t}\n》"
            if r < 0.5:
                k = rng.randint(1, len(t) - 1)
                return f"《{t[:k]}\n{t[k:]}》"
            return m.group()

        text = _TITLE.sub(title, text)
        text = _YEAR.sub(lambda m: m.group(1) + "\n" + m.group(2) if rng.random() < 0.3 else m.group(), text)
        out = []
        for line in text.split("\n"):  # wrapped sentences: a break between two Han characters
            if len(line) > 200 and rng.random() < 0.4:
                k = rng.randint(60, len(line) - 60)
                if "\u4e00" <= line[k - 1] <= "\u9fff" and "\u4e00" <= line[k] <= "\u9fff":
                    line = line[:k] + "\n" + line[k:]
            out.append(line)
        return "\n".join(out)

    def debris(self, text: str) -> str:
        rng = self.rng
        table = _trad_pinyin(tuple(sorted(self.pools.pinyin.items())))
        rate = rng.uniform(0.3, 0.9)
        return "".join(f"{ch}({table[ch]})" if ch in table and rng.random() < rate else ch for ch in text)


@lru_cache(maxsize=1)
def _trad_pinyin(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return {_s2t().convert(k): v for k, v in pairs}


# ---- corpus -------------------------------------------------------------------------------------


def params_key(n: int, seed: int) -> dict:
    h = hashlib.sha256()
    for p in sorted(SEEDS.glob("*.txt")) + [DIVISIONS, Path(__file__)]:
        h.update(p.read_bytes())
    return {"n": n, "seed": seed, "version": GENERATOR_VERSION, "inputs_sha256": h.hexdigest()[:16]}


def reports_dir(out: Path) -> Path:
    """The folder of .txt reports inside a corpus folder (what lawgraph is pointed at)."""
    return out / "reports"


def is_current(out: Path, n: int, seed: int) -> bool:
    """An existing corpus made by this generator with these parameters and inputs."""
    try:
        man = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return all(man.get(k) == v for k, v in params_key(n, seed).items()) and \
        sum(1 for _ in reports_dir(out).glob("*.txt")) == n


def make_corpus(n: int, out: Path, seed: int = 0, quiet: bool = False) -> dict:
    pools = load_pools()
    divisions = load_divisions()
    rdir = reports_dir(out)
    rdir.mkdir(parents=True, exist_ok=True)
    (out / "manifest.json").unlink(missing_ok=True)
    for old in rdir.glob("*.txt"):
        old.unlink()
    total = 0
    traits: dict[str, int] = {}
    for i in range(n):
        rep = Report(i, seed, pools, divisions)
        text, tr = rep.text()
        data = text.encode("utf-8")
        (rdir / f"{i:05d}_{rep.code}_{rep.year}.txt").write_bytes(data)
        total += len(data)
        for k, v in tr.items():
            traits[k] = traits.get(k, 0) + bool(v)
        if not quiet and (i + 1) % 1000 == 0:
            print(f"  {i + 1}/{n} reports, {total / 1e6:.1f} MB", file=sys.stderr)
    manifest = params_key(n, seed) | {"bytes": total, "traits": traits}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def default_out(n: int) -> Path:
    return Path(__file__).resolve().parent / f"corpus-{n}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="number of reports (default 1000)")
    ap.add_argument("--seed", type=int, default=0, help="RNG seed (default 0)")
    ap.add_argument("--out", type=Path, default=None, help="output folder (default benchmarks/corpus-N/)")
    ap.add_argument("--force", action="store_true", help="regenerate even if an identical corpus exists")
    args = ap.parse_args(argv)
    out = args.out or default_out(args.n)
    if not args.force and is_current(out, args.n, args.seed):
        print(f"{out}: up to date", file=sys.stderr)
        return 0
    man = make_corpus(args.n, out, args.seed)
    print(f"{out}: {args.n} reports, {man['bytes'] / 1e6:.2f} MB; traits {man['traits']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
