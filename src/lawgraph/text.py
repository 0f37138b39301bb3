"""Character classes shared by every stage (one definition each)."""

from __future__ import annotations

import re

#: One CJK ideograph (the basic and extension-A blocks and the supplementary planes' ideographs).
CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]")
