"""EL007–EL014: element formats — lengths, 时限, 到办事现场次数, phones, URLs, 设定依据, 事项名称 and its brackets."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..codes.corrections import bracket_width, brackets, trimmed
from ..codes.phone import phones
from ..kinds import ALL_KINDS, BOTH, IMPLEMENTATION
from ..normalize import T2S as _T2S   # shared with stdcheck diff
from .registry import Standard, rule
from .elements import IMMEDIATE, listing, Units, codes, parse_limit, spellings
from . import where as w

LENGTHS = {"name": 200, "legal_basis": 1000, "impl_body": 100, "handle_place": 100, "handle_time": 150,
           "result_name": 100, "intermediary": 2000, "quantity_limit": 200}


@rule("EL007", "element-length", family="elements", level="warning", kinds=ALL_KINDS,
      standard=Standard("GB/T 39046-2020", "表4 数据项长度（与真实数据相符者）", "std"),
      title=("要素超过标准长度", "Element longer than the standard allows"),
      doc=("按 GB/T 39046 的长度上限检查（按字符计）：事项名称200、设定依据1000、实施主体100、办理地点100、办理时间150、"
           "审批结果名称100、中介服务2000、数量限制200。标准中基本编码10位、实施编码24位的上限与"
           "真实数据（12位、31位）矛盾，不检查；咨询/监督投诉电话的18位是一个号码的长度，而真实清单一格写几个带标签的号码"
           "（“出入境：12367、监管：02767128252、交管：96122”）是常态，也不检查整格长度，每个号码由 EL010 检查。"
           "上限可在选项 limits 中修改。",
           "Length limits of GB/T 39046 (in characters): 事项名称 200, 设定依据 1000, 实施主体 100, 办理地点 100, "
           "办理时间 150, 审批结果名称 100, 中介服务 2000, 数量限制 200. The standard's 10/24-character "
           "limits for the basic/implementation codes contradict real data (12/31) and are not applied; nor is the "
           "18 of the phones, the length of one number, while real lists routinely write several labelled numbers "
           "in one cell ('出入境：12367、监管：02767128252、交管：96122'): EL010 checks each number. Change "
           "the limits with the option limits."),
      fail="办理时间：（151字以上的说明）", ok="办理时间：周一至周五 上午9:00-12:00 下午13:30-17:00",
      options={"limits": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1},
                          "default": LENGTHS}},
      where=lambda ctx: w.any_of(w.col(fid).str.len_chars() > limit for fid, limit in ctx.opts["limits"].items()))
@listing
def element_length(m, ctx):
    values = m.values
    for fid, limit in ctx.opts["limits"].items():
        raw = values.get(fid)
        if raw is None or len(raw) <= limit:
            continue
        text = raw.strip()
        if len(text) > limit:
            yield m.finding(fid, "element.too_long", length=len(text), limit=limit)


LIMIT_PAIRS = (("legal_limit", "legal_limit_unit"), ("promised_limit", "promised_limit_unit"))


def _limits_where(ctx):
    """Clean, for both pairs: a 时限 that is empty or a blank value; or 即办 (0) or whole ASCII digits, with a unit cell
    that is a known unit or — for 0 only — empty. A unit written in the 时限 cell ('20个工作日') is checked."""
    known = sorted(Units(ctx.profile).index)

    def clean(fid, ufid):
        zero = w.limit_zero(fid, IMMEDIATE)
        return (w.blank(fid, ctx.profile) | (zero | w.whole_number(fid)) & w.text_in(ufid, known)
                | zero & w.blank(ufid, ctx.profile))
    return ~(clean(*LIMIT_PAIRS[0]) & clean(*LIMIT_PAIRS[1]))


@rule("EL008", "time-limit-format", family="elements", level="error", kinds=IMPLEMENTATION,
      standard=Standard("国家政务服务平台事项交换数据（时限为整数）", "法定/承诺办结时限", "data"),
      title=("办结时限格式", "Time limit format"),
      doc=("法定办结时限、承诺办结时限须为非负整数；“即办”视为0；“20个工作日”“20（工作日）”这类数字加单位的写法可以接受。"
           "填了数字就要有单位（单位列或单元格内），单位须是配置文件 time_units 中的一种（工作日、自然日、小时、月、年及其别名）。"
           "配置文件 blank_values 中的“无”“/”等视为未填，不检查格式；是否必须填写由 EL002 按事项类型判断。",
           "法定/承诺办结时限 are non-negative integers; 即办 means 0; '20个工作日' and '20（工作日）' are read as a "
           "number with its unit. A number needs a unit (in the unit column or in the cell), and the unit is one of "
           "the profile's time_units (working day, calendar day, hour, month, year and their aliases). The "
           "profile's blank_values (无, / …) count as empty and are not checked here; whether the element is "
           "required is EL002's decision, by matter type."),
      fail="承诺办结时限：5.5", ok="承诺办结时限：5，承诺办结时限单位：工作日",
      reads=("legal_limit", "legal_limit_unit", "promised_limit", "promised_limit_unit"),
      where=lambda ctx: _limits_where(ctx))
class TimeLimitFormat:
    scope = "catalogue"

    def __init__(self, ctx):
        self.units = Units(ctx.profile)
        self.blank = ctx.profile.blanks

    def start(self, cat):
        self.unit_column = {u: cat.format == "yaml" or u in cat.columns for _, u in LIMIT_PAIRS}
        return ()

    def row(self, m):
        out = []
        for fid, ufid in LIMIT_PAIRS:
            text = m.text(fid)
            number, unit, ok = parse_limit("" if text in self.blank else text)
            if not ok:
                out.append(m.finding(fid, "time_limit.format"))
                continue
            if number is None:
                continue
            if unit and self.units.unit(unit) is None:
                out.append(m.finding(fid, "time_limit.unit_unknown", unit=unit))
            ucell = m.text(ufid)
            ucell = "" if ucell in self.blank else ucell
            if ucell and self.units.unit(ucell) is None:
                out.append(m.finding(ufid, "time_limit.unit_unknown", unit=ucell))
            elif not unit and not ucell and number > 0 and self.unit_column[ufid]:
                out.append(m.finding(ufid, "time_limit.unit_missing", number=number))
        return out or None


VISITS = re.compile(r"(\d+)\s*次?")


@rule("EL009", "visit-count", family="elements", level="error", kinds=IMPLEMENTATION,
      standard=Standard("国家政务服务平台事项交换数据（limit_scene_num 为整数）", "到办事现场次数", "data"),
      title=("到办事现场次数", "On-site visit count"),
      doc=("到办事现场次数须为不小于0的整数（“0次”“1次”可以接受）。超过选项 max_visits（默认1，即“最多跑一次”）"
           "时报告警告：“最多跑一次”是政策目标，不是标准条文，阈值可配置。",
           "到办事现场次数 is an integer ≥ 0 ('0次', '1次' accepted). More than the option max_visits (default 1, "
           "the 'at most one trip' policy target, not a clause of a standard) is a warning."),
      fail="到办事现场次数：多次", ok="到办事现场次数：1",
      options={"max_visits": {"type": "integer", "minimum": 0, "default": 1}},
      reads=("visits",),
      # clean: empty, or ASCII digits (次) up to max_visits; anything else (full-width digits, words) is checked
      where=lambda ctx: ~(w.text("visits").eq("") | w.number("visits", f"^{w.WS}*([0-9]+)(?:{w.WS}*次)?{w.WS}*$")
                          .le(ctx.opts["max_visits"])).fill_null(False))
@listing
def visit_count(m, ctx):
    text = m.text("visits")
    if not text:
        return
    hit = VISITS.fullmatch(text)
    if hit is None:
        yield m.finding("visits", "visits.format")
    elif int(hit.group(1)) > ctx.opts["max_visits"]:
        yield m.finding("visits", "visits.too_many", limit=ctx.opts["max_visits"]).at_most("warning")


@rule("EL010", "phone-format", family="elements", level="warning", kinds=IMPLEMENTATION,
      standard=Standard("GB/T 39046-2020", "咨询电话、监督电话 an..18；浙江实施清单检查（区号）", "data"),
      title=("电话号码格式", "Phone number format"),
      doc=("咨询电话、监督投诉电话中的每个号码须是有效的号码：带区号的固定电话（0760-89817133、(8620) 81218888）、"
           "手机号、400/800 号码或政务服务热线/服务号码（12345、12367、96122、95xxx，可带区号：0760-12345）。"
           "区号与号码位数是否相符由 libphonenumber（phonenumbers）判断。单元格内可以有说明文字和多个号码"
           "（“出入境：12367、监管：02767128252”），号码后可以有分机或按键（020-87300569-825、转825、020-12333-9-3）；"
           "网址、电子邮件、时间（9:00-12:00）、日期和带单位的数字不当作号码。没有区号的7–8位固定电话报告为缺少区号"
           "（同一单元格前面的号码已带区号时，如“0760-88315595、88315596”，视为沿用该区号）：全国平台公开的号码"
           "应能从外地拨打，这是推断（浙江实施清单检查这样要求），因此本规则默认级别为警告；选项 require_area_code "
           "设为 false 可关闭。配置文件 blank_values 中的“无”“/”等是未填（见 EL113），不检查格式。",
           "Each number in 咨询电话 / 监督投诉电话 is a valid number: a fixed line with its area code "
           "(0760-89817133, (8620) 81218888), a mobile, a 400/800 number or a service hotline (12345, 12367, 96122, "
           "95xxx, optionally behind an area code: 0760-12345). Whether the area code and the length agree is "
           "libphonenumber's decision (phonenumbers). The cell may hold words and several numbers ('出入境：12367、"
           "监管：02767128252'); a number may be followed by an extension or keys (020-87300569-825, 转825, "
           "020-12333-9-3); web addresses, e-mail addresses, times (9:00-12:00), dates and numbers with a unit are "
           "not numbers. A 7–8-digit fixed line without an area code is reported (unless an earlier number of the "
           "cell has one, as in '0760-88315595、88315596'): a number published on a national platform must be "
           "dialable from elsewhere — an inference (Zhejiang's checks require it), hence warning; the option "
           "require_area_code set to false turns it off. The profile's blank_values (无, / …) are missing phones "
           "(see EL113), not checked here."),
      fail="咨询电话：0760-8831559（中山固定电话为8位）；咨询电话：88315595", ok="咨询电话：0760-88315595",
      options={"require_area_code": {"type": "boolean", "default": True}},
      reads=("consult_phone", "complaint_phone"),
      where=lambda ctx: ~(w.phone_clean("consult_phone", ctx.profile, not ctx.opts["require_area_code"])
                          & w.phone_clean("complaint_phone", ctx.profile, not ctx.opts["require_area_code"])))
@listing
def phone_format(m, ctx):
    for fid in ("consult_phone", "complaint_phone"):
        text = m.text(fid)
        if not text or text in ctx.profile.blanks:
            continue
        numbers = phones(text)
        if not numbers:
            yield m.finding(fid, "phone.none")
        area_code = not ctx.opts["require_area_code"]
        for phone in numbers:
            if phone.kind == "invalid":
                yield m.finding(fid, "phone.format", number=phone.text)
            elif phone.kind == "local" and not area_code:
                yield m.finding(fid, "phone.area_code", number=phone.text)
            area_code = area_code or phone.number.startswith("0")


@rule("EL011", "online-url-format", family="elements", level="error", kinds=IMPLEMENTATION,
      standard=Standard("GB/T 39046-2020", "网办地址（URL）", "std"),
      title=("网办地址不是网址", "Online handling address is not a URL"),
      doc=("网办地址填写时须是完整的 http(s) 网址（含域名），不能是“见政务服务网”之类的文字或缺少协议的地址。",
           "网办地址, when filled, is a full http(s) URL with a host name — not words such as '见政务服务网' and "
           "not an address without its scheme."),
      fail="网办地址：zwfw.gxzf.gov.cn", ok="网办地址：https://zwfw.gxzf.gov.cn/",
      reads=("online_url",),
      # clean: empty, 无 / -, or http(s)://host.name[:port] then /?# and no white space (urlsplit cannot fail on it)
      where=lambda ctx: ~(w.text_in("online_url", ("", "无", "/", "-")) | w.col("online_url").str.contains(
          rf"^{w.WS}*https?://[A-Za-z0-9-]*\.[A-Za-z0-9.-]*(?::[0-9]*)?(?:[/?#][^\s\x1c-\x1f]*)?{w.WS}*$")))
@listing
def online_url_format(m, ctx):
    text = m.text("online_url")
    if not text or text in ("无", "/", "-"):
        return
    try:
        parts = urlsplit(text)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or "." not in (parts.hostname or "") or " " in text:
        yield m.finding("online_url", "url.format")


STRAY_PREFIX = re.compile(r"^[;；,，、。.:：]+")
QUOTES = ('"', "“", "”", "'", "‘", "’")
QUOTE = f"[{w.lit(''.join(QUOTES))}]"
NO_BASIS = ("无", "/", "-", "—", "暂无")


@rule("EL012", "legal-basis-format", family="elements", level="error", kinds=ALL_KINDS,
      standard=Standard("GB/T 39046-2020", "设定依据：法律法规规章等名称及条款（辽宁目录真实缺陷）", "data"),
      title=("设定依据书写", "How the legal basis is written"),
      doc=("权力事项的设定依据不能是“无”“/”（错误）。设定依据应至少引用一部用书名号《》标出的法律、法规或规章（警告）；"
           "开头残留的分隔符（如“;1、”）和整段包在引号里的写法也报告为警告——这两种缺陷都出现在真实的省级目录中。",
           "The legal basis of a power item is never 无 or / (error). It cites at least one law, regulation or rule "
           "in 《》 (warning); a stray leading separator (';1、') and a value wrapped in quotes are warnings too — "
           "both defects occur in a real provincial catalogue."),
      fail="设定依据：;1、《军人抚恤优待条例》第三十三条", ok="设定依据：1、《军人抚恤优待条例》第三十三条",
      options={"service_types": {"type": "array", "items": {"type": "string"}, "default": ["20", "21"],
                                 "description": "事项类型 codes that are not powers (无 is allowed for them)"}},
      reads=("legal_basis", "item_type"),
      where=lambda ctx: ~(w.text("legal_basis").eq("")
                          # 无 for a matter type known to be a service
                          | w.text_in("legal_basis", NO_BASIS) & w.text_in("item_type", spellings(
                              ctx, "item_type", lambda c: c & set(ctx.opts["service_types"]),
                              ctx.opts["service_types"]))
                          # cites a 《title》, no stray separator in front, not wrapped in quotes
                          | w.col("legal_basis").str.contains("《", literal=True)
                          & ~w.col("legal_basis").str.contains(f"^{w.WS}*[;；,，、。.:：]")
                          & ~(w.col("legal_basis").str.contains(f"^{w.WS}*{QUOTE}")
                              & w.col("legal_basis").str.contains(f"{QUOTE}{w.WS}*$"))))
@listing
def legal_basis_format(m, ctx):
    text = m.text("legal_basis")
    if not text:
        return
    if text in NO_BASIS:
        if not codes(ctx, "item_type", m.text("item_type")) & set(ctx.opts["service_types"]):
            yield m.finding("legal_basis", "legal_basis.none")
        return
    if STRAY_PREFIX.match(text):
        yield m.finding("legal_basis", "legal_basis.stray_prefix", prefix=STRAY_PREFIX.match(text).group()).at_most("warning")
    if text[0] in QUOTES and text[-1] in QUOTES:
        yield m.finding("legal_basis", "legal_basis.quoted").at_most("warning")
    if "《" not in text:
        yield m.finding("legal_basis", "legal_basis.no_title").at_most("warning")


HAN = re.compile(r"[\u4e00-\u9fff]")


def traditional_chars(text: str) -> list[tuple[str, str]]:
    """Characters OpenCC's t2s conversion changes, as (traditional, simplified) pairs, once each."""
    converted = _T2S.convert(text)
    if converted == text:
        return []
    pairs = zip(text, converted) if len(converted) == len(text) else ((c, _T2S.convert(c)) for c in text)
    seen, out = set(), []
    for a, b in pairs:
        if a != b and HAN.match(a) and a not in seen:
            seen.add(a)
            out.append((a, b))
    return out


