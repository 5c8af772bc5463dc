"""check --statistics: one line per rule — count, code, [*] when `stdcheck fix` repairs its findings, level, title —
and how many findings `stdcheck fix` can repair."""
from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.markup import escape

from .. import suggest
from ..levels import LEVEL_STYLE, LEVEL_WORDS
from ..messages import render as message


def figures(result) -> tuple[list[tuple], int]:
    """([(count, code, fixable count, level, title-pair)], findings fix can repair), the most frequent rule first."""
    counts, fixable, rules = Counter(), Counter(), {}
    for f in result.findings:
        key = (f.rule.code, f.level)
        counts[key] += 1
        rules[f.rule.code] = f.rule
        if suggest.fixable(f):
            fixable[key] += 1
    rows = [(n, code, fixable[(code, level)], level, rules[code].title) for (code, level), n in counts.most_common()]
    return rows, sum(fixable.values())


def render_lines(result, lang: str = "zh") -> list[tuple[str, str]]:
    """The lines (text, style) of the table."""
    rows, fixable = figures(result)
    words, i = LEVEL_WORDS["en" if lang == "en" else "zh"], 1 if lang == "en" else 0
    width = max((len(str(n)) for n, *_ in rows), default=1)
    out = [(f"{n:>{width}}  {code}  {'[*]' if fixed else '   '}  {words[level]}  {title[i]}", LEVEL_STYLE[level])
           for n, code, fixed, level, title in rows]
    if fixable:
        out.append((message("statistics.fixable" + (".one" if fixable == 1 else ""), {"count": fixable}, lang), "bold"))
    elif not rows:
        out.append((message("statistics.none", {}, lang), ""))
    return out


def render(result, out, lang: str = "zh", color: bool = False) -> None:
    console = Console(file=out, force_terminal=color, no_color=not color, highlight=False, soft_wrap=True, emoji=False)
    for text, style in render_lines(result, lang):
        console.print(f"[{style}]{escape(text)}[/]" if style else escape(text))
