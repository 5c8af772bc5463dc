"""What every report for people says first: passed or not (findings at or above --fail-on), the counts, the profile
and the date of the run; and whose matter a finding concerns (实施主体, else 主管部门)."""
from __future__ import annotations

import datetime as dt

from ..messages import render
from ..levels import LEVEL_RANK


def failed(result, fail_on: str = "error") -> bool:
    return result.input_errors > 0 or any(LEVEL_RANK[f.level] >= LEVEL_RANK[fail_on] for f in result.findings)


def verdict(result, lang: str = "zh", fail_on: str = "error") -> str:
    """One line: 不通过：错误 3 个 · 警告 1 个 · 提示 0 个 · 规则配置 national · 2026-12-06."""
    c = result.counts()
    return render("report.verdict.fail" if failed(result, fail_on) else "report.verdict.pass",
                  {**c, "profile": result.profile.name if result.profile else "-", "date": dt.date.today().isoformat(),
                   "files": len(result.files), "matters": result.matters}, lang)


def department(f) -> str:
    """The department a finding goes back to: the matter's 实施主体, else its 主管部门 ('' when neither)."""
    m = f.matter
    if m is None:
        return ""
    return m.text("impl_body") or m.text("competent_dept")
