"""The kinds of catalogue stdcheck reads, their labels and the spellings that name them: the one definition
(model, the readers, the rules and the reporters import it)."""
from __future__ import annotations

KINDS = ("basic", "implementation", "licensing", "powers")
KIND_LABELS = {"basic": "基本目录", "implementation": "实施清单", "licensing": "行政许可事项清单", "powers": "权责清单"}
KIND_EN = {"basic": "basic catalogue", "implementation": "implementation list", "licensing": "administrative licensing list",
           "powers": "list of powers and responsibilities"}
KIND_ALIASES = {"basic": "basic", "基本目录": "basic", "catalogue": "basic",
                "implementation": "implementation", "实施清单": "implementation", "impl": "implementation",
                "licensing": "licensing", "行政许可事项清单": "licensing", "powers": "powers", "权责清单": "powers"}

# the kinds a rule applies to (@rule(kinds=…))
BASIC = frozenset({"basic"})
IMPLEMENTATION = frozenset({"implementation"})
BOTH = BASIC | IMPLEMENTATION
LISTS = frozenset({"licensing", "powers"})       # 行政许可事项清单, 权责清单: no codes, names and bases
ALL_KINDS = BOTH | LISTS
