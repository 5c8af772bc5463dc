"""EL101–EL116: consistency between elements of one matter (reference/elements.md §4, C1–C19)."""
from __future__ import annotations

import re

from ..kinds import BOTH, IMPLEMENTATION
from .registry import Standard, rule
from .elements import IMMEDIATE, listing, Conditions, Units, codes, is_yes, parse_limit, resolve, spellings
from . import where as w

STRINGS = {"type": "array", "items": {"type": "string"}}
ZERO_VISITS = f"^{w.WS}*0(?:{w.WS}*次)?{w.WS}*$"           # re.fullmatch(r"0\s*次?", m.text("visits"))


def _not_yes(ctx, fid: str):
    """is_yes() is not True: empty, or a spelling of a code other than 1."""
    return w.text_in(fid, ["", *spellings(ctx, fid, lambda c: c != {"1"})])


def _not_no(ctx, fid: str):
    """is_yes() is not False: empty, or a spelling of a code other than 0."""
    return w.text_in(fid, ["", *spellings(ctx, fid, lambda c: c != {"0"})])


def _limit(m, units: Units, fid: str, ufid: str):
    """(number, canonical unit or None, unit known) of a 时限 element; number None when absent/unreadable."""
    number, unit, ok = parse_limit(m.text(fid))
    if not ok or number is None:
        return None, None, False
    text = unit or m.text(ufid)
    canon = units.unit(text) if text else None
    return number, canon, (not text) or canon is not None


def _within_where():
    """Clean: a 时限 that is empty, a promised 即办 or 0, or two whole ASCII numbers beside the same unit text with the
    promised one not above the statutory one. Anything else (units in the cells, other digits) is checked."""
    whole = f"^{w.WS}*([0-9]+){w.WS}*$"         # where.whole_number, the number read
    legal, promised = w.number("legal_limit", whole), w.number("promised_limit", whole)
    same_unit = w.text("legal_limit_unit") == w.text("promised_limit_unit")
    return ~(w.empty("legal_limit") | w.empty("promised_limit") | w.limit_zero("promised_limit", IMMEDIATE)
             | same_unit & promised.le(legal))


@rule("EL101", "promised-within-legal", family="elements", level="error", kinds=IMPLEMENTATION,
      standard=Standard("平台校验实践：承诺时限不能大于法定时限", "elements.md §4 C1", "data"),
      title=("承诺时限超过法定时限", "Promised limit exceeds the statutory limit"),
      doc=("承诺办结时限不得超过法定办结时限。单位相同时直接比较（错误）；单位不同时按配置文件 time_units 的大致工作日数"
           "换算后比较，只报警告。特别程序的时间单独计算，从不计入承诺时限（见 EL116）。",
           "The promised limit does not exceed the statutory one. With the same unit the numbers are compared "
           "(error); with different units they are converted with the rough working-day lengths of the profile's "
           "time_units and a breach is only a warning. Special-procedure time is never added (see EL116)."),
      fail="法定办结时限：20，承诺办结时限：25（均为工作日）", ok="法定办结时限：20，承诺办结时限：5",
      reads=("legal_limit", "legal_limit_unit", "promised_limit", "promised_limit_unit"),
      where=lambda ctx: _within_where())
class PromisedWithinLegal:
    scope = "catalogue"

    def __init__(self, ctx):
        self.units = Units(ctx.profile)

    def row(self, m):
        legal, lu, lok = _limit(m, self.units, "legal_limit", "legal_limit_unit")
        promised, pu, pok = _limit(m, self.units, "promised_limit", "promised_limit_unit")
        if legal is None or promised is None or not (lok and pok):
            return None
        if lu == pu or lu is None or pu is None:
            if promised > legal:
                return [m.finding("promised_limit", "limit.over_legal", promised=promised, legal=legal)]
            return None
        wd = self.units.workdays
        if promised * wd[pu] > legal * wd[lu]:
            return [m.finding("promised_limit", "limit.over_legal_units", promised=f"{promised}{pu}",
                              legal=f"{legal}{lu}").at_most("warning")]
        return None


