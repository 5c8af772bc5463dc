"""四级四同: cross-level consistency (XL rules, scope "run").

All XL rules of one run share one streaming index (stdcheck/crosslevel/index.py), kept in the run's
`ctx.shared`: the first XL rule the engine creates owns it and feeds it every chunk of rows; the comparison runs once,
at the end of the run, and each rule takes its own findings; the four-level matrix is left in `ctx.shared`
as a by-product of the run (Result.matrix). With --jobs, workers send their index back (state/merge).
"""
from __future__ import annotations

from ..crosslevel.compare import elements, level_findings, matrix, near_duplicates, records
from ..crosslevel.index import Index
from ..kinds import BOTH
from .registry import Standard, rule

# The documents behind the XL rules (docs/crosslevel.md "依据"). The sentence of the State Council papers that
# defines 四级四同 could not be read in full; what the rules rest on is the practice seen in real documents and data:
# a provincial workflow that makes the basic elements uniform and has lower levels claim entries unchanged, and the
# national exchange data that carries them on every implementation record, joined to the catalogue by 基本编码.
GUOFA_2022_5 = "国发〔2022〕5号《国务院关于加快推进政务服务标准化规范化便利化的指导意见》"
WORKFLOW = "《2022年政务服务事项标准化提升工作流程》（省级）"
CLAIM = Standard(f"{GUOFA_2022_5}；GB/T 39554.1-2020（平台实践）",
                 "基本目录统一管理，实施清单按基本编码认领目录事项（00 国家目录 / 省级区划代码）", "data")
SAME = Standard(f"{WORKFLOW}；{GUOFA_2022_5}（四级四同）",
                "事项名称、事项编码、事项类型、设定依据等基本要素统一，下级逐级认领、不得改动", "data")
LEVELS = Standard("GB/T 39046-2020", "表4 行使层级（行使事项的层级）", "data")
NEAR = Standard(WORKFLOW, "下级认领目录事项，不自行新建", "inf")
LEVEL_OF = Standard("GB/T 39046-2020 附录A 表A.2 行使层级代码", "清单层级：行使层级、实施编码第19位（推断）", "inf")
WHY_ERROR = ("依据：省级事项标准化工作流程要求基本要素全省统一、市县乡逐级认领（真实文件），国家交换数据在每条实施记录上携带这些要素"
             "并按基本编码关联目录（真实数据），因此默认级别为错误；“四级四同”政策原文的措辞未能逐字核实。",
             "Basis: a provincial standardisation workflow makes the basic elements uniform across the province and has "
             "cities and counties claim entries unchanged (a real document), and the national exchange data carries "
             "these elements on every implementation record, joined to the catalogue by basic code (real data); so the "
             "rule defaults to error. The exact wording of the 四级四同 policy texts could not be verified.")


class _Session:
    def __init__(self, profile, shared: dict):
        self.profile = profile
        self.shared = shared
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
                out["XL007"], names = near_duplicates(by_code, o["threshold"], o["max_names"])
                if names and self.index.parts:        # the cap is never silent: one note, as an info finding
                    cat = self.index.parts[0].cat
                    out["XL007"].append(cat.finding("crosslevel.near_duplicate_capped", None, names=names,
                                                    max_names=o["max_names"]).at_most("info"))
            self.shared["matrix"] = matrix(by_code, status, self.index.parts) if len(self.index.parts) > 1 else None
            self.result = out
        return self.result


class _Cross:
    scope = "run"
    code = ""

    def __init__(self, ctx):
        s = ctx.shared.get("crosslevel")
        if s is None:
            s = ctx.shared["crosslevel"] = _Session(ctx.profile, ctx.shared)
        s.members[self.code] = ctx.opts
        self.session = s
        self.owner = s.owner is None
        if self.owner:
            s.owner = self
            self.start, self.rows = s.index.start, s.index.rows   # the engine calls the index directly
        # the other XL rules have no start/rows: the engine calls nothing for them per row

    def end(self):
        return self.session.finish().get(self.code) or None

    def state(self):
        return self.session.index.state() if self.owner else None

    def merge(self, state) -> None:
        if self.owner:
            self.session.index.merge(state)


def _declare(code, name, level, title, doc, fail, ok, standard=SAME, options=None):
    def deco(cls):
        cls.code = code
        return rule(code, name, family="crosslevel", level=level, kinds=BOTH, standard=standard, title=title,
                    doc=doc, fail=fail, ok=ok, options=options)(cls)
    return deco


def _why(doc: tuple[str, str]) -> tuple[str, str]:
    return (doc[0] + WHY_ERROR[0], doc[1] + " " + WHY_ERROR[1])


