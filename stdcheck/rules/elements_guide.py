"""EL111–EL116: service-guide consistency — results, topics, phones, 时限 vs 说明, flow, special procedure."""
from __future__ import annotations

import re

from ..codes.phone import phones
from ..kinds import IMPLEMENTATION
from ..normalize import chinese_number
from .registry import Standard, rule
from .elements import listing, Units, codes, has_column, parse_limit, resolve, spellings
from . import where as w

STRINGS = {"type": "array", "items": {"type": "string"}}
NONE = ("无", "无。", "/", "-", "—", "暂无", "不涉及")


def _result_where(ctx):
    """Clean: no result name (or 无); else a type and a sample where the sheet has their columns, and a type (when
    given) known to be the one the name's ending or words call for."""
    o = ctx.opts

    def typed(want):
        wanted = resolve(ctx, "result_type", want)
        return w.text_in("result_type", spellings(ctx, "result_type", lambda c: c & wanted, [want]))
    name = w.col("result_name")
    licence = name.str.contains(f"{w.one_of(o['licence_endings'])}{w.WS}*$") \
        & ~name.str.contains(f"{w.one_of(o['not_licence_endings'])}{w.WS}*$")
    document = name.str.contains(w.one_of(o["document_words"]))
    given = lambda fid: ~w.text_in(fid, [""])        # noqa: E731
    return ~(w.text_in("result_name", ["", *NONE])
             | (given("result_type") | ~w.present("result_type")) & (given("result_sample") | ~w.present("result_sample"))
             & (~given("result_type") | ~(licence & ~typed(o["licence_type"]))
                & ~(~licence & document & ~typed(o["document_type"]))))


@rule("EL111", "result-type", family="elements", level="warning", kinds=IMPLEMENTATION,
      standard=Standard("浙江实施清单检查；广西真实数据（批复 ↔ 20）", "elements.md §4 C8, C9", "data"),
      title=("审批结果类型与名称", "Result type and result name"),
      doc=("审批结果名称不是“无”时，应填写审批结果类型，有审批结果样本列时也应提供样本；名称以“证”“证书”“执照”结尾"
           "（“证明”“凭证”除外）的结果类型应为证照，含“批复”“批文”的应为批文。",
           "When 审批结果名称 is not 无, 审批结果类型 is given (and a sample, where the sheet has that column); a "
           "name ending in 证/证书/执照 (not 证明/凭证) has type 证照, one with 批复/批文 has type 批文."),
      fail="审批结果名称：……的批复，审批结果类型：证照", ok="审批结果名称：……的批复，审批结果类型：批文",
      options={"licence_endings": {**STRINGS, "default": ["证", "证书", "执照"]},
               "not_licence_endings": {**STRINGS, "default": ["证明", "凭证", "保证", "验证", "论证", "认证"]},
               "document_words": {**STRINGS, "default": ["批复", "批文"]},
               "licence_type": {"type": "string", "default": "证照"},
               "document_type": {"type": "string", "default": "批文"}},
      reads=("result_name", "result_type", "result_sample"),
      where=lambda ctx: _result_where(ctx))
@listing
def result_type(m, ctx):
    name = m.text("result_name")
    if not name or name in NONE:
        return
    kind = m.text("result_type")
    if not kind and has_column(m, "result_type"):
        yield m.finding("result_type", "result.type_missing")
    if has_column(m, "result_sample") and not m.text("result_sample"):
        yield m.finding("result_sample", "result.sample_missing")
    if not kind:
        return
    o = ctx.opts
    got = codes(ctx, "result_type", kind)
    if name.endswith(tuple(o["licence_endings"])) and not name.endswith(tuple(o["not_licence_endings"])):
        want = o["licence_type"]
    elif any(w in name for w in o["document_words"]):
        want = o["document_type"]
    else:
        return
    if not got & resolve(ctx, "result_type", want):
        yield m.finding("result_type", "result.type_mismatch", expected=want)


