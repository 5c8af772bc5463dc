"""四级四同: cross-level consistency (XL rules, scope "run").

All XL rules of one run share one streaming index (stdcheck/crosslevel/index.py): the first XL rule
the engine creates owns it and feeds it every row; the comparison runs once, at the end of the run, and
each rule takes its own findings. With --jobs, workers send their index back (state/merge).
"""
from __future__ import annotations

from ..crosslevel import LAST
from ..crosslevel.compare import elements, level_findings, matrix, near_duplicates, records
from ..crosslevel.index import Index
from . import BOTH, Standard, rule

S6 = "elements.md §6 四级四同；实施清单按基本编码认领基本目录事项（S2 交换规范、S14 全省统一）"


class _Session:
    def __init__(self, profile):
        self.profile = profile
        self.index = Index()
        self.members: dict[str, dict] = {}
        self.owner = None
        self.result: dict | None = None

    def finish(self) -> dict:
        if self.result is None:
            by_code, evidence = records(self.index.parts)
            out, status = elements(by_code, self.profile, self.index.parts)
            out["XL008"] = level_findings(evidence)
            if "XL007" in self.members:
                o = self.members["XL007"]
                out["XL007"], _capped = near_duplicates(by_code, o["threshold"], o["max_names"])
            LAST["matrix"] = matrix(by_code, status, self.index.parts) if len(self.index.parts) > 1 else None
            self.result = out
        return self.result


_CURRENT: list = [None]


class _Cross:
    scope = "run"
    code = ""

    def __init__(self, ctx):
        s = _CURRENT[0]
        if s is None or s.index.started or s.result is not None or self.code in s.members:
            s = _CURRENT[0] = _Session(ctx.profile)
        s.members[self.code] = ctx.opts
        self.session = s
        self.owner = s.owner is None
        if self.owner:
            s.owner = self
            self.start, self.row = s.index.start, s.index.row     # the engine calls the index directly
        # the other XL rules have no start/row: the engine calls nothing for them per row

    def end(self):
        return self.session.finish().get(self.code) or None

    def state(self):
        return self.session.index.state() if self.owner else None

    def merge(self, state) -> None:
        if self.owner:
            self.session.index.merge(state)


def _declare(code, name, level, title, doc, fail, ok, confidence="data", options=None):
    def deco(cls):
        cls.code = code
        return rule(code, name, family="crosslevel", level=level, kinds=BOTH,
                    standard=Standard(S6, "四级四同", confidence), title=title, doc=doc, fail=fail, ok=ok,
                    options=options)(cls)
    return deco


@_declare("XL001", "reference-missing", "error",
          ("基本编码在上级基本目录中不存在", "Basic code missing from the upper-level catalogue"),
          ("实施清单每一行的基本编码都必须在已加载的基本目录中存在（00 开头的查国家基本目录，省级编码查该省基本目录）；"
           "下级不得自行“新增”上级没有的事项。省级编码（本省前缀）只能在本省使用。未加载任何基本目录时不检查。",
           "Every implementation row's basic code must exist in a loaded basic catalogue (codes starting 00 in the "
           "national one, province-prefixed codes in that province's). A province's local code is valid in that "
           "province only. Not checked when no basic catalogue is loaded."),
          "国家基本目录无 000199999000，县级清单却有此基本编码", "县级清单认领国家基本目录中已有的事项")
class ReferenceMissing(_Cross):
    pass


@_declare("XL002", "name-drift", "error", ("事项名称与上级不一致", "Matter name differs from the upper level"),
          ("同一基本编码的事项名称在国家、省、市、县各级必须相同。规范化（空白、全半角、括号样式、繁简）后仍不同为错误；"
           "规范化后相同的差异见 XL006。发现指向下级单元格，并引用上级的值、文件和行。",
           "The same basic code has the same name at every level. A difference that remains after normalisation "
           "(white space, width, brackets, traditional/simplified) is an error; one that disappears is XL006."),
          "国家：食品经营许可；县级：食品经营许可证核发", "县级照抄国家基本目录名称")
class NameDrift(_Cross):
    pass


