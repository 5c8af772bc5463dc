"""CD2xx: 实施编码 (31 = credit code 18 + 行使层级 1 + 基本编码 12) and 业务办理项编码 (33 = 实施编码 + 2)
(reference/coding.md §1.2–1.3, §8 rules 9–14)."""
from __future__ import annotations

from functools import lru_cache

from ..codes.cells import SEPARATORS
from ..codes.structure import HANDLE, IMPL, clean, implied_impl, local_format
from ..codes.uscc import diagnose
from ..kinds import IMPLEMENTATION
from ..model import Matter
from .registry import Standard, rule
from .coding import PRACTICE, blank_codes, code, column_codes, dehyphen, repeats
from .where import (col, each_distinct, matches, maybe_credit, maybe_national, pair, plain, table_texts,
                    uscc_valid)

IMPL_RE = r"[0-9A-Z]{18}[0-9A-Z][0-9]{9}[0-9A-Z]{3}"        # structure.IMPL, ASCII only


def national_impl(m) -> str:
    """The 实施编码 (as it should have been typed) when it has the national 31-character shape — or the one a
    33-character 业务办理项编码 written in its place implies (CD201 reports that once) — else ''."""
    raw = m.values.get("impl_code")
    return _national(raw) if raw else ""


@lru_cache(maxsize=256)             # several rules ask about the same row's code in turn
def _national(raw: str) -> str:
    c = clean(raw)
    if "-" in c:
        c = dehyphen("impl_code", c) or c
    return c if len(c) == 31 and IMPL.fullmatch(c) else implied_impl(c) or ""


def handle_code(m, ctx) -> str:
    """The row's 业务办理项编码 as it should have been typed, '' when empty or a blank value (无, /, 不涉及 …).
    A row that has one is a 业务办理项: a list at that granularity repeats the 实施编码."""
    h = code(m, "handle_item_code")
    return "" if h in ctx.profile.blanks else h


def _where_impl_format(ctx):
    """Clean: empty or a plain national code; a Sichuan-like code (structure.local_format, ASCII); with
    local_hyphenated any code with a hyphen (it keeps it, or loses it to become a national code)."""
    sichuan = (matches("impl_code", r"^[0-9A-Z]{1,14}(-[0-9A-Za-z]+){2,}$")
               & matches("impl_code", r"(^|-)51[0-9]{10}(-|$)"))
    flag = ~matches("impl_code", rf"^({IMPL_RE})?$") & ~sichuan
    if ctx.opts["local_hyphenated"]:
        flag = flag & ~col("impl_code").str.contains("-", literal=True)
    return flag


@rule("CD201", "impl-code-format", family="coding", level="error", kinds=IMPLEMENTATION,
      standard=Standard(PRACTICE, "实施编码31位 = 信用代码18 + 行使层级1 + 基本编码12", "data"),
      title=("实施编码格式", "Implementation code format"),
      doc=("实施编码为31位：实施主体的统一社会信用代码18位 + 行使层级代码1位 + 基本编码12位。33位、前31位是格式正确的"
           "实施编码的值是写进实施编码列的业务办理项编码（广东政务服务网导出常见），报告一次并给出它对应的31位实施编码；"
           "其他规则按该31位实施编码继续检查，不再连带报告。已知的地方格式（如四川带连字符的编码）由 CD501 报告为提示；"
           "选项 local_hyphenated 为 true 时（51-sichuan 配置），带连字符的编码一律交给四川结构规则 CD502，不在此重复报告。"
           "选项 item_code_in_impl 设定33位业务办理项编码情形的级别（44-guangdong：warning，门户导出的做法）。",
           "The implementation code has 31 characters: the implementing body's credit code (18) + the level "
           "digit (1) + the basic code (12). A 33-character value whose first 31 characters are a well-formed "
           "implementation code is a business-handling-item code written in the implementation-code column (common "
           "in 广东 portal exports): reported once, with the 31-character code it implies, which the other rules "
           "then check instead of reporting the same fact again. Known local formats (Sichuan's hyphenated codes) "
           "are CD501 (info); with option local_hyphenated (set by the 51-sichuan profile) every hyphenated code is "
           "left to the Sichuan structure rule CD502 instead of being reported twice. Option item_code_in_impl sets the "
           "level of the item-code case (44-guangdong: warning, the portal's export practice)."),
      fail="实施编码：11450721MB1558081140001040020（29位）；114420003247769130344010201600001（33位：业务办理项编码）",
      ok="实施编码：11450721MB155808114000104002000",
      options={"item_code_in_impl": {"enum": ["error", "warning", "info"], "default": "error",
                                     "description": "33位业务办理项编码写在实施编码列时的级别（44-guangdong：warning，平台导出的做法）"
                                                    " / level of a 33-character item code in the implementation-code "
                                                    "column (44-guangdong: warning, the portal's export practice)"},
               "local_hyphenated": {"type": "boolean", "default": False,
                                    "description": "带连字符的实施编码是地方编码，只由地方格式规则（CD502）检查（51-sichuan 配置为 true）"
                                                   " / hyphenated codes are local codes, judged by the local-format "
                                                   "rule CD502 only (true in 51-sichuan)"}},
      where=lambda ctx: _where_impl_format(ctx))
