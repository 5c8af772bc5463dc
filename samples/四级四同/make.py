"""Makes the 四级四同 sample set: a national 基本目录, and the 实施清单 of 广东省, 广州市 and 番禺区, with seeded
cross-level divergences (every XL rule fires once at least). Deliberately faulty: not part of samples/clean.

    python samples/四级四同/make.py        # writes the four .xlsx files next to this script
"""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from stdcheck.codes.uscc import compose

HERE = Path(__file__).parent
L1 = "《中华人民共和国食品安全法》第三十五条"
L2 = "《中华人民共和国行政许可法》第十二条"
L3 = "《城市市容和环境卫生管理条例》第十一条"
L4 = "《医疗机构管理条例》第九条"
L5 = "《中华人民共和国道路运输条例》第二十四条"
NATIONAL = [  # 事项名称, 基本编码, 事项类型, 设定依据, 行使层级
    ("食品经营许可（新办）", "000105001001", "行政许可", L1, "省级,市级,县级"),
    ("户外广告设施设置审批", "000105002000", "行政许可", L3, "市级,县级"),
    ("医疗机构执业登记", "000105003000", "行政许可", L4, "省级,市级,县级"),
    ("道路货物运输经营许可", "000105004000", "行政许可", L5, "市级,县级"),
    ("对违反食品安全法行为的处罚", "000205001000", "行政处罚", L1, "省级,市级,县级"),
    ("药品经营企业年度检查", "000605001000", "行政检查", L2, "省级"),
]
IMPL_HEADER = ["事项名称", "基本编码", "实施编码", "事项类型", "设定依据", "行使层级", "实施主体", "实施主体编码"]
# The other elements an 实施清单 must carry, filled alike in every list (they are not compared across levels),
# so that the seeded cross-level divergences are the only problems of the set.
COMMON = {"实施主体性质": "法定机关", "权力来源": "法定本级行使", "法定办结时限": "20", "法定办结时限单位": "工作日",
          "法定办结时限说明": "受理之日起20个工作日。", "承诺办结时限": "10", "承诺办结时限单位": "工作日",
          "承诺办结时限说明": "受理之日起10个工作日。", "办件类型": "承诺件", "服务对象": "企业法人,自然人",
          "办理形式": "窗口办理,网上办理", "到办事现场次数": "1", "必须现场办理原因说明": "须现场核验材料原件",
          "是否收费": "否", "是否网办": "是", "网办地址": "https://www.gdzwfw.gov.cn/", "受理条件": "符合法定条件",
          "办理流程": "受理→审查→决定→办结", "办理时间": "周一至周五 9:00-12:00，14:00-17:30",
          "咨询电话": "020-12345678", "监督投诉电话": "12345"}


def credit(region: str, seed: str) -> str:
    return compose(region, (seed * 8)[:8])


def save(name: str, header, rows, title: str) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(header)
    for r in rows:
        ws.append(list(r))
    wb.save(HERE / name)


def impl(rows, region: str, digit: str, level: str, body: str):
    code = credit(region, region[-2:] + "7")
    out = []
    for name, basic, type_, basis, *rest in rows:
        lv = rest[0] if rest else level
        d = rest[1] if len(rest) > 1 else digit
        out.append((name, basic, f"{code}{d}{basic}", type_, basis, lv, body, code, *COMMON.values(),
                    body + "政务服务窗口"))
    return out


HEADER = [*IMPL_HEADER, *COMMON, "办理地点"]


def main() -> None:
    save("1_国家基本目录.xlsx", ["事项名称", "基本编码", "事项类型", "设定依据", "行使层级"], NATIONAL, "基本目录")
    n = {r[1]: r for r in NATIONAL}
    province = [n["000105001001"][:4], n["000105003000"][:4], n["000205001000"][:4],
                ("药品经营企業年度檢查", "000605001000", "行政检查", L2)]                      # XL006 traditional characters
    save("2_广东省实施清单.xlsx", HEADER, impl(province, "440000", "2", "省级", "广东省市场监督管理局"), "实施清单")
    city = [("食品经营许可(新办)", "000105001001", "行政许可", L1),                                # XL006 half-width brackets
            ("户外广告设施设置许可", "000105002000", "行政许可", L3),                              # XL002 name drift
            ("医疗机构执业登记", "000105003000", "其他行政权力", L4),                              # XL003 type drift
            ("道路货物运输经营许可", "000105004000", "行政许可", "《广东省道路运输条例》第十条"),     # XL004 basis drift
            ("对违反食品安全法行为的处罚", "000205001000", "行政处罚", L1)]
    save("3_广州市实施清单.xlsx", HEADER, impl(city, "440100", "3", "市级", "广州市市场监督管理局"), "实施清单")
    county = [n["000105001001"][:4], n["000105002000"][:4],
              ("道路货物运输经营许可", "000105004000", "行政许可", L5 + "；《广东省道路运输条例》第十条"),  # XL004 warning
              ("药品经营企业年度检查", "000605001000", "行政检查", L2),                          # XL005 县级 not allowed
              ("餐饮服务食品安全监督检查", "000605099000", "行政检查", L1),                       # XL001 not in catalogue
              ("医疗机构执业登记证", "440105003000", "行政许可", L4),                              # XL007 near duplicate
              ("对违反食品安全法行为的处罚", "000205001000", "行政处罚", L1, "县级", "3")]        # XL008 mixed levels
    save("4_番禺区实施清单.xlsx", HEADER, impl(county, "440113", "4", "县级", "广州市番禺区市场监督管理局"), "实施清单")


if __name__ == "__main__":
    main()
