"""Text normalisation shared by rules and tools: traditional → simplified (OpenCC), width, brackets,
white space, Chinese numerals. Used by EL013 (name hygiene) and `stdcheck diff` (name and legal-basis
comparison), so both agree on what counts as "the same text"."""
from __future__ import annotations

import re
import unicodedata

from opencc import OpenCC

T2S = OpenCC("t2s")

_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "【": "(", "】": ")", "［": "(", "］": ")", "[": "(", "]": ")",
                           "｛": "(", "｝": ")", "{": "(", "}": ")"})
_SPACE = re.compile(r"\s+")


def simplified(text: str) -> str:
    return T2S.convert(text)


def name_key(text: str | None) -> str:
    """The form of a name that ignores spacing, full/half width, bracket shape and traditional characters.
    Two names with the same key are the same name written differently."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(_BRACKETS)
    return simplified(_SPACE.sub("", text))


def compact(text: str | None) -> str:
    """Text without white space, NFKC-normalised (full-width digits, letters and punctuation folded)."""
    if not text:
        return ""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def chinese_number(text: str) -> int | None:
    """A whole number written in digits or Chinese numerals, read by cn2an: '十五' → 15, '一百零三' → 103, '贰拾' → 20,
    '壹佰' → 100, '三万五千' → 35000, '28' → 28; None when the text is not a whole number."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text:
        return None
    from cn2an import cn2an          # imported on first use: it takes half a second
    try:
        value = cn2an(text, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return int(value) if value == int(value) else None


_OPEN, _CLOSE = "(（", ")）"


def handle_suffix(name: str) -> tuple[str, str] | None:
    """(catalogue name, 办理项 suffix) when `name` ends with a bracketed suffix — `实验动物生产许可(变更)` →
    (`实验动物生产许可`, `变更`) — the form a list at 业务办理项 granularity writes into 事项名称; else None.
    Brackets of either width, nested ones kept whole: `无线电频率使用许可（变更）(企业法人变更)` → (`无线电频率使用许可（变更）`, …)."""
    text = name.strip()
    if not text or text[-1] not in _CLOSE:
        return None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        ch = text[i]
        if ch in _CLOSE:
            depth += 1
        elif ch in _OPEN:
            depth -= 1
            if depth == 0:
                base = text[:i].strip()
                return (base, text[i + 1:-1]) if base else None
    return None


def suffix_base(a: str, b: str) -> str | None:
    """The catalogue name when two different names of one matter differ only by a 办理项 suffix (`X(变更)` /
    `X(注销)`, `X` / `X(变更)`), else None."""
    sa, sb = handle_suffix(a), handle_suffix(b)
    if sa is None and sb is None:
        return None
    base_a, base_b = (sa[0] if sa else a.strip()), (sb[0] if sb else b.strip())
    return base_a if name_key(base_a) == name_key(base_b) else None