CHARS = {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 1}}


@rule("EL013", "name-hygiene", family="elements", level="warning", kinds=ALL_KINDS,
      standard=Standard("GB/T 39046-2020", "事项名称；四级四同要求各级名称一致", "data"),
      title=("事项名称书写", "How the matter name is written"),
      doc=("事项名称不能有首尾空格、不能混用全角和半角括号、不能在简体中夹杂繁体字（用 OpenCC 繁简转换检测）。"
           "这些差异肉眼难辨，却会让同一事项在各级目录之间对不上。选项 fields 可把检查扩展到其他文字要素。"
           "选项 allow_chars 列出 OpenCC 会转换、但国家正式名录或《通用规范汉字表》这样写的字，不报告"
           "（默认：乾（乾县、乾安县）、於（姓氏、於潜镇）、藉（慰藉、狼藉），以及《国家重点保护野生动物名录》"
           "（2021）的鱀（白鱀豚）、鳽（海南鳽））；省级配置可用 extend_allow_chars 再添加，不必重抄默认值。"
           "括号是否成对见 EL014。",
           "The matter name has no leading/trailing spaces, does not mix full-width and half-width brackets, and "
           "does not mix traditional characters into simplified text (found with OpenCC's conversion). Such "
           "differences are hard to see yet break matching of the same matter across levels. The option fields "
           "extends the check to other text elements. The option allow_chars lists characters OpenCC converts "
           "although an official national list or the General Standard Chinese Characters table writes them so; "
           "they are not reported (default: 乾 as in 乾县, 於 as in 於潜镇, 藉, and 鱀 (白鱀豚) and 鳽 (海南鳽) as the "
           "national list of protected wildlife (2021) writes them). A profile adds more with extend_allow_chars "
           "without repeating the defaults. Whether brackets pair up is EL014."),
      fail="事项名称：固定資產投資項目節能審查", ok="事项名称：固定资产投资项目节能审查",
      options={"fields": {"type": "array", "items": {"type": "string"}, "default": ["name"]},
               "allow_chars": {**CHARS, "default": ["乾", "於", "藉", "鱀", "鳽"],
                               "description": "characters OpenCC t2s converts that national lists write so"},
               "extend_allow_chars": {**CHARS, "default": [], "description": "characters added to allow_chars"}},
      reads=lambda o: tuple(o["fields"]),
      # white space at an end, both bracket widths, or a character OpenCC t2s may convert (allow_chars too)
      where=lambda ctx: w.any_of(w.col(f).str.contains(f"^{w.WS}|{w.WS}$")
                                 | w.col(f).str.contains("[()]") & w.col(f).str.contains("[（）]")
                                 | w.col(f).str.contains(w.t2s_may_change()) for f in ctx.opts["fields"]))