def _topics_where(ctx):
    """Clean: no service object; or every part known to be a natural person or not, and each topic the sheet has a
    column for filled exactly when its kind of object is there."""
    person = resolve(ctx, "service_object", ctx.opts["natural_person"])
    people = spellings(ctx, "service_object", lambda c: c <= person, [ctx.opts["natural_person"]])
    others = spellings(ctx, "service_object", lambda c: not c <= person)
    filled = lambda fid: ~w.text_in(fid, ["", *NONE])   # noqa: E731
    return ~(w.text_in("service_object", [""])
             | w.every_part(ctx, "service_object", people + others)
             & (filled("corp_topic").eq(w.some_part(ctx, "service_object", others)) | ~w.present("corp_topic"))
             & (filled("user_topic").eq(w.some_part(ctx, "service_object", people)) | ~w.present("user_topic")))


@rule("EL112", "object-topics", family="elements", level="warning", kinds=IMPLEMENTATION,
      standard=Standard("浙江实施清单检查（服务对象与主题分类）", "elements.md §4 C10", "data"),
      title=("服务对象与主题分类", "Service objects and topic classes"),
      doc=("服务对象含法人或组织时，面向法人事项主题分类应填写；只面向自然人时不应填写法人主题。同样，服务对象含自然人时"
           "应有面向自然人主题，不含时不应有。只在表中有主题分类列时检查。",
           "With a legal person or organisation among the service objects, the legal-person topic is given; with "
           "natural persons only, it is empty — and likewise for the natural-person topic. Checked only where the "
           "sheet has the topic columns."),
      fail="服务对象：自然人，面向法人事项主题分类：040", ok="服务对象：企业法人，面向法人事项主题分类：040",
      options={"natural_person": {"type": "string", "default": "自然人"}},
      reads=("service_object", "user_topic", "corp_topic"),
      where=lambda ctx: _topics_where(ctx))
@listing
def object_topics(m, ctx):
    objects = m.text("service_object")
    if not objects:
        return
    got = codes(ctx, "service_object", objects)
    person = resolve(ctx, "service_object", ctx.opts["natural_person"])
    has_person, has_org = bool(got & person), bool(got - person)
    for fid, wanted in (("corp_topic", has_org), ("user_topic", has_person)):
        if not has_column(m, fid):
            continue
        filled = m.text(fid) not in ("",) + NONE
        if wanted and not filled:
            yield m.finding(fid, "topic.missing", objects=objects)
        elif filled and not wanted:
            yield m.finding(fid, "topic.unexpected", objects=objects)


@rule("EL113", "phones-distinct", family="elements", level="warning", kinds=IMPLEMENTATION,
      standard=Standard("浙江实施清单检查（咨询与投诉电话）", "elements.md §4 C11", "data"),
      title=("咨询电话与监督投诉电话", "Enquiry and complaint phones"),
      doc=("咨询电话和监督投诉电话都应填写，且不能相同：投诉应能打到办理部门以外的监督渠道。配置文件 blank_values 中的"
           "“无”“/”等视为未填：两处都写“无”是都未填，不是“相同”。号码按 EL010 的读法比较（“0760-89817133”与“(0760) 89817133”"
           "相同，分机、按键和说明文字不计）。",
           "Both 咨询电话 and 监督投诉电话 are given and they differ: a complaint must reach someone other than the "
           "office that handles the matter. The profile's blank_values (无, / …) mean not given: 无 in both is two "
           "missing phones, not two equal ones. Numbers are read as EL010 reads them ('0760-89817133' and "
           "'(0760) 89817133' are the same; extensions, keys and words do not count)."),
      fail="咨询电话：0777-6512345，监督投诉电话：0777-6512345", ok="咨询电话：0777-6512345，监督投诉电话：0777-12345",
      reads=("consult_phone", "complaint_phone"),
      # clean: both blank, or each one number (where.ONE_NUMBER) and their digits differ
      where=lambda ctx: ~(w.blank("consult_phone", ctx.profile) & w.blank("complaint_phone", ctx.profile)
                          | w.one_number("consult_phone", ctx.profile) & w.one_number("complaint_phone", ctx.profile)
                          & w.digits("consult_phone").ne(w.digits("complaint_phone"))))
