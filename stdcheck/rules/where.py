"""Building blocks of the `where` expressions of row checks (`@rule(..., where=...)`): polars expressions over
element columns (text, '' when absent) that are true on every row the check could find something on.
polars is imported when a check runs, never when the rules are merely listed."""
from __future__ import annotations

from ..codes import uscc
from ..codes.cells import SPACES


def col(field: str):
    import polars as pl
    return pl.col(field)


def never():
    """No row can fail this check (e.g. the profile leaves it nothing to compare)."""
    import polars as pl
    return pl.lit(False)


def typed():
    """The row has a non-text cell (a number, date or boolean typed in Excel, an unquoted YAML scalar): the only
    rows a check of cell types (CD001) can report."""
    import polars as pl
    return pl.col(TYPED)


TYPED = "__typed"         # the column the engine adds when an expression names it (engine/prefilter.py)
PRESENT = "__has:"        # the prefix of the columns that say whether the sheet has an element's column (present)


def present(field: str):
    """The sheet has a column of the element (true on every row of a YAML catalogue): Catalogue.has."""
    import polars as pl
    return pl.col(PRESENT + field)


def any_contains(fields, pattern: str, literal: bool = False):
    """Some element of `fields` contains `pattern` (a regular expression, or a literal string)."""
    import polars as pl
    return pl.any_horizontal([pl.col(f).str.contains(pattern, literal=literal) for f in fields])


# ---------------------------------------------------------------- element rules (EL): text as Matter.text sees it

WS = r"[\s\x1c-\x1f]"             # one character of SPACES, in a polars (Rust) regular expression


def lit(text: str) -> str:
    """`text` as a literal inside a polars regular expression (every character but ASCII letters and digits escaped)."""
    return "".join(c if c.isascii() and c.isalnum() else f"\\x{{{ord(c):x}}}" for c in text)


def one_of(texts) -> str:
    """A regular expression alternative matching any of `texts` literally (never matching when there are none)."""
    texts = sorted(set(texts), key=lambda t: (-len(t), t))
    return "(?:" + "|".join(lit(t) for t in texts) + ")" if texts else r"(?:[^\s\S])"


def text(field: str):
    """The element as Matter.text gives it: str.strip()'s white space removed."""
    import polars as pl
    return pl.col(field).str.strip_chars(SPACES)


def text_in(field: str, values):
    """Matter.text(field) is one of `values`."""
    return text(field).is_in(sorted(set(values)))


def blank(field: str, profile):
    """Matter.text(field) is empty or one of the profile's blank_values (无, / …)."""
    return text_in(field, {"", *profile.blanks})


SEPARATOR = "[,，;；]"        # elements.SEPARATORS: the parts of a multi-valued cell


def any_part_in(field: str, values):
    """Some part of a multi-valued cell (split on , ， ; ；, stripped: elements.split) is one of `values`."""
    import polars as pl
    return pl.col(field).str.contains(f"(?:^|{SEPARATOR}){WS}*{one_of(values)}{WS}*(?:{SEPARATOR}|$)")


def all_parts_in(field: str, values):
    """Every part of a multi-valued cell (elements.split: empty parts dropped) is one of `values`; true for ''."""
    import polars as pl
    part = f"{WS}*{one_of(values)}?{WS}*"
    return pl.col(field).str.contains(f"^{part}(?:{SEPARATOR}{part})*$")


def any_of(exprs):
    """Any of the expressions is true (false when there are none)."""
    import polars as pl
    exprs = list(exprs)
    return pl.any_horizontal(exprs) if exprs else pl.lit(False)


def number(field: str, pattern: str):
    """The whole number the first group of `pattern` (matched on the whole cell) captures, as an integer; null when
    the cell does not match or the number is too large (a null flag checks the row)."""
    import polars as pl
    return pl.col(field).str.extract(pattern, 1).cast(pl.Int64, strict=False)


