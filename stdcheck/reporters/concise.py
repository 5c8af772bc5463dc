"""One line per finding: `file:sheet!D12: CD101 [error] message` — for editors and grep."""
from __future__ import annotations

from . import file_error, message, where


def report(result, out, lang: str = "zh", **_):
    for fr in result.files:
        if fr.status != "ok":
            out.write(f"{fr.path}: [unreadable] {file_error(fr, lang)}\n")
    for f in result.findings:
        out.write(f"{where(f)}: {f.rule.code} [{f.level}] {message(f, lang)}\n")
