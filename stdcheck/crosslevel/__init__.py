"""四级四同 (cross-level) checking: a streaming index of the four basic elements per catalogue
(index.py), and their comparison across levels and the four-level matrix (compare.py)."""
