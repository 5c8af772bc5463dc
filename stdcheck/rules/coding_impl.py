"""CD2xx: 实施编码 (31 = credit code 18 + 行使层级 1 + 基本编码 12) and 业务办理项编码 (33 = 实施编码 + 2)
(reference/coding.md §1.2–1.3, §8 rules 9–14)."""
from __future__ import annotations

from functools import lru_cache

from ..codes.structure import HANDLE, IMPL, clean, local_format
from ..codes.uscc import diagnose
from . import IMPLEMENTATION, Standard, rule
from .coding import PRACTICE, code


def _impl(m) -> str:
    """The 实施编码 when it has the national 31-character shape, else ''."""
    raw = m.values.get("impl_code")
    return _national(raw) if raw else ""


@lru_cache(maxsize=256)             # several rules ask about the same row's code in turn
def _national(raw: str) -> str:
    c = clean(raw)
    return c if len(c) == 31 and IMPL.fullmatch(c) else ""


@rule("CD201", "impl-code-format", family="coding", level="error", kinds=IMPLEMENTATION,
      standard=Standard(PRACTICE, "实施编码31位 = 信用代码18 + 行使层级1 + 基本编码12", "data"),
      title=("实施编码格式", "Implementation code format"),
      doc=("实施编码为31位：实施主体的统一社会信用代码18位 + 行使层级代码1位 + 基本编码12位。已知的地方格式"
           "（如四川带连字符的编码）由 CD501 报告为提示。",
           "The implementation code has 31 characters: the implementing body's credit code (18) + the level "
           "digit (1) + the basic code (12). Known local formats (Sichuan's hyphenated codes) are CD501 (info)."),
      fail="实施编码：11450721MB1558081140001040020（29位）", ok="实施编码：11450721MB155808114000104002000")
def impl_code_format(m, ctx):
    c = code(m, "impl_code")
    if c and not (len(c) == 31 and IMPL.fullmatch(c)) and local_format(c) is None:
        yield m.finding("impl_code", "impl_code.format", length=len(c))


@rule("CD202", "impl-code-uscc", family="coding", level="error", kinds=IMPLEMENTATION,
      standard=Standard("GB 32100-2015", "第4章 代码结构、附录 校验码", "std"),
      title=("实施编码中的信用代码无效", "Invalid credit code inside the implementation code"),
      doc=("实施编码前18位必须是通过 GB 32100 校验的统一社会信用代码；“TE…”等占位代码格式看似正确，只有校验位能发现。"
           "提示中给出正确的校验位。",
           "The first 18 characters are a credit code that passes the GB 32100 check; placeholders such as 'TE…' "
           "look well-formed and only the check character catches them. The message names the right character."),
      fail="实施编码：11440100007483172R3440106043001", ok="实施编码：11440100007483172Q3440106043001")
def impl_code_uscc(m, ctx):
    c = _impl(m)
    if c:
        bad = diagnose(c[:18])
        if bad:
            kind, params = bad
            message = {"uscc.check": "impl_code.uscc_check", "uscc.placeholder": "impl_code.uscc_placeholder"}
            yield m.finding("impl_code", message.get(kind, "impl_code.uscc_format"), uscc=c[:18], **params)


@rule("CD203", "impl-code-body", family="coding", level="error", kinds=IMPLEMENTATION,
      standard=Standard(PRACTICE, "实施编码第1–18位 = 实施主体编码", "data"),
      title=("实施编码与实施主体编码不符", "Implementation code does not embed the body's code"),
      doc=("实施编码前18位应等于本行实施主体编码（实施主体的统一社会信用代码）。",
           "Characters 1–18 equal the row's 实施主体编码 (the implementing body's credit code)."),
      fail="实施编码：11450721MB155808114000104002000，实施主体编码：11450721348531435D",
      ok="实施编码：11450721MB155808114000104002000，实施主体编码：11450721MB15580811",
      reads=("impl_code", "impl_body_code"))
def impl_code_body(m, ctx):
    c, body = _impl(m), code(m, "impl_body_code")
    if c and len(body) == 18 and c[:18] != body:
        yield m.finding("impl_code", "impl_code.body", embedded=c[:18], body=body)


@rule("CD204", "impl-code-level", family="coding", level="error", kinds=IMPLEMENTATION,
      standard=Standard(PRACTICE, "实施编码第19位 = 行使层级代码（1–6）", "data"),
      title=("实施编码层级位", "Level digit of the implementation code"),
      doc=("实施编码第19位是行使层级代码 1–6（国家级…村级），并应等于本行行使层级（单值时）。",
           "Character 19 is the level code 1–6 (national … village) and equals the row's 行使层级 when that holds "
           "a single value."),
      fail="实施编码第19位：4，行使层级：市级", ok="实施编码第19位：3，行使层级：市级",
      reads=("impl_code", "exercise_level"))
def impl_code_level(m, ctx):
    c = _impl(m)
    if not c:
        return
    digit = c[18]
    if digit not in "123456":
        yield m.finding("impl_code", "impl_code.level_digit", digit=digit)
        return
    level = m.text("exercise_level")
    table = ctx.profile.tables.get("exercise_level")
    if level and table is not None and not any(s in level for s in ",，;；"):
        want = table.code(level)
        if want is not None and want != digit:
            yield m.finding("impl_code", "impl_code.level", digit=digit, level=level, expected=want)


