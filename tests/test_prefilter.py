"""Row checks with a `where` expression (engine/prefilter.py) find exactly what they find without it: on the parity
corpus, the samples, the real catalogues, every case file, and on random values built to trip each rule."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stdcheck.config import Profile, active_rules
from stdcheck.engine import Engine, Plan, run
from stdcheck.fields import dictionary
from stdcheck.plugins import load_rules
from stdcheck.testing import catalogue

from .conftest import SAMPLES
from .parity.corpus import build

RULES, _ = load_rules()
FILTERED = sorted(code for code, r in RULES.items() if r.where is not None)
CASES = Path(__file__).parent / "rules"
REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real"


def key(f):
    loc = f.location            # a finding at the header (a missing column) has no row: compared as text
    return tuple(map(repr, (loc.file, loc.sheet, loc.row, loc.line, loc.column, f.rule.code, f.level, f.message,
                            f.params)))


def both(paths, profile="national", codes=FILTERED):
    prof = Profile.load(profile)
    active = active_rules(RULES, prof, {}, list(codes))
    on, off = (run([str(p) for p in paths], Plan(active, prof, prefilter=flag)) for flag in (True, False))
    return sorted(map(key, on.findings)), sorted(map(key, off.findings))


def test_some_rules_have_a_prefilter():
    assert len(FILTERED) >= 5, FILTERED


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("prefilter"))


def test_parity_corpus_and_samples(corpus):
    on, off = both([*corpus, SAMPLES])
    assert on == off and off, "a where expression left out a row its check reports"


def test_chunks_flagged_together_get_the_rows_each_gets_alone(corpus):
    """The loop evaluates the prefilters of a few chunks in one select (prefilter.window): each chunk must get
    the rows to check it gets when evaluated alone, at every place in the window."""
    from stdcheck.engine.prefilter import Prefilter
    from stdcheck.engine.replay import Chunk
    from stdcheck.sources import ReadOptions, read
    prof = Profile.load("national")
    plan = Plan(active_rules(RULES, prof, {}, FILTERED), prof)
    compared = 0
    for path in corpus:
        for cat in read(str(path), ReadOptions()):
            matters = list(cat.matters)
            exprs = {a.rule.code: a.rule.where(ctx) for a, ctx in plan.contexts()
                     if a.rule.where is not None and cat.kind in a.rule.kinds}
            cuts = [0, 1, 8, 60, len(matters)]
            together = [Chunk(matters[a:b]) for a, b in zip(cuts, cuts[1:]) if a < b]
            Prefilter(exprs).flag(together)
            for chunk in together:
                alone = Chunk(chunk.matters)
                Prefilter(exprs).flag([alone])
                assert chunk.flags == alone.flags, (path, chunk.matters[0].row)
                compared += sum(map(len, alone.flags.values()))
    assert compared, "no row was flagged: the comparison compared nothing"


def test_expressions_evaluated_per_combination_of_values_select_the_rows_they_select_row_by_row(corpus, monkeypatch):
    """Where the elements of expressions repeat their values, the prefilter evaluates them once per distinct
    combination (prefilter._repeating, decided on a catalogue's first rows): every row must get the verdict it gets
    row by row, on the parity corpus, the samples and the real catalogues, in windows of chunks as the loop passes
    them. The sample is made small so that groups form on these small files."""
    from stdcheck.engine import prefilter
    from stdcheck.engine.prefilter import Prefilter
    from stdcheck.engine.replay import Chunk
    from stdcheck.sources import ReadOptions, read
    monkeypatch.setattr(prefilter, "SAMPLE", 40)
    monkeypatch.setattr(prefilter, "REPEAT", 2)
    paths = [*corpus, *sorted(SAMPLES.rglob("*.xlsx")), *sorted(SAMPLES.rglob("*.csv")),
             *(sorted(REAL.glob("*.csv")) + sorted(REAL.glob("*.xlsx")) if REAL.exists() else [])]
    grouped = compared = 0
    for path in paths:
        profile = "51-sichuan" if "sichuan" in path.name else "44-guangdong" if "guangdong" in path.name else "national"
        prof = Profile.load(profile)
        plan = Plan(active_rules(RULES, prof, {}, FILTERED), prof)
        try:
            cats = read(str(path), ReadOptions())
        except Exception:           # the corpus's unreadable files
            continue
        for cat in cats:
            matters = list(cat.matters)
            exprs = {a.rule.code: a.rule.where(ctx) for a, ctx in plan.contexts()
                     if a.rule.where is not None and cat.kind in a.rule.kinds}
            if not exprs or len(matters) < 40:
                continue
            windows = [[Chunk(matters[i:i + 30]) for i in range(start, min(start + 90, len(matters)), 30)]
                       for start in range(0, len(matters), 90)]
            by_values, row_by_row = Prefilter(exprs), Prefilter(exprs)
            row_by_row.grouped = []
            for window in windows:
                by_values.flag(window)
                grouped += len(by_values.grouped or ())
                flags = [c.flags for c in window]
                row_by_row.flag(window)
                assert flags == [c.flags for c in window], (path.name, window[0].matters[0].row)
                compared += sum(len(rows) for f in flags for rows in f.values())
    assert grouped and compared, "no expression was evaluated per combination: the comparison compared nothing"


def test_checks_run_per_combination_of_values_find_what_they_find_row_by_row(corpus, monkeypatch):
    """A check that declares what it reads, whose expression the prefilter evaluates per combination of values, runs
    once per combination (replay.Replayed.combined): the findings must be those of every row checked, on the parity
    corpus, the samples and the real catalogues. The sample is made small so that groups form on these files, and
    polars reads them as it reads a large table."""
    from stdcheck.engine import prefilter
    from stdcheck.engine.replay import Replayed
    from stdcheck.sources import columnar
    monkeypatch.setattr(columnar, "MIN_ROWS", 0)          # tables read into batches (the prefilter's), small as they are
    monkeypatch.setattr(prefilter, "SAMPLE", 40)
    monkeypatch.setattr(prefilter, "REPEAT", 2)
    calls = []
    combined = Replayed.combined
    monkeypatch.setattr(Replayed, "combined", lambda self, *a: calls.append(1) or combined(self, *a))
    on, off = both([*corpus, SAMPLES])
    assert on == off and off, "a check run per combination of values found other than row by row"
    for name, profile in (("sichuan_guangan_items.csv", "51-sichuan"), ("guangdong_zhongshan_2021.xlsx", "44-guangdong")):
        if (REAL / name).exists():
            on, off = both([REAL / name], profile)
            assert on == off, name
    assert calls, "no check ran per combination: the comparison compared nothing"


def test_rules_that_need_no_flags_find_while_a_group_is_flagged_what_they_find_after(corpus, monkeypatch):
    """The rules without a `where` (uniqueness, the 四级四同 index) run on a group of chunks while the flagging thread
    selects its rows, and their findings wait on the chunk for its turn (engine/loop.py `early`, Chunk.found). All
    rules, tables read into batches: the findings must be those of a run without prefilters, and under --max-errors
    the same first ones (the order they are emitted in is kept)."""
    from stdcheck.engine import loop
    from stdcheck.sources import columnar
    monkeypatch.setattr(columnar, "MIN_ROWS", 0)
    early = []
    flagged = loop._flagged
    monkeypatch.setattr(loop, "_flagged", lambda groups, flags, before=False: early.append(before) or
                        flagged(groups, flags, before))
    prof = Profile.load("national")
    active = active_rules(RULES, prof, {})
    paths = [str(p) for p in [*corpus, SAMPLES]]
    for limit in (0, 50, 333):
        on, off = (run(paths, Plan(active, prof, prefilter=flag, max_findings=limit)) for flag in (True, False))
        assert sorted(map(key, on.findings)) == sorted(map(key, off.findings)), limit
        assert len(off.findings) == (limit or len(off.findings)) and off.findings, limit
    assert any(early), "no group came before its flags: the comparison compared nothing"


def test_a_check_that_declares_what_it_reads_needs_nothing_else(corpus):
    """A check with `reads` is given a row of only those elements (engine/replay.py) and its verdict is replayed on
    every row with the same values: on the parity corpus, the samples and the real catalogues, each such check must
    give the same verdict on that reduced row as on the whole one."""
    from stdcheck.engine.replay import _verdict
    from stdcheck.model import Matter
    from stdcheck.sources import ReadOptions, read
    prof = Profile.load("national")
    plan = Plan(active_rules(RULES, prof, {}, None), prof)
    paths = [*corpus, *sorted(SAMPLES.rglob("*.xlsx")), *sorted(SAMPLES.rglob("*.csv")),
             *(sorted(REAL.glob("*.csv")) + sorted(REAL.glob("*.xlsx")) if REAL.exists() else [])]
    compared = 0
    for path in paths:
        try:
            cats = read(str(path), ReadOptions())
        except Exception:           # the corpus's unreadable files
            continue
        for cat in cats:
            matters = [m for m in cat.matters if m.types is None]
            for a, ctx in plan.contexts():
                rule = a.rule
                if rule.reads is None or cat.kind not in rule.kinds or rule.scope not in ("row", "catalogue"):
                    continue
                if rule.scope == "row":
                    whole = part = (lambda m, fn=rule.check, ctx=ctx: fn(m, ctx))
                else:
                    one, two = rule.check(ctx), rule.check(ctx)
                    if not hasattr(one, "row"):
                        continue
                    whole, part = one.row, two.row
                fields = tuple(rule.reads(ctx.opts) if callable(rule.reads) else rule.reads)
                for m in matters:
                    reduced = Matter(cat, {f: m.values[f] for f in fields if m.values.get(f)}, m.row)
                    assert _verdict(whole(m)) == _verdict(part(reduced)), (rule.code, path.name, m.row)
                    compared += 1
    assert compared > 10000, compared


@pytest.mark.parametrize("name,profile", [("sichuan_guangan_items.csv", "51-sichuan"),
                                          ("sichuan_ziyang_scjgj.csv", "51-sichuan"),
                                          ("guangdong_zhongshan_2021.xlsx", "44-guangdong")])
def test_real_catalogues(name, profile):
    path = REAL / name
    if not path.exists():
        pytest.skip(f"real data not present: {path} (../shared/data/real)")
    on, off = both([path], profile)
    assert on == off


def _case_rows():
    """Every row of every case file of a rule with a prefilter, with the case's kind, profile and options."""
    for path in sorted(CASES.glob("*.yaml")):
        if path.stem not in FILTERED:
            continue
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in (spec.get("pass") or []) + (spec.get("fail") or []):
            if not isinstance(case, dict) or "csv" in case:
                continue
            rows = case.get("rows") or [case.get("row")] if ("rows" in case or "row" in case) else [case]
            kind = case.get("kind") or spec.get("kind") or sorted(RULES[path.stem].kinds)[0]
            options = {**(spec.get("options") or {}), **(case.get("options") or {})} or None   # the file's, the case's
            yield path.stem, rows, kind, case.get("profile") or spec.get("profile", "national"), options


def _check(code, rows, kind, profile, flag, options=None):
    prof = Profile.load(profile.get("extends", "national"), overrides=profile) if isinstance(profile, dict) \
        else Profile.load(profile)
    config = {"rules": {code: {"options": options}}} if options else {}
    engine = Engine(Plan(active_rules(RULES, prof, config, [code]), prof, prefilter=flag))
    engine.check(catalogue(rows, kind))
    engine.finish()
    return sorted(map(key, engine.findings))


@pytest.mark.parametrize("code,rows,kind,profile,options", list(_case_rows()))
def test_case_rows(code, rows, kind, profile, options):
    assert _check(code, rows, kind, profile, True, options) == _check(code, rows, kind, profile, False, options)


# Random values made of what trips code and element rules: digits and letters in both widths and cases, white space
# of every kind, hyphens, dots and exponents, placeholders, brackets, Chinese text.
PIECES = ["0", "1", "9", "A", "X", "a", "u", "０", "Ａ", "ａ", " ", "\u3000", "\t", "\n", "\x1c", "\xa0", "-", ".", "E",
          "e+17", ".0", "null", "NaN", "None", "（", "）", "(", ")", "审批", "證", "00010400200", "000104002000",
          "11450721MB155808114000104002000", "11450721MB15580811", "0777-6512345", "12345", "无", "/",
          # element values (EL): phones with and without area codes, service numbers, extensions, times and dates; URLs;
          # time limits and visits with units; yes/no and code-table spellings; traditional characters; brackets
          "0760-88315595", "88315595", "0760-12345", "96122", "0086", "转825", "9:00", "2021年", "、", ",", "；",
          "https://", "zwfw.gov.cn", "次", "个工作日", "即办", "是", "否", "即办件", "承诺件", "行政许可", "公共服务",
          "村（社区）级", "自然人", "企业法人", "快递申请", "全程网办", "证照", "批复", "受理", "审查", "决定", "《", "》",
          "【", "]", "“", "乾", "覆", "發",
          # whole codes and texts of the coding rules: basic codes (local sources and types, letter sub-items, Guizhou,
          # Hubei), credit and organisation codes (wrong check characters, kinds, regions, placeholders), 31/33-
          # character implementation and item codes, Sichuan's hyphenated codes, area codes, matter types and levels
          "442101016000", "452004020000", "990104002000", "001504002000", "450708001W01", "002104002000",
          "XK00001000", "XK0001", "420102W010000001", "511A0138000000", "511Z07001006",
          "11440100007483172Q", "11440100007483172R", "11511301008778183N", "1151130000877869M", "083372204",
          "00877868-5", "91440300MA5F12345X", "11990721MB15580811", "TE", "222222222", "11450721MB15580824",
          "11440100007483172Q3440106043001", "11440100007483172R3440106043001", "1144030069395137733442015052008",
          "114420003247769130344010201600001", "11442000007332665G3440104012004", "11442000007332665G300010704600022",
          "11450721MB15580811400014100500001", "01", "00", "-1-00", "-000-", "-511602000000-",
          "511A0138000000-511602000000-000-115113010833722043-1-00", "511602000000", "510000", "450021", "110103",
          "51160", "行政许可", "行政确认", "公共服务", "县级", "市级", "省级", "73", "7",
          # credit codes whose check characters are right (organisation codes ending in a digit, X and 0), wrong in
          # one of the two, placeholders that pass the check, lower case, full width; area codes in use, abolished,
          # unknown (python-stdnum's table)
          "114403000074831723", "1251010010000042XH", "125101001000006304", "11440300MA5F123421",
          "11440300MA5F123431", "11440300MA5F123434", "TE440300MA5F12347E", "000000000000000000", "11440100007483172q", "１1440100007483172Q",
          "110101", "110101001000", "440300", "450799", "990000", "441900"]
VALUE = st.lists(st.sampled_from(PIECES), min_size=0, max_size=5).map("".join)


def _elements():
    fields = dictionary()
    names = set()
    for code in FILTERED:
        r = RULES[code]
        names.update(r.reads(r.defaults()) if callable(r.reads) else (r.reads or ()))
    names.update(("basic_code", "impl_code", "handle_item_code", "impl_body_code", "entrust_dept_code", "region_code",
                  "item_type", "exercise_level", "name"))
    return sorted(fields.label(f) for f in names if fields.label(f))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_values(data):
    labels = _elements()
    rows = data.draw(st.lists(st.fixed_dictionaries({label: VALUE for label in labels}), min_size=1, max_size=4))
    prof = Profile.load("national")
    for kind in ("basic", "implementation"):
        _same_findings(FILTERED, rows, kind, prof)


def _same_findings(codes, rows, kind, prof):
    """The rules `codes` (those of them that apply to `kind`) find the same in `rows` with and without prefilters."""
    codes = [c for c in codes if kind in RULES[c].kinds]
    got = []
    for flag in (True, False):
        engine = Engine(Plan(active_rules(RULES, prof, {}, codes), prof, prefilter=flag))
        engine.check(catalogue(rows, kind))
        got.append(sorted(map(key, engine.findings)))
    assert got[0] == got[1], rows


def test_a_process_forked_after_polars_was_used_checks_every_row():
    """polars' thread pool does not survive a fork (a forked child using it deadlocks): such a child checks every
    row instead — the --split child of a second file, a --jobs worker after the parent checked a file."""
    import multiprocessing as mp

    from stdcheck.sources import columnar
    if "fork" not in mp.get_all_start_methods():
        pytest.skip("no fork on this platform")
    assert columnar.available()
    with mp.get_context("fork").Pool(1) as pool:
        assert pool.apply(columnar.available) is False


def test_a_profile_without_a_type_table_leaves_cd103_nothing_to_check(tmp_path):
    """A profile of its own (no `extends`) without code_tables.item_type: every type digit counts as national, so CD103's
    where selects no row (where.never) and reports nothing, as the check itself does."""
    profile = tmp_path / "bare.yaml"
    profile.write_text("name: bare\n", encoding="utf-8")
    rows = [{"基本编码": c} for c in ("001504002000", "009904002000", "000104002000", "44210101600")]
    assert _check("CD103", rows, "basic", str(profile), True) == _check("CD103", rows, "basic", str(profile), False) == []
    assert _check("CD103", rows, "basic", "national", True)          # the national profile's table finds 15 and 99


# ---------------------------------------------------------------- element rules (EL): options, profiles, field values

def _same(code, rows, kind="implementation", profile="national", options=None):
    on, off = (_check(code, rows, kind, profile, flag, options) for flag in (True, False))
    assert on == off, rows
    return off


FOCUSED = [
    ("EL007", {"limits": {"name": 3, "handle_time": 5}}, "national",
     [{"事项名称": "长名称", "办理时间": "周一至周五上午"}, {"事项名称": " 四个字名 "}, {"事项名称": "名称\u3000"}]),
    ("EL009", {"max_visits": 0}, "national", [{"到办事现场次数": v} for v in ("0", "1", "0次", " 00 次", "１", "十", "")]),
    ("EL009", {"max_visits": 12}, "national", [{"到办事现场次数": v} for v in ("12", "13次", "99999999999999999999")]),
    ("EL010", {"require_area_code": False}, "national",
     [{"咨询电话": v, "监督投诉电话": "12345"} for v in ("6512345", "88315595", "651234", "0760-8831559", "12345")]),
    ("EL010", None, "33-zhejiang",
     [{"咨询电话": v, "监督投诉电话": "0760-12345"} for v in ("6512345", "95588", "0086-95588", "无", "\x1c12345")]),
    ("EL012", {"service_types": ["01"]}, "national",
     [{"设定依据": "无", "事项类型": t} for t in ("行政许可", "1", "公共服务", "", "０１")]),
    ("EL013", {"fields": ["name", "legal_basis"], "allow_chars": []}, "national",
     [{"事项名称": "乾县", "设定依据": "《條例》"}, {"事项名称": "覆盖", "设定依据": " 《条例》"}, {"事项名称": "乾燥"}]),
    # simplified characters that OpenCC changes only inside a phrase (where.T2S_PHRASE_ONLY): 毛坏 → 毛坯, 回覆 → 回复
    ("EL013", None, "national", [{"事项名称": n} for n in ("毛坏", "回覆", "瞭然", "深沈", "英哩", "衹得", "傢俱", "慰藉")]),
    ("EL102", None, "33-zhejiang",
     [{"办件类型": c, "承诺办结时限": t} for c in ("即办件", "承诺件", "1", "2")
      for t in ("即办", "0", "1", "1 (工作日)", "1５", "０")]),
    ("EL102", {"immediate_max": 3, "immediate_word": ""}, "national",
     [{"办件类型": c, "承诺办结时限": t} for c in ("即办件", "承诺件") for t in ("3", "4天", "00", "即时办结")]),
    ("EL106", None, "33-zhejiang",
     [{"到办事现场次数": "0", "是否网办": "否", "办理形式": f} for f in ("窗口办理,邮寄申请", "窗口办理", "邮寄办理", "")]),
    ("EL107", {"full_online_codes": ["4"], "full_online_words": []}, "national",
     [{"网上办理深度": d, "到办事现场次数": "1"} for d in ("4", "互联网受理", "1,4", "4,5", "５", "全程网办")]),
    ("EL110", None, "51-sichuan",
     [{"事项类型": t, "行使层级": lv, "权力来源": "法定本级行使"} for t in ("1", "20", "7", "10") for lv in ("6", "县级,村级")]),
    ("EL110", {"service_types": ["01"], "village_levels": ["5", "6"]}, "national",
     [{"事项类型": t, "行使层级": lv} for t in ("行政许可", "公共服务") for lv in ("镇（乡、街道）级", "县级", "乡镇级;县级")]),
    ("EL111", {"licence_endings": ["书"], "document_words": ["决定"]}, "national",
     [{"审批结果名称": n, "审批结果类型": t, "审批结果样本": "样本"} for n in ("许可决定书", "批复", "证明") for t in ("证照", "批文", "30")]),
    ("EL112", {"natural_person": "1"}, "national",
     [{"服务对象": o, "面向自然人事项主题分类": u, "面向法人事项主题分类": c} for o in ("1", "自然人,企业法人", "企业", "7")
      for u, c in (("户籍", ""), ("", "设立"), ("无", "无"))]),
    ("EL115", {"licence_types": ["01", "20"]}, "national",
     [{"事项类型": t, "常见问题": "问答", "办理流程": f, "承诺办结时限": "2"} for t in ("公共服务", "行政许可", "行政处罚")
      for f in ("受理→审查→决定", "受理（1个工作日）→审查（3个工作日）→决定", "申请→审查→办结")]),
]


@pytest.mark.parametrize("code,options,profile,rows", FOCUSED,
                         ids=[f"{c}-{p}-{i}" for i, (c, _, p, _) in enumerate(FOCUSED)])
def test_element_options_and_profiles(code, options, profile, rows):
    kind = "basic" if "basic" in RULES[code].kinds and "implementation" not in RULES[code].kinds else "implementation"
    assert _same(code, rows, kind, profile, options)


# Field-aware values: what real cells hold (code-table spellings, units, phone shapes) with white space and noise,
# so that the cross-element rules meet their own combinations.
def _phone():
    area = st.sampled_from(["", "0", "076", "0760", "0086", "010", "086", "0777"])
    sep = st.sampled_from(["", "-", " ", "—"])
    sub = st.text("0123456789", min_size=3, max_size=9)
    tail = st.sampled_from(["", "", "转825", "-825", "、88315596", "（9:00-12:00）", "年", "小时", " 0777-6512346"])
    shaped = st.tuples(area, sep, sub, tail).map(lambda t: (t[0] + t[1] if t[0] else "") + t[2] + t[3])
    return st.one_of(shaped, st.sampled_from(["12345", "0760-12345", "95588", "无", "/", "见公示", "０７６０-12345"]))


POOLS = {
    "case_type": ["即办件", "承诺件", "1", "2", "9"], "promised_limit": ["0", "1", "2", "即办", "5个工作日", "1（工作日）", "1５"],
    "visits": ["0", "1", "2", "0次", "1 次", "00", "多次", "１"], "is_online": ["是", "否", "1", "0", "N", "支持"],
    "is_fee": ["是", "否", "收费", "不收费", "0"], "pay_online": ["是", "否", "1", "Y"], "fee_standard": ["无", "每件10元"],
    "handling_form": ["窗口办理", "快递申请", "窗口办理,快递申请", "1;3", "物流快递", "窗口办理、快递申请"],
    "online_depth": ["全程网办（Ⅳ级）", "4,5", "4，5", "5", "1,2,3,4", "互联网受理,互联网办理", "４,５"],
    "item_type": ["行政许可", "公共服务", "01", "1", "20", "21", "行政处罚", "公共服务事项", "０１"],
    "power_source": ["法定本级行使", "上级委托"], "exercise_level": ["村（社区）级", "村级", "6", "县级", "市级,县级", "县级;村级"],
    "result_name": ["许可证", "营业执照", "证明", "关于X的批复", "决定书", "无"], "result_type": ["证照", "批文", "10", "证书", "批复"],
    "result_sample": ["样本.pdf", "无"], "service_object": ["自然人", "企业法人", "自然人,企业法人", "个人", "1,2", "7", "法人"],
    "user_topic": ["无", "户籍"], "corp_topic": ["/", "设立"], "faq": ["问：…答：…"],
    "handle_flow": ["受理→审查→决定", "申请→审查", "受理（1个工作日）→审查（3个工作日）→决定", "受理→审核→办结（不计入，30个工作日）"],
    "special_procedure": ["专家评审", "专家评审，15个工作日", "十五个工作日", "听证", "三 个月"],
    "legal_basis": ["《条例》第三条", ";1、《条例》", "“《条例》”", "无", "暂无", "条例第三条"],
    "online_url": ["https://zwfw.gov.cn/x", "http://a.b", "zwfw.gov.cn", "https://a b.cn", "https://[::1]/",
                   "HTTPS://A.B", "https://ab/", "https://a.b:80/x?y#z", "https://中文.cn", "http://a.b/中文"],
    "name": ["事项（变更）", "事项(变更)", "事项（变更)", "固定資產", "乾燥", "乾县", "慰藉", "注销（（食品", "（变更", "变更）",
             "《条例》（修订）", "【X】[Y]", "坏账", "覆盖", "正常名称"],
}
SPACE = st.sampled_from(["", "", " ", "\u3000", "\x1c", "\xa0", "\t"])


def _cell(fid):
    if fid in ("consult_phone", "complaint_phone"):
        core = _phone()
    else:
        pool = st.sampled_from(POOLS.get(fid, ["x"]))
        core = st.one_of(pool, st.tuples(pool, st.sampled_from(["", ",", "，", "、", "；"]), pool).map("".join), VALUE)
    return st.tuples(SPACE, core, SPACE).map("".join)


EL_FILTERED = [c for c in FILTERED if c.startswith("EL")]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_element_values(data):
    fields = dictionary()
    code = data.draw(st.sampled_from(EL_FILTERED))
    r = RULES[code]
    names = set(r.reads(r.defaults()) if callable(r.reads) else (r.reads or ()))
    if code in ("EL111", "EL112", "EL115"):       # the columns whose absence the check notices, and its expression not
        names |= {"faq", "result_sample", "user_topic", "corp_topic"}
    names |= set(r.defaults().get("limits") or ())
    strategy = st.fixed_dictionaries({fields.label(f): _cell(f) for f in sorted(names)})
    rows = data.draw(st.lists(strategy, min_size=1, max_size=6))
    for kind in sorted(r.kinds & {"basic", "implementation"}):
        _same(code, rows, kind)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0x4E00, 0x9FFF).map(chr), min_size=1, max_size=12))
