"""Element cells as the standard writes them: which elements hold codes, and how a multi-valued cell splits.
Shared by the rules, `fix`, `diff` and the column guesses."""
from __future__ import annotations

import re

# the elements whose values are codes (CD001–CD004 look at them; fix pads and cleans them)
CODE_FIELDS = ("basic_code", "impl_code", "handle_item_code", "impl_body_code", "entrust_dept_code",
               "region_code", "dept_code", "item_type", "exercise_level")
SEPARATORS = re.compile(r"[,，;；]")


def split(value: str) -> list[str]:
    """Multi-valued cells split on , ， ; ； only — never on 、 (it occurs inside 镇（乡、街道）级)."""
    return [v.strip() for v in SEPARATORS.split(value) if v.strip()]
