"""Structures of 基本编码 / 实施编码 / 业务办理项编码 (GB/T 39554.1 as practised) and known local formats
(reference/coding.md §1, §1.8, §5)."""
from __future__ import annotations

import re
import unicodedata

BASIC = re.compile(r"\d{12}")
BASIC_LENIENT = re.compile(r"\d{9}[0-9A-Z]{3}")          # letters in the sub-item: a local variant
IMPL = re.compile(r"[0-9A-Z]{18}[0-9A-Z]\d{9}[0-9A-Z]{3}")
HANDLE = re.compile(r"(?P<impl>.{31})(?P<seq>\d{2})")
SICHUAN_BASIC = r"51[0-9][0-9A-Z]\d{8}(?:\d{2})?"
# the subject may be an old organisation code written with its hyphen (`00877868-5`), hence the alternative
SICHUAN = re.compile(rf"(?P<basic>{SICHUAN_BASIC})-(?P<area>\d{{12}})-(?P<mid>\d{{3}})-"
                     r"(?P<subject>[0-9A-Z]{8}-[0-9X]|[^-]+)-(?P<flag>[12])-(?P<tail>\d{2})")
SICHUAN_LETTER = re.compile(r"(?:[A-Z]-\d{6}-\d{3}|1J-\d{4}-\d{5})-\d{12}-\d{3}-[^-]+-[12]-\d{2}")
SICHUAN_LIKE = re.compile(r"[0-9A-Z]{1,14}(?:-[0-9A-Za-z]+){2,}")
GUIZHOU = re.compile(r"(?P<type>[A-Z]{2})(?P<main>\d{5})(?P<sub>\d{3})")
HUBEI = re.compile(r"\d{6}[0-9A-Z]{3}\d{7}")


PLACEHOLDERS = frozenset({"NULL", "UNDEFINED", "NAN", "NONE", "NIL"})   # what a program writes for "no value"


def placeholder_segments(code: str) -> list[str]:
    """The parts of a code (the whole value or a hyphen-separated segment, as written) that are a program's
    "no value" — `null`, `undefined`, `NaN`, `None` — rather than a code typed in the wrong case."""
    return [part for part in code.split("-") if part.strip().upper() in PLACEHOLDERS]


def implied_impl(code: str) -> str | None:
    """The 31-character 实施编码 a 33-character 业务办理项编码 implies (its first 31 characters), when `code` (as
    typed) is one, else None — for a 业务办理项编码 written where the 实施编码 belongs."""
    if len(code) == 33 and code[31:].isdigit() and IMPL.fullmatch(code[:31]):
        return code[:31]
    return None


def clean(value: str) -> str:
    """A code as it should have been typed: half-width, no white space, upper case."""
    if value.isascii() and value.isalnum():          # the common case, without normalising
        return value.upper()
    return "".join(unicodedata.normalize("NFKC", value).split()).upper()


def zero_pad(text: str, width: int, accept) -> str | None:
    """Digits `text` left-padded with zeros to `width` when `accept(padded)` holds, else None (stdcheck fix, and
    CD001 naming the corrected code)."""
    if not (text.isascii() and text.isdigit()) or len(text) > width:
        return None
    padded = text.zfill(width)
    return padded if accept(padded) else None


def table_pad(table, text: str) -> str | None:
    """`text` padded to a code of a zero-padded code table — only to a code the table knows: 1 -> 01,
    never 7 -> 07 blindly — else None."""
    if table is None or not table.pad:
        return None
    return zero_pad(text, table.pad, lambda padded: table.code(padded) == padded)


def local_format(code: str) -> str | None:
    """The name of a known local code format the value follows, or None: sichuan, guizhou, hubei."""
    if "-" in code and SICHUAN_LIKE.fullmatch(code) and re.search(r"(^|-)51\d{10}(-|$)", code):
        return "sichuan"
    if GUIZHOU.fullmatch(code):
        return "guizhou"
    if len(code) == 16 and HUBEI.fullmatch(code) and code[:2] != "00":
        return "hubei"
    if len(code.replace("-", "")) == 16 and HUBEI.fullmatch(code.replace("-", "")) and code.count("-") == 4:
        return "hubei"
    return None


def sichuan_problems(code: str) -> list[tuple[str, dict]]:
    """Sichuan local 实施编码 `<basic>-<area 12>-000-<credit code 18>-<1|2>-00` (as typed: upper case):
    each thing wrong with it as (message id, params); [] when it is well-formed."""
    from . import region
    from .uscc import diagnose
    m = SICHUAN.fullmatch(code)
    if m is None:
        if SICHUAN_LETTER.fullmatch(code):
            return [("sichuan.letter_form", {"basic": "-".join(code.split("-")[:2])})]
        return [("sichuan.malformed", {})]
    out = []
    area = m.group("area")
    bad = region.problem(area)
    if bad:
        out.append(("sichuan.area", {"area": area}))
    elif area[:2] != "51":
        out.append(("sichuan.area_province", {"area": area, "province": area[:2]}))
    if m.group("mid") != "000":
        out.append(("sichuan.mid", {"mid": m.group("mid")}))
    bad = diagnose(m.group("subject"))
    if bad:
        out.append((bad[0], {**bad[1], "subject": m.group("subject")}))
    if m.group("tail") != "00":
        out.append(("sichuan.tail", {"tail": m.group("tail")}))
    return out
