"""Building blocks of the `where` expressions of row checks (`@rule(..., where=...)`): polars expressions over
element columns (text, '' when absent) that are true on every row the check could find something on.
polars is imported when a check runs, never when the rules are merely listed."""
from __future__ import annotations


def col(field: str):
    import polars as pl
    return pl.col(field)


def never():
    """Rows with a non-text cell are always checked; a check that looks only at those needs no other row."""
    import polars as pl
    return pl.lit(False)


def any_contains(fields, pattern: str, literal: bool = False):
    """Some element of `fields` contains `pattern` (a regular expression, or a literal string)."""
    import polars as pl
    return pl.any_horizontal([pl.col(f).str.contains(pattern, literal=literal) for f in fields])