def impl_code_format(m, ctx):
    c = code(m, "impl_code")
    if not c or (len(c) == 31 and IMPL.fullmatch(c)) or local_format(c) is not None:
        return
    implied = implied_impl(c)
    if implied:
        yield m.finding("impl_code", "impl_code.handle_code", implied=implied).at_most(ctx.opts["item_code_in_impl"])
    elif not (ctx.opts["local_hyphenated"] and "-" in c):
        yield m.finding("impl_code", "impl_code.format", length=len(c))


@rule("CD202", "impl-code-uscc", family="coding", level="error", kinds=IMPLEMENTATION,
      standard=Standard("GB 32100-2015", "第4章 代码结构、附录 校验码", "std"),
      title=("实施编码中的信用代码无效", "Invalid credit code inside the implementation code"),
      doc=("实施编码前18位必须是通过 GB 32100 校验的统一社会信用代码；“TE…”等占位代码格式看似正确，只有校验位能发现。"
           "提示中给出正确的校验位。",
           "The first 18 characters are a credit code that passes the GB 32100 check; placeholders such as 'TE…' "
           "look well-formed and only the check character catches them. The message names the right character."),
      fail="实施编码：11440100007483172R3440106043001", ok="实施编码：11440100007483172Q3440106043001",
      # clean: no national 实施编码 (a Sichuan code), or a plain one whose first 18 characters diagnose passes
      where=lambda ctx: maybe_national() & ~(plain("impl_code") & each_distinct(col("impl_code").str.slice(0, 18),
                                                                                 uscc_valid)))
def impl_code_uscc(m, ctx):
    c = national_impl(m)
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
      reads=("impl_code", "impl_body_code"),
      # clean: no national 实施编码, a body code that cannot be 18 long, or a plain one that the plain 实施编码 starts with
      where=lambda ctx: maybe_national() & maybe_credit("impl_body_code") & ~(plain("impl_body_code") & plain("impl_code") & (
          col("impl_code").str.slice(0, 18) == col("impl_body_code"))))
def impl_code_body(m, ctx):
    c, body = national_impl(m), code(m, "impl_body_code")
    if c and len(body) == 18 and c[:18] != body:
        yield m.finding("impl_code", "impl_code.body", embedded=c[:18], body=body)


def _where_impl_level(ctx):
    """Clean: no national 实施编码, or a plain one with a level digit 1–6 and an empty 行使层级 or a text of the
    table (exact, as the cell) that the check accepts beside that digit. Other texts are flagged."""
    table = ctx.profile.tables.get("exercise_level")
    digit = col("impl_code").str.slice(18, 1)

    def fine(level: str, d: str) -> bool:                # the check's own condition, for one text
        want = table.code(level) if table is not None and not SEPARATORS.search(level) else None
        return want is None or want == d
    ok = [f"{d}|{x}" for d in "123456" for x in table_texts(table) if fine(x, d)]
    level = col("exercise_level")
    good = digit.is_in(list("123456")) & ((level == "") | pair(digit, level).is_in(ok))
    if table is None:
        good = digit.is_in(list("123456"))
    return ~(~maybe_national() | (plain("impl_code") & good))


