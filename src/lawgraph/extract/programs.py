"""Programs, campaigns, schemes and platforms a report names.

Three sources, in this order of precedence (one place decides overlaps: earliest, then longest):

1. **Quoted phrases** “…” (outside 《》 titles). A quoted phrase is a program when it is in the
   program table (``data/programs.tsv``), or when the text gives positive evidence and no slogan rule
   rejects it. Evidence (``data/program_rules.tsv``): the phrase ends with a program suffix (…周, …日,
   …办, …制, …平台); a head word follows the closing quote (“三重一大”事项, “学习强国”APP), or follows a
   list of quotes after 等 (“科技下乡”“科技活动周”等科普活动); a verb that runs programs stands right
   before the quote (开展, 实施, 依托 …); or the report quotes the same phrase more than once.
   **Slogan and plain-word rules** (they win over evidence, not over the table):
   - a phrase of one or two characters is a plain word (“述法”, “外脑”, “三公”) — unless a head that is
     part of a name follows (“八五”普法规划);
   - a phrase with clause punctuation (，；：), three or more parts joined by 、, or two parts of four or
     more characters each is a parallel slogan (“减环节、减时间、减跑动”, “只进一窗、只跑一次”) — a short
     two-part name such as “双随机、一公开” is not;
   - a numbered political formula “N个…” (“四个意识”, “两个维护”) is a slogan;
   - a phrase that starts with a negation or a criterion word (“不利于营商环境”) is plain words;
   - a phrase rejected in its clause (不搞“一言堂”和“家长制”) is not a program.
   A head word right after the closing quote names the phrase even when it looks like a slogan
   (“谁执法，谁普法”责任制, “六个一”活动, “减证便民、优化服务”改革): the report treats it as a name.
2. **The program table** matched without quotes (揭榜挂帅, 科技特派员, 放管服改革, 双随机一公开).
3. **Unquoted names with a program suffix** (…活动周, …宣传周, …大赛, …普法规划): the name starts after
   the nearest boundary word or punctuation (开展|科普讲解大赛).

The items of a quoted enumeration one of which is a listed program are programs each (“谁主管谁普法、
谁执法谁普法、谁服务谁普法”). A quoted name that ends with a year (“净网2021”, “护苗2023”) is a yearly campaign. A quoted phrase
that holds a listed program and more (“对领导干部实行自然资源资产离任审计”) is a sentence about it: the
listed program inside counts, not the phrase.

Canonical names: quote marks dropped; a name head that follows the quote joins the name (“放管服”改革 →
放管服改革). Names that differ only by 、 or by a trailing name head are one program (双随机一公开 ==
双随机、一公开; 放管服 == 放管服改革); the table's name is canonical when the program is listed, else the
form the report writes most often (the fuller one on a tie).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from lawgraph.clean import Cleaned
from lawgraph.data import read_tsv
from lawgraph.extract import without_overlaps
from lawgraph.lexicon import multimatch
from lawgraph.lexicon.names import fold
from lawgraph.models import Entity, Mention, Meta
from lawgraph.text import CJK, plain

_CLAUSE_CHARS = "，。；：！？\n"
_SLOGAN_PUNCT = re.compile(r"[，；：。！？]")
_NEGATION_WINDOW = 16  # a negation rejects the quotes that follow it in its clause, this close
_YEARED = re.compile(r"[\u3400-\u9fff]{2,}(?:19|20)\d{2}$")  # a campaign named by its year: “净网2021”
_NUMBERED = re.compile(r"^[一二两三四五六七八九十百千\d]+个")
_LIST_GAPS = ("", "、", "和", "与", "及", "以及", "或")
_MAX_UNQUOTED = 10
_PRIORITY = {"table": 0, "quoted": 1, "suffix": 2}  # on equal spans the table's reading wins


@dataclass(unsafe_hash=True)  # by value, as frozen would be; not frozen: cheaper to make (see models.Mention)
class _Found:
    start: int  # cleaned offsets of the whole mention (quotes and a joined head included)
    end: int
    name: str  # as written, quote marks dropped
    how: str  # table | quoted | suffix


class _Rules:
    def __init__(self) -> None:
        self.generation = multimatch.generation()
        rows = read_tsv("program_rules.tsv")

        def words(role: str) -> tuple[str, ...]:
            return tuple(sorted((r["word"] for r in rows if r["role"] == role), key=len, reverse=True))

        self.suffix = words("suffix")
        self.head = words("head")
        self.name_head = words("name_head")
        self.verb = words("verb")
        self.negation = words("negation")
        self.plain_start = words("plain_start")
        self.boundary = words("boundary")
        self.name_head_rx = re.compile("|".join(re.escape(w) for w in self.name_head))  # longest first
        self.negation_rx = re.compile("|".join(re.escape(w) for w in self.negation))
        # `clause_negated` in one search: a negation with no clause mark after it up to the end
        self.negation_tail = None if any(c in w for w in self.negation for c in _CLAUSE_CHARS) else re.compile(
            f"(?:{self.negation_rx.pattern})[^{re.escape(_CLAUSE_CHARS)}]*\\Z")
        self.key = lru_cache(maxsize=1 << 16)(self._key)  # the same phrases recur in every report
        self.facts = lru_cache(maxsize=1 << 16)(self._facts)
        self.canonical: dict[str, str] = {}  # key → table name
        # One automaton (lexicon.multimatch) for the table's forms and the unquoted suffixes; per key:
        # (the form, is a table form, is an unquoted suffix).
        keys: dict[str, tuple[bool, bool]] = {}
        for r in read_tsv("programs.tsv"):
            forms = [r["name"]] + [a for a in r["aliases"].split("|") if a]
            for f in forms:
                self.canonical[self.key(f)] = r["name"]
                keys[f] = (True, keys.get(f, (False, False))[1])
        for w in words("unquoted_suffix"):
            keys[w] = (keys.get(w, (False, False))[0], True)
        self.table_names = frozenset(self.canonical.values())
        self.forms = tuple((f, table, suffix) for f, (table, suffix) in keys.items())
        self.auto = multimatch.Keys([f for f, _, _ in self.forms])
        # quotes and titles in one compiled alternation (suffixes inside them do not count)
        self.rx = re.compile(r"《[^《》\n]{0,200}》|“([^“”\n]{1,40})”")

    def _key(self, name: str) -> str:
        """Comparison key (as self.key, memoised): folded, without 、 and · and without a trailing
        name head."""
        k = fold(name).replace("、", "").replace("·", "").replace("，", "").replace(",", "")
        for h in self.name_head:
            if k.endswith(h) and len(k) - len(h) >= 2:
                return k[: -len(h)]
        return k

    def _facts(self, phrase: str) -> tuple[bool, bool, bool, bool, bool]:
        """What the quoted-phrase rule reads of a phrase alone (as self.facts, memoised): (is a table
        form, holds a listed program and more, is a slogan, starts as plain words, ends as a program
        name does: a suffix or a year)."""
        return (self.key(phrase) in self.canonical, _holds_listed(phrase, self), is_slogan(phrase, self),
                phrase.startswith(self.plain_start),
                phrase.endswith(self.suffix) or _YEARED.search(phrase) is not None)

    def clause_negated(self, window: str) -> bool:
        """A negation in the clause that ends `window` (the characters right before a quote)."""
        cut = max(window.rfind(c) for c in _CLAUSE_CHARS)
        return self.negation_rx.search(window, cut + 1) is not None

    @lru_cache(maxsize=1 << 14)  # noqa: B019 - one _Rules object lives as long as the process
    def negated(self, window: str) -> bool:
        """`clause_negated`, memoised, in one search where the negation words allow it."""
        if self.negation_tail is None:
            return self.clause_negated(window)
        return self.negation_tail.search(window) is not None


_RULES: _Rules | None = None


def rules() -> _Rules:
    """The tables and automaton, loaded once per process (again after `multimatch.use`)."""
    global _RULES
    if _RULES is None or _RULES.generation != multimatch.generation():
        _RULES = _Rules()
    return _RULES


# ---- the quoted-phrase rule ------------------------------------------------------------------


def is_slogan(phrase: str, R: _Rules | None = None) -> bool:
    """The slogan/plain-word rules for a quoted phrase on its own (see the module docstring)."""
    R = R or rules()
    if len(phrase) <= 2:
        return True
    if _SLOGAN_PUNCT.search(phrase):
        return True
    parts = phrase.split("、")
    if len(parts) >= 3 or (len(parts) == 2 and min(len(p) for p in parts) >= 4):
        return True
    if _NUMBERED.match(phrase):
        return True
    return phrase.startswith(R.plain_start)


def _negated(text: str, qs: int, R: _Rules) -> bool:
    window = text[max(0, qs - _NEGATION_WINDOW) : qs]
    return R.clause_negated(window) if plain() else R.negated(window)


def _group_cue(text: str, first_qs: int, last_qe: int, R: _Rules) -> bool:
    """Whether a list of quotes is named as a group: a head word follows its last quote, or follows
    等 after it (“科技下乡”“科技活动周”等科普活动), or a verb that runs programs precedes its first."""
    tail = text[last_qe : last_qe + 12]
    return (tail.startswith(R.head) or (tail.startswith("等") and any(h in tail[1:8] for h in R.head))
            or text[max(0, first_qs - 4) : first_qs].endswith(R.verb))


def _quoted(text: str, quotes: list[tuple[int, int, str]], R: _Rules) -> list[_Found]:
    # the context of a group of quotes (its negation, its cue) and the counts of the phrases are read
    # when a phrase first needs them (most are decided by the table or the phrase alone);
    # LAWGRAPH_PLAIN reads them all up front
    eager = plain()
    counts = Counter(q for _, _, q in quotes) if eager else None
    facts = R._facts if eager else R.facts
    out: list[_Found] = []
    i = 0
    while i < len(quotes):
        j = i  # a list of quotes: “科技下乡”“科技活动周”“5·12防震减灾”等科普活动
        while j + 1 < len(quotes) and text[quotes[j][1] : quotes[j + 1][0]] in _LIST_GAPS:
            j += 1
        first_qs = quotes[i][0]
        negated = _negated(text, first_qs, R) if eager else None
        cue = _group_cue(text, first_qs, quotes[j][1], R) if eager else None
        for qs, qe, phrase in quotes[i : j + 1]:
            after = text[qe : qe + 8]
            m = R.name_head_rx.match(after)
            name_head = m.group() if m else ""
            name = phrase + name_head
            end = qe + len(name_head)
            listed, holds, slogan, plain_start, named = facts(phrase)
            if listed or (name_head and R.key(name) in R.canonical):  # no head: name is the phrase
                out.append(_Found(qs, end, name, "table"))
                continue
            if negated is None:
                negated = _negated(text, first_qs, R)
            if negated:
                continue
            if name_head and len(phrase) <= 2:
                out.append(_Found(qs, end, name, "quoted"))  # “八五”普法规划
                continue
            if holds:
                continue  # a sentence about a listed program: the program itself is found inside
            if slogan and not (after.startswith(R.head) and len(phrase) > 2 and not plain_start):
                continue  # a head after the quote makes even a parallel or numbered phrase a name
            if not (named or after.startswith(R.head)):
                if cue is None:
                    cue = _group_cue(text, first_qs, quotes[j][1], R)
                if not cue:
                    if counts is None:
                        counts = Counter(q for _, _, q in quotes)
                    if counts[phrase] <= 1:
                        continue  # no evidence that the phrase names a program
            out.append(_Found(qs, end, name, "quoted"))
        i = j + 1
    return out


def _holds_listed(phrase: str, R: _Rules) -> bool:
    """Whether a quoted phrase holds a listed program and more (“对领导干部实行自然资源资产离任审计”)."""
    forms = R.forms
    return any(forms[k][1] and e - s < len(phrase) for k, s, e in R.auto.find(phrase))


def _enumerated(start: int, phrase: str, R: _Rules) -> list[_Found]:
    """The items of a quoted enumeration (…、…、…) one of which is a listed program: items of one
    enumeration are of one kind (“谁主管谁普法、谁执法谁普法、谁服务谁普法” gives each)."""
    parts = phrase.split("、")
    if len(parts) < 2 or not any(R.key(p) in R.canonical for p in parts):
        return []
    out, pos = [], start
    for p in parts:
        if len(p) >= 3 and not _SLOGAN_PUNCT.search(p):
            out.append(_Found(pos, pos + len(p), p, "quoted"))
        pos += len(p) + 1
    return out


def _unquoted_suffix(text: str, s: int, e: int, R: _Rules) -> _Found | None:
    """科普讲解大赛: the name runs back from the suffix to the nearest boundary word or punctuation."""
    a = s
    while a > 0 and s - a <= _MAX_UNQUOTED and CJK.match(text[a - 1]):
        a -= 1
    run = text[a:s]
    cut = 0
    for w in R.boundary:
        k = run.rfind(w)
        if k >= 0:
            cut = max(cut, k + len(w))
    stem = run[cut:]
    if not 2 <= len(stem) <= _MAX_UNQUOTED - 2 or (cut == 0 and s - a > _MAX_UNQUOTED):
        return None
    return _Found(a + cut, e, stem + text[s:e], "suffix")


# ---- the extractor -----------------------------------------------------------------------------


def find(text: str) -> list[_Found]:
    """Every program mention in `text` (cleaned), without overlaps."""
    R = rules()
    marks = list(R.rx.finditer(text))  # hot path: one regex pass for the marks, one automaton pass below
    blocked = [m.span() for m in marks]  # 《》 titles and quotes: nothing is matched inside them …
    quotes = [(m.start(), m.end(), q) for m in marks if (q := m.group(1)) is not None]
    found = _quoted(text, quotes, R)
    # … except that a listed program inside a quoted sentence that is no program itself counts
    # (“对领导干部实行自然资源资产离任审计”)
    named = {f.start for f in found}
    loose = {qs for qs, _qe, _q in quotes if qs not in named}
    for qs, _qe, q in quotes:
        if qs in loose:
            found.extend(_enumerated(qs + 1, q, R))
    forms = R.forms
    hits = sorted([(s, s - e, *forms[k]) for k, s, e in R.auto.find(text)])
    bi = 0
    reach = 0  # unquoted suffixes do not overlap: the leftmost, then the longest, as a regex finds them
    for s, neg_len, w, table, suffix in hits:
        e = s - neg_len
        while bi < len(blocked) and blocked[bi][1] <= s:
            bi += 1
        if bi < len(blocked) and blocked[bi][0] < e and s < blocked[bi][1]:
            if table and blocked[bi][0] in loose and blocked[bi][0] < s and e < blocked[bi][1]:
                found.append(_Found(s, e, w, "table"))
            continue  # inside a title or a quote
        if table:
            found.append(_Found(s, e, w, "table"))
        if suffix and s >= reach:
            reach = e
            f = _unquoted_suffix(text, s, e, R)
            if f is not None:
                found.append(f)
    found.sort(key=lambda f: (f.start, -(f.end - f.start), _PRIORITY[f.how]))
    return without_overlaps(found)  # earliest, then longest, then the table's reading


def extract(cleaned: Cleaned, meta: Meta | None = None) -> list[Entity]:
    """Every program (campaign, scheme, named initiative) the report names, once, with all its
    mentions; `meta` is unused (one signature for every extractor)."""
    R = rules()
    groups: dict[str, list[_Found]] = {}
    for f in find(cleaned.text):
        k = R.key(f.name)
        groups.setdefault(R.canonical.get(k, k), []).append(f)
    ents: list[Entity] = []
    for key, fs in groups.items():
        if key in R.table_names:
            name = key
        elif len(fs) == 1 and not plain():
            name = fs[0].name  # one form: the most written (hot path: most programs are named once)
        else:
            c = Counter(f.name for f in fs)
            name = max(c, key=lambda n: (c[n], len(n)))
        ent = Entity(name=name, kind="program")
        for f in fs:
            a, b, src = cleaned.source(f.start, f.end)
            ent.mentions.append(Mention(a, b, src, "program", f.how))
        ents.append(ent)
    return ents
