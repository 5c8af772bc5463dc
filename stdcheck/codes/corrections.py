"""Certain corrections of a cell's text, each a function of the text alone: what a rule attaches to its finding
(`Finding.fixed`) and what `stdcheck fix` writes. Never a substantive change — the words of a name, a number.

A correction of a later rule builds on the earlier ones of the same element (CD004's code has CD003's white space
removed too; EL013's brackets are those of the trimmed name), so the last correction of a cell is its whole correction.
"""
from __future__ import annotations

import re
import unicodedata

_FULLWIDTH = re.compile("[\uff01-\uff5e]")
_WIDTH = {"full": str.maketrans({"(": "（", ")": "）"}), "half": str.maketrans({"（": "(", "）": ")"})}


def without_spaces(code: str) -> str:
    """A code without its white space, around or inside it (CD003)."""
    return "".join(code.split())


def halfwidth(code: str) -> str:
    """A code without white space, its full-width digits, letters and signs folded to ASCII (CD004); the case is
    kept (lower case is CD005's, and fix does not change it)."""
    return _FULLWIDTH.sub(lambda m: unicodedata.normalize("NFKC", m.group()), without_spaces(code))


def trimmed(text: str) -> str:
    """Text without leading and trailing white space (EL013 for names; `stdcheck fix` for any text element)."""
    return text.strip()


def brackets(text: str, width: str | None) -> str:
    """Round brackets all full-width or all half-width, as the profile's `fix: {brackets: full|half}` asks;
    the text unchanged when it asks nothing."""
    table = _WIDTH.get(width or "")
    return text.translate(table) if table else text


def bracket_width(profile) -> str | None:
    """The bracket width the profile asks names to be written with (`fix: {brackets: full|half}`), or None."""
    return ((profile.get("fix") or {}).get("brackets") or "").lower() or None


def relabelled(table, parts: list[str], to: str) -> str | None:
    """Each part of a code-table cell written as its label (`to` label) or its code (`to` code), joined with ',';
    None when a part is not in the table (never guess)."""
    out = []
    for part in parts:
        code = table.code(part)
        if code is None:
            return None
        out.append(table.label(code) if to == "label" else code)
    return ",".join(out)