@rule("CD204", "impl-code-level", family="coding", level="error", kinds=IMPLEMENTATION,
      standard=Standard(PRACTICE, "实施编码第19位 = 行使层级代码（1–6）", "data"),
      title=("实施编码层级位", "Level digit of the implementation code"),
      doc=("实施编码第19位是行使层级代码 1–6（国家级…村级），并应等于本行行使层级（单值时）。",
           "Character 19 is the level code 1–6 (national … village) and equals the row's 行使层级 when that holds "
           "a single value."),
      fail="实施编码第19位：4，行使层级：市级", ok="实施编码第19位：3，行使层级：市级",
      reads=("impl_code", "exercise_level"),
      where=lambda ctx: _where_impl_level(ctx))
def impl_code_level(m, ctx):
    c = national_impl(m)
    if not c:
        return
    digit = c[18]
    if digit not in "123456":
        yield m.finding("impl_code", "impl_code.level_digit", digit=digit)
        return
    level = m.text("exercise_level")
    table = ctx.profile.tables.get("exercise_level")
    if level and table is not None and not SEPARATORS.search(level):      # a single level only
        want = table.code(level)
        if want is not None and want != digit:
            yield m.finding("impl_code", "impl_code.level", digit=digit, level=level, expected=want)


@rule("CD205", "impl-code-basic", family="coding", level="error", kinds=IMPLEMENTATION,
      standard=Standard(PRACTICE, "实施编码第20–31位 = 基本编码", "data"),
      title=("实施编码与基本编码不符", "Implementation code does not embed the basic code"),
      doc=("实施编码后12位应等于本行基本编码。", "The last 12 characters equal the row's 基本编码."),
      fail="实施编码：…4000104002000，基本编码：000104003000", ok="实施编码：…4000104002000，基本编码：000104002000",
      reads=("impl_code", "basic_code"),
      # clean: no basic code, no national 实施编码, or plain codes, the 实施编码 ending (at 20–31) in the basic code
      where=lambda ctx: ~((col("basic_code") == "") | ~maybe_national() | (
          plain("impl_code") & plain("basic_code") & (col("impl_code").str.slice(19, 12) == col("basic_code")))))
def impl_code_basic(m, ctx):
    c, basic = national_impl(m), code(m, "basic_code")
    if c and basic and c[19:] != basic:
        yield m.finding("impl_code", "impl_code.basic", embedded=c[19:], basic=basic)


@rule("CD206", "impl-code-unique", family="coding", level="error", kinds=IMPLEMENTATION,
      standard=Standard(PRACTICE, "实施编码在清单内唯一", "data"),
      title=("实施编码重复", "Duplicate implementation code"),
      doc=("同一实施清单中每个实施编码只能出现一次。按业务办理项逐行列出的清单（填有业务办理项编码的行）中，同一实施编码"
           "下的各业务办理项重复实施编码是正常的：这些行的唯一性由业务办理项编码保证（CD211），本规则只比较没有业务办理项编码的行。",
           "Each implementation code appears once in an implementation list. A list with one row per "
           "business-handling item (rows that carry a 业务办理项编码) repeats the implementation code for each item: "
           "those rows are kept unique by their 业务办理项编码 (CD211), and only rows without one are compared here."),
      fail="第4行与第10行的实施编码相同（均无业务办理项编码）", ok="每行实施编码各不相同；或同一实施编码下业务办理项编码 …01、…02 各一行")
class ImplCodeUnique:
    scope = "catalogue"

    def __init__(self, ctx):
        self.blanks = ctx.profile.blanks
        self.seen: dict[str, int] = {}

    def rows(self, chunk):
        blanks = self.blanks
        keys = ["" if h and h not in blanks else c           # a 业务办理项 row (handle_code): CD211 keeps it unique
                for c, h in zip(column_codes(chunk, "impl_code"), column_codes(chunk, "handle_item_code"))]
        return repeats(chunk, "impl_code", keys, self.seen, "impl_code.duplicate")


