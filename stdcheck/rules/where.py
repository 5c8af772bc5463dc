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


# A cell that is exactly an upper-case ASCII code (or empty): `coding.code(m, fid)` gives it back unchanged (no
# white space, full-width or lower-case letters to clean, no hyphen to remove), so an expression may read the raw
# column in place of the code. Anything else is flagged by the expressions that rely on it.
PLAIN = r"^[0-9A-Z]*$"


def plain(field: str):
    """The cell is its own code (PLAIN)."""
    return col(field).str.contains(PLAIN)


def matches(field: str, pattern: str):
    return col(field).str.contains(pattern)


def maybe_national(field: str = "impl_code"):
    """`coding_impl.national_impl` may be non-empty: false only for a cell of upper-case ASCII letters, digits and
    hyphens that is 31 or 33 characters long neither with nor without its hyphens (a Sichuan code, a short code)."""
    c = col(field)
    return ~c.str.contains(r"^[0-9A-Z-]*$") | c.str.replace_all("-", "", literal=True).str.len_chars().is_in([31, 33])


def maybe_credit(field: str):
    """`coding.code(m, field)` may be 18 characters long: false only for a cell of upper-case ASCII letters, digits
    and hyphens that is not 18 long without its hyphens (it keeps them, or loses them to become 18 long)."""
    c = col(field)
    return ~c.str.contains(r"^[0-9A-Z-]*$") | (c.str.replace_all("-", "", literal=True).str.len_chars() == 18)


def pair(a, b):
    """`a|b` of two string expressions, to look up combinations with `is_in`."""
    import polars as pl
    return pl.concat_str([a, pl.lit("|"), b])


def table_texts(table) -> list[str]:
    """Texts a cell of code table `table` may hold and that `table.code` maps (labels, codes, aliases, un-padded
    codes), without surrounding white space: an expression that looks a cell up among them decides exactly as
    the check does for these texts, and flags every other text."""
    if table is None:
        return []
    cands = set(table._lookup) | set(table.codes.values()) | set(table.extensions.values())
    if table.pad:
        cands |= {c.lstrip("0") for c in list(table._lookup) if c.isdigit() and c.lstrip("0")}
    return sorted(t for t in cands if t and t == t.strip())


def blank_cells(ctx, fid: str) -> list[str]:
    """Cells of element `fid` whose code (as `coding.code` reads it) is one of the profile's blank values."""
    from .coding import _code
    blanks = ctx.profile.blanks
    return sorted(b for b in blanks if b and _code(fid, b) in blanks)
