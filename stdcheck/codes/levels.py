"""行使层级 read from cells and codes (diff, the readers and the 四级四同 comparison share them)."""
from __future__ import annotations

from ..levels import LEVEL_ALIASES
from ..normalize import compact
from .cells import split


def levels(value: str) -> set[str]:
    """'省级,市级,县级' → {省级, 市级, 县级}; codes 1–6 and aliases are understood. Split like the element
    rules (on , ， ; ； only — never on 、, which occurs inside 镇（乡、街道）级)."""
    return {LEVEL_ALIASES.get(part, part) for part in split(compact(value))}


def basic_level(prefixes: set) -> str | None:
    """The level of a 基本目录 from the first two characters of its codes: only 00 — national; one province
    prefix, with or without national (00) items — that province's catalogue (the usual provincial 基本目录
    lists the national items it claims beside its local ones); anything else is undecided (XL008)."""
    local = {p for p in prefixes if p != "00"}
    if not local:
        return "国家级" if prefixes else None
    return "省级" if len(local) == 1 else None
