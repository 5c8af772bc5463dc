"""Make the shipped sample catalogues (run: python samples/make_samples.py).

Matter names and codes come from reference/coding.md §6 and reference/elements.md §8 (real published
records of 灵山县, Guangxi). Where a row needed more values than those records give, the values are
illustrative but follow the standard. The faulty samples seed one known problem per row; the
comment beside each row says which rule must catch it.
"""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent

BASIC_HEADER = ["事项名称", "基本编码", "事项类型", "设定依据", "行使层级", "主管部门"]
BASIC_ROWS = [
    ["固定资产投资项目节能审查", "000104002000", "行政许可", "《中华人民共和国节约能源法》第十五条；《固定资产投资项目节能审查办法》第三条",
     "省级,市级,县级", "国家发展改革委"],
    ["在宗教活动场所内改建或者新建建筑物审批", "000141005000", "行政许可", "《宗教事务条例》第三十三条", "市级,县级", "国家宗教局"],
    ["全民健身设施拆迁或者改变用途批准", "001033002000", "其他行政权力", "《全民健身条例》第二十八条", "省级,市级,县级", "国家体育总局"],
    ["优抚对象医疗保障", "000524018000", "行政给付", "《军人抚恤优待条例》第四十四条", "县级", "退役军人事务部"],
    ["专利权侵权纠纷处理", "000973001000", "行政裁决", "《中华人民共和国专利法》第六十五条", "省级,市级", "国家知识产权局"],
]

IMPL_HEADER = ["事项名称", "基本编码", "实施编码", "事项类型", "设定依据", "行使层级", "实施主体", "实施主体编码",
               "实施主体性质", "权力来源", "法定办结时限", "法定办结时限单位", "法定办结时限说明", "承诺办结时限",
               "承诺办结时限单位", "承诺办结时限说明", "办件类型", "服务对象", "办理形式", "到办事现场次数",
               "必须现场办理原因说明", "是否收费", "是否网办", "网办地址", "办理地点", "办理时间", "咨询电话",
               "监督投诉电话", "审批结果类型", "审批结果名称", "受理条件", "办理流程"]
IMPL_ROWS = [
    ["固定资产投资项目节能审查", "000104002000", "11450721MB155808114000104002000", "行政许可",
     "《中华人民共和国节约能源法》第十五条；《固定资产投资项目节能审查办法》第三条", "县级", "灵山县行政审批局",
     "11450721MB15580811", "法定机关", "法定本级行使", "20", "工作日", "受理之日起20个工作日。", "5", "工作日",
     "受理之日起5个工作日。", "承诺件", "企业法人,事业法人,社会组织法人", "窗口办理,网上办理", "1", "须现场核验材料", "否",
     "是", "https://zwfw.gxzf.gov.cn/", "灵山县政务服务中心", "周一至周五 8:00-12:00，14:30-17:30", "0777-6512345",
     "0777-12345", "批文", "灵山县行政审批局关于项目节能报告的批复",
     "已按规定编制固定资产投资项目节能报告", "受理→审查→决定→办结"],
    ["全民健身设施拆迁或者改变用途批准", "001033002000", "11450721348531435D4001033002000", "其他行政权力",
     "《全民健身条例》第二十八条", "县级", "灵山县文化广电体育和旅游局", "11450721348531435D", "法定机关", "法定本级行使",
     "20", "工作日", "受理之日起20个工作日。", "10", "工作日", "受理之日起10个工作日。", "承诺件",
     "自然人,企业法人,事业法人,社会组织法人", "窗口办理,网上办理,快递申请", "1", "须现场核验材料", "否", "是",
     "https://zwfw.gxzf.gov.cn/", "灵山县政务服务中心", "周一至周五 8:00-12:00，14:30-17:30", "0777-6522345",
     "0777-12345", "其他", "无", "拆迁或者改变用途已有规划并落实替代设施", "受理→审核→决定→办结"],
    ["在宗教活动场所内改建或者新建建筑物审批", "000141005000", "11450721MB155808114000141005000", "行政许可",
     "《宗教事务条例》第三十三条", "县级", "灵山县行政审批局", "11450721MB15580811", "法定机关", "法定本级行使", "20",
     "工作日", "受理之日起20个工作日。", "15", "工作日", "受理之日起15个工作日。", "承诺件", "社会组织法人",
     "窗口办理", "1", "须现场核验材料", "否", "否", "", "灵山县政务服务中心", "周一至周五 8:00-12:00，14:30-17:30",
     "0777-6512345", "0777-12345", "批文", "在宗教活动场所内改建或者新建建筑物的批复",
     "改建或新建建筑物不改变宗教活动场所现有布局和功能", "受理→审查→决定→办结"],
]

CODE_COLUMNS = {"基本编码", "事项编码", "实施编码", "实施主体编码"}


def _sheet(wb: Workbook, title: str, caption: str, header: list[str], rows: list[list], first: bool) -> None:
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append([caption])                          # title row, merged across the table (normal in real sheets)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for j, name in enumerate(header, 1):
        letter = ws.cell(row=2, column=j).column_letter
        ws.column_dimensions[letter].width = 14 if name not in ("设定依据", "事项名称") else 36
        if name in CODE_COLUMNS:
            for r in range(3, ws.max_row + 1):
                c = ws.cell(row=r, column=j)
                if isinstance(c.value, str):
                    c.number_format = "@"


def _save(path: Path, sheets) -> None:
    wb = Workbook()
    for i, (title, caption, header, rows) in enumerate(sheets):
        _sheet(wb, title, caption, header, rows, i == 0)
    wb.save(path)


