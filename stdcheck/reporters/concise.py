"""One line per finding: `file:sheet!D12: CD101 [error] message` — for editors and grep. Control characters
and line breaks in values are escaped (reporters.safe), so a finding is always exactly one line."""
from __future__ import annotations

from . import file_error, message, safe, where


def report(result, out, lang: str = "zh", **_):
    for fr in result.files:
        if fr.status != "ok":
            out.write(f"{safe(fr.path)}: [unreadable] {safe(file_error(fr, lang))}\n")
    for f in result.findings:
        out.write(f"{safe(where(f))}: {f.rule.code} [{f.level}] {safe(message(f, lang))}\n")
