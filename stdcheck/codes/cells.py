"""Element cells as the standard writes them: which elements hold codes, and how a multi-valued cell splits.
Shared by the rules, `fix`, `diff` and the column guesses."""
from __future__ import annotations

import re

# the elements whose values are codes (CD001–CD004 look at them; fix pads and cleans them)
CODE_FIELDS = ("basic_code", "impl_code", "handle_item_code", "impl_body_code", "entrust_dept_code",
               "region_code", "dept_code", "item_type", "exercise_level")
SEPARATORS = re.compile(r"[,，;；]")
# The characters str.strip() removes and Python's `\s` matches (str.isspace): Unicode White_Space plus the
# separators \x1c-\x1f, which Rust's `\s` and polars' default strip_chars() leave alone.
SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009" \
         "\u200a\u2028\u2029\u202f\u205f\u3000"


def split(value: str) -> list[str]:
    """Multi-valued cells split on , ， ; ； only — never on 、 (it occurs inside 镇（乡、街道）级)."""
    return [v.strip() for v in SEPARATORS.split(value) if v.strip()]
