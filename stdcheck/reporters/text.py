"""Terminal output for people (rich): findings grouped by file and sheet, then a summary table."""
from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from ..fields import dictionary
from ..kinds import KIND_EN, KIND_LABELS
from ..levels import LEVEL_STYLE as STYLE, LEVEL_WORDS, LEVELS
from ..rules import FAMILIES
from ..messages import level_label, place, render
from ..safe import markup
from . import file_error, message, partial_reason

WORDS = {
    "zh": {**LEVEL_WORDS["zh"], "unreadable": "无法读取", "matters": "个事项",
           "summary": "检查汇总", "family": "规则族", "total": "合计", "files": "文件", "clean": "未发现问题",
           "level_word": "级别", "colon": "：",
           "kind": KIND_LABELS, "unknown_level": "层级未知"},
    "en": {**LEVEL_WORDS["en"], "unreadable": "unreadable", "matters": "matters",
           "summary": "Summary", "family": "family", "total": "total", "files": "files", "clean": "no problems found",
           "level_word": "level", "colon": ": ",
           "kind": KIND_EN, "unknown_level": "level unknown"},
}


def report(result, out, lang: str = "zh", color: bool | None = None, quiet: bool = False, **_):
    w = WORDS["en" if lang == "en" else "zh"]
    console = Console(file=out, force_terminal=color, no_color=color is False, highlight=False,
                      soft_wrap=True, emoji=False)
    fields = dictionary()
    by_cat: dict[object, list] = {}
    for f in result.findings:
        by_cat.setdefault(f.catalogue, []).append(f)
    for fr in result.files:
        if fr.status != "ok":
            console.print(f"[bold]{markup(fr.path)}[/]  [bold red]{w['unreadable']}[/]{w['colon']}"
                          f"{markup(file_error(fr, lang))}")
            if not fr.catalogues:          # else it stopped while streaming: show the rows checked before
                continue
        for cat in fr.catalogues:
            title = fr.path + (f" [{cat.sheet}]" if cat.sheet else "")
            kind = w["kind"].get(cat.kind, cat.kind or "")
            level = level_label(cat.level, lang) or w["unknown_level"]
            console.print(f"[bold]{markup(title)}[/]  [dim]{markup(kind)} · {markup(level)} · {_matters(cat.count, lang)}[/]")
            lines = []
            for f in by_cat.get(cat, ()):
                loc = f.location
                at = place(loc, lang)
                label = fields.label(f.field, lang) if f.field else ""
                lines.append(f"  [bold]{markup(at)}[/]  {markup(label)}  [{STYLE[f.level]}]{f.rule.code} "
                             f"{w[f.level]}[/]  {markup(message(f, lang))}")
            if lines:
                console.print("\n".join(lines))
    if not quiet:                          # --quiet: the findings only
        _summary(console, result, w, lang)


def _summary(console, result, w, lang):
    counts = result.counts()
    fam = Counter((FAMILIES[f.rule.family][1 if lang != "en" else 2] if f.rule.family in FAMILIES else f.rule.family,
                   f.level) for f in result.findings)
    table = Table(title=w["summary"], show_lines=False)
    table.add_column(w["family"])
    for lv in LEVELS:
        table.add_column(w[lv], justify="right", style=STYLE[lv])
    for name in sorted({k[0] for k in fam}):
        table.add_row(name, *(str(fam.get((name, lv), 0)) for lv in LEVELS))
    table.add_row(w["total"], *(str(counts[lv]) for lv in LEVELS), style="bold")
    console.print()
    if result.findings:
        console.print(table)
    unreadable = result.input_errors
    tail = f"{w['files']}: {len(result.files)} · {w['matters'].strip()}: {result.matters}" if lang == "en" else \
        f"文件 {len(result.files)} 个 · 事项 {result.matters} 个"
    if unreadable:
        tail += f" · {w['unreadable']}: {unreadable}"
    if not result.findings and not unreadable:
        baselined, known = getattr(result, "baselined", 0), getattr(result, "baseline_known", 0)
        if baselined:                 # --write-baseline: the findings went into the baseline, they were not absent
            tail += f" · {render('report.baselined', {'count': baselined}, lang)}"
        elif known:                   # --baseline: nothing new, but the known findings are still there
            tail += f" · {render('report.baseline_clean', {'known': known}, lang)}"
        else:
            tail += f" · {w['clean']}"
    console.print(tail)
    partial = partial_reason(result, lang)
    if partial:
        console.print(f"[yellow]{markup(partial)}[/]")


def _matters(n: int, lang: str) -> str:
    if lang == "en":
        return f"{n} matter" if n == 1 else f"{n} matters"
    return f"{n} 个事项"
