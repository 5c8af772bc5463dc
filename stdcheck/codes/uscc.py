"""GB 32100-2015 统一社会信用代码 and the embedded GB 11714 组织机构代码 (reference/coding.md §2)."""
from __future__ import annotations

import re
from functools import lru_cache

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"          # 31 characters: no I, O, S, V, Z
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
WEIGHTS = [pow(3, i, 31) for i in range(17)]           # 1, 3, 9, 27, 19, 26, …
FORMAT = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}")    # ASCII digits only
ORG_FORMAT = re.compile(r"[0-9A-Z]{8}[0-9X]")
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
PROVINCES = frozenset("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
                      "61 62 63 64 65 71 81 82".split())
GOVERNMENT_KINDS = {"11": "机关", "12": "事业单位", "13": "群团组织"}


def check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def with_check_char(first17: str) -> str:
    return first17 + check_char(first17)


def org_check_char(first8: str) -> str:
    """The GB 11714 check character of an organisation code's 8-character body."""
    total = sum(int(c, 36) * w for c, w in zip(first8, ORG_WEIGHTS))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def compose(region: str, body: str, kind: str = "11") -> str:
    """A valid credit code from its parts: registration kind (11 机关), 6-digit region, the 8-character
    organisation-code body; both check characters (GB 11714, GB 32100) are computed."""
    return with_check_char(kind + region + body + org_check_char(body))


def is_valid(code: str) -> bool:
    return len(code) == 18 and FORMAT.fullmatch(code) is not None and check_char(code[:17]) == code[17]


def org_code_valid(org9: str) -> bool:
    return ORG_FORMAT.fullmatch(org9) is not None and org_check_char(org9[:8]) == org9[8]


def _placeholder(code: str) -> bool:
    body = code.replace("-", "")
    return code.upper().startswith("TE") or (len(body) >= 6 and len(set(body)) == 1)


@lru_cache(maxsize=1 << 16)   # implementing bodies repeat across the rows of a list
def diagnose(code: str) -> tuple[str, dict] | None:
    """What is wrong with a value that should be a credit code: (message id, params), or None if valid.

    The params dict is shared between calls (memoised): read it, never modify it.
    Message ids: uscc.placeholder, uscc.lowercase, uscc.truncated, uscc.org_code_only,
    uscc.org_code_hyphen, uscc.length, uscc.format, uscc.check.
    """
    if _placeholder(code):
        return "uscc.placeholder", {}
    if len(code) == 18 and code != code.upper():
        return "uscc.lowercase", {"fixed": code.upper()}
    if len(code) == 17 and FORMAT.fullmatch(code + "0") is not None:
        return "uscc.truncated", {"length": 17}
    if len(code) == 9 and ORG_FORMAT.fullmatch(code):
        return "uscc.org_code_only", {}
    if len(code) == 10 and code[8] == "-" and ORG_FORMAT.fullmatch(code.replace("-", "")):
        return "uscc.org_code_hyphen", {}
    if len(code) != 18:
        return "uscc.length", {"length": len(code)}
    if FORMAT.fullmatch(code) is None:
        return "uscc.format", {}
    expected = check_char(code[:17])
    if expected != code[17]:
        return "uscc.check", {"expected": expected, "got": code[17]}
    return None