@listing
def name_hygiene(m, ctx):
    allowed = set(ctx.opts["allow_chars"]) | set(ctx.opts["extend_allow_chars"])
    for fid in ctx.opts["fields"]:
        raw = m.values.get(fid)
        if not raw or not raw.strip():
            continue
        text = trimmed(raw)
        if raw != text:
            yield m.finding(fid, "name.spaces").fixed(text)
        half, full = any(c in text for c in "()"), any(c in text for c in "（）")
        if half and full:        # a certain correction only when the profile says which width (fix.brackets)
            width = bracket_width(ctx.profile)
            yield m.finding(fid, "name.mixed_brackets").fixed(brackets(text, width) if width else None)
        pairs = [(a, b) for a, b in traditional_chars(text) if a not in allowed]
        if pairs:
            yield m.finding(fid, "name.traditional", chars=tuple(f"{a}→{b}" for a, b in pairs))


# Brackets of one shape match whatever their width (mixed widths are EL013's finding, not an unbalanced pair).
OPENING = {"（": "（", "(": "（", "［": "［", "[": "［", "【": "【", "〔": "〔", "《": "《", "〈": "〈"}
CLOSING = {"）": "（", ")": "（", "］": "［", "]": "［", "】": "【", "〕": "〔", "》": "《", "〉": "〈"}


