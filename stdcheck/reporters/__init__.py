"""Reporters: render a Result for people (text, concise) and machines (json …). Only they render text."""
from __future__ import annotations

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


def where(f: Finding) -> str:
    """`file:sheet!D12` / `file:12` (csv) / `file:12` (yaml line)."""
    loc = f.location
    if loc.line is not None:
        return f"{loc.file}:{loc.line}"
    if loc.sheet is not None:
        return f"{loc.file}:{loc.sheet}!{loc.cell or loc.row or ''}"
    if loc.cell:
        return f"{loc.file}:{loc.cell}"
    return loc.file


def get(fmt: str):
    return import_module(f".{FORMATS[fmt]}", __name__).report
