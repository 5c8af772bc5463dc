"""Reporters: render a Result for people (text, concise) and machines (json …). Only they render text."""
from __future__ import annotations

from importlib import import_module

from ..commands import FORMATS  # the --format names: each is the module of its reporter
from ..fields import dictionary
from ..messages import render
from ..model import Finding
from ..safe import terminal as safe  # noqa: F401  (the reporters' name for it)


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


def partial_reason(result, lang: str) -> str | None:
    """Why a result is partial, in words: reading stopped early (a limit such as --max-rows, or damage), else
    the --max-errors limit; None when it is complete."""
    if not result.partial:
        return None
    return render("report.partial_input" if getattr(result, "input_partial", False) else "report.partial_max_errors",
                  {}, lang)


def get(fmt: str):
    if fmt not in FORMATS:
        raise KeyError(fmt)
    return import_module(f".{fmt}", __name__).report
