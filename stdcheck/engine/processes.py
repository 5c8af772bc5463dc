"""Checking several files in parallel processes (--jobs N).

Each worker (forked, so it shares the loaded rules and the plan) reads and checks whole files and sends back
detached results: catalogues without their row streams, findings whose matter keeps only the identifying
elements. Rules of scope "run" (cross-catalogue) run in every worker over that worker's files; their
`state()` is sent back and `merge()`d into one instance whose `end()` then runs in the parent — so
cross-level findings are the same as in a serial run. The suppressions' state is merged the same way.
"""
from __future__ import annotations

import copy

from ..model import Finding, Matter
from ..errors import InputError
from .loop import Engine, Stop
from .result import FileResult, Result

KEEP = ("name", "basic_code", "impl_code", "impl_body", "competent_dept", "item_type", "exercise_level")
_PLAN: list = [None]          # in a worker process: the plan it runs (set by its initializer)


def parallel_safe(active) -> bool:
    return all(hasattr(a.rule.check, "state") and hasattr(a.rule.check, "merge")
               for a in active if a.rule.scope == "run")


class Detacher:
    """Findings and catalogues made fit to leave a worker: no row streams, matters reduced to what reports use."""

    def __init__(self):
        self.memo: dict = {}

    def catalogue(self, cat):
        if id(cat) not in self.memo:
            c = copy.copy(cat)
            c.matters = ()
            self.memo[id(cat)] = c
        return self.memo[id(cat)]

    def finding(self, f: Finding) -> Finding:
        loc = f.location                                   # computed while the matter is at hand
        cat = self.catalogue(f.catalogue)
        if f.matter is not None:
            m = f.matter
            f.matter = Matter(cat, {k: m.values[k] for k in KEEP if k in m.values}, m.row, None, None, m.line)
        f.catalogue = cat
        f._location = loc
        return f


def _work(path: str):
    engine = Engine(_PLAN[0])
    try:
        fr = engine.check_file(path)
    except Stop:
        fr = None
    d = Detacher()
    findings = [d.finding(f) for f in engine.findings]
    if fr is not None:
        fr.catalogues = [d.catalogue(c) for c in fr.catalogues]
    states = [inst.state() for _, inst, _ in engine.run_rules]
    sup = engine.suppressor.state()
    sup["candidates"] = [(i, d.finding(f)) for i, f in sup["candidates"]]
    sup["directives"] = {p: (d.catalogue(c), ds) for p, (c, ds) in sup["directives"].items()}
    sup["first_cat"] = d.catalogue(sup["first_cat"]) if sup["first_cat"] is not None else None
    return path, fr, findings, states, sup


def _worker_start(plan) -> None:
    """A worker keeps the plan (inherited by fork, not pickled) and dies at SIGTERM (the default), rather than
    inheriting the CLI's handler that unwinds a run."""
    import signal
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _PLAN[0] = plan


def _stop(pool) -> None:
    """An interrupted run (SIGINT, SIGTERM): its workers are stopped, not left running orphaned."""
    procs = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in procs:
        if proc.is_alive():
            proc.terminate()
    for proc in procs:
        proc.join(timeout=5)
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None:      # it closes its wake-up pipe as it ends; Python 3.11's exit hook writes to that pipe
        manager.join(timeout=5)  # unlocked, so the two racing printed a traceback (Bad file descriptor) after 已中断


def _pool_outcomes(files, plan, jobs: int, ctx, progress=None) -> tuple[dict, list[str]]:
    """path -> (fr, findings, states, suppression state) for the files the workers finished; and the files whose
    worker died (a reader crash in native code: BrokenProcessPool) to be tried again alone. (The pool's modules are
    imported here: a run of one file, most runs, never needs them.)"""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    outcomes, broken = {}, []
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(files)), mp_context=ctx, initializer=_worker_start,
                               initargs=(plan,))
    try:
        futures = [(path, pool.submit(_work, path)) for path in files]
        for path, fut in futures:
            try:
                outcomes[path] = fut.result()[1:]
            except BrokenProcessPool:
                broken.append(path)
                continue
            if progress:
                progress(path)
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown(wait=True)
    return outcomes, broken


def run_processes(files: list[str], plan, result: Result, progress=None) -> Engine:
    import multiprocessing
    engine = Engine(plan)
    ctx = multiprocessing.get_context("fork")
    outcomes, broken = _pool_outcomes(files, plan, plan.jobs, ctx, progress)
    for path in broken:                 # a worker died: each file it may have held, alone in a new process
        again, still = _pool_outcomes([path], plan, 1, ctx, progress)
        outcomes.update(again)
        for p in still:
            outcomes[p] = (FileResult(p, "unreadable", InputError("input.reader_crashed")), [], None, None)
            if progress:
                progress(p)
    for path in files:                  # merged in file order: the same result as a serial run
        fr, findings, states, sup = outcomes[path]
        for (_, inst, _), state in zip(engine.run_rules, states or ()):
            inst.merge(state)
        if sup is not None:
            engine.suppressor.merge(sup)
        if fr is None:
            result.partial = True
            continue
        result.files.append(fr)
        engine.findings.extend(findings)
    done = len(engine.findings)
    try:
        engine.finish()
    except Stop:
        result.partial = True
    cats = {(c.path, c.sheet): c for fr in result.files for c in fr.catalogues}
    for f in engine.findings[done:]:           # run-scope findings point at the catalogues reported
        f.catalogue = cats.get((f.catalogue.path, f.catalogue.sheet), f.catalogue)
    if plan.max_findings and len(engine.findings) > plan.max_findings:
        del engine.findings[plan.max_findings:]
        result.partial = True
    return engine
