"""Reporters: render a Result for people (text, concise) and machines (json …). Only they render text."""
from __future__ import annotations

import re
from importlib import import_module

from ..fields import dictionary
from ..messages import render
from ..model import Finding

FORMATS = {
    "text": "text", "concise": "concise", "json": "json",
    "sarif": "sarif", "junit": "junit", "github": "github", "gitlab": "gitlab", "xlsx": "xlsx",
}


def message(f: Finding, lang: str) -> str:
    label = dictionary().label(f.field, lang) if f.field else ""
    return render(f.message, f.params, lang, label=label, value=f.value if f.value is not None else "")


def file_error(fr, lang: str) -> str:
    return render(fr.error.message, fr.error.params, lang)


def cell_ref(loc) -> str:
    """The place inside the file: `sheet!D12`, `sheet!1:1` (a whole row, e.g. the header for a missing column),
    `sheet`, `D12` / `12` (csv), or the YAML line; '' for the file as a whole."""
    if loc.line is not None:
        return str(loc.line)
    inner = loc.cell or (f"{loc.row}:{loc.row}" if loc.sheet is not None and loc.row is not None else
                         str(loc.row) if loc.row is not None else "")
    if loc.sheet is not None:
        return f"{loc.sheet}!{inner}" if inner else loc.sheet
    return inner


def where(f: Finding) -> str:
    """`file:sheet!D12` / `file:sheet!1:1` (a whole row) / `file:12` (csv line) / `file:12` (yaml line)."""
    loc = f.location
    inner = cell_ref(loc)
    return f"{loc.file}:{inner}" if inner else loc.file


# Control characters (C0, DEL, C1), and the bidirectional overrides that reorder what a terminal shows.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_BREAK = re.compile("\r\n|[\n\r\u2028\u2029]")


def _escaped(m) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def safe(text: str) -> str:
    """Text for a terminal or a one-line-per-finding log: line breaks shown as ⏎, tabs as \\t, every other
    control character and bidirectional override escaped (\\x1b, \\u202e), so a cell cannot move the
    cursor, set a terminal title or split one finding over several lines."""
    if text.isprintable():
        return text
    return _CONTROL.sub(_escaped, _BREAK.sub("⏎", text).replace("\t", "\\t"))


def partial_reason(result, lang: str) -> str | None:
    """Why a result is partial, in words: reading stopped early (a limit such as --max-rows, or damage), else
    the --max-errors limit; None when it is complete."""
    if not result.partial:
        return None
    return render("report.partial_input" if getattr(result, "input_partial", False) else "report.partial_max_errors",
                  {}, lang)


def get(fmt: str):
    return import_module(f".{FORMATS[fmt]}", __name__).report
