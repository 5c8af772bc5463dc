"""The rule registry: @rule declares a rule (see the package's docstring), REGISTRY holds the declared ones.

A leaf of the rules package: the rule modules import it, it imports none of them. `load_builtin` imports the
shipped rule modules by name, as plugins.py loads plugins: importing a module registers its rules.
"""
from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import import_module
from typing import Any, Callable

from ..kinds import BOTH
from ..levels import LEVELS

CONFIDENCE = {
    "std": ("标准原文", "standard text"),
    "data": ("真实数据", "real data"),
    "inf": ("推断", "inferred"),
    "unc": ("不确定", "uncertain"),
}
FAMILIES = {
    "io": ("IO", "输入问题", "input problems"),
    "coding": ("CD", "编码", "coding"),
    "elements": ("EL", "要素", "elements"),
    "crosslevel": ("XL", "四级四同", "cross-level"),
}


@dataclass(frozen=True)
class Standard:
    document: str
    clause: str | None = None
    confidence: str = "data"   # std | data | inf | unc (reference/*.md marks)

    def __str__(self) -> str:
        """The standard as a reader cites it: document and clause, without the project's internal notes
        (`elements.md §4 C6`, `shared/data …`: where the fact is recorded, not what it rests on)."""
        clause = public_clause(self.clause)
        return f"{self.document} {clause}" if clause else self.document


_NOTE = re.compile(r"(?:reference/)?(?:coding|elements|anchors)\.md[^；;）)]*|shared/data[^；;）)]*")
_LEFTOVER = re.compile(r"[，,、；;\s]+(?=[）)])|(?<=[（(])[，,、；;\s]+|[（(]\s*[）)]")


@lru_cache(maxsize=None)        # a few hundred clauses; asked for once per finding by the reporters
def public_clause(clause: str | None) -> str | None:
    """A clause without internal note names: 'elements.md §4 C6' -> None; '区划（启发式，coding.md §2.3）' -> '区划（启发式）'."""
    if not clause:
        return clause
    text = _NOTE.sub("", clause)
    for _ in range(3):
        text = _LEFTOVER.sub("", text)
    return text.strip(" ；;，,、") or None


@dataclass(eq=False)
class Rule:
    code: str
    name: str
    family: str
    level: str
    kinds: frozenset
    standard: Standard
    title: tuple[str, str]               # (zh, en)
    doc: tuple[str, str]                 # (zh, en): 检查内容 / what it checks
    fail: str                            # 反例: an input that fails
    ok: str                              # 正例: the corrected input
    check: Any = None                    # function or class
    scope: str = "row"                   # row | catalogue | run | engine (reported by the engine itself)
    options: dict = field(default_factory=lambda: {"type": "object", "properties": {}})
    messages: dict = field(default_factory=dict)   # {"zh": {...}, "en": {...}} for plugin rules
    aliases: tuple[str, ...] = ()
    origin: str = "stdcheck"
    reads: Any = None                    # fields the row verdict depends on (tuple, or callable(opts) -> tuple): the
    #                                      check is given a row of only these, its verdict replayed per distinct values
    where: Any = None                    # callable(ctx) -> polars expression true on every row that may fail (prefilter)

    @property
    def builtin(self) -> bool:
        """Declared by stdcheck itself, not by a plugin from --rules-path."""
        return self.origin.startswith(f"{__package__}.")

    def defaults(self) -> dict:
        props = self.options.get("properties", {})
        return {k: v["default"] for k, v in props.items() if "default" in v}

    def doc_text(self, lang: str = "zh") -> str:
        return self.doc[1 if lang == "en" else 0]

    def __reduce__(self):   # pickled by code: --jobs workers send findings back, and `reads` may be a lambda
        return (_registered, (self.code,))


REGISTRY: dict[str, Rule] = {}


def _registered(code: str) -> Rule:
    return REGISTRY[code] if code in REGISTRY else load_builtin()[code]


def rule(code: str, name: str, *, family: str, level: str, kinds=BOTH, standard: Standard,
         title: tuple[str, str], doc: tuple[str, str], fail: str, ok: str, options: dict | None = None,
         messages: dict | None = None, aliases: tuple[str, ...] = (), reads=None, where=None) -> Callable:
    """Declare a rule. Use on a row-check function or on a class with start/row/end hooks.

    `reads` (optional) names the elements a row check's verdict depends on — nothing else of the row
    (not its number, not other rows). The engine then checks each distinct combination of those values
    once per catalogue and replays the verdict for repeated rows. A tuple, or a callable(opts) -> tuple
    when the elements come from the rule's options.

    `where` (optional) gives the rows worth checking as a column expression: a callable(ctx)
    returning a polars expression over the element columns (text, '' when absent) that is true on every row
    on which the check could find something — a superset, never fewer. The engine evaluates it on a chunk of
    rows at once (engine/prefilter.py) and calls the check only on the rows it selects (a check that looks at
    cell types asks for the rows with a non-text cell: rules/where.py `typed`); the findings and messages stay
    the check's own. tests/test_prefilter.py holds each expression to that promise. On a class (scope
    "catalogue"), `row()` sees only the selected rows: it may keep state only if every row that changes it is
    selected too (Conditions counts the rows that lack a missing required column: they are blank in the frame), or
    keep it in `count(chunk)`, which sees every row (EL002's rows that need a column the sheet lacks); uniqueness
    and other "first seen" aggregates, which every row changes, have no `where`."""
    if level not in LEVELS:
        raise ValueError(f"{code}: bad level {level}")
    if standard.confidence in ("inf", "unc") and level == "error":
        raise ValueError(f"{code}: a rule built on an inferred fact defaults to warning")

    def register(check):
        scope = getattr(check, "scope", "catalogue") if inspect.isclass(check) else "row"
        if where is not None and scope not in ("row", "catalogue"):
            raise ValueError(f"{code}: `where` is for row checks and catalogue rules with a stateless row()")
        props = dict(options or {})
        schema = {"type": "object", "properties": props, "additionalProperties": False}
        r = Rule(code, name, family, level, frozenset(kinds), standard, title, doc, fail, ok, check,
                 scope, schema, messages or {}, aliases, origin=check.__module__, reads=reads, where=where)
        if code in REGISTRY and REGISTRY[code].origin != r.origin:
            raise ValueError(f"rule code {code} declared twice ({REGISTRY[code].origin}, {r.origin})")
        REGISTRY[code] = r
        return check

    return register


# the shipped rule modules, in the order they register their rules (REGISTRY keeps it)
BUILTIN = ("coding", "elements", "io", "elements_cross", "elements_format", "elements_guide",
           "coding_impl", "coding_local", "coding_uscc", "crosslevel", "lists")


def load_builtin() -> dict[str, Rule]:
    for name in BUILTIN:
        import_module(f"{__package__}.{name}")     # importing registers the rules
    return REGISTRY