def _paired() -> str:
    """A regular expression of the texts whose brackets pair up, nested at most two deep ('A（B《C》）D（E）'):
    unpaired_bracket finds nothing in them. Deeper nesting is left to the check."""
    shapes = {}
    for c, shape in OPENING.items():
        shapes.setdefault(shape, ["", ""])[0] += c
    for c, shape in CLOSING.items():
        shapes[shape][1] += c
    other = f"[^{w.lit(''.join(OPENING) + ''.join(CLOSING))}]"
    inner = "|".join(f"[{w.lit(o)}]{other}*[{w.lit(c)}]" for o, c in shapes.values())
    outer = "|".join(f"[{w.lit(o)}](?:{other}|{inner})*[{w.lit(c)}]" for o, c in shapes.values())
    return f"^(?:{other}|{outer})*$"


def unpaired_bracket(text: str) -> tuple[str, int] | None:
    """The first bracket of a text without its partner, as (problem, index): problem is `doubled` when the
    bracket stands beside another of its kind ('注销（（保健食品'), else `unclosed` or `unopened`."""
    stack: list[int] = []
    for i, c in enumerate(text):
        if c in OPENING:
            stack.append(i)
        elif c in CLOSING:
            if stack and OPENING[text[stack[-1]]] == CLOSING[c]:
                stack.pop()
            else:
                return ("doubled" if i and CLOSING.get(text[i - 1]) == CLOSING[c] else "unopened"), i
    if not stack:
        return None
    i = stack[0]
    beside = OPENING.get(text[i + 1:i + 2]) == OPENING[text[i]]
    return ("doubled" if beside else "unclosed"), i