def _fits(region, digit):
    """The check's `fits` as an expression (true: nothing to report), for a 6-character region and a level digit."""
    e4, e2 = region.str.ends_with("0000"), region.str.ends_with("00")
    return (~region.str.contains(r"^[0-9]{6}$") | ~digit.is_in(list("1234"))
            | ((digit == "1") & ((region == "100000") | e4)) | ((digit == "2") & e4)
            | ((digit == "3") & e2 & ~e4) | ((digit == "4") & ~e2))


def _where_level_region():
    """Clean: with a 实施编码, none that is national, or a plain one whose region fits its level digit; without one,
    a plain body code that is not 18 long or an empty 行使层级 (a level text is flagged)."""
    impl, body = col("impl_code"), col("impl_body_code")
    with_impl = ~maybe_national() | (plain("impl_code") & _fits(impl.str.slice(2, 6), impl.str.slice(18, 1)))
    without = (plain("impl_body_code") & (body.str.len_chars() != 18)) | (col("exercise_level") == "")
    return ~(((impl != "") & with_impl) | ((impl == "") & without))


@rule("CD207", "impl-level-region", family="coding", level="warning", kinds=IMPLEMENTATION,
      standard=Standard("GB 32100-2015 / GB/T 2260", "信用代码第3–8位登记机关区划（层级启发式，coding.md §2.3）", "inf"),
      title=("信用代码区划与层级不符", "Credit-code region does not fit the level"),
      doc=("启发式：省级主体的信用代码区划段通常以0000结尾，市级以00结尾，县级两者都不是（国家级为100000）。"
           "看实施编码的前18位与第19位；没有实施编码时看实施主体编码与行使层级（单值）。"
           "真实数据有例外（深圳 440300 的主体在县级实施），因此只报告警告。",
           "Heuristic: a provincial body's credit-code region ends in 0000, a city's in 00, a county's in neither "
           "(national: 100000). Reads the implementation code's first 18 characters and character 19, or, without "
           "an implementation code, the 实施主体编码 and a single-valued 行使层级. Real data has exceptions (a 440300 "
           "body at county level), so this is a warning."),
      fail="实施编码：11450721MB15580811 2 …（县级区划，层级位为省级）；或 实施主体编码 11450721MB15580811，行使层级：省级",
      ok="实施编码：11450721MB15580811 4 …", reads=("impl_code", "impl_body_code", "exercise_level"),
      where=lambda ctx: _where_level_region())
def impl_level_region(m, ctx):
    c = national_impl(m)
    if c:
        fid, uscc, digit = "impl_code", c[:18], c[18]
    elif not m.text("impl_code"):
        table, level = ctx.profile.tables.get("exercise_level"), m.text("exercise_level")
        fid, uscc = "impl_body_code", code(m, "impl_body_code")
        digit = table.code(level) if table is not None and level and not SEPARATORS.search(level) else None
        if len(uscc) != 18 or digit is None:
            return
    else:
        return
    region = uscc[2:8]
    if not region.isdigit():
        return
    fits = {"1": region == "100000" or region.endswith("0000"), "2": region.endswith("0000"),
            "3": region.endswith("00") and not region.endswith("0000"), "4": not region.endswith("00")}.get(digit, True)
    if not fits:
        yield m.finding(fid, "impl_code.region_level", region=region, digit=digit)


def _type_means(ctx, basic):
    """What a 基本编码 expression's type digits mean (TypeScheme.of_basic(...).means), null when nothing."""
    import polars as pl
    types = ctx.profile.types
    digits = [f"{i:02d}" for i in range(100)]
    national = {d: types.of_basic("~~" + d).means for d in digits}            # "~~": no province's own numbering
    local = {s + d: types.of_basic(s + d).means for s in types.local for d in digits}
    key = basic.str.slice(0, 4)
    return (pl.when(key.is_in(sorted(local))).then(key.replace_strict(local, default=None, return_dtype=pl.String))
            .otherwise(basic.str.slice(2, 2).replace_strict(national, default=None, return_dtype=pl.String)))


