"""Which column is which element, beyond the dictionary: a user's mapping (config `columns:` / --column),
guesses from a column's values, and the "columns:" line that would map a header the dictionary does not know.

A guess is only ever advice in a message (a missing column, a header that was not found, --show-columns):
stdcheck never reads a column as an element on a guess.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from .codes.cells import SEPARATORS
from .codes.structure import BASIC, BASIC_LENIENT, IMPL, SICHUAN_BASIC, SICHUAN_LIKE
from .codes.uscc import is_valid
from .errors import StdcheckError
from .fields import dictionary, normalize_header
from .levels import LEVEL_ALIASES

REGION = re.compile(r"[1-8]\d(?:\d{4}|\d{2}0{2}|0{4})(?:\d{6})?")   # GB/T 2260 code, 6 or 12 digits
LOCAL_BASIC = re.compile(SICHUAN_BASIC)
NAME_START = re.compile(r"[\u4e00-\u9fff《（(]")
URL = re.compile(r"https?://", re.I)
# a department's name ends so, before an optional second name in brackets: 区发展和改革委员会(区粮食和物资储备局)
DEPARTMENT = re.compile(r".*(?:局|委员会|委|办公室|办|厅|部|政府|中心|院|站|所|队|处|署|馆|会)(?:[(（][^)）]*[)）])?")
ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇\d]+条")
YAML_PLAIN = re.compile(r"[\w\u4e00-\u9fff/（）()、-]+")     # a header YAML reads as written


class MappingError(StdcheckError, ValueError):
    """A mapping names no element (`closest` is the element most like it) or is not HEADER=要素."""

    def __init__(self, element: str, closest: str | None = None):
        if closest is None:
            super().__init__("config.column_syntax", value=element)
        else:
            super().__init__("config.unknown_element", element=element, closest=closest)
        self.element, self.closest = element, closest


def parse_mapping(config_columns: dict | None, options: Iterable[str] = ()) -> dict[str, str]:
    """{header text: element id} from the config's `columns:` and the repeatable --column 'HEADER=要素'
    (the command line wins for the same header). Raises MappingError for an unknown element."""
    fields = dictionary()
    pairs = [(str(k), str(v)) for k, v in (config_columns or {}).items()]
    for item in options:
        header, sep, element = str(item).rpartition("=")
        if not sep or not header.strip() or not element.strip():
            raise MappingError(str(item))
        pairs.append((header, element))
    out: dict[str, str] = {}
    for header, element in pairs:
        fid = fields.element(element)
        if fid is None:
            raise MappingError(element, fields.label(fields.closest(element)))
        out[header.strip()] = fid
    return out


# ---------------------------------------------------------------- guesses from values

def _share(values: list[str], test) -> float:
    return sum(1 for v in values if test(v)) / len(values) if values else 0.0


def _region(v: str) -> bool:
    return bool(REGION.fullmatch(v)) and (v.endswith("000000") or len(v) == 6)


def _code_shape(v: str) -> str | None:
    """The code element a value looks like, or None."""
    if _region(v):
        return "region_code"
    if BASIC.fullmatch(v) or BASIC_LENIENT.fullmatch(v) or LOCAL_BASIC.fullmatch(v):
        return "basic_code"
    if IMPL.fullmatch(v) or SICHUAN_LIKE.fullmatch(v) and v.count("-") >= 4:
        return "impl_code"
    if len(v) == 33 and IMPL.fullmatch(v[:31]) and v[31:].isdigit():
        return "handle_item_code"
    if len(v) == 18 and is_valid(v.upper()):
        return "impl_body_code"
    return None


def _name_like(v: str) -> bool:
    return 4 <= len(v) <= 120 and bool(NAME_START.match(v)) and "：" not in v[:6]


def guess_by_values(values: list[str]) -> str | None:
    """The element a column's values look like (most of them): codes by their shape (12-digit 基本编码, 31-character
    实施编码, 33-character 业务办理项编码, valid credit codes, GB/T 2260 区划 codes), links, citations, levels,
    department names (实施主体), matter names."""
    values = [v.strip() for v in values if v and v.strip()]
    if not values:
        return None
    shapes: dict[str, int] = {}
    for v in values:
        shape = _code_shape(v)
        if shape:
            shapes[shape] = shapes.get(shape, 0) + 1
    if shapes:
        shape, n = max(shapes.items(), key=lambda kv: kv[1])
        if n / len(values) >= 0.6:
            return shape
    if _share(values, URL.match) >= 0.6:
        return "online_url"
    if _share(values, lambda v: "《" in v and ARTICLE.search(v)) >= 0.6:
        return "legal_basis"
    if _share(values, lambda v: all(p.strip() in LEVEL_ALIASES for p in SEPARATORS.split(v))) >= 0.6:
        return "exercise_level"
    if _share(values, DEPARTMENT.fullmatch) >= 0.7:
        return "impl_body"
    if _share(values, _name_like) >= 0.7 and len(set(values)) >= 0.8 * len(values):
        return "name"
    return None


@lru_cache(maxsize=4096)      # one difflib pass over every name per header, not one per missing element asking
def guess_by_header(header: str) -> str | None:
    """The element whose id, label or alias a header is most like (difflib ratio above 0.75), else the element
    of the longest label or alias the header contains (依据文件 -> 依据), or None."""
    fields = dictionary()
    key = normalize_header(header)
    if len(key) < 2:
        return None
    found = fields.closest(header, 0.75)
    if found is None:
        inside = [name for name in fields.names() if len(name) >= 2 and name in key]
        found = fields.element(max(inside, key=len)) if inside else None
    return found


def guess(header: str, values: list[str]) -> str | None:
    return guess_by_header(header) or guess_by_values(values)


def fits(fid: str, values: list[str]) -> float:
    """How well a column's values fit an element (0–1), to choose between two columns of one element:
    a code element wants code-shaped values, a name wants names, a link wants links."""
    values = [v.strip() for v in values if v and v.strip()]
    if not values:
        return 0.0
    f = dictionary().get(fid)
    kind = f.type if f else "text"
    if kind == "code":
        return _share(values, lambda v: v.isascii() and len(v) >= 6 and not URL.match(v))
    if kind == "url":
        return _share(values, URL.match)
    if fid in ("name", "sub_name", "handle_item_name", "impl_body", "competent_dept"):
        return _share(values, _name_like)
    return 1.0


# ---------------------------------------------------------------- advice in messages

def column_hint(cat, fid: str) -> dict | None:
    """For a missing element: an unrecognised column of `cat` that probably holds it, as message parameters
    {letter, header, element} — by its header's likeness to the element's names, else by its values."""
    unknown = cat.meta.get("unknown_columns") or ()
    for by_header in (True, False):
        for letter, header, values in unknown:
            found = guess_by_header(header) if by_header else guess_by_values(list(values))
            if found == fid:
                return {"letter": letter, "header": header, "element": dictionary()[fid].label}
    return None


def missing_column(cat, fid: str, message: str = "element.column_missing", **params):
    """The finding for a required element without a column; says which column probably is it and how to map it."""
    hint = column_hint(cat, fid)
    if hint:               # the finding points at that column's header cell
        return cat.finding(message + "_hint", fid, column=hint["letter"], **params, **hint)
    return cat.finding(message, fid, **params)


def _yaml_key(text: str) -> str:
    """A header as a YAML flow-mapping key: quoted when YAML would read it otherwise."""
    if YAML_PLAIN.fullmatch(text) and not text[0].isdigit():
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def guess_columns(headers: list[str], samples: list[list[str]]) -> list[tuple[str, str | None]]:
    """(header, element) for the non-empty headers: the element a header names or is guessed to hold (from the
    header or the `samples` below it), None when none is; an element is given to one column only."""
    fields = dictionary()
    out, used = [], set()
    for j, header in enumerate(headers):
        if not header:
            continue
        fid = fields.match(header) or guess(header, [r[j] for r in samples if j < len(r) and isinstance(r[j], str)])
        fid = None if fid in used else fid
        used.add(fid)
        out.append((header, fid))
    return out


def columns_line(guessed: list[tuple[str, str | None]], placeholder: str = "?", en: bool = False) -> str:
    """`columns: {header: 事项名称, …}` for guess_columns()' pairs: the element's label (its id when `en`), or
    `placeholder`."""
    fields = dictionary()
    return "columns: {" + ", ".join(f"{_yaml_key(header)}: {(fid if en else fields[fid].label) if fid else placeholder}"
                                    for header, fid in guessed) + "}"
