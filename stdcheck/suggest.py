"""What a cell should say instead, when stdcheck knows it: the 应改为 column of the Excel report and the fixable mark of
`check --statistics`. First the finding's certain correction (`Finding.fix`, what `stdcheck fix` writes); else what a
finding says without it being a certain correction: the upper level's text a 四级四同 finding says must be copied, and
a rule's `fixed` message parameter (a code in upper case, a zero-padded basic code …)."""
from __future__ import annotations

# 四级四同 messages whose {upper} is the text the lower level must copy (XL002–XL004, XL006)
COPY_UPPER = {"crosslevel.name", "crosslevel.type", "crosslevel.basis", "crosslevel.cosmetic",
              "crosslevel.cosmetic_code", "crosslevel.cosmetic_basis"}


def fixable(f) -> bool:
    """`stdcheck fix` repairs this finding: it carries a correction (for a YAML number, maybe its text, quoted)."""
    return f.fix is not None


def suggest(f) -> str | None:
    """The corrected value of the finding's cell, when one is known."""
    if f.fix is not None and f.fix != f.value:
        return f.fix
    upper = f.params.get("upper")
    if f.message in COPY_UPPER and isinstance(upper, str) and upper:
        return upper
    fixed = f.params.get("fixed")
    return fixed if isinstance(fixed, str) and fixed and fixed != f.value else None
