"""Rule declaration and the registry.

A rule is declared once with @rule: identity, default level, the standard it enforces, an options
JSON Schema, and a bilingual doc. Its check is either

* a function ``check(matter, ctx)`` yielding findings for one row (scope "row"), or
* a class with optional ``start(catalogue)``, ``row(matter)`` and ``end()`` generator methods,
  instantiated once per catalogue (scope "catalogue") or once per run over every catalogue
  (scope "run", for cross-catalogue checks). ``__init__(self, ctx)`` receives the rule context.
  Instead of ``row``, a class may define ``rows(chunk)``: the matters of a chunk (``chunk.matters``) with
  their columns (``chunk.column(element)``, ``chunk.places``), for state kept column by column (the
  uniqueness rules: one dictionary lookup per row, no call per row); ``chunk.matters[i]`` makes a row's
  Matter when it is first asked for. A class whose ``row``/``rows`` has a ``where`` may also define
  ``count(chunk)``: it sees every row of each chunk, whatever ``where`` selects, and returns nothing — a
  tally for ``end()`` kept by columns (EL002 counts the rows that need a column the sheet lacks).

Findings carry a message id and parameters; reporters render them in the user's language.

The declaration and the registry are in registry.py, the kind sets in stdcheck/kinds.py; this package
re-exports them (`from stdcheck.rules import REGISTRY, Standard, rule, load_builtin`).
"""
from ..kinds import ALL_KINDS, BASIC, BOTH, IMPLEMENTATION, LISTS  # noqa: F401  (the kinds a rule applies to)
from .registry import (CONFIDENCE, FAMILIES, REGISTRY, Rule, Standard, load_builtin,  # noqa: F401
                       public_clause, rule)