def faulty_basic_rows() -> list[list]:
    rows = [list(r) for r in BASIC_ROWS]
    rows[0][1] = 104002000                 # CD001: code typed as a number, leading zeros lost (also CD101)
    rows[1][1] = "00014100500"             # CD101: 11 digits
    rows[2][2] = "行政审批"                 # EL006: not a 事项类型
    rows[3][3] = ""                        # EL001: 设定依据 missing
    rows.append(["专利权侵权纠纷处理（重复）", "000973001000", "行政裁决", "《中华人民共和国专利法》第六十五条", "省级",
                 "国家知识产权局"])           # CD110: duplicate basic code
    rows.append(["表彰奖励（地方类型）", "219932001000", "99", "《辽宁省奖励条例》第五条", "省级",
                 "辽宁省人民政府"])           # EL006 (warning): 99 is a local extension
    return rows


def _impl_row(base: list, **changes) -> list:
    row = list(base)
    for label, value in changes.items():
        row[IMPL_HEADER.index(label)] = value
    return row


def faulty_impl_rows() -> list[list]:
    """Four matters of the 灵山县 list, each with two seeded faults (the rule that must catch each is named)."""
    a, b, c = IMPL_ROWS
    return [
        _impl_row(a, 承诺办结时限="30", 承诺办结时限说明="受理之日起30个工作日。",   # EL101: 承诺 30 > 法定 20
                  网办地址="广西数字政务一体化平台"),                         # EL011: not a URL
        _impl_row(c, 实施编码="11450721MB155808113000141005000",             # CD204: character 19 is 3 (市级)
                  办件类型="即办件"),                                        # EL102: 即办件 with 15 days
        _impl_row(b, 实施主体编码="11450721348531435",                      # CD301: credit code cut to 17 (and CD203)
                  是否收费="是"),                                           # EL103: fee without 收费依据/收费标准
        _impl_row(a, 事项名称="優撫对象医疗保障", 基本编码="000524018000",     # EL013: traditional 優撫
                  实施编码="11450721MB155808114000524019000",             # CD205: last 12 differ from 基本编码
                  事项类型="行政给付", 设定依据="《军人抚恤优待条例》第四十四条", 实施主体="灵山县退役军人事务局",
                  到办事现场次数="3",                                       # EL009 (warning): more than 1 visit
                  审批结果类型="其他", 审批结果名称="无"),
    ]


def _yaml_value(v) -> str:
    return '"' + str(v).replace('\\', '\\\\').replace('"', '\\"') + '"'


def _write_yaml(path: Path, meta: dict, header: list[str], rows: list[list], raw: dict | None = None) -> None:
    """Write a YAML catalogue; `raw` maps (row index, column) to text written unquoted (seeded faults)."""
    lines = ["# " + meta.pop("comment"), "stdcheck: 1", "catalogue:"]
    lines += [f"  {k}: {_yaml_value(v)}" for k, v in meta.items()]
    lines.append("matters:")
    for i, row in enumerate(rows):
        for j, (key, value) in enumerate(zip(header, row)):
            if value == "":
                continue
            text = (raw or {}).get((i, key)) or _yaml_value(value)
            lines.append(("  - " if j == 0 else "    ") + f"{key}: {text}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    (HERE / "clean").mkdir(exist_ok=True)
    (HERE / "faulty").mkdir(exist_ok=True)
    _save(HERE / "clean" / "基本目录_国家级.xlsx",
          [("基本目录", "国家政务服务事项基本目录（示例）", BASIC_HEADER, BASIC_ROWS)])
    _save(HERE / "clean" / "实施清单_灵山县.xlsx",
          [("实施清单", "灵山县政务服务事项实施清单（示例）", IMPL_HEADER, IMPL_ROWS)])
    header = ["事项名称", "事项编码（必填）", "事项类型", "设定依据", "实施层级", "主管部门", "备注说明"]
    rows = [r + [""] for r in faulty_basic_rows()]
    _save(HERE / "faulty" / "基本目录_有问题.xlsx",
          [("基本目录", "某省政务服务事项基本目录（含错误的示例）", header, rows)])
    _write_yaml(HERE / "clean" / "实施清单_灵山县.yaml",
                {"comment": "灵山县政务服务事项实施清单（示例，YAML 格式）", "kind": "实施清单", "level": "县级",
                 "region": "450721"}, IMPL_HEADER, IMPL_ROWS)
    _write_yaml(HERE / "clean" / "基本目录_国家级.yaml",
                {"comment": "国家政务服务事项基本目录（示例，YAML 格式）", "kind": "基本目录", "level": "国家级"},
                BASIC_HEADER, BASIC_ROWS)
    _save(HERE / "faulty" / "实施清单_有问题.xlsx",
          [("实施清单", "灵山县政务服务事项实施清单（含错误的示例）", IMPL_HEADER, faulty_impl_rows())])
    _write_yaml(HERE / "faulty" / "实施清单_有问题.yaml",
                {"comment": "含错误的实施清单（YAML）：每个事项有两处有意设置的错误", "kind": "实施清单", "level": "县级",
                 "region": "450721"}, IMPL_HEADER, faulty_impl_rows())
    bad = [list(r) for r in BASIC_ROWS[:3]]
    bad[2][2] = "行政审批"                 # EL006
    _write_yaml(HERE / "faulty" / "基本目录_有问题.yaml",
                {"comment": "含错误的基本目录（YAML）：第1个事项的编码未加引号，会被当作数字（CD001）", "kind": "基本目录"},
                BASIC_HEADER, bad, raw={(0, "基本编码"): "000104002000"})


if __name__ == "__main__":
    main()
