"""What a cell should say instead, when stdcheck knows it: the 应改为 column of the Excel report and the fixable mark of
`check --statistics`. Three sources, one fact each: the value `stdcheck fix` would write when the fix repairs the
finding's rule (fix.Fixer), a rule's own `fixed` parameter, and the upper level's text that a 四级四同 finding says
must be copied."""
from __future__ import annotations

# 四级四同 messages whose {upper} is the text the lower level must copy (XL002–XL004, XL006)
COPY_UPPER = {"crosslevel.name", "crosslevel.type", "crosslevel.basis", "crosslevel.cosmetic",
              "crosslevel.cosmetic_code", "crosslevel.cosmetic_basis"}


class Suggester:
    def __init__(self, profile):
        self.profile = profile
        self._fixer = None

    def fixed(self, f) -> str | None:
        """The text `stdcheck fix` writes for this finding's cell when that repairs the finding's rule, else None."""
        if f.rule.code == "CD001":            # a code stored as a number: fix writes it as text with its zeros
            return f.params.get("fixed") if isinstance(f.params.get("fixed"), str) else None
        if not (f.field and isinstance(f.value, str) and f.value and self.profile is not None):
            return None
        if self._fixer is None:
            from .fix import Fixer
            self._fixer = Fixer(self.profile)
        new, steps = self._fixer.value(f.field, f.value)
        if new != f.value and any(r and f.rule.code in r.split(",") for _, r in steps):
            return new
        return None

    def suggest(self, f) -> str | None:
        """The corrected value of the finding's cell, when one is known."""
        upper = f.params.get("upper")
        if f.message in COPY_UPPER and isinstance(upper, str) and upper:
            return upper
        fixed = f.params.get("fixed")
        if isinstance(fixed, str) and fixed and fixed != f.value:
            return fixed
        return self.fixed(f)