@_declare("XL003", "type-drift", "error", ("事项类型与上级不一致", "Matter type differs from the upper level"),
          ("同一基本编码的事项类型在各级必须相同（代码与名称按代码表视为相同，只作 XL006 提示）。",
           "The same basic code has the same matter type at every level (a code and its label count as the same: XL006)."),
          "国家：行政许可；市级：其他行政权力", "市级事项类型为行政许可")
class TypeDrift(_Cross):
    pass


@_declare("XL004", "basis-drift", "error", ("设定依据与上级不一致", "Legal basis differs from the upper level"),
          ("比较设定依据中引用的法规（《》内名称，规范化）及条款号。缺少或改动上级引用的法规/条款为错误；"
           "保留上级全部依据、另加本地实施依据为警告。",
           "Compares the laws cited in 《》 (normalised) and their article numbers. Dropping or changing an upper-level "
           "citation is an error; keeping all of them and adding a local basis is a warning."),
          "国家：《行政许可法》第12条；县级：《某省条例》第3条", "县级：《行政许可法》第12条；《某省条例》第3条（警告）")
class BasisDrift(_Cross):
    pass


@_declare("XL005", "level-not-allowed", "error",
          ("实施层级不在基本目录行使层级内", "Implementing level not among the catalogue's levels"),
          ("实施事项所在层级（行使层级、实施编码第19位或清单层级）必须属于其基本目录条目的行使层级。",
           "The level implementing a matter (its 行使层级, the 19th character of its 实施编码, or the list's level) "
           "must be among the 行使层级 of its basic-catalogue entry."),
          "基本目录行使层级：省级；县级清单实施此事项", "基本目录行使层级：省级,市级,县级")
class LevelNotAllowed(_Cross):
    pass


@_declare("XL006", "cosmetic-drift", "warning", ("与上级仅写法不同", "Differs from the upper level only in writing"),
          ("名称、事项类型或设定依据与上级不同，但规范化（空白、全半角、括号样式、繁简；类型代码与名称；"
           "依据的法规与条款）后相同：应照抄上级原文。",
           "Name, type or basis differs from the upper level only in writing (white space, width, brackets, "
           "traditional/simplified; type code vs label; same laws and articles): copy the upper text."),
          "国家：食品经营许可（新办）；县级：食品经营许可(新办)", "县级照抄：食品经营许可（新办）")
class CosmeticDrift(_Cross):
    pass


@_declare("XL007", "near-duplicate", "info", ("不同编码的事项名称几乎相同", "Near-identical names under different codes"),
          ("各级（含同一清单内）基本编码不同而事项名称几乎相同（rapidfuzz 相似度 ≥ threshold）：常见于“照抄新建”而非认领。"
           "按名称前两个字分块比较，最多比较 max_names 个不同名称。",
           "Matters with different codes but near-identical names (rapidfuzz ratio ≥ threshold), within and across "
           "levels: the classic copy instead of a claim. Names are compared in blocks of the same first two "
           "characters; at most max_names distinct names are compared."),
          "国家 000105001000 户外广告设置许可；县级 450105001000 户外广告设置许可证", "县级认领 000105001000",
          confidence="inf",
          options={"threshold": {"type": "number", "minimum": 50, "maximum": 100, "default": 92},
                   "max_names": {"type": "integer", "minimum": 2, "default": 50000}})
class NearDuplicate(_Cross):
    pass


@_declare("XL008", "level-ambiguous", "warning", ("清单层级不明确或矛盾", "Catalogue level ambiguous or contradictory"),
          ("清单层级来自 YAML 元数据、配置 levels、--level 或推断（行使层级单值列、实施编码第19位）。无法确定、"
           "各行证据互相矛盾、或指定层级与编码不符时报告，而不是悄悄猜测。",
           "A list's level comes from YAML metadata, the config's levels mapping, --level or inference (a single-valued "
           "行使层级 column, the 19th character of 实施编码). Reported when it cannot be decided, when rows disagree, "
           "or when the stated level contradicts the codes."),
          "--level 省级，实施编码第19位均为 4（县级）", "--level 县级", confidence="inf")
class LevelAmbiguous(_Cross):
    pass