@rule("EL102", "immediate-case", family="elements", level="error", kinds=IMPLEMENTATION,
      standard=Standard("浙江实施清单检查（即办件与承诺时限）", "elements.md §4 C2", "data"),
      title=("即办件与承诺时限不符", "Immediate case and promised limit disagree"),
      doc=("办件类型为即办件时，承诺办结时限须为“即办”或不超过选项 immediate_max（默认1；平台存数字，实践中即办写作0或1）；"
           "承诺件的承诺办结时限须大于0。选项 immediate_word 非空时（浙江做法），即办件的承诺时限必须写成该词。",
           "A 即办件 has a promised limit of 即办 or at most the option immediate_max (default 1: platforms store a "
           "number and practice writes 0 or 1); a 承诺件 has a promised limit above 0. With the option "
           "immediate_word (Zhejiang practice) an immediate case must write that word."),
      fail="办件类型：承诺件，承诺办结时限：0", ok="办件类型：即办件，承诺办结时限：即办",
      options={"immediate_max": {"type": "integer", "minimum": 0, "default": 1},
               "immediate_word": {"type": "string", "default": ""}},
      reads=("case_type", "promised_limit"),
      where=lambda ctx: _immediate_where(ctx))
@listing
def immediate_case(m, ctx):
    case = codes(ctx, "case_type", m.text("case_type"))
    text = m.text("promised_limit")
    promised, _, ok = parse_limit(text)
    if not case or not ok or promised is None:
        return
    word = ctx.opts["immediate_word"]
    if "1" in case:
        if promised > ctx.opts["immediate_max"]:
            yield m.finding("promised_limit", "limit.immediate_too_long", limit=ctx.opts["immediate_max"])
        elif word and text != word:
            yield m.finding("promised_limit", "limit.immediate_word", word=word)
    elif "2" in case and promised == 0:
        yield m.finding("case_type", "limit.promise_zero")


def _immediate_where(ctx):
    """Clean: no case type or 时限; a 即办件 with at most immediate_max (and the word when one is required); a
    承诺件 with more than 0. The 时限 is read as parse_limit reads it: a word of IMMEDIATE, or leading ASCII digits
    not followed by another digit (full-width digits leave the number unknown: checked)."""
    import polars as pl
    case = lambda keep: w.text_in("case_type", spellings(ctx, "case_type", keep))   # noqa: E731
    promised = pl.when(w.text_in("promised_limit", IMMEDIATE)).then(0).otherwise(
        w.number("promised_limit", rf"^{w.WS}*([0-9]+)(?:\P{{Nd}}|$)"))
    word = ctx.opts["immediate_word"]
    clean = (w.text_in("case_type", [""]) | case(lambda c: not c & {"1", "2"}) | w.text_in("promised_limit", [""])
             | case(lambda c: "1" in c) & promised.le(ctx.opts["immediate_max"])
             & (w.text_in("promised_limit", [word]) if word else pl.lit(True))
             | case(lambda c: "1" not in c and "2" in c) & promised.gt(0))
    return ~clean.fill_null(False)


@rule("EL103", "fee-details", family="elements", level="error", kinds=IMPLEMENTATION,
      standard=Standard("浙江实施清单检查（收费要素）", "elements.md §4 C6", "data"),
      title=("收费事项缺收费依据或标准", "Fee item without fee basis or standard"),
      doc=("是否收费为“是”时，收费依据、收费项目名称和收费标准必须填写（不能是“无”）。条件写在配置文件 conditional_required 中"
           "（rule: EL103），省级配置可以增删。",
           "When 是否收费 is yes, 收费依据, 收费项目名称 and 收费标准 are filled (not 无). The condition is data in the "
           "profile's conditional_required (rule: EL103), which a provincial profile can change."),
      fail="是否收费：是，收费依据：（空）",
      ok="是否收费：是，收费依据：《…收费标准》，收费项目名称：证书工本费，收费标准：每件10元",
      where=lambda ctx: FeeDetails(ctx).where())