def _where_handle(ctx):
    """Clean: an empty or blank 业务办理项编码, or a plain 33-character one with a sequence other than 00 beside an
    empty 实施编码 or a plain national one (31, or a 33-character item code) that it starts with — or, with option
    national_basic_code, that it starts with but for a national basic code of a matter type that agrees."""
    h, impl = col("handle_item_code"), col("impl_code")
    blank = (h == "") | h.is_in(blank_codes(ctx, "handle_item_code"))
    national = matches("impl_code", rf"^{IMPL_RE}([0-9]{{2}})?$")
    same = (impl == "") | (national & (h.str.slice(0, 31) == impl.str.slice(0, 31)))
    if ctx.opts["national_basic_code"]:
        a, b = _type_means(ctx, h.str.slice(19, 12)), _type_means(ctx, impl.str.slice(19, 12))
        same = same | (national & (h.str.slice(0, 19) == impl.str.slice(0, 19)) & (h.str.slice(19, 2) == "00")
                       & (impl.str.slice(19, 2) != "00") & (a.is_null() | b.is_null() | (a == b)).fill_null(False))
    return ~(blank | (matches("handle_item_code", r"^[0-9A-Z]{31}[0-9]{2}$") & ~h.str.ends_with("00") & same))


@rule("CD210", "handle-item-code", family="coding", level="error", kinds=IMPLEMENTATION,
      standard=Standard(PRACTICE, "业务办理项编码33位 = 实施编码 + 2位序号", "data"),
      title=("业务办理项编码格式", "Business-handling-item code format"),
      doc=("业务办理项编码可以为空（配置 blank_values 中的“无”“/”“-”“暂无”“不涉及”等也算空）；填写时为33位："
           "本行实施编码 + 2位序号（不能是00）。实施编码列误填了33位业务办理项编码时，与它对应的31位实施编码比较（CD201 已报告）。"
           "选项 national_basic_code（44-guangdong 配置）：本省实施编码按地方基本编码编制、业务办理项编码按国家基本编码（00…）"
           "编制是平台做法，此时只比较信用代码与层级位，并要求两个基本编码的事项类型一致（类型段含义见 CD103）。",
           "The business-handling-item code may be empty (so may the profile's blank_values: 无, /, -, 暂无, "
           "不涉及 …); when given it has 33 characters: the row's implementation code + a 2-digit sequence "
           "other than 00. When the implementation-code column holds a 33-character item code, the 31-character code "
           "it implies is compared (CD201 reports it). Option national_basic_code (44-guangdong): the province's "
           "implementation codes embed the local basic code while the item codes embed the national one (00…); then "
           "only the credit code and level digit are compared, and the two basic codes' matter types must agree "
           "(type digits as CD103 reads them)."),
      fail="业务办理项编码：11450721MB1558081140001410050000", ok="业务办理项编码：11450721MB15580811400014100500001",
      options={"national_basic_code": {
          "type": "boolean", "default": False,
          "description": "业务办理项编码可按国家基本编码编制而实施编码按本省地方基本编码编制（44-guangdong 为 true）"
                         " / item codes may embed the national basic code while implementation codes embed the "
                         "local one (true in 44-guangdong)"}},
      reads=("handle_item_code", "impl_code"),
      where=lambda ctx: _where_handle(ctx))
def handle_item_code(m, ctx):
    h = handle_code(m, ctx)
    if not h:
        return
    hit = HANDLE.fullmatch(h)
    impl = national_impl(m) or code(m, "impl_code")
    if hit is None or len(h) != 33:
        yield m.finding("handle_item_code", "handle_code.format", length=len(h))
    elif hit.group("seq") == "00":
        yield m.finding("handle_item_code", "handle_code.seq_zero")
    elif impl and hit.group("impl") != impl:
        national_local = len(impl) == 31 and h[:19] == impl[:19] and h[19:21] == "00" != impl[19:21]
        if national_local and ctx.opts["national_basic_code"]:
            yield from _national_local_types(m, ctx, h[19:31], impl[19:31])
        elif national_local:
            yield m.finding("handle_item_code", "handle_code.national_basic", national=h[19:31], local=impl[19:31])
        else:
            yield m.finding("handle_item_code", "handle_code.impl", impl=impl)


