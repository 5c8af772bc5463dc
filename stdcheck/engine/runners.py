"""How the files of a run are checked: one by one in this process (serial), several at once in worker
processes (processes.py), or one large file on two cores (split.py, opt-in). Each runner checks every file
into `result.files` and returns the engine whose findings and by-products are the run's."""
from __future__ import annotations

from .loop import Engine, Stop
from .plan import Plan
from .processes import parallel_safe, run_processes
from .result import Result
from . import split


def choose(files: list[str], plan: Plan):
    """Several files and jobs > 1: worker processes (when the run-scope rules can merge their state);
    --split: large files' row rules in a second process; otherwise serial."""
    if plan.jobs > 1 and len(files) > 1 and parallel_safe(plan.active) and not (plan.split and split.dominant(files)):
        return run_processes
    return serial


def serial(files: list[str], plan: Plan, result: Result, progress=None) -> Engine:
    engine = Engine(plan)
    try:
        for path in files:
            if plan.split and not plan.max_findings and split.worthwhile(path):
                result.files.append(split.check_split(engine, path))
            else:
                result.files.append(engine.check_file(path))
            if progress:
                progress(path)
        engine.finish()
    except Stop:
        result.partial = True
    return engine