class FeeDetails:
    scope = "catalogue"
    code = "EL103"

    def __init__(self, ctx):
        self.conditions = Conditions(ctx, self.code)

    def where(self):
        """The rows row() may report on or count a missing column of (Conditions.where), and its subclass's own."""
        return w.any_of([self.conditions.where(), *self._own_where()])

    def _own_where(self):
        return ()

    def start(self, cat):
        self.cat = cat
        return ()

    def row(self, m):
        return self.conditions.row(m) or None

    def end(self):
        return self.conditions.end(self.cat)


@rule("EL104", "no-fee-no-payment", family="elements", level="warning", kinds=IMPLEMENTATION,
      standard=Standard("浙江实施清单检查（不收费与网上支付）", "elements.md §4 C7", "data"),
      title=("不收费却支持网上支付", "No fee but online payment supported"),
      doc=("是否收费为“否”时，是否支持网上支付不应为“是”，也不应填写收费标准。",
           "When 是否收费 is no, 是否支持网上支付 is not yes and no 收费标准 is given."),
      fail="是否收费：否，是否支持网上支付：是", ok="是否收费：否，是否支持网上支付：否",
      reads=("is_fee", "pay_online", "fee_standard"),
      where=lambda ctx: ~(_not_no(ctx, "is_fee") | _not_yes(ctx, "pay_online") & w.blank("fee_standard", ctx.profile)))
@listing
def no_fee_no_payment(m, ctx):
    if is_yes(ctx, m, "is_fee") is not False:
        return
    if is_yes(ctx, m, "pay_online"):
        yield m.finding("pay_online", "fee.payment_without_fee")
    if m.text("fee_standard") and m.text("fee_standard") not in ctx.profile.blanks:
        yield m.finding("fee_standard", "fee.standard_without_fee")


END_PUNCT = "。.；;，,！!"


@rule("EL105", "visit-reason", family="elements", level="error", kinds=IMPLEMENTATION,
      standard=Standard("浙江实施清单检查（到现场次数与原因）", "elements.md §4 C3", "data"),
      title=("到现场次数与现场办理原因", "Visits and the reason on-site handling is needed"),
      doc=("到办事现场次数大于0时，必须填写必须现场办理原因说明（条件在配置文件 conditional_required，rule: EL105）；"
           "次数为0却写了原因（选项 none_words 中的“无”“无需到现场办理”等除外，句末标点不计）报告为警告。",
           "With 到办事现场次数 above 0 the reason for on-site handling is given (the condition is in the profile's "
           "conditional_required, rule: EL105); a reason given with 0 visits (other than the option none_words "
           "such as 无 or 无需到现场办理, final punctuation ignored) is a warning."),
      fail="到办事现场次数：1，必须现场办理原因说明：（空）", ok="到办事现场次数：1，必须现场办理原因说明：须现场核验材料",
      options={"none_words": {**STRINGS, "default": ["无", "/", "-", "不涉及", "无需到现场", "无需到现场办理",
                                                     "无需现场办理"]}},
      where=lambda ctx: VisitReason(ctx).where())
class VisitReason(FeeDetails):
    code = "EL105"

    def __init__(self, ctx):
        super().__init__(ctx)
        self.none = {w.rstrip(END_PUNCT) for w in ctx.opts["none_words"]}

    def _own_where(self):
        # 0 visits and a reason other than the none words
        reason = w.text("visit_reason")
        return (w.col("visits").str.contains(ZERO_VISITS) & (reason != "")
                & ~reason.str.strip_chars_end(END_PUNCT).is_in(sorted(self.none)),)

    def row(self, m):
        out = self.conditions.row(m)
        visits, reason = m.text("visits"), m.text("visit_reason")
        if reason and reason.rstrip(END_PUNCT) not in self.none and re.fullmatch(r"0\s*次?", visits):
            out.append(m.finding("visit_reason", "visits.reason_without_visit").at_most("warning"))
        return out or None


