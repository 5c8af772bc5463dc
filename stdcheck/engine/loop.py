"""The loop: every catalogue's matters through the plan's rules, in chunks; every finding through `emit`.

A finding is born in a rule's hook (start, rows or end: hooks.py), gets its rule and level in `emit`
(capped by the rule's level, and at warning on a loosely read column), is dropped there if an exemption or
ignore comment covers it (suppression.py), and is appended to `findings` — until --max-errors stops the
run (`Stop`). Nothing is rendered here: reporters turn message ids and parameters into text.
"""
from __future__ import annotations

from contextlib import closing

from ..ahead import ahead
from ..levels import LEVEL_RANK
from ..model import Catalogue, Finding
from ..sources import InputError, read
from ..sources.batch import Batched
from ..sources.columnar import available as polars_works
from .hooks import Hooks, bind, instance_hooks
from .plan import Plan
from .replay import CHUNK, Chunk
from .result import FileResult
from .suppression import Suppressor
from . import prefilter, tally


class Stop(Exception):
    """--max-errors reached: the run ends, its result is partial."""


class Engine:
    def __init__(self, plan: Plan):
        from ..rules import REGISTRY
        self.plan = plan
        self.findings: list[Finding] = []
        self.contexts = plan.contexts()
        self.shared = self.contexts[0][1].shared if self.contexts else {}
        self.run_rules = [(a, a.rule.check(ctx), ctx) for a, ctx in self.contexts if a.rule.scope == "run"]
        self.run_hooks = [instance_hooks(a, inst, ctx) for a, inst, ctx in self.run_rules]
        self._by_kind: dict = {}
        self.suppressor = Suppressor(plan.exemptions, plan.today, plan.active, REGISTRY)
        self._suppress = None if self.suppressor.idle else self.suppressor.hides

    def _plan_for(self, cat: Catalogue) -> list:
        """The rules of scope "row" and "catalogue" that apply to a catalogue's kind, with their prefilter
        expressions where the catalogue's rows are evaluated by polars (decided once per kind and choice); rules of
        scope "engine" (IO010/IO011) are the loop's own suppression step."""
        filtered = self.plan.prefilter and (polars_works() if cat.columnar is None else cat.columnar)
        key = (cat.kind, filtered)
        if key not in self._by_kind:
            self._by_kind[key] = [(a, ctx, a.rule.where(ctx) if a.rule.where and filtered else None)
                                  for a, ctx in self.contexts
                                  if a.rule.scope in ("row", "catalogue") and cat.kind in a.rule.kinds]
        return self._by_kind[key]

    def emit(self, active, found) -> None:
        if not found:
            return
        level, rank = active.level, LEVEL_RANK[active.level]
        suppress, kept = self._suppress, self.findings
        for f in found:
            f.rule = active.rule
            if f.level is None or LEVEL_RANK[f.level] > rank:
                f.level = level
            if f.level == "error" and f.field in f.catalogue.meta.get("loose", ()):   # a column read by a loose key
                f.level = "warning"
            if suppress is None or not suppress(f):
                kept.append(f)
        limit = self.plan.max_findings
        if limit and len(kept) >= limit:
            del kept[limit:]
            raise Stop

    def adopt(self, findings: list[Finding]) -> None:
        """Findings made elsewhere with the same plan (the row half of a split run): only suppression applies."""
        suppress = self._suppress
        self.findings += [f for f in findings if suppress is None or not suppress(f)]

    def check_file(self, path: str, row_checks: bool = True) -> FileResult:
        """Read and check one file. An unreadable file is a FileResult with its error, never an exception; a file
        that stopped while streaming keeps its catalogues (the rows before were checked), marked partial."""
        fr = FileResult(path)
        try:
            fr.catalogues = read(path, self.plan.options)
            for cat in fr.catalogues:
                self.check(cat, row_checks)
        except InputError as exc:
            fr.status, fr.error = "unreadable", exc
            for cat in fr.catalogues:
                cat.partial = True
        except OSError as exc:
            fr.status, fr.error = "unreadable", InputError("input.os_error", reason=exc.strerror or str(exc))
        return fr

    def check(self, cat: Catalogue, row_checks: bool = True) -> None:
        """Run the rules over one catalogue, streaming its matters in chunks (without the rules of scope "row"
        when `row_checks` is false: another process runs them, split.py)."""
        hooks: list[Hooks] = [bind(a, ctx, where) for a, ctx, where in self._plan_for(cat)
                              if row_checks or a.rule.scope != "row"]
        flags = prefilter.attach(hooks)
        hooks += [h for h in self.run_hooks if cat.kind in h.active.rule.kinds]
        watchers = [] if self.suppressor.idle else [Hooks(None, self.suppressor.start, self.suppressor.rows)]
        if self.plan.tally:
            watchers.append(Hooks(None, rows=tally.counter(cat)))
        watchers += [Hooks(None, rows=h.count) for h in hooks if h.count]      # rules' tallies: every row, no finding
        for h in watchers:
            if h.start:
                self._own(h.start(cat))
        for h in hooks:
            if h.start:
                self.emit(h.active, h.start(cat))
        self._stream(cat, [h for h in hooks if h.rows], [h.rows for h in watchers if h.rows], flags)
        for h in hooks:
            if h.end and h.active.rule.scope == "catalogue":
                self.emit(h.active, h.end())

    def _stream(self, cat: Catalogue, hooks: list[Hooks], watching: list, flags) -> None:
        """The rows in chunks of CHUNK (a tabular reader's batches as they come); when reading stops with an error,
        the rows read so far are checked first.
        `flags`: the catalogue's row-check prefilters, evaluated for a few chunks at a time (prefilter.window). A
        tabular reader's chunks are read by one thread and flagged by another, each a group ahead (polars lets go
        of the interpreter while it reads and selects), while the rules check the group before. The rules that need
        no flags (`early`: uniqueness, the 四级四同 index) check a group while it is being flagged; their findings
        wait on each chunk (Chunk.found) and are emitted in the rules' order with the others'."""
        early: list = []                          # indices of the hooks that need no flags
        if isinstance(cat.matters, Batched):      # a tabular reader's rows, read as columns (sources/batch.py)
            window = prefilter.window(cat) if flags is not None else 1
            groups = ahead(_groups(map(Chunk.of, cat.matters.batches()), window, min(window, prefilter.FIRST)),
                           name="stdcheck-read")
            early = [i for i, h in enumerate(hooks) if h.where is None] if flags is not None else []
            groups = _flagged(groups, flags, bool(early))
            if flags is not None:
                groups = ahead(groups, name="stdcheck-flag")
        else:
            groups = _flagged(([Chunk(matters)] for matters in _groups(cat.matters, CHUNK)), flags)
        with closing(groups):                     # --max-errors (Stop) or an interrupt: the thread stops here
            for chunks, flagged in groups:
                if not flagged:                   # read, and being flagged: what needs no flags is found now
                    for chunk in chunks:
                        chunk.found = {i: list(hooks[i].rows(chunk) or ()) for i in early}
                    continue
                while chunks:                     # a chunk checked is let go
                    chunk = chunks.pop(0)
                    for w in watching:
                        self._own(w(chunk))
                    found = chunk.found
                    for i, h in enumerate(hooks):
                        self.emit(h.active, found.pop(i) if i in found else h.rows(chunk))

    def _own(self, found) -> None:
        """Findings of the engine's own steps (IO010/IO011), already stamped."""
        if found:
            self.findings.extend(found)

    def finish(self) -> None:
        """The end of the run: the run-scope rules' end (四级四同), then the suppressions' report."""
        for h in self.run_hooks:
            if h.end:
                self.emit(h.active, h.end())
        self._own(self.suppressor.end())


def _flagged(groups, flags, early: bool = False):
    """Each group of chunks, then true, once it has the rows its prefilters select (`flags`, or None: every row).
    `early`: each group also comes before it is flagged, then false (the loop runs the rules that need no flags on it
    while this thread flags it: polars lets go of the interpreter while it selects)."""
    for chunks in groups:
        if early:
            yield chunks, False
        if flags is not None:
            flags.flag(chunks)
        yield chunks, True


def _groups(items, size: int, first: int | None = None):
    """The items in lists of `size` (the first of `first`, when given; the last may be shorter); when reading stops
    with an error, the items read before it first, then the error."""
    group: list = []
    want = first or size
    try:
        for item in items:
            group.append(item)
            if len(group) == want:
                yield group
                group = []
                want = size
    except InputError:
        if group:
            yield group
        raise
    if group:
        yield group
