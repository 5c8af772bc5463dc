"""The engine: streams every catalogue's matters through the active rules and collects findings.

Rules and their options are bound once, before the first row. Per row the engine only calls the
row checks of the rules that apply to the catalogue's kind; no rendering happens here.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .config import Active, Profile
from .fields import FieldDictionary, dictionary
from .model import LEVEL_RANK, Catalogue, Finding
from .replay import CHUNK, Replayed, run_chunk
from .sources import InputError, ReadOptions, discover, read


@dataclass
class RuleContext:
    """What a rule sees besides the rows: its options, the profile (code tables …), the elements."""
    rule: object
    opts: dict
    profile: Profile
    fields: FieldDictionary
    level: str = "error"


@dataclass
class FileResult:
    path: str
    status: str = "ok"                 # ok | unreadable
    error: InputError | None = None
    catalogues: list[Catalogue] = field(default_factory=list)


@dataclass
class Result:
    files: list[FileResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    rules: list[Active] = field(default_factory=list)
    profile: Profile | None = None
    partial: bool = False

    @property
    def matters(self) -> int:
        return sum(c.count for f in self.files for c in f.catalogues)

    @property
    def input_partial(self) -> bool:
        """Some file was read only in part (an error or a reading limit stopped it while streaming)."""
        return any(c.partial for f in self.files for c in f.catalogues)

    @property
    def input_errors(self) -> int:
        return sum(1 for f in self.files if f.status != "ok")

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.level] += 1
        return out


class _Stop(Exception):
    pass


class Engine:
    def __init__(self, active: list[Active], profile: Profile, max_findings: int = 0):
        self.profile = profile
        self.max_findings = max_findings
        self.findings: list[Finding] = []
        fields = dictionary()
        self._bound = []
        self._run_hooks = []
        for a in active:
            ctx = RuleContext(a.rule, a.opts, profile, fields, a.level)
            if a.rule.scope == "run":
                self._run_hooks.append((a, a.rule.check(ctx)))
            else:
                self._bound.append((a, ctx))

    def _emit(self, active: Active, found) -> None:
        if not found:
            return
        level, rank = active.level, LEVEL_RANK[active.level]
        for f in found:
            f.rule = active.rule
            if f.level is None or LEVEL_RANK[f.level] > rank:
                f.level = level
            if f.level == "error" and f.field in f.catalogue.meta.get("loose", ()):   # a column read by a loose key
                f.level = "warning"
            self.findings.append(f)
        if self.max_findings and len(self.findings) >= self.max_findings:
            raise _Stop

    def check(self, cat: Catalogue, row_checks: bool = True) -> None:
        """Run the rules over one catalogue, streaming its matters (without the rules of scope "row"
        when `row_checks` is false: another process runs them, see split.py).

        Row checks that declare `reads` are run column-wise on chunks of rows (see replay.py);
        the others are called row by row."""
        kind = cat.kind
        rows, instances, replayed = [], [], []
        for a, ctx in self._bound:
            if kind not in a.rule.kinds or (not row_checks and a.rule.scope == "row"):
                continue
            if a.rule.scope == "row":
                check = a.rule.check
            else:
                inst = a.rule.check(ctx)
                instances.append((a, inst))
                if not hasattr(inst, "row"):
                    continue
                check = _method(inst.row)
            if a.rule.reads is not None:
                replayed.append(Replayed(a, check, ctx))
            else:
                rows.append((a, check, ctx))
        for a, inst in self._run_hooks:
            if kind in a.rule.kinds:
                if hasattr(inst, "start"):
                    self._emit(a, inst.start(cat))
                if hasattr(inst, "row"):
                    rows.append((a, _method(inst.row), None))
        for a, inst in instances:
            if hasattr(inst, "start"):
                self._emit(a, inst.start(cat))
        emit = self._emit
        chunk: list = []
        try:
            for m in cat.matters:
                for a, check, ctx in rows:
                    found = check(m, ctx)
                    if found is not None:
                        emit(a, found)
                if replayed:
                    chunk.append(m)
                    if len(chunk) == CHUNK:
                        run_chunk(chunk, replayed, emit)
                        chunk = []
        except InputError:                 # reading stopped: the rows read so far are still checked
            if chunk:
                run_chunk(chunk, replayed, emit)
            raise
        if chunk:
            run_chunk(chunk, replayed, emit)
        for a, inst in instances:
            if hasattr(inst, "end"):
                self._emit(a, inst.end())

    def finish(self) -> None:
        for a, inst in self._run_hooks:
            if hasattr(inst, "end"):
                self._emit(a, inst.end())


def _method(fn):
    """Adapt a bound row(matter) method to the (matter, ctx) call of row checks."""
    return lambda m, _ctx: fn(m)


def _tallied(cat: Catalogue, options: ReadOptions) -> Catalogue:
    if options.tally:
        from .reporters.stats import tally
        tally(cat)
    return cat


def _read_and_check(engine: Engine, path: str, options: ReadOptions, row_checks: bool = True) -> FileResult:
    """Read and check one file (without the row-scope rules when `row_checks` is false)."""
    fr = FileResult(path)
    try:
        fr.catalogues = read(path, options)
        for cat in fr.catalogues:
            engine.check(_tallied(cat, options), row_checks)
    except InputError as exc:
        fr.status, fr.error = "unreadable", exc
        for cat in fr.catalogues:          # stopped while streaming: the rows before were checked
            cat.partial = True
    except OSError as exc:
        fr.status, fr.error = "unreadable", InputError("input.os_error", reason=exc.strerror or str(exc))
    return fr


def run(paths: list[str], active: list[Active], profile: Profile, options: ReadOptions,
        max_findings: int = 0, jobs: int = 1, progress=None) -> Result:
    """Check every file of `paths`. With jobs > 1 and several files, files are checked in parallel
    processes (rules of scope "run" then need state()/merge(); otherwise the run stays serial) — unless
    one large file is most of the batch; otherwise, with jobs > 1, a large file's row checks run in a
    second process (split.py).
    `progress(path)`, when given, is called after each file."""
    files = discover(paths)
    result = Result(rules=active, profile=profile)
    from .split import check_split, dominant, worthwhile
    if jobs > 1 and len(files) > 1 and parallel_safe(active) and (max_findings or not dominant(files)):
        from .parallel import run_parallel
        result = run_parallel(files, active, profile, options, max_findings, jobs, result, progress)
        result.partial = result.partial or result.input_partial
        return result
    engine = Engine(active, profile, max_findings)
    try:
        for path in files:
            if jobs > 1 and not max_findings and worthwhile(path):
                result.files.append(check_split(engine, active, profile, path, options))
            else:
                result.files.append(_read_and_check(engine, path, options))
            if progress:
                progress(path)
        engine.finish()
    except _Stop:
        result.partial = True
    result.findings = engine.findings
    result.partial = result.partial or result.input_partial
    result.findings.sort(key=Finding.sort_key)
    return result


def parallel_safe(active: list[Active]) -> bool:
    return all(hasattr(a.rule.check, "state") and hasattr(a.rule.check, "merge")
               for a in active if a.rule.scope == "run")