@rule("CD205", "impl-code-basic", family="coding", level="error", kinds=IMPLEMENTATION,
      standard=Standard(PRACTICE, "实施编码第20–31位 = 基本编码", "data"),
      title=("实施编码与基本编码不符", "Implementation code does not embed the basic code"),
      doc=("实施编码后12位应等于本行基本编码。", "The last 12 characters equal the row's 基本编码."),
      fail="实施编码：…4000104002000，基本编码：000104003000", ok="实施编码：…4000104002000，基本编码：000104002000",
      reads=("impl_code", "basic_code"))
def impl_code_basic(m, ctx):
    c, basic = _impl(m), code(m, "basic_code")
    if c and basic and c[19:] != basic:
        yield m.finding("impl_code", "impl_code.basic", embedded=c[19:], basic=basic)


@rule("CD206", "impl-code-unique", family="coding", level="error", kinds=IMPLEMENTATION,
      standard=Standard(PRACTICE, "实施编码在清单内唯一", "data"),
      title=("实施编码重复", "Duplicate implementation code"),
      doc=("同一实施清单中每个实施编码只能出现一次。", "Each implementation code appears once in an implementation list."),
      fail="第4行与第10行的实施编码相同", ok="每行实施编码各不相同")
class ImplCodeUnique:
    scope = "catalogue"

    def __init__(self, ctx):
        self.seen: dict[str, int] = {}

    def row(self, m):
        c = code(m, "impl_code")
        if not c:
            return None
        first = self.seen.setdefault(c, m.place)
        if first != m.place:
            return (m.finding("impl_code", "impl_code.duplicate", first=m.catalogue.ref("impl_code", first)),)
        return None


@rule("CD207", "impl-level-region", family="coding", level="warning", kinds=IMPLEMENTATION,
      standard=Standard("GB 32100-2015 / GB/T 2260", "信用代码第3–8位登记机关区划（层级启发式，coding.md §2.3）", "inf"),
      title=("信用代码区划与层级不符", "Credit-code region does not fit the level"),
      doc=("启发式：省级主体的信用代码区划段通常以0000结尾，市级以00结尾，县级两者都不是（国家级为100000）。"
           "真实数据有例外（深圳 440300 的主体在县级实施），因此只报告警告。",
           "Heuristic: a provincial body's credit-code region ends in 0000, a city's in 00, a county's in neither "
           "(national: 100000). Real data has exceptions (a 440300 body at county level), so this is a warning."),
      fail="实施编码：11450721MB15580811 2 …（县级区划，层级位为省级）", ok="实施编码：11450721MB15580811 4 …",
      reads=("impl_code",))
def impl_level_region(m, ctx):
    c = _impl(m)
    if not c or not c[2:8].isdigit():
        return
    region, digit = c[2:8], c[18]
    fits = {"1": region == "100000" or region.endswith("0000"), "2": region.endswith("0000"),
            "3": region.endswith("00") and not region.endswith("0000"), "4": not region.endswith("00")}.get(digit, True)
    if not fits:
        yield m.finding("impl_code", "impl_code.region_level", region=region, digit=digit)


@rule("CD210", "handle-item-code", family="coding", level="error", kinds=IMPLEMENTATION,
      standard=Standard(PRACTICE, "业务办理项编码33位 = 实施编码 + 2位序号", "data"),
      title=("业务办理项编码格式", "Business-handling-item code format"),
      doc=("业务办理项编码可以为空；填写时为33位：本行实施编码 + 2位序号（不能是00）。",
           "The business-handling-item code may be empty; when given it has 33 characters: the row's "
           "implementation code + a 2-digit sequence other than 00."),
      fail="业务办理项编码：11450721MB1558081140001410050000", ok="业务办理项编码：11450721MB15580811400014100500001",
      reads=("handle_item_code", "impl_code"))
def handle_item_code(m, ctx):
    h = code(m, "handle_item_code")
    if not h or h in ("无", "/"):
        return
    hit = HANDLE.fullmatch(h)
    impl = code(m, "impl_code")
    if hit is None or len(h) != 33:
        yield m.finding("handle_item_code", "handle_code.format", length=len(h))
    elif hit.group("seq") == "00":
        yield m.finding("handle_item_code", "handle_code.seq_zero")
    elif impl and hit.group("impl") != impl:
        yield m.finding("handle_item_code", "handle_code.impl", impl=impl)


@rule("CD211", "handle-item-unique", family="coding", level="error", kinds=IMPLEMENTATION,
      standard=Standard(PRACTICE, "同一实施编码下业务办理项序号唯一", "data"),
      title=("业务办理项编码重复", "Duplicate business-handling-item code"),
      doc=("同一实施编码下的业务办理项序号不能重复。", "Sequence numbers under one implementation code are unique."),
      fail="两行业务办理项编码都是 …00001", ok="…00001 与 …00002")
class HandleItemUnique:
    scope = "catalogue"

    def __init__(self, ctx):
        self.seen: dict[str, int] = {}

    def row(self, m):
        h = code(m, "handle_item_code")
        if len(h) != 33:
            return None
        first = self.seen.setdefault(h, m.place)
        if first != m.place:
            return (m.finding("handle_item_code", "handle_code.duplicate",
                              first=m.catalogue.ref("handle_item_code", first)),)
        return None
