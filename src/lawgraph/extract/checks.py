"""The safety net: a processed report whose text plainly holds what lawgraph looks for, but whose
result is empty, is flagged rather than passed on silently.

Two signs in the cleaned text are checked against the result:

* a 《…》 title that names a law or a document (its last characters are an instrument word: 法, 条例,
  规定, 办法, 纲要, 规划, 方案, 意见, 通知 …) while the result has no law;
* an agency name (a place or level word followed by a body word: …局, …厅, …委员会, …人民政府) while the
  result has neither a reporting agency nor a mentioned agency.

Each warning is one short line naming what was seen, so a reader of the manifest can open the report.
"""

from __future__ import annotations

import re

from lawgraph.text import CJK

_TITLE = re.compile(r"《([^《》\n]{2,80})》")
_INSTRUMENT = re.compile(r"(?:法|条例|规定|办法|细则|纲要|规划|方案|意见|通知|决定|规则|准则|要点|清单|目录|指引|指南|措施)"
                         r"(?:（[^（）]{1,20}）)?$")
_AGENCY = re.compile(CJK.pattern + r"{1,12}(?:人民政府|委员会|管委会|局|厅|办公室)")


def warnings(text: str, result: dict) -> list[str]:
    """Short warnings for an extraction `result` (the `extract` dict) of the cleaned `text`; [] when
    nothing looks lost."""
    out = []
    if not result.get("laws"):
        titles = [m.group(1) for m in _TITLE.finditer(text) if _INSTRUMENT.search(m.group(1))]
        if titles:
            out.append(f"no law found but the text cites {len(titles)} 《…》 title(s), e.g. 《{titles[0]}》")
    if not result.get("agency") and not result.get("agencies"):
        m = _AGENCY.search(text)
        if m:
            out.append(f"no agency found but the text names one, e.g. {m.group()}")
    return out