def test_t2s_safe_characters_convert_to_themselves(chars):
    """Text made of characters outside where.t2s_may_change() is left alone by OpenCC's t2s (EL013's prefilter)."""
    import polars as pl

    from stdcheck.normalize import T2S
    from stdcheck.rules.where import t2s_may_change
    safe = [c for c in chars if not pl.Series([c]).str.contains(t2s_may_change())[0]]
    text = "".join(safe)
    assert T2S.convert(text) == text


def _pools():
    """label -> the text values the coding rules' case files give that element (pass and fail rows alike)."""
    pools: dict = {}
    for path in sorted(CASES.glob("CD*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in (spec.get("pass") or []) + (spec.get("fail") or []):
            if not isinstance(case, dict) or "csv" in case:
                continue
            rows = case.get("rows") or [case.get("row")] if ("rows" in case or "row" in case) else [case]
            for row in rows:
                for label, v in (row or {}).items():
                    if isinstance(v, str) and label not in ("profile", "kind", "findings"):
                        pools.setdefault(label, set()).add(v)
    return {label: sorted(vs) for label, vs in pools.items()}


LABEL_POOLS = _pools()
CODING = [c for c in FILTERED if c.startswith("CD")]
# a case value as it is, with a piece added before or after it, or cut short
MIXED = st.one_of(st.sampled_from(sorted({v for vs in LABEL_POOLS.values() for v in vs})), VALUE)


def _pool_value(label):
    own = st.sampled_from(LABEL_POOLS[label])
    return st.one_of(own, own, own, MIXED,
                     st.tuples(own, st.sampled_from(PIECES), st.booleans()).map(lambda t: t[0] + t[1] if t[2] else t[1] + t[0]),
                     st.tuples(own, st.integers(0, 40)).map(lambda t: t[0][:t[1]]), st.just(""))


@pytest.mark.parametrize("profile", ["national", "44-guangdong", "51-sichuan", "52-guizhou", "42-hubei"])
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_case_values_mixed(profile, data):
    """Rows whose elements are the coding rules' case values, mixed across cases (a body code of one case beside
    the 实施编码 of another), under each profile with local coding rules."""
    rows = data.draw(st.lists(st.fixed_dictionaries({label: _pool_value(label) for label in LABEL_POOLS}), min_size=1, max_size=4))
    prof = Profile.load(profile)
    for kind in ("basic", "implementation"):
        _same_findings(CODING, rows, kind, prof)


def test_a_body_code_eighteen_long_with_its_hyphens():
    """A phone number in the 实施主体编码 cell (`0760-88315595-1-00`) is 18 characters with its hyphens, and is no
    code without them, so the code keeps them: CD203 compares it with the 实施编码's first 18 characters, with and
    without prefilters (hypothesis found the prefilter passing it as a code that cannot be 18 long)."""
    row = {"实施主体编码": "0760-88315595-1-00", "实施编码": "0000000000000000004000104002000", "事项类型": "10"}
    _same_findings(["CD203"], [row], "implementation", Profile.load("44-guangdong"))
    engine = Engine(Plan(active_rules(RULES, Profile.load("national"), {}, ["CD203"]), Profile.load("national")))
    engine.check(catalogue([row], "implementation"))
    assert [f.params["body"] for f in engine.findings] == ["0760-88315595-1-00"]


# ---------------------------------------------------------------- check characters: credit and organisation codes

_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _credit_code():
    """18-character credit codes: both check characters right (often), either or both wrong, placeholders, the
    characters outside the alphabet; then written as a cell: lower case, a full-width character, a hyphen or a
    space inside, cut short or lengthened. Drawn uniformly (hypothesis' own choices favour simple values, which
    seldom make a valid code with a wrong organisation code)."""
    from stdcheck.codes.uscc import check_char, org_check_char

    def draw(rnd):
        pick = rnd.choice
        kind = pick(["11", "12", "13", "91", "11", "12", "TE", "1I", "00"])
        region = pick(["440300", "511602", "110101", "51160A"]) if rnd.random() < 0.5 else \
            "".join(pick("0123456789") for _ in range(6))
        letters = _ALPHABET if rnd.random() < 0.8 else "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        body = "".join(pick(letters) for _ in range(8))
        first = kind + region + body + (org_check_char(body) if rnd.random() < 0.4 else pick("0123456789XXZ"))
        if rnd.random() < 0.05:
            first = pick(["0", "1", "A"]) * 17
        try:
            last = check_char(first) if rnd.random() < 0.7 else pick(_ALPHABET + "ISa")
        except KeyError:                        # a character outside the alphabet: no check character
            last = pick(_ALPHABET)
        c, i = first + last, rnd.randrange(18)
        how = pick(["", "", "", "", "", "lower", "wide", "hyphen", "space", "cut", "more"])
        return {"": c, "lower": c.lower(), "wide": c[:i] + chr(ord(c[i]) + 0xFEE0) + c[i + 1:],
                "hyphen": c[:8] + "-" + c[8:], "space": c[:i] + " " + c[i:], "cut": c[:i], "more": c + c[i]}[how]
    return st.randoms(use_true_random=False).map(draw)


USCC_RULES = [c for c in ("CD202", "CD203", "CD301", "CD302", "CD303", "CD304", "CD305", "CD306") if c in FILTERED]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_credit_codes(data):
    """Credit codes built around their check characters, in the body, entrusting-department and 实施编码 cells."""
    code = _credit_code()
    cell = st.one_of(code, st.just(""), st.sampled_from(["无", "/"]))
    impl = st.one_of(st.just(""), st.tuples(code, st.sampled_from(["", "-"]), st.sampled_from(
        ["4000104002000", "2440106043001", "4000104002000" + "01", "400010400200"])).map("".join))
    rows = data.draw(st.lists(st.fixed_dictionaries({"实施主体编码": cell, "委托部门代码": cell, "实施编码": impl,
                                                     "行政区划代码": st.sampled_from(["", "440300", "511602000000"]),
                                                     "事项类型": st.sampled_from(["行政许可", "公共服务"])}),
                              min_size=1, max_size=4))
    _same_findings(USCC_RULES, rows, "implementation", Profile.load("national"))


# ---------------------------------------------------------------- area codes: CD402's table look-up

def test_builtin_region_codes_in_use():
    """region.builtin_in_use() (CD402's prefilter) holds exactly the codes builtin() says are in use: every
    6-digit code of every province."""
    from stdcheck.codes import region
    from stdcheck.codes.uscc import PROVINCES
    known = region.builtin_in_use()
    assert known is not None
    lookup = region.builtin.__wrapped__            # uncached: 340,000 codes
    in_use = {c for p in sorted(PROVINCES) for c in (f"{p}{i:04d}" for i in range(10000))
              if (e := lookup(c)) is not None and e.status == "在用"}
    assert in_use == known


GB2260 = REAL.parent / "gb2260" / "yescallop_areacodes_result.csv"


def _region_code():
    from stdcheck.codes import region
    from stdcheck.codes.uscc import PROVINCES
    known = sorted(region.builtin_in_use())
    abolished = ["110103", "110104", "440301", "510102", "450799", "990000", "110000", "441900", "510000", "511602",
                 "450721", "110101"]
    code = st.one_of(st.sampled_from(known), st.sampled_from(abolished),
                     st.tuples(st.sampled_from(sorted(PROVINCES)), st.text("0123456789", min_size=4, max_size=4)).map(
                         "".join), st.text("0123456789", min_size=6, max_size=6))
    tail = st.sampled_from(["", "", "000000", "001000", "00100", "X"])
    write = st.sampled_from(["", "", "", " ", "\u3000", "-", "a", "０"])
    return st.tuples(code, tail, write, st.booleans()).map(
        lambda t: (t[0] + t[1] + t[2]) if t[3] else (t[2] + t[0] + t[1]))


@pytest.mark.parametrize("table", [None, "tests/data/gb2260_sample.csv", str(GB2260), "missing.csv"],
                         ids=["stdnum", "sample", "yescallop", "missing"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_region_codes(table, data):
    """CD402 with python-stdnum's table, a table file (the tests' sample, the real one when present), a file that
    does not exist (the check raises as it did: same error both ways)."""
    if table == str(GB2260) and not GB2260.exists():
        pytest.skip(f"not present: {GB2260}")
    rows = data.draw(st.lists(st.fixed_dictionaries({"行政区划代码": _region_code()}), min_size=1, max_size=5))
    options = {"region_table": table} if table else None
    outcome = []
    for flag in (True, False):
        try:
            outcome.append(_check("CD402", rows, "implementation", "national", flag, options))
        except Exception as exc:     # noqa: BLE001 — the same error either way
            outcome.append(repr(exc))
    assert outcome[0] == outcome[1], rows


# ---------------------------------------------------------------- catalogue rules (EL002, EL103 …): complete rows with holes

# A row that EL002 and the conditional requirements pass, and values for each element that fill it, empty it,
# write it as a blank_values text, or read it differently (limits with and without units, codes, labels, full width).
COMPLETE = {
    "name": "固定资产投资项目节能审查", "basic_code": "000104002000", "impl_code": "11450721MB155808114000104002000",
    "item_type": "行政许可", "legal_basis": "《条例》第十五条", "exercise_level": "县级", "impl_body": "灵山县行政审批局",
    "impl_body_code": "11450721MB15580811", "impl_body_nature": "法定机关", "power_source": "法定本级行使",
    "legal_limit": "20", "legal_limit_unit": "工作日", "promised_limit": "5", "promised_limit_unit": "工作日",
    "case_type": "承诺件", "service_object": "企业法人", "visits": "1", "is_fee": "是", "accept_condition": "已编制报告",
    "handle_flow": "受理→审查→决定", "handle_place": "政务服务中心", "handle_time": "工作日", "consult_phone": "0777-6512345",
    "complaint_phone": "12345", "fee_basis": "《收费标准》", "fee_item_name": "工本费", "fee_standard": "每件10元",
    "pay_online": "是", "visit_reason": "须现场核验", "is_online": "是", "online_url": "https://zwfw.gov.cn/x",
    "handling_form": "窗口办理,网上办理", "entrust_dept": "某市交通运输局", "user_topic": "户籍", "faq": "问：…答：…",
    "online_depth": "4,5",
}
HOLE = ["", " ", "\u3000", "无", "/", "不涉及", "—", "\x1c", "x"]
CATALOGUE_POOLS = {
    "item_type": ["行政许可", "公共服务", "行政处罚", "行政征收", "行政检查", "01", "1", "02", "20", "21", "０１", "行政 许可",
                  "其他行政权力", "99", "行政许可,公共服务"],
    "legal_limit": ["20", "20个工作日", "即办", "0", "00", "20内", "20天内", "20（工作日）", "20(内)", "２０天", "20 个工作日",
                    "无", "20-30", "即时办结", "0个工作日", "5天", "天"],
    "promised_limit": ["5", "5个工作日", "即办", "0", "5内", "5（工作日）", "５", "无", "当场办结", "5 天"],
    "visits": ["0", "1", "2", "3", "4", "5", "2", "3次", "0次", "1 次", "00", "多次", "１", "٣", "99999999999999999999", "2次以上", "0 次"],
    "is_fee": ["是", "否", "1", "0", "收费", "不收费", "Y", "N", "是 ", "１", "是,否", "不 收费"],
    "is_online": ["是", "否", "1", "0", "支持", "不支持", "TRUE", "１"],
    "pay_online": ["是", "否", "1"],
    "visit_reason": ["无", "无。", "/", "无需到现场办理。", "须现场核验", "不涉及", "；"],
    "handling_form": ["窗口办理", "网上办理", "窗口办理,网上办理", "1,2", "1", "2", "电脑端网上办理", "网上申请", "窗口办理、网上办理",
                      "快递申请;网上办理", "其他", "２"],
    "impl_body_nature": ["法定机关", "受委托组织", "3", "1", "受委托机关", "３", "受委托 组织", "其他"],
    "power_source": ["法定本级行使", "上级委托", "同级委托", "5", "6", "1", "下放", "５", "上级 委托"],
    "service_object": ["自然人", "企业法人", "自然人,企业法人", "1", "1,2", "个人", "７", "法人"],
    "online_depth": ["4", "4,5", "1,2,3", "互联网受理", "４"],
}
ZHEJIANG_FEE = "33-zhejiang"
LOCAL_CONDITIONS = {"extends": "national", "conditional_required": {     # entries that hold on COMPLETE, or nearly
    "topic": {"when": {"service_object": ["企业法人", "9"], "visits": {"ge": 1, "lt": 5}}, "require": ["user_topic", "faq"]},
    "many": {"when": {"visits": {"gt": 2}}, "require": ["online_url"]},
    "depth": {"rule": "EL108", "when": {"online_depth": "4"}, "require": ["entrust_dept"]},
    "fee": {"rule": "EL103", "when": {"is_fee": ["是"], "impl_body_nature": 1}, "require": ["pay_online", "faq"]},
    "visit_reason": {"rule": "EL105", "when": {"visits": {"eq": 1}}, "require": ["visit_reason", "user_topic"]}}}
CATALOGUE_CODES = ["EL002", "EL103", "EL105", "EL108", "EL109"]


def _catalogue_cell(fid):
    own = st.sampled_from(CATALOGUE_POOLS.get(fid, [COMPLETE[fid]]))
    return st.one_of(own, own, st.sampled_from(HOLE), st.tuples(SPACE, own, SPACE).map("".join))


def _catalogue_row(fields, missing):
    """COMPLETE with up to four of its elements changed (and the `missing` columns left out)."""
    changed = st.dictionaries(st.sampled_from(sorted(set(COMPLETE) - missing)), st.just(None), max_size=4)
    return changed.flatmap(lambda ch: st.fixed_dictionaries(
        {fields.label(f): _catalogue_cell(f) if f in ch else st.just(v) for f, v in COMPLETE.items() if f not in missing}))


@pytest.mark.parametrize("profile", ["national", ZHEJIANG_FEE, LOCAL_CONDITIONS], ids=["national", "zhejiang", "local"])
@pytest.mark.parametrize("code", CATALOGUE_CODES)
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_catalogue_rules_on_complete_rows_with_holes(code, profile, data):
    """The catalogue rules' wheres (required elements by type, limits and their units, conditional requirements with
    code and number tests, a missing column) on rows that are complete but for a few elements."""
    fields = dictionary()
    missing = data.draw(st.sets(st.sampled_from(sorted(COMPLETE)), max_size=1))
    rows = data.draw(st.lists(_catalogue_row(fields, missing), min_size=1, max_size=4))
    _same(code, rows, "implementation", profile)


@pytest.mark.parametrize("kind,fid", [("licensing", "impl_body"), ("powers", "impl_body"), ("powers", "duty")])
def test_list_with_a_column_filled_by_department_rows(kind, fid):
    """EL003/EL004: a missing column that department rows fill (权责清单 实施主体) is '' in the prefilter's frame, so every
    row is seen and the column is not reported."""
    code = {"licensing": "EL003", "powers": "EL004"}[kind]
    prof = Profile.load("national")
    fields = dictionary()
    required = prof.get("required")[kind]
    full = {fields.label(f): "x" for f in required}
    for filled in (True, False):
        rows = [dict(full), {**full, fields.label(required[0]): ""}, {**full, fields.label(fid): "某区发展改革局" if filled else ""}]
        got = []
        for flag in (True, False):
            cat = catalogue(rows, kind)
            del cat.columns[fid]
            for m in cat.matters[:2]:
                m.values.pop(fid, None)
            engine = Engine(Plan(active_rules(RULES, prof, {}, [code]), prof, prefilter=flag))
            engine.check(cat)
            engine.finish()
            got.append(sorted(map(key, engine.findings)))
        assert got[0] == got[1] and got[0]


def test_limits_without_their_unit():
    """EL002 asks for no unit when the 时限 is 即办, 0 or carries its unit; each limit text beside an empty unit."""
    fields = dictionary()
    limits = CATALOGUE_POOLS["legal_limit"] + CATALOGUE_POOLS["promised_limit"] + \
        ["20内内", "20（内）", "20 内", "0内", "0天", "20(天)", "20（个工作日)", "20)", "٣天", "20..", "20日-"]
    rows = [{**{fields.label(f): v for f, v in COMPLETE.items()}, "法定办结时限": t, "法定办结时限单位": unit}
            for t in limits for unit in ("", "无", " ")]
    assert _same("EL002", rows)


def test_limits_compared_value_by_value():
    """EL008, EL101, EL114 over every pair of limit texts and units (numbers one apart, units equal or not, units in
    the cell, blank values, other digits, notes that say a number of days)."""
    limits = ["20", "21", " 20 ", "0", "00", "即办", "", "无", "20个工作日", "21天", "２０", "٢٠", "20.5", "99999999999999999999"]
    units = ["工作日", "自然日", "", "无", " 工作日", "个工作日", "周"]
    notes = ["", "受理之日起20个工作日", "二十日内", "21 天"]
    rows = [{"法定办结时限": a, "承诺办结时限": b, "法定办结时限单位": u, "承诺办结时限单位": v, "承诺办结时限说明": n}
            for a in limits for b in limits for u, v in ((x, y) for x in units[:4] for y in units) for n in notes[:1]]
    rows += [{"法定办结时限": a, "法定办结时限说明": n, "承诺办结时限": "20", "承诺办结时限说明": n}
             for a in limits for n in notes]
    for code in ("EL008", "EL101", "EL114"):
        assert _same(code, rows)


OWN_PAIRS = {"EL105": ("visits", "visit_reason"), "EL108": ("is_online", "handling_form"),
             "EL109": ("impl_body_nature", "power_source"), "EL002": ("item_type", "legal_limit")}


@pytest.mark.parametrize("profile", ["national", ZHEJIANG_FEE, LOCAL_CONDITIONS], ids=["national", "zhejiang", "local"])
@pytest.mark.parametrize("code", CATALOGUE_CODES)
def test_conditions_and_own_checks_value_by_value(code, profile):
    """Each value of each `when` element of the rule's conditional requirements beside each required element filled,
    empty or 无; the pair of elements of the rule's own check value by value; for EL002, each 事项类型 beside each
    element empty."""
    fields = dictionary()
    prof = Profile.load(profile.get("extends", "national"), overrides=profile) if isinstance(profile, dict) \
        else Profile.load(profile)
    pool = lambda f: CATALOGUE_POOLS.get(f, [COMPLETE.get(f, "x")]) + HOLE       # noqa: E731
    changes = []
    for spec in (prof.get("conditional_required") or {}).values():
        if spec and spec.get("rule", "EL002") == code:
            changes += [{f: v, r: state} for f in spec["when"] for v in pool(f) for r in spec["require"]
                        for state in ("", "无", " ", "x")]
    if code in OWN_PAIRS:
        a, b = OWN_PAIRS[code]
        changes += [{a: x, b: y} for x in pool(a) for y in pool(b)]
    if code == "EL002":
        changes += [{"item_type": t, f: state} for t in pool("item_type") for f in COMPLETE for state in ("", "无")]
    rows = [{fields.label(f): v for f, v in {**COMPLETE, **ch}.items()} for ch in changes]
    assert _same(code, rows, "implementation", profile)
