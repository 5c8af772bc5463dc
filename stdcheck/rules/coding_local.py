"""CD5xx: local (provincial) code formats (reference/coding.md §1.8, §5)."""
from __future__ import annotations

from ..codes.structure import GUIZHOU, local_format, placeholder_segments, sichuan_problems
from ..codes.uscc import PROVINCES
from ..kinds import BOTH, IMPLEMENTATION
from ..resources import province_profiles
from .registry import Standard, rule
from .coding import code
from .where import col, matches, never, pair, plain, table_texts

NAMES = {"sichuan": ("四川", "Sichuan"), "guizhou": ("贵州 DB52/T 1264-2018", "Guizhou DB52/T 1264-2018"),
         "hubei": ("湖北16位", "Hubei 16-character")}
FORMAT_PROVINCE = {"sichuan": "51", "guizhou": "52", "hubei": "42"}


def _not_local(fid: str):
    return ~plain(fid) | col(fid).str.len_chars().is_in([10, 16])


@rule("CD501", "local-code-format", family="coding", level="info", kinds=BOTH,
      standard=Standard("地方编码规则（四川、贵州 DB52/T 1264-2018、湖北）", "coding.md §1.8、§5", "data"),
      title=("地方编码格式", "Local code format"),
      doc=("识别已知的非国家编码格式（四川带连字符的实施编码、贵州10位“XK…”基本编码、湖北16位编码），在国家配置下报告为提示，"
           "不按国家格式报错。省级配置（51-sichuan、52-guizhou）会按地方规则完整校验。",
           "Recognises known non-national formats (Sichuan's hyphenated implementation codes, Guizhou's 10-character "
           "'XK…' basic codes, Hubei's 16-character codes) and reports them as info under the national profile "
           "instead of national-format errors. The provincial profiles validate them fully."),
      fail="实施编码：511A0138600000-511602000000-000-115113010833722043-1-00（国家配置下：提示）",
      ok="实施编码：11450721MB155808114000104002000", reads=("impl_code", "basic_code"),
      # clean: plain codes (no hyphen: not Sichuan's) that are neither 10 (Guizhou) nor 16 (Hubei) long
      where=lambda ctx: _not_local("impl_code") | _not_local("basic_code"))
def local_code_format(m, ctx):
    for fid in ("impl_code", "basic_code"):
        c = code(m, fid)
        fmt = local_format(c) if c else None
        if fmt:
            zh, en = NAMES[fmt]
            yield m.finding(fid, "local.format", format=zh, format_en=en)


@rule("CD502", "sichuan-impl-code", family="coding", level="error", kinds=IMPLEMENTATION,
      standard=Standard("四川政务服务网实施编码（地方格式，按真实数据归纳）", "<基本码>-<区划12>-000-<信用代码18>-<1|2>-00", "data"),
      title=("四川实施编码结构", "Sichuan implementation code structure"),
      doc=("四川配置（51-sichuan）下，带连字符的实施编码须为“地方基本码(12或14位)-区划代码(12位)-000-主体统一社会信用代码"
           "(18位)-1或2-00”：区划段是有效的四川（51）行政区划代码，第三段是000，末段是00，主体部分是通过校验的统一社会信用代码。"
           "分别报告：区划段无效或不属于四川、第三段或末段不对、占位代码、截断或过短的主体代码、组织机构代码、"
           "字母形式的基本码（G-…、1J-…）和无法解析的编码。按应有的写法检查（小写字母由 CD005 报告）；"
           "去掉连字符即为国家31位编码的值由 CD006 报告。",
           "Under the Sichuan profile a hyphenated implementation code is '<local basic code 12|14>-<area 12>-000-"
           "<credit code 18>-<1|2>-00': the area is a valid Sichuan (51) area code, the third segment is 000, the "
           "last is 00, and the subject is a credit code that passes the check. Reported separately: an invalid or "
           "non-Sichuan area, a wrong third or last segment, placeholders, truncated or short subjects, organisation "
           "codes, letter-form basic codes (G-…, 1J-…) and codes that cannot be parsed. The code is judged as it "
           "should have been typed (lower case is CD005); a value that is a national 31-character code once its "
           "hyphens are removed is CD006."),
      fail="实施编码：511A0080800002-511602000000-000-1151130000877869M-1-00（主体17位）；"
           "511A0138600000-511602000000-001-115113010833722043-1-07（第三段、末段）",
      ok="实施编码：511Z07001006-511602000000-000-11511301008778183N-1-00", reads=("impl_code",),
      # clean: a plain code (no hyphen); a hyphenated one is parsed, its subject needs its check character
      where=lambda ctx: ~plain("impl_code"))
def sichuan_impl_code(m, ctx):
    c = code(m, "impl_code")
    if "-" in c and not placeholder_segments(c):          # a placeholder segment is CD007's
        for message, params in sichuan_problems(c):
            yield m.finding("impl_code", message, **params)