@rule("EL106", "zero-visit-delivery", family="elements", level="warning", kinds=IMPLEMENTATION,
      standard=Standard("浙江实施清单检查（零跑动须可邮寄）", "elements.md §4 C4", "data"),
      title=("零跑动又不能网办却不能快递", "Zero visits, not online, and no delivery"),
      doc=("到办事现场次数为0、是否网办为“否”时，办理形式必须包含快递/邮寄申请，否则申请人无法不到现场办理。"
           "选项 delivery_forms 列出算作快递的办理形式（代码或名称，按代码表解释；浙江配置加入“邮寄申请”）。",
           "With 0 visits and 是否网办 no, 办理形式 includes delivery by post/courier, or the applicant cannot apply "
           "without coming. The option delivery_forms lists the forms that count (codes or labels, read through "
           "the code table; the Zhejiang profile adds 邮寄申请)."),
      fail="到办事现场次数：0，是否网办：否，办理形式：窗口办理", ok="办理形式：窗口办理,快递申请",
      options={"delivery_forms": {**STRINGS, "default": ["快递申请"]}},
      reads=("visits", "is_online", "handling_form"),
      # 0 visits, 是否网办 not known to be other than no, a 办理形式 without a part known to be a delivery form
      where=lambda ctx: w.col("visits").str.contains(ZERO_VISITS) & ~_not_no(ctx, "is_online")
      & ~(w.text_in("handling_form", [""]) | w.some_part(ctx, "handling_form", spellings(
          ctx, "handling_form", lambda c: c & resolve(ctx, "handling_form", ctx.opts["delivery_forms"]),
          ctx.opts["delivery_forms"]))))
@listing
def zero_visit_delivery(m, ctx):
    if not re.fullmatch(r"0\s*次?", m.text("visits")) or is_yes(ctx, m, "is_online") is not False:
        return
    forms = m.text("handling_form")
    if forms and not codes(ctx, "handling_form", forms) & resolve(ctx, "handling_form", ctx.opts["delivery_forms"]):
        yield m.finding("handling_form", "visits.zero_without_delivery")


def _full_online_where(ctx):
    """Visits not known to be 0 or empty, and a depth with a full_online_word or that may hold every
    full_online_code (clean when, for one of the codes, every part is known to be another code)."""
    import polars as pl
    wanted = sorted(set(ctx.opts["full_online_codes"]))
    all_codes = ~w.any_of(w.every_part(ctx, "online_depth", spellings(ctx, "online_depth", lambda c, r=r: r not in c))
                          for r in wanted) if wanted else pl.lit(False)
    return (~w.col("visits").str.contains(f"^{w.WS}*(?:0+(?:{w.WS}*次)?)?{w.WS}*$") & ~w.text_in("online_depth", [""])
            & (w.col("online_depth").str.contains(w.one_of(ctx.opts["full_online_words"])) | all_codes))


@rule("EL107", "full-online-zero-visits", family="elements", level="error", kinds=IMPLEMENTATION,
      standard=Standard("浙江实施清单检查（全程网办零跑动）", "elements.md §4 C5", "data"),
      title=("全程网办却要到现场", "Fully online yet visits required"),
      doc=("网上办理深度为全程网办（含选项 full_online_words 中的词，如“全程网办（Ⅳ级）”）时，到办事现场次数必须为0。"
           "深度按代码填写时，同时含选项 full_online_codes 中全部代码（默认4 互联网受理、5 互联网办理）也视为全程网办，"
           "但这一对应是推断，只报警告。",
           "When 网上办理深度 says fully online (contains a word of the option full_online_words, e.g. "
           "全程网办（Ⅳ级）), 到办事现场次数 is 0. A code set holding every code of the option full_online_codes "
           "(default 4 online acceptance and 5 online handling) counts too, but that mapping is inferred: warning."),
      fail="网上办理深度：全程网办（Ⅳ级），到办事现场次数：1", ok="网上办理深度：全程网办（Ⅳ级），到办事现场次数：0",
      options={"full_online_words": {**STRINGS, "default": ["全程网办"]},
               "full_online_codes": {**STRINGS, "default": ["4", "5"]}},
      reads=("online_depth", "visits"),
      where=lambda ctx: _full_online_where(ctx))
