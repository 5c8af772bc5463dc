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


_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNIT = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int | None:
    """'十五' → 15, '一百零三' → 103, '28' → 28; None when the text is not a number."""
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for ch in text:
        if ch in _DIGIT:
            digit = _DIGIT[ch]
        elif ch in _UNIT:
            total += (1 if digit is None else digit) * _UNIT[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)
