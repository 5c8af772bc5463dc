"""`# stdcheck:` comments in a YAML catalogue, as the reader finds them (the engine's suppression step applies them).

``# stdcheck: ignore[CD101,EL002] 理由`` after a value covers that line; on a line of its own it covers the
next line (a matter's first line means the whole matter); ``# stdcheck: ignore-file[EL] 理由`` covers the file.
Codes may be prefixes. A comment that is not of this form is kept as a problem (the engine reports IO010).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

MARK = re.compile(r"#\s*stdcheck\s*:(?P<body>.*)$")
DIRECTIVE = re.compile(r"\s*(?P<kind>ignore-file|ignore)\s*\[(?P<codes>[^\]]*)\]\s*(?P<reason>.*?)\s*$")


@dataclass
class Directive:
    line: int                       # where the comment is
    target: int | None              # the line it covers (None: the whole file)
    codes: tuple[str, ...]
    reason: str
    used: int = 0


@dataclass
class Problem:
    line: int
    message: str
    params: dict = field(default_factory=dict)


def parse(text: str) -> list[Directive | Problem]:
    lines = text.splitlines()
    out: list[Directive | Problem] = []
    for n, line in enumerate(lines, 1):
        if "stdcheck" not in line:
            continue
        m = MARK.search(line)
        if not m:
            continue
        d = DIRECTIVE.fullmatch(m.group("body"))
        if not d:
            out.append(Problem(n, "suppress.malformed", {"text": m.group(0).strip()}))
            continue
        codes = tuple(c.strip().upper() for c in d.group("codes").split(",") if c.strip())
        target = None
        if d.group("kind") == "ignore":
            target = n if line[:m.start()].strip() else _next_line(lines, n)
        out.append(Directive(n, target, codes, d.group("reason")))
    return out


def _next_line(lines: list[str], n: int) -> int:
    for i in range(n, len(lines)):
        s = lines[i].strip()
        if s and not s.startswith("#"):
            return i + 1
    return n