@listing
def full_online_zero_visits(m, ctx):
    depth, visits = m.text("online_depth"), m.text("visits")
    hit = re.fullmatch(r"(\d+)\s*次?", visits)
    if not depth or not hit or int(hit.group(1)) == 0:
        return
    if any(w in depth for w in ctx.opts["full_online_words"]):
        yield m.finding("visits", "visits.full_online", depth=depth)
    elif ctx.opts["full_online_codes"] and set(ctx.opts["full_online_codes"]) <= codes(ctx, "online_depth", depth):
        yield m.finding("visits", "visits.full_online", depth=depth).at_most("warning")


@rule("EL108", "online-handling", family="elements", level="warning", kinds=IMPLEMENTATION,
      standard=Standard("GB/T 39046-2020 网办地址；真实数据 is_online=1 且办理形式含网上办理", "elements.md §4 C14", "inf"),
      title=("网办事项缺网办地址或网上办理形式", "Online item without address or online form"),
      doc=("是否网办为“是”时，网办地址必须填写（条件在配置文件 conditional_required，rule: EL108），"
           "办理形式应包含网上办理（选项 online_forms）。这一组合关系是推断，默认警告。",
           "When 是否网办 is yes, 网办地址 is filled (the condition is in the profile's conditional_required, "
           "rule: EL108) and 办理形式 includes online handling (option online_forms). The link is inferred: warning."),
      fail="是否网办：是，网办地址：（空），办理形式：窗口办理", ok="是否网办：是，网办地址：https://…，办理形式：窗口办理,网上办理",
      options={"online_forms": {**STRINGS, "default": ["网上办理", "电脑端网上办理", "移动端网上申请"]}},
      where=lambda ctx: OnlineHandling(ctx).where())
class OnlineHandling(FeeDetails):
    code = "EL108"

    def __init__(self, ctx):
        super().__init__(ctx)
        self.ctx = ctx
        self.forms = resolve(ctx, "handling_form", ctx.opts["online_forms"])

    def _own_where(self):
        # a 办理形式 without a part known to be an online form, 是否网办 not known to be other than yes
        online = spellings(self.ctx, "handling_form", lambda c: c & self.forms, self.ctx.opts["online_forms"])
        return ((w.text("handling_form") != "") & ~_not_yes(self.ctx, "is_online")
                & ~w.some_part(self.ctx, "handling_form", online),)

    def row(self, m):
        out = self.conditions.row(m)
        forms = m.text("handling_form")
        if forms and is_yes(self.ctx, m, "is_online") and not codes(self.ctx, "handling_form", forms) & self.forms:
            out.append(m.finding("handling_form", "online.no_online_form"))
        return out or None


@rule("EL109", "entrusted-body", family="elements", level="warning", kinds=IMPLEMENTATION,
      standard=Standard("要素含义：受委托组织与委托类权力来源", "elements.md §4 C13", "inf"),
      title=("委托实施要素", "Delegated implementation elements"),
      doc=("实施主体性质为受委托组织、或权力来源为上级委托/同级委托时，必须填写委托部门（条件在配置文件 "
           "conditional_required，rule: EL109）；两者应一致：受委托组织的权力来源应是委托，委托来源的实施主体应是受委托组织。"
           "依据是要素含义的推断，默认警告。",
           "When 实施主体性质 is 受委托组织 or 权力来源 is 上级委托/同级委托, 委托部门 is filled (the condition is in the "
           "profile's conditional_required, rule: EL109), and the two agree. Inferred from the elements' meaning: warning."),
      fail="实施主体性质：受委托组织，权力来源：法定本级行使", ok="实施主体性质：受委托组织，权力来源：上级委托，委托部门：某市交通运输局",
      where=lambda ctx: EntrustedBody(ctx).where())
