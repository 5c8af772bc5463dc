"""Deterministic generator of realistic catalogues for benchmarks (and large-input tests).

    python benchmarks/generate.py --rows 100000 --format xlsx -o bench-data/impl_100k.xlsx
    python benchmarks/generate.py --rows 10000 --kind basic --format csv -o bench-data/basic_10k.csv

An implementation list has ~40 standard columns, realistic Chinese text lengths, valid 基本编码, credit
codes with correct check characters and 实施编码 built from them. `--defects 0.02` seeds that share of
rows with one known defect each (a wrong check character, an 11-digit code, 承诺 > 法定, an unknown
事项类型, an empty required element, a code typed as a number).
"""
from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

from stdcheck.codes.uscc import compose

TYPES = ["行政许可", "行政处罚", "行政强制", "行政征收", "行政给付", "行政检查", "行政确认", "行政奖励", "行政裁决",
         "其他行政权力", "公共服务"]
TYPE_CODE = {t: f"{i + 1:02d}" if i < 10 else "20" for i, t in enumerate(TYPES)}
OBJECTS = ["固定资产投资项目", "建设工程", "食品经营", "药品零售", "道路运输", "医疗机构", "民办学校", "宗教活动场所",
           "特种设备", "城镇排水", "林木采伐", "出版物零售", "娱乐场所", "危险化学品", "户外广告", "养老机构"]
ACTIONS = ["设立审批", "变更登记", "延续审查", "注销备案", "许可证核发", "资质认定", "年度检查", "信息公开申请",
           "补贴发放", "违法行为处罚", "证明开具", "奖励评定"]
LAWS = ["《中华人民共和国行政许可法》", "《中华人民共和国节约能源法》", "《中华人民共和国食品安全法》",
        "《宗教事务条例》", "《全民健身条例》", "《中华人民共和国道路运输条例》", "《医疗机构管理条例》"]
BODIES = ["行政审批局", "市场监督管理局", "交通运输局", "卫生健康委员会", "教育局", "民族宗教事务局", "自然资源局"]
REGIONS = ["450721", "450702", "440106", "511602", "330302", "210102", "510104"]
IMPL_HEADER = ["事项名称", "基本编码", "实施编码", "业务办理项编码", "事项类型", "设定依据", "行使层级", "实施主体",
               "实施主体编码", "实施主体性质", "权力来源", "委托部门", "法定办结时限", "法定办结时限单位",
               "法定办结时限说明", "承诺办结时限", "承诺办结时限单位", "承诺办结时限说明", "办件类型", "服务对象",
               "办理形式", "到办事现场次数", "必须现场办理原因说明", "是否收费", "收费依据", "收费标准", "是否网办",
               "网办地址", "网上办理深度", "是否支持网上支付", "是否支持物流快递", "是否支持预约办理", "是否进驻政务大厅",
               "通办范围", "受理条件", "办理地点", "办理时间", "咨询电话", "监督投诉电话", "审批结果类型", "审批结果名称",
               "事项状态"]
BASIC_HEADER = ["事项名称", "基本编码", "事项类型", "设定依据", "行使层级", "主管部门", "事项状态"]


def uscc(rng: random.Random, region: str) -> str:
    """A credit code with valid embedded organisation-code and GB 32100 check characters."""
    return compose(region, "".join(rng.choice("0123456789") for _ in range(8)))


def basic_rows(n: int, seed: int = 7) -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        t = TYPES[i % len(TYPES)]
        code = f"00{TYPE_CODE[t]}{i // 11:05d}{rng.choice(['000', '000', '001', '002'])}"
        name = f"{OBJECTS[i % len(OBJECTS)]}{ACTIONS[(i // len(OBJECTS)) % len(ACTIONS)]}（{i}）"
        law = rng.choice(LAWS)
        rows.append([name, code, t, f"{law}第{rng.randint(1, 80)}条", "省级,市级,县级", "国务院有关部门", "在用"])
    return rows


