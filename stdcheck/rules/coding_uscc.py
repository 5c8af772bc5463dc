"""CD3xx 统一社会信用代码 / 组织机构代码 and CD4xx 行政区划代码 (reference/coding.md §2, §8 rules 15–21)."""
from __future__ import annotations

from ..codes import region as regions
from ..codes.uscc import GOVERNMENT_KINDS, PROVINCES, diagnose, org_code_valid
from ..kinds import BOTH, IMPLEMENTATION
from .registry import Standard, rule
from .coding import blank_codes, code
from .coding_impl import national_impl
from .where import (PLAIN, col, each_distinct, in_table, matches, maybe_credit, maybe_national, org_check_ok, plain,
                    table_texts, uscc_check_ok, uscc_valid)

USCC_FIELDS = ("impl_body_code", "entrust_dept_code")
GB32100 = Standard("GB 32100-2015", "第4章 代码结构、第5章 校验码", "std")
FORMAT_KINDS = {"uscc.placeholder", "uscc.truncated", "uscc.length", "uscc.format"}
USCC_RE = r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}"        # uscc.FORMAT, ASCII only
PROVINCE_RE = "|".join(sorted(PROVINCES))
# one character repeated: uscc.diagnose's placeholder, in the shapes _where_uscc_format leaves out
SAME = sorted({ch * n for ch in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" for n in (9, 18)}
              | {ch * 8 + "-" + ch for ch in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"})


def _where_uscc_format(ctx):
    """Clean (CD301): each credit-code cell empty, blank, or a plain 18-character code (or 9-character organisation
    code) of the right alphabet that is no placeholder (uscc.diagnose: TE…, one character repeated)."""
    flags = []
    for fid in USCC_FIELDS:
        c = col(fid)
        # the shapes diagnose calls a check, organisation-code or organisation-code-with-hyphen problem
        shaped = matches(fid, rf"^({USCC_RE}|[0-9A-Z]{{8}}-?[0-9X])$") & ~c.str.starts_with("TE") & ~c.is_in(SAME)
        flags.append(~((c == "") | c.is_in(blank_codes(ctx, fid)) | shaped))
    return flags[0] | flags[1]


def _org_length(fid: str):
    return ~matches(fid, r"^[0-9A-Z-]*$") | col(fid).str.len_chars().is_in([9, 10])


def _body_or_impl(ok):
    """Clean for the credit code `_valid_codes` reads for 实施主体编码: `ok(code expression)` of a plain body code
    (one that cannot become 18 characters long: clean), or, when that cell is empty, of the plain 实施编码's first
    18 characters (no national 实施编码: clean)."""
    body, impl = col("impl_body_code"), col("impl_code")
    return (((body != "") & (~maybe_credit("impl_body_code") | (plain("impl_body_code") & ok(body))))
            | ((body == "") & (~maybe_national() | (plain("impl_code") & ok(impl.str.slice(0, 18))))))


def _where_check_char(ctx):
    """Clean (CD302): each credit-code cell one whose code cannot be 18 long, or a plain one that is not of the
    alphabet of uscc.FORMAT or whose check character is right (diagnose reports no uscc.check for it)."""
    def clean(c):        # ~where.maybe_credit | (where.plain & check character right), of the distinct cells
        return ~maybe_credit(c) | (c.str.contains(PLAIN) & (~c.str.contains(f"^{USCC_RE}$") | uscc_check_ok(c)))
    return ~each_distinct(col(USCC_FIELDS[0]), clean) | ~each_distinct(col(USCC_FIELDS[1]), clean)


def _org_fine(c):
    """`c` (a plain code) is not a valid 18-character credit code, or its organisation code passes GB 11714."""
    return each_distinct(c, lambda u: ~((u.str.len_chars() == 18) & uscc_valid(u)) | org_check_ok(u))


def _where_org_check():
    """Clean (CD303): the credit codes `_valid_codes` reads (the body's, or the 实施编码's first 18 characters, and
    the entrusting department's), each plain and not a valid 18-character code or one whose organisation code passes
    its check; a code that cannot be 18 long passes."""
    entrust = ~maybe_credit("entrust_dept_code") | (plain("entrust_dept_code") & _org_fine(col("entrust_dept_code")))
    return ~(_body_or_impl(_org_fine) & entrust)


def _problems(m, ctx):
    blank = ctx.profile.blanks
    for fid in USCC_FIELDS:
        c = code(m, fid)
        if c and c not in blank:
            bad = diagnose(c)
            if bad:
                yield fid, c, bad


def _valid_codes(m, fields=USCC_FIELDS):
    """(element, credit code) for each valid credit code of the row; without an 实施主体编码 the one embedded
    in a national 实施编码 stands for it (reported on 实施编码; CD202 checks that one's format and check)."""
    for fid in fields:
        c = code(m, fid)
        if not c and fid == "impl_body_code":
            fid, c = "impl_code", national_impl(m)[:18]
        if len(c) == 18 and diagnose(c) is None:
            yield fid, c


@rule("CD301", "uscc-format", family="coding", level="error", kinds=BOTH, standard=GB32100,
      title=("统一社会信用代码格式", "Credit code format"),
      doc=("实施主体编码、委托部门代码等须是18位统一社会信用代码（GB 32100 字符集，不含 I、O、S、V、Z）。"
           "分别报告：17位截断、位数不对、占位代码（TE…、2222…）、非法字符。配置 blank_values 中的值（无、/、不涉及……）视为空。",
           "实施主体编码, 委托部门代码 … are 18-character credit codes (GB 32100 alphabet, no I, O, S, V, Z). "
           "Reported separately: a 17-character truncation, a wrong length, a placeholder (TE…, 2222…), bad characters. "
           "The profile's blank_values (无, /, 不涉及 …) count as empty."),
      fail="实施主体编码：1151130000877869M（17位）", ok="实施主体编码：11511300008778693M",
      reads=USCC_FIELDS, where=_where_uscc_format)
def uscc_format(m, ctx):
    for fid, c, (kind, params) in _problems(m, ctx):
        if kind in FORMAT_KINDS:
            yield m.finding(fid, kind, **params)


@rule("CD302", "uscc-check-char", family="coding", level="error", kinds=BOTH, standard=GB32100,
      title=("统一社会信用代码校验位错误", "Wrong credit-code check character"),
      doc=("第18位校验码按 GB 32100 的加权模31算法计算；提示中给出正确的校验位。",
           "Character 18 is the GB 32100 weighted mod-31 check character; the message gives the right one."),
      fail="实施主体编码：11440100007483172R", ok="实施主体编码：11440100007483172Q", reads=USCC_FIELDS,
      where=_where_check_char)
def uscc_check_char(m, ctx):
    for fid, c, (kind, params) in _problems(m, ctx):
        if kind == "uscc.check":
            yield m.finding(fid, kind, **params)


@rule("CD303", "uscc-org-check", family="coding", level="warning", kinds=BOTH,
      standard=Standard("GB 11714-1997", "组织机构代码校验码（信用代码第9–17位）", "std"),
      title=("信用代码中的组织机构代码校验错误", "Embedded organisation code fails its check"),
      doc=("信用代码第9–17位是组织机构代码，其第9位按 GB 11714 模11校验。这是辅助校验，只报告警告。"
           "没有实施主体编码时检查实施编码前18位。",
           "Characters 9–17 are the organisation code, whose last character is the GB 11714 mod-11 check. A "
           "secondary check, so a warning. Without an 实施主体编码 the implementation code's first 18 characters "
           "are checked."),
      fail="实施主体编码：11450721MB15580824（第9–17位校验不通过）", ok="实施主体编码：11450721MB15580811",
      reads=USCC_FIELDS + ("impl_code",), where=lambda ctx: _where_org_check())
def uscc_org_check(m, ctx):
    for fid, c in _valid_codes(m):
        if not org_code_valid(c[8:17]):
            yield m.finding(fid, "uscc.org_check", org=c[8:17])


def _where_kind(ctx):
    """Clean: a 事项类型 text of the table (exact) that is exempt, or a body code (CD303's reading) that is not 18
    long or is of kind 11, 12 or 13."""
    types = ctx.profile.types
    exempt = [x for x in table_texts(types.table) if types.of_text(x) in ctx.opts["exempt_types"]]
    if types.of_text("") in ctx.opts["exempt_types"]:
        exempt.append("")
    government = _body_or_impl(lambda c: (c.str.len_chars() != 18) | c.str.slice(0, 2).is_in(sorted(GOVERNMENT_KINDS)))
    return ~(col("item_type").is_in(exempt) | government)


@rule("CD304", "uscc-kind", family="coding", level="warning", kinds=IMPLEMENTATION,
      standard=Standard("GB 32100-2015", "第1–2位 登记管理部门与机构类别", "std"),
      title=("实施主体的机构类别", "Kind of the implementing body"),
      doc=("行政权力事项的实施主体通常是机关（11）、事业单位（12）或群团组织（13）；其他类别（如企业 91 作为受委托组织）"
           "报告警告。公共服务事项不检查：供水、供电、燃气等企业和社会组织依法提供公共服务（选项 exempt_types，默认 20 公共服务）。"
           "没有实施主体编码时看实施编码前18位。",
           "The implementing body of an administrative power is normally an organ (11), public institution (12) or "
           "mass organisation (13); other kinds (a company 91 acting as an entrusted body) are warnings. Public "
           "services are not checked: water, power and gas companies and associations lawfully provide them "
           "(option exempt_types, default 20 public service). Without an 实施主体编码 the implementation code's "
           "first 18 characters are read."),
      fail="实施主体编码：91440300MA5F12345X，事项类型：行政许可",
      ok="实施主体编码：11450721MB15580811；或 91441500… 的供水企业，事项类型：公共服务",
      options={"exempt_types": {"type": "array", "items": {"type": "string"}, "default": ["20"],
                                "description": "不检查的事项类型代码 / matter type codes not checked"}},
      reads=("impl_body_code", "impl_code", "item_type"),
      where=lambda ctx: _where_kind(ctx))
def uscc_kind(m, ctx):
    if ctx.profile.types.of_text(m.text("item_type")) in ctx.opts["exempt_types"]:
        return
    for fid, c in _valid_codes(m, ("impl_body_code",)):
        if c[:2] not in GOVERNMENT_KINDS:
            yield m.finding(fid, "uscc.kind", kind=c[:2])


@rule("CD305", "org-code-only", family="coding", level="warning", kinds=BOTH,
      standard=Standard("GB 32100-2015", "统一社会信用代码取代组织机构代码", "std"),
      title=("只有组织机构代码", "Organisation code instead of a credit code"),
      doc=("9位（或写成“00877868-5”的）组织机构代码是旧代码，应换成包含它的18位统一社会信用代码。",
           "A 9-character organisation code (or one written '00877868-5') is the old code; replace it with the "
           "18-character credit code that contains it."),
      fail="实施主体编码：083372204", ok="实施主体编码：115113010833722043", reads=USCC_FIELDS,
      # clean: cells of upper-case ASCII letters, digits and hyphens, not 9 or 10 long (a code keeps its length
      # or becomes an 18-character one without its hyphens)
      where=lambda ctx: _org_length("impl_body_code") | _org_length("entrust_dept_code"))
def org_code_only(m, ctx):
    for fid, c, (kind, params) in _problems(m, ctx):
        if kind in ("uscc.org_code_only", "uscc.org_code_hyphen"):
            yield m.finding(fid, kind, **params)


def _where_uscc_region():
    """Clean: plain codes, each not 18 long or with a province (or 10) at 3–4, the body's being 10, that of a plain
    行政区划代码, or any when that names no province."""
    area = col("region_code")
    named = (area.str.len_chars() >= 6) & area.str.slice(0, 2).is_in(sorted(PROVINCES))

    def ok(c, body=True):
        seg = c.str.slice(2, 2)
        fine = seg.is_in(["10", *sorted(PROVINCES)])
        if body:
            fine = fine & ((seg == "10") | (seg == area.str.slice(0, 2)) | ~named)
        return (c.str.len_chars() != 18) | fine
    entrust = plain("entrust_dept_code") & ok(col("entrust_dept_code"), body=False)
    return ~(plain("region_code") & _body_or_impl(ok) & entrust)


@rule("CD306", "uscc-region", family="coding", level="warning", kinds=BOTH,
      standard=Standard("GB 32100-2015 / GB/T 2260", "第3–8位 登记管理机关行政区划码", "std"),
      title=("信用代码区划段", "Region segment of the credit code"),
      doc=("信用代码第3–4位应是有效的省级代码（国家级为10）；有行政区划代码列时实施主体的应与其省份一致。"
           "没有实施主体编码时看实施编码前18位。",
           "Characters 3–4 are a valid province code (10 for national bodies) and, when an area-code column is "
           "present, the implementing body's is of the same province. Without an 实施主体编码 the implementation "
           "code's first 18 characters are read."),
      fail="实施主体编码：11990721MB15580811", ok="实施主体编码：11450721MB15580811",
      reads=("impl_body_code", "entrust_dept_code", "region_code", "impl_code"),
      where=lambda ctx: _where_uscc_region())
def uscc_region(m, ctx):
    area = code(m, "region_code")
    for fid, c in _valid_codes(m):
        if c[2:4] != "10" and c[2:4] not in PROVINCES:
            yield m.finding(fid, "uscc.region", province=c[2:4])
        elif fid != "entrust_dept_code" and len(area) >= 6 and area[:2] in PROVINCES and c[2:4] not in ("10", area[:2]):
            yield m.finding(fid, "uscc.region_mismatch", province=c[2:4], area=area[:6])


@rule("CD401", "region-code-format", family="coding", level="error", kinds=BOTH,
      standard=Standard("GB/T 2260-2007", "6位代码；平台12位 = 6位 + 乡镇3位 + 村3位", "std"),
      title=("行政区划代码格式", "Area code format"),
      doc=("行政区划代码为6位（GB/T 2260）或12位（平台：6位 + 乡镇3位 + 村3位），前两位是有效的省级代码；"
           "第3–4位为00（省本级）时第5–6位也应为00（警告）。",
           "The area code has 6 digits (GB/T 2260) or 12 (platform: 6 + township 3 + village 3); the first two "
           "are a valid province. When digits 3–4 are 00 (the province itself) digits 5–6 are 00 too (warning)."),
      fail="行政区划代码：51160", ok="行政区划代码：511602000000", reads=("region_code",),
      # clean: empty, or 6 or 12 digits of a province, not 00 at 3–4 with other than 00 at 5–6 (regions.problem)
      where=lambda ctx: ~matches("region_code", rf"^(({PROVINCE_RE})(0000|(0[1-9]|[1-9][0-9])[0-9]{{2}})([0-9]{{6}})?)?$"))
def region_code_format(m, ctx):
    c = code(m, "region_code")
    bad = regions.problem(c) if c else None
    if bad:
        f = m.finding("region_code", bad[0], **bad[1])
        yield f.at_most("warning") if bad[0] == "region.zeros" else f


def _where_region_known(ctx):
    """Clean (CD402): a plain 行政区划代码 that the check leaves to CD401 (not 6 or 12 digits, a format problem) or
    whose first 6 digits are a code in use in the table: the option's file (every row when it cannot be read: the
    check meets the error), else python-stdnum's, read only when a sheet has such a code (every such code when the
    table's shape is not the one expected)."""
    path = ctx.opts["region_table"]
    checked = matches("region_code", rf"^({PROVINCE_RE})(0000|(0[1-9]|[1-9][0-9])[0-9]{{2}})([0-9]{{6}})?$")
    first6 = col("region_code").str.slice(0, 6)
    if not path:
        return ~plain("region_code") | (checked & ~in_table(first6, regions.builtin_in_use))
    known = regions.table_in_use(path)
    if known is None:
        return col("region_code").is_not_null()       # every row (a literal would be one row long)
    return ~plain("region_code") | (checked & ~first6.is_in(sorted(known)))


@rule("CD402", "region-code-known", family="coding", level="warning", kinds=BOTH,
      standard=Standard("GB/T 2260", "代码表（选项 region_table 提供的文件，否则 python-stdnum 收录的历年代码）", "std"),
      title=("行政区划代码不在代码表中或已撤销", "Area code unknown or abolished"),
      doc=("行政区划代码（前6位）必须在 GB/T 2260 代码表中；已撤销或变更的代码报告警告并给出年份（代码表文件给出新代码时也给出新代码）。"
           "代码表取自选项 region_table 指定的文件；未指定时用 python-stdnum 收录的县级及以上历年代码（取自维基百科的行政区划代码列表，"
           "随 stdnum 版本更新，最新调整可能滞后，故为警告）。",
           "The area code (first 6 digits) must be in the GB/T 2260 table; an abolished or changed code is a warning "
           "with the year (and its successor when a table file gives one). The table is the file of option "
           "region_table, else the county-level codes with their history shipped by python-stdnum (from the Wikipedia "
           "lists; the newest changes may lag, hence a warning)."),
      fail="行政区划代码：110103（2010年撤销，并入110101）", ok="行政区划代码：110101",
      options={"region_table": {"type": ["string", "null"], "default": None,
                                "description": "GB/T 2260 代码表文件路径 / path of a GB/T 2260 table file"}},
      reads=("region_code",), where=lambda ctx: _where_region_known(ctx))
def region_code_known(m, ctx):
    path = ctx.opts["region_table"]
    c = code(m, "region_code")
    if len(c) not in (6, 12) or not c.isdigit() or regions.problem(c):      # a malformed code is CD401's
        return
    entry = regions.load(path).get(c[:6]) if path else regions.builtin(c[:6])
    where = "" if path else "_builtin"
    if entry is None:
        yield m.finding("region_code", "region.unknown" + where, code=c[:6])
    elif entry.status != "在用":
        yield m.finding("region_code", "region.abolished" + where, code=c[:6], name=entry.name, year=entry.until or "?",
                        successor=entry.successor or "-")
