"""Checking several files in parallel processes (--jobs N).

Each worker (forked, so it shares the loaded rules and profile) reads and checks whole files and
sends back detached results: catalogues without their row streams, findings whose matter keeps only
the identifying elements. Rules of scope "run" (cross-catalogue) run in every worker over that
worker's files; their `state()` is sent back and `merge()`d into one instance whose `end()` then runs
in the parent — so cross-level findings are the same as in a serial run.
"""
from __future__ import annotations

import copy
import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from .engine import Engine, FileResult, Result, _read_and_check, _Stop
from .sources import InputError
from .model import Finding, Matter

KEEP = ("name", "basic_code", "impl_code", "impl_body", "competent_dept", "item_type", "exercise_level")
_STATE: dict = {}


def _detach_catalogue(cat, memo):
    if id(cat) not in memo:
        c = copy.copy(cat)
        c.matters = ()
        memo[id(cat)] = c
    return memo[id(cat)]


def _detach(f: Finding, memo) -> Finding:
    loc = f.location                                   # computed while the matter is at hand
    cat = _detach_catalogue(f.catalogue, memo)
    if f.matter is not None:
        m = f.matter
        f.matter = Matter(cat, {k: m.values[k] for k in KEEP if k in m.values}, m.row, None, None, m.line)
    f.catalogue = cat
    f._location = loc
    return f


def _work(path: str):
    engine = Engine(_STATE["active"], _STATE["profile"], _STATE["max"])
    try:
        fr = _read_and_check(engine, path, _STATE["options"])
    except _Stop:
        fr = None
    memo: dict = {}
    findings = [_detach(f, memo) for f in engine.findings]
    if fr is not None:
        fr.catalogues = [_detach_catalogue(c, memo) for c in fr.catalogues]
    states = [inst.state() for _, inst in engine._run_hooks]
    return path, fr, findings, states


def _worker_signals() -> None:
    """A worker dies at SIGTERM (the default), rather than inheriting the CLI's handler that unwinds a run."""
    import signal
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _stop(pool: ProcessPoolExecutor) -> None:
    """An interrupted run (SIGINT, SIGTERM): its workers are stopped, not left running orphaned."""
    procs = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in procs:
        if proc.is_alive():
            proc.terminate()
    for proc in procs:
        proc.join(timeout=5)


def _pool_outcomes(files, jobs: int, ctx, progress=None) -> tuple[dict, list[str]]:
    """path -> (fr, findings, states) for the files the workers finished; and the files whose worker died
    (a reader crash in native code: BrokenProcessPool) to be tried again alone."""
    outcomes, broken = {}, []
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(files)), mp_context=ctx, initializer=_worker_signals)
    try:
        futures = [(path, pool.submit(_work, path)) for path in files]
        for path, fut in futures:
            try:
                _, fr, findings, states = fut.result()
            except BrokenProcessPool:
                broken.append(path)
                continue
            outcomes[path] = (fr, findings, states)
            if progress:
                progress(path)
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown(wait=True)
    return outcomes, broken


def _crashed(path: str) -> FileResult:
    return FileResult(path, "unreadable", InputError("input.reader_crashed"))


def run_parallel(files, active, profile, options, max_findings, jobs, result: Result, progress=None) -> Result:
    _STATE.update(active=active, profile=profile, options=options, max=max_findings)
    engine = Engine(active, profile, max_findings)
    ctx = mp.get_context("fork")
    outcomes, broken = _pool_outcomes(files, jobs, ctx, progress)
    for path in broken:                 # a worker died: each file it may have held, alone in a new process
        again, still = _pool_outcomes([path], 1, ctx, progress)
        outcomes.update(again)
        for p in still:
            outcomes[p] = (_crashed(p), [], None)
            if progress:
                progress(p)
    for path in files:                  # merged in file order: the same result as a serial run
        states = outcomes[path][2]
        for (_, inst), state in zip(engine._run_hooks, states or ()):
            inst.merge(state)
    outcomes = {path: (fr, findings) for path, (fr, findings, _) in outcomes.items()}
    for path in files:
        fr, findings = outcomes[path]
        if fr is None:
            result.partial = True
            continue
        result.files.append(fr)
        engine.findings.extend(findings)
    done = len(engine.findings)
    try:
        engine.finish()
    except _Stop:
        result.partial = True
    cats = {(c.path, c.sheet): c for fr in result.files for c in fr.catalogues}
    for f in engine.findings[done:]:           # run-scope findings point at the catalogues reported
        f.catalogue = cats.get((f.catalogue.path, f.catalogue.sheet), f.catalogue)
    if max_findings and len(engine.findings) > max_findings:
        del engine.findings[max_findings:]
        result.partial = True
    result.findings = engine.findings
    result.findings.sort(key=Finding.sort_key)
    return result