# Phone cells that codes/phone.phones() provably reads as one number without asking libphonenumber: ASCII digits,
# at most one hyphen after an area code 0[1-9]x(x) (never 0086, so _national() leaves the digits alone; the area
# code alone is too short to be a number, so no digits are taken for an extension), nothing that NOT_A_NUMBER
# removes (no colon, dot, unit, 年 or second hyphen).
AREA = "(?:0[1-9][0-9]{1,2}-?)?"
SERVICE_CELL = f"^{WS}*{AREA}(?:1[0-9]{{4}}|9[56][0-9]{{3,4}}){WS}*$"   # phone.SERVICE: valid, always
LOCAL_CELL = f"^{WS}*[2-9][0-9]{{6,7}}{WS}*$"                           # phone.LOCAL: a fixed line, area code missing
ONE_NUMBER = f"^{WS}*{AREA}[1-9][0-9]{{4,7}}{WS}*$"                       # one number: its digits, or its text


def phone_clean(field: str, profile, local: bool):
    """EL010 passes the cell: blank (a missing phone is EL113's), a service number (12345, 0760-12345, 95588), or —
    when a missing area code is allowed (`local`) — a 7–8-digit fixed line. Other numbers need libphonenumber."""
    import polars as pl
    ok = blank(field, profile) | pl.col(field).str.contains(SERVICE_CELL)
    return ok | pl.col(field).str.contains(LOCAL_CELL) if local else ok


def digits(field: str):
    import polars as pl
    return pl.col(field).str.replace_all("[^0-9]", "")


# Characters that OpenCC's t2s changes only inside a phrase of its TSPhrases dictionary (回覆 → 回复, 毛坏 → 毛坯) —
# converted alone they stay — by OpenCC version (the dictionaries ship with it). For another version: dump the
# dictionary (`opencc_dict -i TSPhrases.ocd2 -o TSPhrases.txt -f ocd2 -t text`) and list the characters of each key
# that differ from the value at their position and that T2S.convert leaves alone; until then EL013 checks every row
# with a non-ASCII name.
T2S_PHRASE_ONLY = {"1.4.2": "么俱哩坏彷沈甦瞭藉衹覆"}


_T2S_CLASS: dict = {}


def t2s_may_change() -> str:
    """A character class of every character whose presence lets OpenCC's t2s conversion change a text: the CJK
    unified ideographs it converts alone, those it converts inside a phrase, and every extension or compatibility
    ideograph. A text without any of them converts to itself (each dictionary key is made of such characters), so
    EL013 finds no traditional character in it. Under an OpenCC version whose phrases are not listed here, any
    non-ASCII character counts."""
    if "class" not in _T2S_CLASS:        # once per process
        _T2S_CLASS["class"] = _t2s_class()
    return _T2S_CLASS["class"]


def _t2s_class() -> str:
    import opencc
    from ..normalize import T2S
    phrase = T2S_PHRASE_ONLY.get(getattr(opencc, "__version__", ""))
    if phrase is None:
        return r"[^\x00-\x7f]"
    chars = [chr(c) for c in range(0x4E00, 0xA000)]
    alone = T2S.convert("\n".join(chars)).split("\n")      # one call; no dictionary key holds a line break
    if len(alone) != len(chars):
        return r"[^\x00-\x7f]"
    risky = sorted({ord(c) for c in phrase} | {ord(c) for c, s in zip(chars, alone) if s != c})
    ranges, start = [], None
    for i, c in enumerate(risky):
        if start is None:
            start = c
        if i + 1 == len(risky) or risky[i + 1] != c + 1:
            ranges.append(f"\\x{{{start:x}}}" + (f"-\\x{{{c:x}}}" if c != start else ""))
            start = None
    return "[" + "".join(ranges) + r"\x{3400}-\x{4dbf}\x{f900}-\x{faff}\x{20000}-\x{10ffff}]"


def _multi(ctx, fid: str) -> bool:
    f = ctx.fields.get(fid)
    return f is not None and f.type == "multi_enum"


def some_part(ctx, fid: str, values):
    """Some part of the cell is one of `values` (the whole text, stripped, for an element that is not multi-valued)."""
    return any_part_in(fid, values) if _multi(ctx, fid) else text_in(fid, values)


def every_part(ctx, fid: str, values):
    """Every part of the cell is one of `values` (true for an empty cell; the whole text for a single-valued one)."""
    return all_parts_in(fid, values) if _multi(ctx, fid) else text_in(fid, {"", *values})


def all_of(exprs):
    """All of the expressions are true (true when there are none)."""
    import polars as pl
    exprs = list(exprs)
    return pl.all_horizontal(exprs) if exprs else pl.lit(True)


