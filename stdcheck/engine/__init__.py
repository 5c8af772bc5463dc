"""The engine: one check run, end to end. Read top to bottom:

    plan.py         what runs — rules chosen, options validated, profile, reading options, limits (once)
    check.py        run(paths, plan): files → a runner → findings and by-products → Result
    runners.py      serial, files in processes (processes.py), one large file on two cores (split.py, opt-in)
    loop.py         Engine: a catalogue's rows in chunks through every rule's hooks; `emit` stamps the level,
                    applies suppressions and --max-errors
    hooks.py        every rule in one shape: start(catalogue), rows(chunk), end()
    replay.py       chunks, and rules that declare `reads` evaluated once per distinct combination
    suppression.py  exemptions and `# stdcheck:` comments, IO010/IO011
    tally.py        matters per department and level (a by-product, for --stats and the xlsx report)
    result.py       Result, FileResult and the declared by-products (matrix, suppressed, baseline)

docs/architecture.md draws the run path.
"""
from .check import run
from .loop import Engine, Stop
from .plan import LIMITS, Plan, RuleContext
from .result import BaselineOutcome, FileResult, Result

__all__ = ["run", "Engine", "Stop", "Plan", "RuleContext", "LIMITS", "Result", "FileResult", "BaselineOutcome"]