class EntrustedBody(FeeDetails):
    code = "EL109"

    def __init__(self, ctx):
        super().__init__(ctx)
        self.ctx = ctx
        self.entrusted = resolve(ctx, "impl_body_nature", "受委托组织")
        self.sources = resolve(ctx, "power_source", ["上级委托", "同级委托"])

    def _own_where(self):
        # both given, and not known to agree (both spellings of an entrusting code, or both of other codes)
        def known(fid, want):
            return (w.some_part(self.ctx, fid, spellings(self.ctx, fid, lambda c: c & want, want)),
                    w.every_part(self.ctx, fid, spellings(self.ctx, fid, lambda c: not c & want)))
        (a, not_a), (b, not_b) = known("impl_body_nature", self.entrusted), known("power_source", self.sources)
        return ((w.text("impl_body_nature") != "") & (w.text("power_source") != "") & ~(a & b | not_a & not_b),)

    def row(self, m):
        out = self.conditions.row(m)
        nature, source = m.text("impl_body_nature"), m.text("power_source")
        if nature and source:
            a = bool(codes(self.ctx, "impl_body_nature", nature) & self.entrusted)
            b = bool(codes(self.ctx, "power_source", source) & self.sources)
            if a != b:
                out.append(m.finding("power_source", "entrust.mismatch", nature=nature))
        return out or None


def _public_service_where(ctx):
    """Clean: no 事项类型; a public service without 权力来源; a power whose 行使层级 has no part that may be a village."""
    service, village = set(ctx.opts["service_types"]), set(ctx.opts["village_levels"])
    types = lambda keep: w.text_in("item_type", spellings(ctx, "item_type", keep, service))   # noqa: E731
    return ~(w.text_in("item_type", [""])
             | types(lambda c: c & service) & w.text_in("power_source", [""])
             | types(lambda c: not c & service)
             & w.every_part(ctx, "exercise_level", spellings(ctx, "exercise_level", lambda c: not c & village)))


@rule("EL110", "public-service-elements", family="elements", level="error", kinds=BOTH,
      standard=Standard("国家政务服务平台事项交换数据；行使层级用语规范", "elements.md §4 C15", "data"),
      title=("公共服务与权力事项要素", "Public-service vs power-item elements"),
      doc=("行使层级含村（社区）级的只能是公共服务事项（错误；基本目录和实施清单都检查）。公共服务事项没有权力来源要素，"
           "填写了报告警告（依据是交换数据中公共服务表没有该字段，不是禁止填写的条文）。",
           "Only a public-service item may be exercised at 村（社区）级 (error; checked in basic catalogues and "
           "implementation lists). A public-service item has no 权力来源 element; one given is a warning (the "
           "exchange schema's public-service table lacks the field — no clause forbids it)."),
      fail="事项类型：行政许可，行使层级：村（社区）级", ok="事项类型：公共服务，行使层级：村（社区）级",
      options={"service_types": {**STRINGS, "default": ["20", "21"]},
               "village_levels": {**STRINGS, "default": ["6"]}},
      reads=("item_type", "power_source", "exercise_level"),
      where=lambda ctx: _public_service_where(ctx))
@listing
def public_service_elements(m, ctx):
    t = m.text("item_type")
    if not t:
        return
    service = bool(codes(ctx, "item_type", t) & set(ctx.opts["service_types"]))
    if service and m.text("power_source"):
        yield m.finding("power_source", "public_service.power_source").at_most("warning")
    if not service and codes(ctx, "exercise_level", m.text("exercise_level")) & set(ctx.opts["village_levels"]):
        yield m.finding("exercise_level", "public_service.village_level", item_type=t)