def one_number(field: str, profile):
    """The cell is one number as ONE_NUMBER says, and not a blank value."""
    import polars as pl
    return pl.col(field).str.contains(ONE_NUMBER) & ~blank(field, profile)


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


def maybe_credit(field):
    """`coding.code(m, field)` may be 18 characters long: false only for a cell of upper-case ASCII letters, digits
    and hyphens that is 18 long neither with its hyphens (the code keeps them where it is no well-formed code without:
    `0760-88315595-1-00`) nor without them. `field`: an element, or an expression of its cells."""
    c = col(field) if isinstance(field, str) else field
    return ~c.str.contains(r"^[0-9A-Z-]*$") | (c.str.len_chars() == 18) | \
        (c.str.replace_all("-", "", literal=True).str.len_chars() == 18)


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
    return sorted(t for t in table.spellings() if t and t == t.strip())


# ---------------------------------------------------------------- check characters

# GB 32100 统一社会信用代码 (codes/uscc.py): character values in its 31-character alphabet, the weight 3^i mod 31 of
# position i; the code is right when the weighted sum of the first 17 values plus the 18th value is ≡ 0 (mod 31)
# (check_char: the 18th is (31 - sum % 31) % 31, the one value in 0–30 that makes it so).
USCC_ALPHABET = uscc.ALPHABET
USCC_WEIGHTS = [*uscc.WEIGHTS, 1]
# GB 11714 组织机构代码 inside it (characters 9–17): base-36 values of the body weighted 3, 7, 9, 10, 5, 8, 4, 2; the
# code is right when that sum plus the check character's value (0–9, X = 10) is ≡ 0 (mod 11) (org_check_char: the
# check is 11 - sum % 11, X for 10, 0 for 11).
ORG_WEIGHTS = (*uscc.ORG_WEIGHTS, 1)
USCC_PLAIN = f"^{uscc.FORMAT.pattern}$"         # ASCII only, the whole text
# uscc.diagnose's placeholders among 18-character upper-case codes without hyphens: one character repeated
SAME18 = sorted(ch * 18 for ch in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _weighted_sum(c, weights, values, last=None):
    """Σ value(character i) * weights[i] over the characters of string expression `c` (as many as `weights`; the
    last one's value from `last` when given). Only for texts whose every character has a value: the sum skips
    the others."""
    import polars as pl
    el, i = pl.element(), pl.int_range(pl.len())
    value = el.replace_strict(values, default=None, return_dtype=pl.Int64)
    if last is not None:
        value = pl.when(i == len(weights) - 1).then(
            el.replace_strict(last, default=None, return_dtype=pl.Int64)).otherwise(value)
    weight = i.replace_strict(dict(enumerate(weights)), default=None, return_dtype=pl.Int64)
    return c.str.split("").list.eval(value * weight).list.sum()


def each_distinct(c, test):
    """`test` (a function of a string expression giving a boolean one) applied to the distinct values of `c` only,
    and looked up for each row: codes repeat from row to row (an implementing body's), so a long computation is
    made a few times per chunk. False where `test` is false or null."""
    distinct = c.unique(maintain_order=True)         # in the same order both times it is evaluated
    passed = distinct.filter(test(distinct))
    return c.is_in(passed.implode() if _implode_in() else passed)


def in_table(c, table):
    """`c` is one of the texts of `table()` (a function giving a set, or None for no set: then false), which is asked
    for only when some value of `c` is not empty: a code table can cost tens of milliseconds to build, and most sheets
    lack the column it is for."""
    import polars as pl
    values: list = []

    def member(s):
        if not values:
            if not (s.str.len_chars() > 0).any():
                return pl.repeat(False, len(s), eager=True).alias(s.name)
            values.append(sorted(table() or ()))
        return s.is_in(values[0])
    return c.map_batches(member, return_dtype=pl.Boolean)


_IMPLODE: dict = {}


def _implode_in() -> bool:
    """`is_in` takes a column of other values as `.implode()` (polars ≥ 1.2x; the bare column is deprecated there),
    or bare (polars 1.0, where an imploded one is a shape error). Probed once per process."""
    if "ok" not in _IMPLODE:
        import polars as pl
        try:
            probe = pl.DataFrame({"c": ["a", "b"]}).select(pl.col("c").is_in(pl.col("c").head(1).implode()))
            _IMPLODE["ok"] = probe.to_series().to_list() == [True, False]
        except Exception:      # noqa: BLE001 — polars.exceptions.ComputeError (shapes), whatever the version raises
            _IMPLODE["ok"] = False
    return _IMPLODE["ok"]


def uscc_check_ok(c):
    """`c` has 18 characters of the GB 32100 alphabet, the 18th the check character of the first 17."""
    values = {ch: i for i, ch in enumerate(USCC_ALPHABET)}
    shaped = c.str.contains(f"^[{USCC_ALPHABET}]{{18}}$")
    return shaped & (_weighted_sum(c, USCC_WEIGHTS, values) % 31 == 0)


def uscc_valid(c):
    """`c` (an 18-character upper-case code without hyphens, as `coding.code` gives a plain cell) is one that
    uscc.diagnose passes: the alphabet of uscc.FORMAT, no placeholder (TE…, one character repeated), its check
    character right. False for anything else."""
    return c.str.contains(USCC_PLAIN) & ~c.str.starts_with("TE") & ~c.is_in(SAME18) & uscc_check_ok(c)


def org_check_ok(c, start: int = 8):
    """The organisation code at characters start … start+8 of `c` passes GB 11714 (uscc.org_code_valid): a body of
    digits and upper-case letters, its check character 0–9 or X and right."""
    org = c.str.slice(start, 9)
    body = {ch: int(ch, 36) for ch in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    check = {**{d: int(d) for d in "0123456789"}, "X": 10}
    return org.str.contains(r"^[0-9A-Z]{8}[0-9X]$") & (_weighted_sum(org, ORG_WEIGHTS, body, check) % 11 == 0)


# ---- catalogue rules

# A character no version of Unicode may call a decimal digit (Python's `\d`, a Unicode version of its own): neither
# a digit nor unassigned in polars' (Rust's) Unicode.
NOT_A_DIGIT = r"[^\p{Nd}\p{Cn}]"


def leading_number(field: str):
    """The number `re.match(r"\\d+", Matter.text(field))` reads (elements._NUM), when the text starts with ASCII
    digits that the text or NOT_A_DIGIT ends; null otherwise (other digits, a number too large)."""
    import polars as pl
    return text(field).str.extract(f"^([0-9]+)(?:{NOT_A_DIGIT}|$)", 1).cast(pl.Int64, strict=False)


COMPARE = ("gt", "ge", "lt", "le", "eq")         # the tests of Conditions._holds


def compared(field: str, spec: dict):
    """The numeric test {gt|ge|lt|le|eq: N} of a conditional requirement (elements.Conditions) on the number
    Matter.text(field) starts with: false for an empty text or one that starts with no digit, null (checked)
    when the number cannot be read here."""
    n = leading_number(field)
    starts = text(field).str.contains(r"^[\p{Nd}\p{Cn}]")
    return starts & all_of(getattr(n, op)(v) for op, v in spec.items() if op in COMPARE)


def limit_complete(field: str, immediate):
    """elements.parse_limit reads Matter.text(field) as 即办 (a word of `immediate`), as 0, or as a number with its
    unit ('20个工作日', '20（工作日）', '5天内'): no unit element is needed. False for everything else (checked)."""
    unit = r"\p{Nd}\p{Cn}\s\x1c-\x1f（）().\-"          # what _LIMIT's unit characters are not
    t = text(field)
    return (limit_zero(field, immediate)
            | t.str.contains(f"^[0-9]+(?:[^{unit}]{{2,}}|[^{unit}内])$")     # 内 alone is read as no unit
            | t.str.contains(f"^[0-9]+[（(][^{unit}]+[)）]$"))


def limit_zero(field: str, immediate):
    """elements.parse_limit reads Matter.text(field) as 0 without a unit: a word of `immediate` (即办) or zeros."""
    return text_in(field, immediate) | col(field).str.contains(f"^{WS}*0+{WS}*$")


def whole_number(field: str):
    """Matter.text(field) is whole ASCII digits, which parse_limit reads as that number without a unit."""
    return col(field).str.contains(f"^{WS}*[0-9]+{WS}*$")


def empty(field: str):
    """Matter.text(field) is '' (the cell holds nothing but SPACES): text(field) == '', without making the text."""
    return col(field).str.contains(f"^{WS}*$")