def impl_rows(n: int, basic: list[list[str]], defects: float = 0.02, seed: int = 11):
    rng = random.Random(seed)
    bodies = [(f"{rng.choice(REGIONS)}", b) for b in BODIES]
    codes = [(uscc(rng, region), f"{region}{b}") for region, b in bodies]
    for k in range(len(codes), -(-n // len(basic))):    # enough bodies that (body, matter) pairs never repeat
        region = rng.choice(REGIONS)
        codes.append((uscc(rng, region), f"{region}{BODIES[k % len(BODIES)]}（{k}）"))
    for i in range(n):
        name, bcode, t, basis = basic[i % len(basic)][:4]
        credit, body = codes[(i // len(basic) + i) % len(codes)]
        legal = rng.choice([5, 10, 15, 20, 30, 60])
        promised = max(0, legal - rng.choice([0, 2, 5]))
        row = [name, bcode, f"{credit}4{bcode}", "", t, basis, "县级", body, credit, "法定机关",
               "" if t == "公共服务" else "法定本级行使", "",
               str(legal), "工作日", f"受理之日起{legal}个工作日。", str(promised), "工作日",
               f"受理之日起{promised}个工作日。", "即办件" if promised == 0 else "承诺件", "自然人,企业法人",
               "窗口办理,网上办理", "1", "须现场核验原件", "否", "", "", "是", "https://zwfw.example.gov.cn/item",
               "1,2,3,4", "否", "是", "是", "是", "全县", "申请人应当具备法定条件并提交齐全、符合法定形式的申请材料。" * 2,
               f"{body}政务服务中心窗口", "周一至周五 上午9:00-12:00 下午13:30-17:00", "0777-6512345", "0777-12345",
               "证照", f"{name}决定书", "在用"]
        if rng.random() < defects:
            kind = rng.randrange(6)
            if kind == 0:
                row[8] = credit[:-1] + ("0" if credit[-1] != "0" else "1")      # wrong check character
            elif kind == 1:
                row[1] = bcode[:-1]                                              # 11-digit basic code
            elif kind == 2:
                row[15] = str(legal + 5)                                         # 承诺 > 法定
            elif kind == 3:
                row[4] = "行政审批"                                               # unknown 事项类型
            elif kind == 4:
                row[5] = ""                                                      # empty 设定依据
            else:
                row[1] = int(bcode)                                              # code typed as a number
        yield row


def write(path: Path, header: list[str], rows, fmt: str, title: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            w.writerows(rows)
    elif fmt == "xlsx":
        from openpyxl import Workbook
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("实施清单" if "实施编码" in header else "基本目录")
        ws.append([title])
        ws.append(header)
        for r in rows:
            ws.append(r)
        wb.save(path)
    else:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(f"# {title}\nmatters:\n")
            for r in rows:
                first = True
                for k, v in zip(header, r):
                    if v == "":
                        continue
                    val = v if isinstance(v, int) else '"' + str(v).replace('"', '\\"') + '"'
                    fh.write(("  - " if first else "    ") + f"{k}: {val}\n")
                    first = False


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--kind", choices=["basic", "implementation"], default="implementation")
    ap.add_argument("--format", choices=["xlsx", "csv", "yaml"], default="csv")
    ap.add_argument("--basic-rows", type=int, default=10000, help="size of the basic catalogue the list implements")
    ap.add_argument("--defects", type=float, default=0.02)
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args(argv)
    basic = basic_rows(a.basic_rows if a.kind == "implementation" else a.rows)
    if a.kind == "basic":
        write(Path(a.output), BASIC_HEADER, basic, a.format, "基本目录（生成）")
    else:
        write(Path(a.output), IMPL_HEADER, impl_rows(a.rows, basic, a.defects), a.format, "实施清单（生成）")


if __name__ == "__main__":
    main()
