"""CD0xx–CD1xx: Excel hygiene of code cells and the 基本编码 (reference/coding.md §1.1, §1.8, §8 rules 1–8).

Implementation codes are in coding_impl.py, credit and area codes in coding_uscc.py, local formats in
coding_local.py. Format rules judge the code as it should have been typed (`clean`: half-width, no
spaces, upper case), so each hygiene problem is reported once, by its own rule.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..codes.cells import CODE_FIELDS
from ..codes.corrections import halfwidth, without_spaces
from ..codes.structure import (BASIC, BASIC_LENIENT, HANDLE, IMPL, clean, local_format, PLACEHOLDERS, placeholder_segments, table_pad,
                               zero_pad)
from ..codes.uscc import FORMAT as USCC_FORMAT
from ..codes.uscc import PROVINCES
from ..kinds import BASIC as BASIC_KIND
from ..kinds import BOTH
from ..normalize import suffix_base
from .registry import Standard, rule
from .where import any_contains, col, matches, never, pair, plain, table_texts, typed

LETTER_CODES = ("basic_code", "impl_code", "handle_item_code", "impl_body_code", "entrust_dept_code")
NUMBER_TEXT = re.compile(r"\d+(?:\.\d+)?[Ee][+-]?\d+|\d+\.0+")
SPACE = re.compile(r"\s").search
FULLWIDTH = re.compile("[\uff01-\uff5e\u3000]").search
LOWER = re.compile("[a-z]").search
PRACTICE = "GB/T 39554.1-2020（平台实践）"


# Fixed-width code elements and what a well-formed code of each looks like (structure, not check digits).
WIDTHS = {"basic_code": 12, "impl_code": 31, "handle_item_code": 33, "impl_body_code": 18, "entrust_dept_code": 18}
WELL_FORMED = {
    "basic_code": BASIC_LENIENT.fullmatch,
    "impl_code": IMPL.fullmatch,
    "handle_item_code": lambda c: HANDLE.fullmatch(c) and IMPL.fullmatch(c[:31]),
    "impl_body_code": USCC_FORMAT.fullmatch,
    "entrust_dept_code": USCC_FORMAT.fullmatch,
}


def well_formed(fid: str, c: str) -> bool:
    return len(c) == WIDTHS.get(fid) and bool(WELL_FORMED[fid](c))


def dehyphen(fid: str, c: str) -> str | None:
    """`c` without its hyphens when that is a well-formed code of element `fid` (CD006's correction), else None."""
    fixed = c.replace("-", "")
    return fixed if fixed != c and well_formed(fid, fixed) else None


def code(m, fid: str) -> str:
    """The code of element `fid` as it should have been typed ('' when empty): half-width, no spaces, upper
    case, and without hyphens when removing them gives a well-formed code (CD003–CD006 report those)."""
    return _code_of(fid, m.values.get(fid))


def column_codes(chunk, fid: str) -> list[str]:
    """`code` of element `fid` for every matter of a chunk (engine/replay.py Chunk), computed once per chunk for
    the rules that read a column at a time (rows(chunk))."""
    return chunk.derived(("code", fid), lambda ch: [_code_of(fid, raw) for raw in ch.column(fid)])


def _code_of(fid: str, raw: str | None) -> str:
    """`code` of a cell's text: the common case (ASCII letters and digits, as clean() has it) without the memo."""
    if not raw:
        return ""
    return raw.upper() if raw.isascii() and raw.isalnum() else _code(fid, raw)


def repeats(chunk, fid: str, keys: list[str], seen: dict, message: str) -> list:
    """The findings of a "first seen" uniqueness rule on one chunk: a row whose key (when not '') an earlier row
    had, at that row's element `fid`, naming the first row. `seen` keeps each key's first place across chunks."""
    matters, places = chunk.matters, chunk.places
    firsts = list(map(seen.setdefault, keys, places))        # the first place of each key, in C
    return [matters[i].finding(fid, message, first=matters[i].catalogue.ref(fid, first))
            for i, first in enumerate(firsts) if first != places[i] and keys[i]]


@lru_cache(maxsize=1024)            # a row's codes are asked for by a dozen rules in turn
def _code(fid: str, raw: str) -> str:
    c = clean(raw)
    return (dehyphen(fid, c) or c) if "-" in c else c


@rule("CD001", "code-numeric-cell", family="coding", level="error", kinds=BOTH,
      standard=Standard(PRACTICE, "编码为字符型", "data"),
      title=("编码单元格存为数字", "Code cell stored as a number"),
      doc=("编码类要素（基本编码、实施编码、统一社会信用代码、区划代码等）必须以文本存储。存为数字的单元格会丢失前导零、"
           "显示为科学计数法（1.1E+17）或带“.0”，导出后编码即被损坏。YAML 中未加引号的编码同样会被当作数字。"
           "定长的编码（基本编码12位、信用代码18位……）和补零的代码表（事项类型）补足前导零后是格式正确的编码时，"
           "提示中给出补零后的写法。",
           "Code elements (basic code, implementation code, credit code, region code …) must be stored as text. "
           "A numeric cell loses leading zeros, shows as 1.1E+17 or gains '.0', and the code is corrupted on export. "
           "An unquoted code in YAML is read as a number too. When the element has a fixed width (basic code 12, "
           "credit code 18 …) or a zero-padded code table (matter type) and the zero-padded value is a well-formed "
           "code, the message gives it."),
      fail="基本编码：104002000（数字单元格，前导零已丢失；应为“000104002000”）", ok="基本编码：'000104002000'（文本单元格）",
      where=lambda ctx: typed())
def code_numeric_cell(m, ctx):
    types = m.types
    if types:
        yaml = m.catalogue.format == "yaml"
        for fid in CODE_FIELDS:
            if types.get(fid) == "n":
                text = m.values.get(fid) or ""
                fixed = _padded(ctx, fid, text)
                if fixed is not None and fixed != text:
                    f = m.finding(fid, "code.numeric_yaml_fixed" if yaml else "code.numeric_cell_fixed", fixed=fixed)
                else:
                    f = m.finding(fid, "code.numeric_yaml" if yaml else "code.numeric_cell")
                # the certain correction: a code table's padding (01), else in YAML the text as written, quoted
                padded = fixed if fid not in WIDTHS else None
                yield f.fixed(padded if padded is not None else text if yaml else None)


def _padded(ctx, fid: str, text: str) -> str | None:
    """The value with its lost leading zeros restored, when that gives a well-formed code (the padding of
    `stdcheck fix`), else None."""
    from .elements import field_table
    if fid in WIDTHS:
        return zero_pad(text, WIDTHS[fid], lambda c: well_formed(fid, c))
    return table_pad(field_table(ctx, fid), text)


@rule("CD002", "code-number-text", family="coding", level="error", kinds=BOTH,
      standard=Standard(PRACTICE, "编码为字符型", "data"),
      title=("编码是数字的显示形式", "Code written as a rendered number"),
      doc=("编码单元格是文本，但内容是 Excel 显示数字的样子：科学计数法（1.1E+17）或末尾的“.0”。这通常是先存成数字、"
           "再复制为文本造成的，原编码已经丢失，必须按原件重新录入。本身是格式正确的编码的文本不是数字的显示形式："
           "信用代码可以以 E 结尾，实施编码 11440000006940386E2440161004001 是有效编码，不报告。",
           "The code cell is text but holds what Excel shows for a number: scientific notation (1.1E+17) or a "
           "trailing '.0'. It usually comes from a number copied back as text; the original code is lost and "
           "must be typed again from the source. Text that is a well-formed code is never a number's display form: "
           "a credit code may end in E, and 11440000006940386E2440161004001 is a valid implementation code."),
      fail="实施主体编码：1.14507E+17", ok="实施主体编码：11450721MB15580811；实施编码：11440000006940386E2440161004001",
      where=lambda ctx: any_contains(CODE_FIELDS, "[.Ee]"))
def code_number_text(m, ctx):
    values = m.values
    for fid in CODE_FIELDS:
        v = values.get(fid)
        if v and NUMBER_TEXT.fullmatch(v.strip()) and not (fid in WIDTHS and well_formed(fid, clean(v))):
            yield m.finding(fid, "code.number_text")


def _hygiene(code_id, name, title, doc, fail, ok, message, fields, broken, fixed, pattern, correct=None):
    """A hygiene rule: `fixed` gives the code its message names, `correct` the certain correction it carries."""
    @rule(code_id, name, family="coding", level="error", kinds=BOTH,
          standard=Standard(PRACTICE, "编码字符集：数字与大写字母", "data"), title=title, doc=doc, fail=fail, ok=ok,
          where=lambda ctx: any_contains(fields, pattern))
    def check(m, ctx):
        values = m.values
        for fid in fields:
            v = values.get(fid)
            if v and broken(v):
                yield m.finding(fid, message, fixed=fixed(v)).fixed(correct(v) if correct else None)
    check.__name__ = name.replace("-", "_")
    return check


code_spaces = _hygiene(
    "CD003", "code-spaces", ("编码中有空格", "Spaces in a code"),
    ("编码前后或中间不应有空格、换行或制表符（常见于从网页或 Word 复制）；提示中给出去掉空白后的编码。",
     "A code has no spaces, line breaks or tabs before, after or inside it (common after copying from a web "
     "page or Word); the message gives the code without them."),
    "基本编码：'000104002000 '", "基本编码：'000104002000'", "code.spaces", CODE_FIELDS[:7],
    SPACE, without_spaces, r"[\s\x1c-\x1f]", without_spaces)      # Python's \s also has \x1c-\x1f
code_fullwidth = _hygiene(
    "CD004", "code-fullwidth", ("编码中有全角字符", "Full-width characters in a code"),
    ("编码只能用半角数字和字母；全角的“０１２３”“ＡＢ”看起来一样，但机器比对时不相等。提示中给出半角写法。",
     "A code uses half-width digits and letters only; full-width '０１２３' or 'ＡＢ' look the same but never "
     "match in a comparison. The message gives the half-width form."),
    "基本编码：０００１０４００２０００", "基本编码：000104002000", "code.fullwidth", CODE_FIELDS[:7],
    FULLWIDTH, clean, "[\uff01-\uff5e\u3000]", halfwidth)
code_lowercase = _hygiene(
    "CD005", "code-lowercase", ("编码中有小写字母", "Lower-case letters in a code"),
    ("统一社会信用代码、实施编码等只使用大写字母（GB 32100 字符集）；提示中给出大写写法。程序写出的占位值"
     "（“null”“undefined”“NaN”“None”）不是大小写错误，由 CD007 报告。",
     "Credit codes, implementation codes and the like use upper-case letters only (the GB 32100 character "
     "set); the message gives the upper-case form. A program's placeholder ('null', 'undefined', 'NaN', "
     "'None') is no case error: CD007 reports it."),
    "实施主体编码：11511301452259996u", "实施主体编码：11511301452259996U", "code.lowercase", LETTER_CODES,
    lambda v: LOWER(_without_placeholders(v)), lambda v: v.strip().upper(), "[a-z]")


def _without_placeholders(v: str) -> str:
    return "-".join(p for p in v.split("-") if p.strip().upper() not in PLACEHOLDERS)


@rule("CD007", "code-placeholder", family="coding", level="error", kinds=BOTH,
      standard=Standard(PRACTICE, "编码各段填写实际代码", "data"),
      title=("编码中有占位值", "Placeholder in a code"),
      doc=("编码（或用连字符分开的编码中的一段）是程序写出的空值“null”“undefined”“NaN”“None”：那一段的代码缺失，"
           "必须补上实际代码。它不是大小写错误（改成“NULL”也不对），四川资阳市清单中有13条“…-11511800008539131R-null-00”。",
           "A code (or one hyphen-separated segment of it) is a program's empty value 'null', 'undefined', 'NaN' or "
           "'None': that part of the code is missing and must be filled in. It is no case error (NULL would be "
           "just as wrong); a 资阳 list has 13 codes '…-11511800008539131R-null-00'."),
      fail="实施编码：511A0005300014-512000000000-000-11511800008539131R-null-00",
      ok="实施编码：511A0005300014-512000000000-000-11511800008539131R-1-00",
      where=lambda ctx: any_contains(CODE_FIELDS, "(?i)null|undefined|nan|none|nil"))
def code_placeholder(m, ctx):
    values = m.values
    for fid in CODE_FIELDS:
        v = values.get(fid)
        if v:
            found = placeholder_segments(v)
            if found:
                yield m.finding(fid, "code.placeholder", placeholder=found[0].strip())


@rule("CD006", "code-hyphen", family="coding", level="error", kinds=BOTH,
      standard=Standard(PRACTICE, "编码不含分隔符", "data"),
      title=("编码中有连字符", "Hyphen in a code"),
      doc=("国家编码（基本编码、实施编码、业务办理项编码、统一社会信用代码）不含“-”。去掉连字符后是该要素格式正确的编码"
           "（长度与结构正确）时在此报告，并给出去掉后的写法；其他带连字符的值由格式规则报告它真正的问题："
           "旧组织机构代码“00877868-5”由 CD305、无法解析的编码由 CD101/CD201/CD301 报告，"
           "已知的地方编码格式（如四川带连字符的实施编码）见 CD501/CD502。",
           "National codes contain no '-'. When the value without its hyphens is a well-formed code of the element "
           "(right length and structure) it is reported here with that form; other hyphenated values are reported "
           "by the format rules for what is really wrong: an old organisation code '00877868-5' by CD305, an "
           "unparseable code by CD101/CD201/CD301, and known local formats (Sichuan's hyphenated implementation "
           "codes) by CD501/CD502."),
      fail="实施主体编码：11511300-008778693M", ok="实施主体编码：11511300008778693M",
      where=lambda ctx: any_contains(LETTER_CODES, "-", literal=True))
def code_hyphen(m, ctx):
    values = m.values
    for fid in LETTER_CODES:
        v = values.get(fid)
        if v and "-" in v:
            fixed = dehyphen(fid, clean(v))
            if fixed is not None:
                yield m.finding(fid, "code.hyphen", fixed=fixed)


@rule("CD101", "basic-code-format", family="coding", level="error", kinds=BOTH,
      standard=Standard(PRACTICE, "基本编码12位 SS TT MMMMM NNN", "data"),
      title=("基本编码格式", "Basic code format"),
      doc=("基本编码应为12位数字：来源/区划2位、事项类型2位、主项5位、子项3位。子项中的字母由 CD104 报告（警告），"
           "已知的地方编码格式由 CD501 报告（提示）。",
           "The basic code has 12 digits: source/region 2, matter type 2, main item 5, sub-item 3. Letters in the "
           "sub-item are CD104 (warning); known local formats are CD501 (info)."),
      fail="基本编码：00010400200（11位）", ok="基本编码：000104002000",
      where=lambda ctx: ~matches("basic_code", r"^([0-9]{9}[0-9A-Z]{3})?$"))
def basic_code_format(m, ctx):
    c = code(m, "basic_code")
    if c and not BASIC.fullmatch(c) and not BASIC_LENIENT.fullmatch(c) and local_format(c) is None:
        yield m.finding("basic_code", "basic_code.format", length=len(c))


def _implementing_province(m) -> str | None:
    """The province of the implementing side, from 行政区划代码, the credit code, or the catalogue."""
    for fid, part in (("region_code", slice(0, 2)), ("impl_body_code", slice(2, 4)), ("impl_code", slice(2, 4))):
        c = code(m, fid)
        if len(c) >= 4 and c[part] in PROVINCES:
            return c[part]
    region = m.catalogue.region
    return region[:2] if region and region[:2] in PROVINCES else None


def _where_basic_source():
    """Clean: a plain basic code that is not 12 characters with 9 leading digits, or whose source is 00, or a province
    that plain codes name as the implementing one (_implementing_province: 行政区划代码 1–2, else 实施主体编码 3–4,
    else 实施编码 3–4; the catalogue's region is not known here: such rows are flagged)."""
    b, src = col("basic_code"), col("basic_code").str.slice(0, 2)
    provinces = sorted(PROVINCES)
    same, tried = None, None                  # the first of the three that names a province names src
    for fid, at in (("region_code", 0), ("impl_body_code", 2), ("impl_code", 2)):
        c = col(fid)
        names = plain(fid) & (c.str.len_chars() >= 4) & c.str.slice(at, 2).is_in(provinces)
        here = names & (c.str.slice(at, 2) == src)
        same = here if tried is None else same | (tried & here)
        tried = (plain(fid) & ~names) if tried is None else tried & plain(fid) & ~names
    return ~plain("basic_code") | (b.str.contains(r"^[0-9]{9}[0-9A-Z]{3}$") & (src != "00") & ~same)


@rule("CD102", "basic-code-source", family="coding", level="error", kinds=BOTH,
      standard=Standard(PRACTICE, "基本编码第1–2位：00 国家目录 / 省级区划代码", "data"),
      title=("基本编码来源段", "Source segment of the basic code"),
      doc=("基本编码前两位是 00（国家基本目录事项）或添加地方事项的省份的 GB/T 2260 省级代码（如 45 广西）。"
           "其他值是错误；省份代码与实施地区（区划代码或实施主体信用代码）所在省不一致时报告警告。",
           "The first two digits are 00 (national catalogue) or the GB/T 2260 province code of the province that "
           "added a local matter (45 Guangxi …). Anything else is an error; a province other than the implementing "
           "region's (from the area code or the body's credit code) is a warning."),
      fail="基本编码：990104002000", ok="基本编码：000104002000 或 452004020000（广西地方事项）",
      where=lambda ctx: _where_basic_source())
def basic_code_source(m, ctx):
    c = code(m, "basic_code")
    if len(c) != 12 or not c[:9].isdigit():
        return
    src = c[:2]
    if src != "00" and src not in PROVINCES:
        yield m.finding("basic_code", "basic_code.source", source=src)
    elif src != "00":
        province = _implementing_province(m)
        if province and province != src:
            yield m.finding("basic_code", "basic_code.source_province", source=src, province=province).at_most("warning")


def _where_basic_type(ctx):
    """Clean: a plain basic code that is not 12 characters with 4 leading digits, or whose type digits are a national
    code or the province's own numbering (codes.itemtype: status national or local)."""
    types = ctx.profile.types
    if types.table is None:
        return never()                       # every type digit is "national"
    b = col("basic_code")
    local = sorted(s + d for s, digits in types.local.items() for d in digits)
    known = b.str.slice(2, 2).is_in(sorted(types.table.codes)) | b.str.slice(0, 4).is_in(local)
    return ~plain("basic_code") | (b.str.contains(r"^[0-9]{4}[0-9A-Z]{8}$") & ~known)


@rule("CD103", "basic-code-type", family="coding", level="error", kinds=BOTH,
      standard=Standard(PRACTICE, "基本编码第3–4位：事项类型代码（01–10、20）", "data"),
      title=("基本编码类型段", "Type segment of the basic code"),
      doc=("基本编码第3–4位是事项类型代码：01–10 为行政权力，20 为公共服务（配置文件 code_tables.item_type）。"
           "已知的地方扩展（21、30–32、99）报告为警告，其他值是错误。省级配置可声明本省地方基本编码自己的类型编号"
           "（local_type_digits，如 44-guangdong 中 21 = 公共服务、20 = 其他行政权力），这些不报告。",
           "Digits 3–4 are the matter type code: 01–10 powers, 20 public service (the profile's "
           "code_tables.item_type). Known local extensions (21, 30–32, 99) are warnings, anything else an error. "
           "A provincial profile may declare its local basic codes' own type numbering (local_type_digits: in "
           "44-guangdong 21 = public service, 20 = other power); those are not reported."),
      fail="基本编码：001504002000（类型段15）", ok="基本编码：000104002000；442101016000（44-guangdong 配置）",
      where=lambda ctx: _where_basic_type(ctx))
def basic_code_type(m, ctx):
    c = code(m, "basic_code")
    if len(c) != 12 or not c[:4].isdigit():
        return
    t = ctx.profile.types.of_basic(c)
    if t.status == "extension":
        yield m.finding("basic_code", "basic_code.type_extension", type=t.digits).at_most("warning")
    elif t.status == "unknown":
        yield m.finding("basic_code", "basic_code.type", type=t.digits)


@rule("CD104", "basic-code-subitem-letters", family="coding", level="warning", kinds=BOTH,
      standard=Standard(PRACTICE, "基本编码第10–12位：子项代码", "data"),
      title=("子项代码含字母", "Letters in the sub-item code"),
      doc=("基本编码第10–12位是子项代码（000 表示无子项）。国家目录只用数字；真实数据中有地方事项用字母（如广西 "
           "450708001W01），因此只报告警告。省级配置可用选项 local_subitems（正则表达式）声明本省的字母子项写法"
           "（42-hubei：W 系列子项 420899001W00），符合的不报告。",
           "Digits 10–12 are the sub-item (000 = none). The national catalogue uses digits only; a real local "
           "item uses letters (Guangxi 450708001W01), so this is a warning. A provincial profile may declare its "
           "letter sub-items with option local_subitems (a regular expression; 42-hubei: the W series, "
           "420899001W00); those are not reported."),
      fail="基本编码：450708001W01", ok="基本编码：450708001001；420899001W00（42-hubei 配置）",
      options={"local_subitems": {"type": "string", "default": "",
                                  "description": "本省字母子项代码（第10–12位）的正则表达式，如 W\\d{2} / a regular "
                                                 "expression for the province's letter sub-items, e.g. W\\d{2}"}},
      reads=("basic_code",),
      # clean: a plain code that is not 9 digits and 3 characters, or is 12 digits (the profile's letter
      # sub-items are not looked at: they are flagged)
      where=lambda ctx: ~plain("basic_code") | (matches("basic_code", r"^[0-9]{9}[0-9A-Z]{3}$")
                                                 & ~matches("basic_code", r"^[0-9]{12}$")))
def basic_code_subitem_letters(m, ctx):
    c = code(m, "basic_code")
    if len(c) == 12 and c[:9].isdigit() and not c[9:].isdigit() and BASIC_LENIENT.fullmatch(c) \
            and not _local_subitem(ctx.opts["local_subitems"], c[:2], c[9:]):
        yield m.finding("basic_code", "basic_code.sub_letters", sub=c[9:])


@lru_cache(maxsize=16)
def _subitem_pattern(pattern: str):
    return re.compile(pattern) if pattern else None


def _local_subitem(pattern: str, source: str, sub: str) -> bool:
    """A local (non-00) code's sub-item in the profile's declared letter form."""
    compiled = _subitem_pattern(pattern)
    return compiled is not None and source != "00" and compiled.fullmatch(sub) is not None


def _where_type_match(ctx):
    """Clean: a plain basic code that is not 12 characters or has no digits at 3–4, an empty 事项类型, type digits
    of unknown meaning, or a 事项类型 text of the table (exact, as the cell) that means what the digits mean or
    nothing. Other texts are flagged."""
    types = ctx.profile.types
    if types.table is None:
        return never()                       # of_text is None: never compared
    b, t = col("basic_code"), col("item_type")
    texts = {x: types.of_text(x) for x in table_texts(types.table)}
    local = {s + d: means for s, digits in types.local.items() for d, means in digits.items()}
    # what the digits mean outside the province's own numbering (TypeScheme.of_basic): national or extension
    means = {d: types.means.get(d) for d in types.table.extensions} | {d: d for d in types.table.codes}
    means = {d: m for d, m in means.items() if m is not None}
    ok_local = [f"{k}|{x}" for k, m in local.items() for x, w in texts.items() if w is None or w == m]
    ok = [f"{d}|{x}" for d, m in means.items() for x, w in texts.items() if w is None or w == m]
    is_local = b.str.slice(0, 4).is_in(sorted(local))
    fine = ((b.str.len_chars() != 12) | ~b.str.slice(2, 2).str.contains(r"^[0-9]{2}$") | (t == "")
            | (is_local & pair(b.str.slice(0, 4), t).is_in(ok_local))
            | (~is_local & (~b.str.slice(2, 2).is_in(sorted(means)) | pair(b.str.slice(2, 2), t).is_in(ok))))
    return ~(plain("basic_code") & fine)


@rule("CD105", "basic-code-type-match", family="coding", level="error", kinds=BOTH,
      standard=Standard(PRACTICE, "基本编码第3–4位 = 事项类型", "data"),
      title=("基本编码类型段与事项类型不符", "Basic code type differs from the matter type"),
      doc=("基本编码第3–4位应等于本行事项类型的代码（按代码表把名称换成代码，未补零的“1”视为“01”）。类型段的含义与 CD103 "
           "同源（codes.itemtype）：本省地方编号按配置换成国家类型再比较；地方扩展（如 21）只在已知其代表的国家类型时比较，"
           "不符报告警告（扩展的含义是推断），含义不明时不报告（CD103 已警告）。",
           "Digits 3–4 equal the code of the row's 事项类型 (labels mapped through the code table; an un-padded "
           "'1' counts as '01'). The digits mean what CD103 says they mean (codes.itemtype): a province's own "
           "numbering is mapped to the national type first; a local extension (21) is compared only when the "
           "national type it stands for is known, as a warning (its meaning is inferred), and not at all otherwise "
           "(CD103 warns)."),
      fail="基本编码：000104002000，事项类型：行政确认", ok="基本编码：000104002000，事项类型：行政许可；"
      "442101016000，事项类型：公共服务（21 = 公共服务（地方扩展））",
      reads=("basic_code", "item_type"),
      where=lambda ctx: _where_type_match(ctx))
def basic_code_type_match(m, ctx):
    c = code(m, "basic_code")
    t = m.text("item_type")
    if len(c) != 12 or not t:
        return
    types = ctx.profile.types
    digits, want = types.of_basic(c), types.of_text(t)
    if digits is None or want is None or digits.means is None or digits.means == want:
        return
    if digits.means == digits.digits:
        finding = m.finding("basic_code", "basic_code.type_mismatch", segment=digits.digits, type=t, expected=want)
    else:
        finding = m.finding("basic_code", "basic_code.type_mismatch_means", segment=digits.digits, type=t,
                            means=types.label(digits.means))
    yield finding.at_most("warning") if digits.status == "extension" else finding


@rule("CD106", "basic-code-dept", family="coding", level="warning", kinds=BOTH,
      standard=Standard("辽宁政务服务网目录数据（第5–6位 = 授权部门）", "coding.md §1.1；shared/data 辽宁30条", "inf"),
      title=("基本编码部门段与部门代码不符", "Department segment differs from the department code"),
      doc=("有“部门代码/授权部门”列时，基本编码第5–6位应等于它（辽宁目录30条数据全部如此）。该分段含义在国家层面是推断，"
           "因此只报告警告。",
           "When a 部门代码/授权部门 column is present, digits 5–6 equal it (true for all 30 rows of the Liaoning "
           "catalogue). The meaning of the segment is inferred nationally, so this is a warning."),
      fail="基本编码：210973001000，部门代码：24", ok="基本编码：210973001000，部门代码：73",
      reads=("basic_code", "dept_code"),
      # clean: a plain 部门代码 that is not 1–2 digits, or a plain basic code that is not 12 characters or has it at 5–6
      where=lambda ctx: ~plain("dept_code") | (matches("dept_code", r"^[0-9]{1,2}$") & (
          ~plain("basic_code") | ((col("basic_code").str.len_chars() == 12)
                                  & (col("basic_code").str.slice(4, 2) != col("dept_code").str.zfill(2))))))
def basic_code_dept(m, ctx):
    c, d = code(m, "basic_code"), code(m, "dept_code")
    if len(c) == 12 and d.isdigit() and len(d) <= 2 and c[4:6] != d.zfill(2):
        yield m.finding("basic_code", "basic_code.dept", segment=c[4:6], dept=d.zfill(2))


@rule("CD107", "basic-main-with-subitems", family="coding", level="info", kinds=BASIC_KIND,
      standard=Standard(PRACTICE, "子项代码 000 表示无子项", "data"),
      title=("主项与其子项同时列出", "Main item listed beside its sub-items"),
      doc=("子项代码 000 表示“本事项没有子项”。同一主项（前9位相同）既有 000 又有其他子项时，主项本身可能不应单独列出。",
           "Sub-item 000 means 'no sub-items'. When one main item (same first 9 digits) appears both as 000 and "
           "with sub-items, the main item itself may not belong in the list."),
      fail="000115015000 与 000115015005 同时出现", ok="只列 000115015001、000115015005")
class MainWithSubitems:
    scope = "catalogue"

    def __init__(self, ctx):
        self.mains: dict[str, object] = {}
        self.with_subs: set[str] = set()

    def rows(self, chunk):
        mains, matters = self.mains, chunk.matters
        for i, c in enumerate(column_codes(chunk, "basic_code")):
            if len(c) == 12:
                if c[9:] != "000":
                    self.with_subs.add(c[:9])
                elif c[:9] not in mains:
                    mains[c[:9]] = matters[i]

    def end(self):
        for prefix in sorted(self.mains.keys() & self.with_subs):
            yield self.mains[prefix].finding("basic_code", "basic_code.main_with_subs", prefix=prefix)


@rule("CD110", "basic-code-unique", family="coding", level="error", kinds=BASIC_KIND,
      standard=Standard(PRACTICE, "基本编码在目录内唯一", "data"),
      title=("基本编码重复", "Duplicate basic code"),
      doc=("基本目录中每个基本编码只能出现一次；重复的编码会让实施清单无法唯一认领事项。",
           "Each basic code appears once in a basic catalogue; a repeated code makes claiming the matter ambiguous."),
      fail="第5行与第9行的基本编码都是 000104002000", ok="每行基本编码各不相同")
class BasicCodeUnique:
    scope = "catalogue"

    def __init__(self, ctx):
        self.seen: dict[str, int] = {}

    def rows(self, chunk):
        return repeats(chunk, "basic_code", column_codes(chunk, "basic_code"), self.seen, "basic_code.duplicate")


def _names(chunk) -> list[str]:
    """Each matter's 事项名称 without white space ('' when empty), computed once per chunk for CD111 and CD112."""
    return chunk.derived(("name", "bare"), lambda ch: ["".join(raw.split()) if raw else "" for raw in ch.column("name")])


@rule("CD111", "basic-code-one-name", family="coding", level="error", kinds=BOTH,
      standard=Standard(PRACTICE, "一个基本编码对应一个事项名称", "data"),
      title=("同一基本编码对应不同名称", "One basic code, several names"),
      doc=("同一目录（或实施清单）中，同一个基本编码只能对应一个事项名称（忽略空白）。按业务办理项逐行列出的实施清单常把办理项名称"
           "加括号写进事项名称（“实验动物生产许可(变更)”“…(注销)”）：这仍是同一事项，只在第一次出现时报告一次警告，"
           "说明事项名称应为目录名称、办理项名称应另列。",
           "Within one catalogue (or implementation list) a basic code stands for one matter name (white space "
           "ignored). Implementation lists with one row per business-handling item often write the item's name into 事项名称 in "
           "brackets ('实验动物生产许可(变更)', '…(注销)'): that is still one matter, reported once per list as a "
           "warning saying the name should be the catalogue name and the item name belongs in its own column."),
      fail="000104002000 在第3行叫“固定资产投资项目节能审查”，在第8行叫“节能审查”",
      ok="两行名称相同；“义务教育适龄儿童、少年免学、缓学审批(免学审批)”与“…(缓学审批)”只报告一次警告")
class BasicCodeOneName:
    scope = "catalogue"

    def __init__(self, ctx):
        self.names: dict[str, tuple] = {}
        self.suffix_seen = False

    def rows(self, chunk):
        out, names, matters, raws = [], self.names, chunk.matters, chunk.column("name")
        for i, (c, bare, place) in enumerate(zip(column_codes(chunk, "basic_code"), _names(chunk), chunk.places)):
            if not c or not bare:
                continue
            first = names.get(c)
            if first is None:
                names[c] = (bare, raws[i].strip(), place)
            elif first[0] != bare:
                out += self._other(matters[i], c, raws[i].strip(), first)
        return out

    def _other(self, m, c: str, name: str, first: tuple):
        where = m.catalogue.ref("name", first[2])
        base = suffix_base(first[1], name) if m.catalogue.kind != "basic" else None   # a 基本目录 has no 办理项 rows
        if base is None:
            return (m.finding("name", "basic_code.other_name", code=c, first_name=first[1], first=where),)
        if self.suffix_seen:
            return ()
        self.suffix_seen = True
        return (m.finding("name", "basic_code.handle_suffix", code=c, first_name=first[1], first=where,
                          base=base).at_most("warning"),)


@rule("CD112", "name-repeated", family="coding", level="warning", kinds=BOTH,
      standard=Standard(PRACTICE, "一个事项名称对应一个编码", "data"),
      title=("同一名称对应不同编码", "One name, several codes"),
      doc=("同一目录中同一个事项名称出现在不同编码下，可能是复制事项而不是认领，也可能是名称不够具体。",
           "The same matter name appears under different codes in one catalogue: possibly a copied matter instead "
           "of a claimed one, or a name that is not specific enough."),
      fail="两行事项名称都是“建设工程消防验收”，编码不同", ok="名称区分子项，如“建设工程消防验收（特殊工程）”")
class NameRepeated:
    scope = "catalogue"

    def __init__(self, ctx):
        self.codes: dict[str, tuple] = {}

    def rows(self, chunk):
        out, codes, matters = [], self.codes, chunk.matters
        basic, impl = column_codes(chunk, "basic_code"), column_codes(chunk, "impl_code")
        for i, (name, c, place) in enumerate(zip(_names(chunk), basic, chunk.places)):
            c = c or impl[i]
            if not name or not c:
                continue
            first = codes.setdefault(name, (c, place))
            if first[0] != c:
                m = matters[i]
                out.append(m.finding("name", "name.repeated", first=m.catalogue.ref("name", first[1]),
                                     first_code=first[0]))
        return out


def blank_codes(ctx, fid: str) -> list[str]:
    """Cells of element `fid` whose code (as `coding.code` reads it) is one of the profile's blank values."""
    blanks = ctx.profile.blanks
    return sorted(b for b in blanks if b and _code(fid, b) in blanks)
