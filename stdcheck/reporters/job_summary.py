"""The GitHub Actions job summary (Markdown appended to $GITHUB_STEP_SUMMARY): the verdict, counts by level, by rule
with its Chinese title, by department, and the first findings with file, sheet!cell and message — GitHub shows only
ten annotations of each kind per step, the summary shows the rest."""
from __future__ import annotations

from collections import Counter

from ..levels import LEVEL_WORDS, LEVELS
from . import cell_ref, message, safe
from .verdict import department, verdict

FIRST = 100          # findings listed; the rest are counted
W = {
    "zh": {"title": "stdcheck 检查结果", "by_level": "按级别", "by_rule": "按规则", "by_dept": "按部门（实施主体 / 主管部门）",
           "first": "前 {n} 条问题", "all": "全部问题", "more": "另有 {n} 条问题未列出（完整列表：--format xlsx 报告或 SARIF 代码扫描）。",
           "level": "级别", "count": "问题数", "rule": "规则", "title_col": "名称", "dept": "部门", "file": "文件",
           "where": "位置", "message": "问题说明", "none": "（未填写）", "levels": LEVEL_WORDS["zh"]},
    "en": {"title": "stdcheck results", "by_level": "By level", "by_rule": "By rule",
           "by_dept": "By department (implementing body / competent department)", "first": "First {n} findings",
           "all": "All findings", "more": "{n} more findings not listed (full list: the --format xlsx report or SARIF code scanning).",
           "level": "level", "count": "findings", "rule": "rule", "title_col": "title", "dept": "department",
           "file": "file", "where": "where", "message": "message", "none": "(not given)", "levels": LEVEL_WORDS["en"]},
}


def _cell(text) -> str:
    """A value inside a Markdown table cell: one line, no column break, no HTML."""
    return safe(str(text)).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def _table(header: tuple, rows: list) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return out + [""]


def markdown(result, lang: str = "zh", fail_on: str = "error") -> str:
    w = W["en" if lang == "en" else "zh"]
    i = 1 if lang == "en" else 0
    lines = [f"## {w['title']}", "", f"**{verdict(result, lang, fail_on)}**", ""]
    counts = result.counts()
    lines += [f"### {w['by_level']}", ""] + _table((w["level"], w["count"]),
                                                    [(w["levels"][lv], counts[lv]) for lv in LEVELS])
    per_rule = Counter((f.rule.code, f.level) for f in result.findings)
    rules = {f.rule.code: f.rule for f in result.findings}
    if per_rule:
        lines += [f"### {w['by_rule']}", ""] + _table(
            (w["rule"], w["title_col"], w["level"], w["count"]),
            [(code, rules[code].title[i], w["levels"][lv], n) for (code, lv), n in per_rule.most_common()])
    by_dept: dict[str, Counter] = {}
    for f in result.findings:
        by_dept.setdefault(department(f) or w["none"], Counter())[f.level] += 1
    if by_dept:
        rows = sorted(by_dept.items(), key=lambda kv: (-kv[1]["error"], -sum(kv[1].values()), kv[0]))
        lines += [f"### {w['by_dept']}", ""] + _table(
            (w["dept"], *(w["levels"][lv] for lv in LEVELS)), [(d, *(c[lv] for lv in LEVELS)) for d, c in rows])
    if result.findings:
        shown = result.findings[:FIRST]
        head = w["first"].format(n=len(shown)) if len(result.findings) > FIRST else w["all"]
        lines += [f"### {head}", ""] + _table(
            (w["file"], w["where"], w["rule"], w["level"], w["message"]),
            [(f.location.file, cell_ref(f.location), f"{f.rule.code} {f.rule.title[i]}", w["levels"][f.level],
              message(f, lang)) for f in shown])
        if len(result.findings) > FIRST:
            lines += [w["more"].format(n=len(result.findings) - FIRST), ""]
    return "\n".join(lines) + "\n"


def append(result, path: str, lang: str = "zh", fail_on: str = "error") -> None:
    """Append the summary to the step summary file (GitHub creates it; several steps each append theirs)."""
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(markdown(result, lang, fail_on))