@rule("EL014", "name-brackets-paired", family="elements", level="error", kinds=BOTH,
      standard=Standard("GB/T 15834-2011《标点符号用法》", "4.9 括号（成对使用）", "std"),
      title=("事项名称括号不成对", "Unpaired bracket in the matter name"),
      doc=("事项名称中的括号（（）、［］、【】、〔〕、书名号《》〈〉）须成对：重复的括号（“注销（（保健食品”）、"
           "没有右括号的“（变更”、没有左括号的“变更）”都报告。全角与半角括号互相配对，混用宽度由 EL013 报告，不在此重复。"
           "每个名称只报告第一个不成对的括号。",
           "Brackets in the matter name ((), [], 【】, 〔〕 and the title marks 《》〈〉) come in pairs: a doubled "
           "bracket ('注销（（保健食品'), an opening one never closed ('（变更') and a closing one never opened are "
           "reported. Full- and half-width brackets pair with each other; mixing widths is EL013's finding, not "
           "repeated here. Only the first unpaired bracket of a name is reported."),
      fail="事项名称：食品生产许可注销（（保健食品、特殊医学用途配方食品、婴幼儿配方食品、婴幼儿辅助食品、食盐除外）",
      ok="事项名称：食品生产许可注销（保健食品、特殊医学用途配方食品、婴幼儿配方食品、婴幼儿辅助食品、食盐除外）",
      reads=("name",),
      where=lambda ctx: ~w.col("name").str.contains(_paired()))
@listing
def name_brackets_paired(m, ctx):
    text = m.text("name")
    hit = unpaired_bracket(text) if text else None
    if hit:
        problem, i = hit
        yield m.finding("name", f"name.brackets_{problem}", bracket=text[i], near=text[max(0, i - 6):i + 7])