@listing
def phones_distinct(m, ctx):
    a, b = ("" if t in ctx.profile.blanks else t for t in (m.text("consult_phone"), m.text("complaint_phone")))
    if a and b:
        first, second = ({p.number or p.text for p in phones(t)} for t in (a, b))
        if (first == second) if first else (a == b):
            yield m.finding("complaint_phone", "phone.same")
    elif a or b:
        fid = "complaint_phone" if a else "consult_phone"
        if has_column(m, fid):
            yield m.finding(fid, "phone.missing")


NUMERALS = "零〇一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟"
NOTE_LIMIT = re.compile(rf"(\d+|[{NUMERALS}]+)\s*个?\s*(工作日|自然日|日历日|日|天|小时|个月|月)")


@rule("EL114", "limit-matches-note", family="elements", level="warning", kinds=IMPLEMENTATION,
      standard=Standard("广西灵山县真实数据缺陷（时限数字与说明矛盾）", "elements.md §4 C18, §8 E2", "data"),
      title=("时限数字与说明不符", "Time limit contradicts its note"),
      doc=("法定/承诺办结时限的数字应与对应说明中出现的第一个“N个工作日/日/天/月”一致（中文数字也识别）。"
           "两处单位都明确且不同时不比较。真实的灵山县记录中，承诺时限24而说明写“受理之日起1个工作日”。",
           "The number of 法定/承诺办结时限 matches the first 'N 工作日/日/天/月' of its note (Chinese numerals "
           "read). Not compared when both units are known and differ. In a real 灵山县 record the promised limit "
           "is 24 while its note says 受理之日起1个工作日."),
      fail="承诺办结时限：24，承诺办结时限说明：受理之日起1个工作日。", ok="承诺办结时限：1，承诺办结时限说明：受理之日起1个工作日。",
      reads=("legal_limit", "legal_limit_unit", "legal_limit_note", "promised_limit", "promised_limit_unit", "promised_limit_note"),
      # a note in which NOTE_LIMIT finds a number of days (Python's \s, with \x1c-\x1f, as where.WS)
      where=lambda ctx: w.any_contains(("legal_limit_note", "promised_limit_note"),
                                       rf"(?:\d|[{NUMERALS}]){w.WS}*个?{w.WS}*(?:工作日|自然日|日历日|日|天|小时|个月|月)"))
class LimitMatchesNote:
    scope = "catalogue"
    PAIRS = (("legal_limit", "legal_limit_unit", "legal_limit_note"),
             ("promised_limit", "promised_limit_unit", "promised_limit_note"))

    def __init__(self, ctx):
        self.units = Units(ctx.profile)

    def row(self, m):
        out = []
        for fid, ufid, nfid in self.PAIRS:
            note = m.text(nfid)
            number, unit, ok = parse_limit(m.text(fid))
            if not note or number is None or not ok:
                continue
            hit = NOTE_LIMIT.search(note)
            if not hit:
                continue
            said = chinese_number(hit.group(1))
            unit = self.units.unit(unit or m.text(ufid))
            note_unit = self.units.unit(hit.group(2))
            if said is None or (unit and note_unit and unit != note_unit):
                continue
            if said != number:
                out.append(m.finding(fid, "limit.note_mismatch", number=number, said=hit.group(0)))
        return out or None


FLOW_STEPS = (("受理",), ("审查", "审核"), ("决定", "办结", "审批"))
FLOW_TIME = re.compile(r"(\d+)\s*个?\s*工作日")


