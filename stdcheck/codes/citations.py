"""The laws a 设定依据 cites and the articles it names (diff, the 四级四同 comparison and the list rules share it)."""
from __future__ import annotations

import re

from ..normalize import chinese_number, name_key

LAW = re.compile(r"《([^》]+)》")
ARTICLE = re.compile(r"第([0-9零〇一二两三四五六七八九十百千]+)(条|款|项)")


def citations(text: str) -> dict[str, frozenset]:
    """The laws cited in 《》 (normalised names) with the article numbers written after each."""
    out: dict[str, set] = {}
    matches = list(LAW.finditer(text))
    for i, m in enumerate(matches):
        tail = text[m.end(): matches[i + 1].start() if i + 1 < len(matches) else len(text)]
        arts = set()
        for num, unit in ARTICLE.findall(tail):
            value = chinese_number(num)
            arts.add(f"第{value if value is not None else num}{unit}")
        out.setdefault(name_key(m.group(1)), set()).update(arts)
    return {k: frozenset(v) for k, v in out.items()}