def _national_local_types(m, ctx, national: str, local: str):
    """An item code on the national basic code beside a local 实施编码: their matter types must agree."""
    types = ctx.profile.types
    a, b = types.of_basic(national), types.of_basic(local)
    if a and b and a.means and b.means and a.means != b.means:
        finding = m.finding("handle_item_code", "handle_code.type", national=national, local=local,
                            national_type=types.label(a.means), local_type=types.label(b.means))
        yield finding.at_most("warning") if "extension" in (a.status, b.status) else finding


@rule("CD211", "handle-item-unique", family="coding", level="error", kinds=IMPLEMENTATION,
      standard=Standard(PRACTICE, "同一实施编码下业务办理项序号唯一", "data"),
      title=("业务办理项编码重复", "Duplicate business-handling-item code"),
      doc=("同一实施编码下的业务办理项序号不能重复。", "Sequence numbers under one implementation code are unique."),
      fail="两行业务办理项编码都是 …00001", ok="…00001 与 …00002")
class HandleItemUnique:
    scope = "catalogue"

    def __init__(self, ctx):
        self.seen: dict[str, int] = {}

    def rows(self, chunk):
        keys = [h if len(h) == 33 else "" for h in column_codes(chunk, "handle_item_code")]
        return repeats(chunk, "handle_item_code", keys, self.seen, "handle_code.duplicate")


@rule("CD212", "handle-item-sequence", family="coding", level="info", kinds=IMPLEMENTATION,
      standard=Standard(PRACTICE, "业务办理项序号从01起连续（coding.md §8 第14条，推断）", "inf"),
      title=("业务办理项序号不连续", "Business-handling-item numbers not consecutive"),
      doc=("同一实施编码下的业务办理项编码序号最好从01起连续编号（01、02、03……）；缺号可能是漏报了业务办理项。"
           "这是推断的惯例（真实数据中有 01/02 成对出现），因此只作提示。报告在该实施编码的第一个业务办理项上。",
           "The sequence numbers of the business-handling items under one implementation code ideally run "
           "from 01 without gaps (01, 02, 03 …); a gap may be a missing item. The convention is inferred (real "
           "data shows 01/02 pairs), so this is info. Reported at the first item of that implementation code."),
      fail="同一实施编码下只有 …01 与 …03（缺 02）", ok="…01 与 …02")
class HandleItemSequence:
    """State for 1,000,000 rows stays small: one int per 实施编码. Its low bits are the set of sequence numbers
    seen (bit n = 序号 n, n < 100); above them sits the first item's place * 100 + its sequence number."""
    scope = "catalogue"
    SHOWN = 5                     # missing numbers named in the message
    SEQ_BITS = 100

    def __init__(self, ctx):
        self.seqs: dict[str, int] = {}
        self.cat = None

    def start(self, cat):
        self.cat = cat
        return ()

    def rows(self, chunk):
        seqs, matters = self.seqs, chunk.matters
        for i, h in enumerate(column_codes(chunk, "handle_item_code")):
            if len(h) == 33 and h[31:].isdigit() and h[31:] != "00":
                impl, seq = h[:31], int(h[31:])
                packed = seqs.get(impl)
                if packed is None:
                    m = matters[i]
                    place = m.row if m.row is not None else (m.lines or {}).get("handle_item_code", m.line)
                    packed = (place * 100 + seq) << self.SEQ_BITS
                seqs[impl] = packed | 1 << seq

    def end(self):
        cat, mask = self.cat, (1 << self.SEQ_BITS) - 1
        yaml = cat.format == "yaml"
        for impl, packed in self.seqs.items():
            bits = packed & mask
            top = bits.bit_length() - 1
            missing = [n for n in range(1, top) if not bits >> n & 1]
            if not missing:
                continue
            place, seq = divmod(packed >> self.SEQ_BITS, 100)
            first = Matter(cat, {"impl_code": impl, "handle_item_code": f"{impl}{seq:02d}"},
                           None if yaml else place, {"handle_item_code": place} if yaml else None, None,
                           place if yaml else None)
            shown = ", ".join(f"{n:02d}" for n in missing[:self.SHOWN]) + (" …" if len(missing) > self.SHOWN else "")
            yield first.finding("handle_item_code", "handle_code.gaps", impl=impl, missing=shown, top=f"{top:02d}")