def _guide_where(ctx):
    """Clean: not a licensing item; or a FAQ (whether the sheet has the column is not known here) and a process of
    fewer than 4 Chinese characters, or one naming every step without any 工作日 (no step time to add up)."""
    licence = set(ctx.opts["licence_types"])
    flow = w.col("handle_flow")
    steps = w.all_of(flow.str.contains(w.one_of(words)) for words in FLOW_STEPS)
    return ~(w.text_in("item_type", ["", *spellings(ctx, "item_type", lambda c: not c & licence, licence)])
             | ~w.text_in("faq", [""]) & (flow.str.count_matches("[\u4e00-\u9fff]").lt(4)
                                          | steps & ~flow.str.contains("工作日", literal=True)))


@rule("EL115", "licence-guide-complete", family="elements", level="warning", kinds=IMPLEMENTATION,
      standard=Standard("浙江实施清单检查（许可事项常见问题与流程）", "elements.md §4 C12", "data"),
      title=("许可事项的常见问题与办理流程", "FAQ and process of licensing items"),
      doc=("行政许可事项应至少有一条常见问题（表中有常见问题列时检查）；办理流程写成文字时应含受理、审查（审核）、决定"
           "（办结）环节——这两项只作提示。各环节时限之和（不计注明“不计入”的环节）超过承诺办结时限时报告警告。",
           "A licensing item has at least one FAQ (where the sheet has the column); a process written as text names "
           "the acceptance, review and decision steps — both are info only. Step limits adding up to more than the "
           "promised limit (steps marked 不计入 excluded) are a warning."),
      fail="事项类型：行政许可，办理流程：申请→审查", ok="办理流程：受理→审查→决定→办结",
      options={"licence_types": {**STRINGS, "default": ["01"]}},
      reads=("item_type", "faq", "handle_flow", "promised_limit"),
      where=lambda ctx: _guide_where(ctx))
@listing
def licence_guide_complete(m, ctx):
    if not codes(ctx, "item_type", m.text("item_type")) & set(ctx.opts["licence_types"]):
        return
    if has_column(m, "faq") and not m.text("faq"):
        yield m.finding("faq", "guide.no_faq").at_most("info")
    flow = m.text("handle_flow")
    if len(re.findall(r"[\u4e00-\u9fff]", flow)) >= 4:
        missing = ["/".join(s) for s in FLOW_STEPS if not any(w in flow for w in s)]
        if missing:
            yield m.finding("handle_flow", "guide.flow_steps", steps=tuple(missing)).at_most("info")
        promised, _, ok = parse_limit(m.text("promised_limit"))
        steps = [seg for seg in re.split(r"[；;。\n→]", flow) if "不计入" not in seg]
        total = sum(int(n) for seg in steps for n in FLOW_TIME.findall(seg))
        if ok and promised is not None and total > promised:
            yield m.finding("handle_flow", "guide.flow_time", total=total, promised=promised)


@rule("EL116", "special-procedure-time", family="elements", level="info", kinds=IMPLEMENTATION,
      standard=Standard("广西真实数据（特别程序单列时限）", "elements.md §4 C19", "inf"),
      title=("特别程序应有自己的时限", "Special procedure states its own time"),
      doc=("填写了特别程序（不是“无”）时，应写明它自己的时限（如“机构评审，15个工作日”）；特别程序时间不计入承诺办结时限，"
           "EL101 也从不把它加进去。",
           "A special procedure (other than 无) states its own time (e.g. '机构评审，15个工作日'); that time is "
           "outside the promised limit, and EL101 never adds it."),
      fail="特别程序：专家评审", ok="特别程序：专家评审，15个工作日",
      reads=("special_procedure",),
      # clean: empty or 无, an ASCII digit, or a time in Chinese numerals (NOTE_LIMIT's other branch)
      where=lambda ctx: ~(w.text_in("special_procedure", ["", *NONE])
                          | w.col("special_procedure").str.contains(
                              f"[0-9]|[{NUMERALS}]+{w.WS}*个?{w.WS}*(?:工作日|自然日|日历日|日|天|小时|个月|月)")))
@listing
def special_procedure_time(m, ctx):
    text = m.text("special_procedure")
    if text and text not in NONE and not NOTE_LIMIT.search(text) and not re.search(r"\d", text):
        yield m.finding("special_procedure", "guide.special_no_time")