@_declare("XL001", "reference-missing", "error",
          ("基本编码在上级基本目录中不存在", "Basic code missing from the upper-level catalogue"),
          ("实施清单每一行的基本编码都必须在已加载的基本目录中存在（00 开头的查国家基本目录，省级编码查该省基本目录）；"
           "下级不得自行“新增”上级没有的事项。省级编码（本省前缀）只能在本省使用。未加载任何基本目录时不检查。"
           "依据：基本目录统一管理、下级按基本编码认领（国发〔2022〕5号；各省认领实践与平台交换数据按基本编码关联目录，"
           "均为真实数据），因此默认级别为错误。",
           "Every implementation row's basic code must exist in a loaded basic catalogue (codes starting 00 in the "
           "national one, province-prefixed codes in that province's). A province's local code is valid in that "
           "province only. Not checked when no basic catalogue is loaded. Basis: basic catalogues are managed centrally "
           "and lower levels claim their entries by basic code (国发〔2022〕5号; provincial claim practice and the "
           "platform's exchange data, which joins implementation records to the catalogue by basic code — real data), "
           "so the rule defaults to error."),
          "国家基本目录无 000199999000，县级清单却有此基本编码", "县级清单认领国家基本目录中已有的事项", standard=CLAIM)
class ReferenceMissing(_Cross):
    pass


@_declare("XL002", "name-drift", "error", ("事项名称与上级不一致", "Matter name differs from the upper level"),
          _why(("同一基本编码的事项名称在国家、省、市、县各级应当相同。规范化（空白、全半角、括号样式、繁简）后仍不同即报告；"
                "规范化后相同的差异见 XL006。按业务办理项逐行列出的清单把办理项名称加括号写在目录名称后（“实验动物生产许可(变更)”）："
                "这是同一事项，每个清单只报告一次警告。发现指向下级单元格，并引用上级的值、文件和行。",
                "The same basic code has the same name at every level. A difference that remains after normalisation "
                "(white space, width, brackets, traditional/simplified) is reported; one that disappears is XL006. A list "
                "with one row per business-handling item writes the item's name in brackets after the catalogue name "
                "('实验动物生产许可(变更)'): the same matter, one warning per list. The finding points at the lower "
                "level's cell and quotes the upper value, file and row.")),
          "国家：食品经营许可；县级：食品经营许可证核发", "县级照抄国家基本目录名称")
class NameDrift(_Cross):
    pass


@_declare("XL003", "type-drift", "error", ("事项类型与上级不一致", "Matter type differs from the upper level"),
          _why(("同一基本编码的事项类型在各级应当相同（代码与名称按代码表视为相同，只作 XL006 提示）。",
                "The same basic code has the same matter type at every level (a code and its label count as the same: "
                "XL006).")),
          "国家：行政许可；市级：其他行政权力", "市级事项类型为行政许可")
class TypeDrift(_Cross):
    pass


@_declare("XL004", "basis-drift", "error", ("设定依据与上级不一致", "Legal basis differs from the upper level"),
          _why(("比较设定依据中引用的法规（《》内名称，规范化）及条款号：缺少或改动上级引用的法规/条款即报告；保留上级全部依据、"
                "另加本地实施依据的只报告为警告。",
                "Compares the laws cited in 《》 (normalised) and their article numbers: dropping or changing an "
                "upper-level citation is reported; keeping all of them and adding a local basis is only a warning.")),
          "国家：《行政许可法》第12条；县级：《某省条例》第3条", "县级：《行政许可法》第12条；《某省条例》第3条（警告）")
class BasisDrift(_Cross):
    pass


@_declare("XL005", "level-not-allowed", "error",
          ("实施层级不在基本目录行使层级内", "Implementing level not among the catalogue's levels"),
          ("实施事项所在层级（行使层级、实施编码第19位或清单层级）必须属于其基本目录条目的行使层级。依据：GB/T 39046-2020 "
           "表4 中行使层级即行使该事项的层级（标准原文与平台数据一致），在别的层级实施与目录本身矛盾，因此默认级别为错误；"
           "层级无法确定或有矛盾时另见 XL008。",
           "The level implementing a matter (its 行使层级, the 19th character of its 实施编码, or the list's level) "
           "must be among the 行使层级 of its basic-catalogue entry. Basis: in GB/T 39046-2020 table 4 the 行使层级 are "
           "the levels that exercise the matter (standard text and platform data agree), so implementing it at another "
           "level contradicts the catalogue itself and the rule defaults to error; an undecided or contradictory level "
           "is XL008."),
          "基本目录行使层级：省级；县级清单实施此事项", "基本目录行使层级：省级,市级,县级", standard=LEVELS)
