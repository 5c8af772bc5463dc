"""A check run from start to end: the files, a runner, the findings and the by-products."""
from __future__ import annotations

from ..model import Finding
from ..sources import discover
from .interpreter import tuned
from .plan import Plan
from .result import Result
from .runners import choose


def run(paths: list[str], plan: Plan, progress=None) -> Result:
    """Check every file of `paths` (directories expanded). `progress(path)`, when given, is called after each file."""
    files = discover(paths)
    result = Result(rules=plan.active, profile=plan.profile)
    with tuned():
        engine = choose(files, plan)(files, plan, result, progress)
    result.findings = engine.findings
    result.suppressed = engine.suppressor.suppressed
    if any(a.rule.family == "crosslevel" for a in plan.active):
        result.matrix = engine.shared.get("matrix")
    else:
        result.matrix = {"not_run": True}      # say why there is no matrix (not "fewer than two catalogues")
    result.partial = result.partial or result.input_partial
    result.findings.sort(key=Finding.sort_key)
    return result