def _where_guizhou(ctx):
    """Clean: an empty basic code, or a plain Guizhou one with known type letters beside an empty 事项类型 or a text
    of the table (exact) that the letters fit or that the table does not know."""
    table = ctx.profile.tables.get("item_type")
    letters = ctx.opts["type_letters"]
    ok = [f"{k}|{x}" for k, want in letters.items() for x in table_texts(table) if table.code(x) in (None, want)]
    b, t = col("basic_code"), col("item_type")
    known = b.str.slice(0, 2).is_in(sorted(letters))
    fine = known if table is None else (t == "") | pair(b.str.slice(0, 2), t).is_in(ok)    # no table: no type compared
    return ~((b == "") | (matches("basic_code", r"^[A-Z]{2}[0-9]{8}$") & known & fine))


@rule("CD503", "guizhou-basic-code", family="coding", level="error", kinds=BOTH,
      standard=Standard("DB52/T 1264-2018 行政许可标准化指南 事项编码", "基本编码：类型2位字母 + 主项5位 + 子项3位", "std"),
      title=("贵州基本编码结构", "Guizhou basic code structure"),
      doc=("贵州配置（52-guizhou）下，基本编码为10位：2位字母事项类型代码（XK = 行政许可）+ 5位主项代码 + 3位子项代码"
           "（无子项为000）。类型字母与本行事项类型不符时报告警告（除 XK 外的字母对应关系来自其他省份实践，选项 type_letters 可改）。",
           "Under the Guizhou profile the basic code has 10 characters: a 2-letter type code (XK = licensing) + a "
           "5-digit main item + a 3-digit sub-item (000 = none). A type letter pair that does not fit the row's "
           "事项类型 is a warning (pairs other than XK come from other provinces' practice; option type_letters)."),
      fail="基本编码：XK0001（6位）", ok="基本编码：XK00001000",
      options={"type_letters": {"type": "object", "additionalProperties": {"type": "string"},
                                "default": {"XK": "01", "CF": "02", "QZ": "03", "ZS": "04", "GF": "05", "JC": "06",
                                            "QR": "07", "JL": "08", "CJ": "09", "QT": "10", "FW": "20"}}},
      reads=("basic_code", "item_type"),
      where=lambda ctx: _where_guizhou(ctx))
def guizhou_basic_code(m, ctx):
    c = code(m, "basic_code")
    if not c:
        return
    hit = GUIZHOU.fullmatch(c)
    if hit is None:
        yield m.finding("basic_code", "guizhou.format", length=len(c))
        return
    table = ctx.profile.tables.get("item_type")
    t = m.text("item_type")
    want = ctx.opts["type_letters"].get(hit.group("type"))
    got = table.code(t) if table and t else None
    if want is None:
        yield m.finding("basic_code", "guizhou.type_letters", letters=hit.group("type")).at_most("warning")
    elif got and got != want:
        yield m.finding("basic_code", "guizhou.type_mismatch", letters=hit.group("type"), type=t).at_most("warning")


def _where_hint(ctx):
    """The national profile only; clean: plain codes of no local format's length (not 10 or 16; a hyphen is not
    plain) and a basic code that is not 12 long or whose first two digits are no province with a profile. Rows
    after the hint are selected as before: row() says it once."""
    if ctx.profile.name != "national":
        return never()
    shipped = sorted(p for p in province_profiles() if p in PROVINCES)
    b = col("basic_code")
    return (_not_local("impl_code") | _not_local("basic_code")
            | (b.str.len_chars() == 12) & b.str.slice(0, 2).is_in(shipped))


@rule("CD509", "province-profile-hint", family="coding", level="info", kinds=BOTH,
      standard=Standard("地方编码规则（省级配置 rules/provinces）", "coding.md §1.4、§1.8、§5", "data"),
      title=("可使用省级配置", "A provincial profile applies"),
      doc=("使用国家配置（national）检查时，清单中的编码显示出某个省的地方编码（本省来源的基本编码，如 44…；或四川、贵州、湖北的"
           "地方编码格式），而 stdcheck 随附该省的配置：提示一次（在第一个显示它的单元格上），建议用 --profile 改用省级配置，"
           "按本省做法检查地方编码。",
           "Checking with the national profile, the list's codes show a province's local codes (basic codes of that "
           "province's source, e.g. 44…, or Sichuan's, Guizhou's or Hubei's local formats) and stdcheck ships that "
           "province's profile: said once per list (at the first cell that shows it), suggesting --profile so the "
           "local codes are checked as the province practises them."),
      fail="国家配置下，基本编码 440102001001（广东地方事项）→ 提示使用 --profile 44-guangdong",
      ok="stdcheck check --profile 44-guangdong 清单.xlsx",
      where=lambda ctx: _where_hint(ctx))
class ProvinceProfileHint:
    scope = "catalogue"

    def __init__(self, ctx):
        self.national = ctx.profile.name == "national"
        self.done = False

    def row(self, m):
        if self.done or not self.national:
            return None
        for fid in ("basic_code", "impl_code"):
            c = code(m, fid)
            fmt = local_format(c) if c else None
            province = FORMAT_PROVINCE.get(fmt) if fmt else (c[:2] if fid == "basic_code" and len(c) == 12 else None)
            profile = province_profiles().get(province) if province in PROVINCES else None
            if profile:
                self.done = True
                return (m.finding(fid, "local.profile_hint", province=province, profile=profile),)
        return None
