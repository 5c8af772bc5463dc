"""Building blocks of the `where` expressions of row checks (`@rule(..., where=...)`): polars expressions over
element columns (text, '' when absent) that are true on every row the check could find something on.
polars is imported when a check runs, never when the rules are merely listed."""
from __future__ import annotations


def col(field: str):
    import polars as pl
    return pl.col(field)


def any_of(exprs):
    """Any of the expressions (none: never)."""
    import polars as pl
    exprs = list(exprs)
    return pl.any_horizontal(exprs) if exprs else pl.lit(False)


def never():
    """Rows with a non-text cell are always checked; a check that looks only at those needs no other row."""
    import polars as pl
    return pl.lit(False)


def any_contains(fields, pattern: str, literal: bool = False):
    """Some element of `fields` contains `pattern` (a regular expression, or a literal string)."""
    import polars as pl
    return pl.any_horizontal([pl.col(f).str.contains(pattern, literal=literal) for f in fields])


def blank(field: str):
    """The element is empty or white space only (Python's str.strip() also strips \\x1c-\\x1f)."""
    import polars as pl
    return pl.col(field).str.replace_all(r"[\s\x1c-\x1f]", "") == ""


def spelled_outside(field: str, accepted, multi: bool = False):
    """The element is filled and is not exactly one of the `accepted` spellings — with `multi`, not exactly such
    spellings joined by the separators of multi-valued cells (, ， ; ；, no spaces)."""
    import polars as pl
    accepted = sorted(accepted)
    value = pl.col(field)
    if not multi:
        return (value != "") & ~value.is_in(accepted)
    parts = value.str.replace_all("[,，;；]", ",").str.split(",")
    return (value != "") & ~parts.list.eval(pl.element().is_in(accepted)).list.all()