class LevelNotAllowed(_Cross):
    pass


@_declare("XL006", "cosmetic-drift", "warning", ("与上级仅写法不同", "Differs from the upper level only in writing"),
          ("名称、事项类型或设定依据与上级不同，但规范化后相同：应照抄上级原文。说明给出原因：写法不同（空白、全半角、括号样式、"
           "繁简）、类型代码与名称（如“01”与“行政许可”），或依据引用的法规与条款相同而写法不同（如“第35条”与“第三十五条”）。"
           "依据同 XL002（推断），默认级别为警告。",
           "Name, type or basis differs from the upper level only in writing: copy the upper text. The message says "
           "why they count as the same: writing (white space, width, brackets, traditional/simplified), a type code "
           "and its label ('01' and 行政许可), or the same laws and articles written differently (第35条 and 第三十五条). "
           "Basis as XL002 (inferred): defaults to warning."),
          "国家：食品经营许可（新办）；县级：食品经营许可(新办)", "县级照抄：食品经营许可（新办）")
class CosmeticDrift(_Cross):
    pass


@_declare("XL007", "near-duplicate", "info", ("不同编码的事项名称几乎相同", "Near-identical names under different codes"),
          ("各级（含同一清单内）基本编码不同而事项名称几乎相同（rapidfuzz 相似度 ≥ threshold）：常见于“照抄新建”而非认领。"
           "只有多字、漏字（“设置审批/设置的审批”“许可/许可证”）才像照抄；一个词换成另一个词是不同的兄弟事项"
           "（“环境影响报告表审批/报告书审批”“设立/注销”），名称只差数字或只多了括号中的办理项名称也不报告。"
           "按名称前两个字分块比较（超过 100 个名称的块中，每个名称与排序后其后的 100 个比较，任何输入都不会两两比较），"
           "最多比较 max_names 个不同名称；超出时另报一条提示，说明有多少名称未比较。"
           "“照抄新建”是推断，因此只作提示。",
           "Matters with different codes but near-identical names (rapidfuzz ratio ≥ threshold), within and across "
           "levels: the classic copy instead of a claim. Only added or dropped characters look like a copy (设置审批 / "
           "设置的审批, 许可 / 许可证); a word in place of another names a sibling matter (环境影响报告表审批 / 报告书审批, "
           "设立 / 注销), and names differing only in numbers or by a bracketed item name are not reported either. "
           "Names are compared in blocks of the same first two characters (in a block of more than 100 names, each "
           "with the 100 that follow it in sorted order, so no input is compared pairwise); at most max_names distinct "
           "names are compared, and when more exist one info finding says so. That a near-identical name is a copy "
           "is an inference, hence info."),
          "国家 000105001000 户外广告设置许可；县级 450105001000 户外广告设置许可证", "县级认领 000105001000",
          standard=NEAR,
          options={"threshold": {"type": "number", "minimum": 50, "maximum": 100, "default": 92},
                   "max_names": {"type": "integer", "minimum": 2, "default": 50000}})
class NearDuplicate(_Cross):
    pass


@_declare("XL008", "level-ambiguous", "warning", ("目录层级不明确或矛盾", "Catalogue level ambiguous or contradictory"),
          ("目录层级来自 --level、YAML 元数据、配置 levels 或推断：实施清单看单值的行使层级列、实施编码第19位；基本目录看基本编码"
           "前两位（只有 00 为国家级；00 加一个省级前缀或只有一个省级前缀为省级）。无法确定、各行证据互相矛盾、指定层级与编码不符、"
           "或基本目录按前几行推断的层级与全部编码不符时报告，而不是悄悄猜测。第19位的含义是推断，因此默认级别为警告。",
           "A catalogue's level comes from --level, YAML metadata, the config's levels mapping or inference: for a list, "
           "a single-valued 行使层级 column or the 19th character of 实施编码; for a basic catalogue, the first two "
           "characters of its codes (only 00: national; 00 and one province prefix, or one province prefix: provincial). "
           "Reported when it cannot be decided, when rows disagree, when the stated level contradicts the codes, or when "
           "a basic catalogue's level inferred from its first rows does not fit all its codes. The meaning of the 19th "
           "character is inferred, hence warning."),
          "--level 省级，实施编码第19位均为 4（县级）", "--level 县级", standard=LEVEL_OF)
class LevelAmbiguous(_Cross):
    pass
