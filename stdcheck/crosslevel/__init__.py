"""四级四同 (cross-level) checking: a streaming index of the four basic elements per catalogue
(index.py), their comparison across levels (compare.py), and the four-level matrix (matrix data is
kept in `LAST` after a run so reporters can show it)."""
from __future__ import annotations

LAST: dict = {}          # {"matrix": Matrix} of the latest finished cross-level index in this process


def latest_matrix():
    return LAST.get("matrix")
