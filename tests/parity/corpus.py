"""The parity corpus (issue 16, "parity first"): generated catalogues with defects of many kinds seeded
deterministically — the generator's own six, plus the kinds real catalogues showed (issue 13) — written as
xlsx and csv, and the golden findings today's rules give on them.

    python -m tests.parity.corpus --update     # rewrite tests/parity/golden/*.json after an intended change

A new engine must reproduce the goldens exactly (tests/test_parity.py), or each difference is a listed fix.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
SEED = 2026


def _generator():
    spec = importlib.util.spec_from_file_location("stdcheck_generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _mutations(gen):
    """(name, function(row, rng, previous row)) — each changes one element the way real catalogues go wrong."""
    h = {label: i for i, label in enumerate(gen.IMPL_HEADER)}

    def put(label, fn):
        def apply(row, rng, prev):
            row[h[label]] = fn(row[h[label]], row, rng, prev)
        return apply

    return [
        ("lower-case letter", put("实施编码", lambda v, r, g, p: v[:17] + v[17].lower() + v[18:] if v[17].isalpha() else v.lower())),
        ("full-width digits", put("基本编码", lambda v, r, g, p: str(v).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}))),
        ("hyphen in a credit code", put("实施主体编码", lambda v, r, g, p: v[:8] + "-" + v[8:])),
        ("item code in 实施编码", put("实施编码", lambda v, r, g, p: v + "01")),
        ("placeholder", put("实施主体编码", lambda v, r, g, p: "null")),
        ("scientific notation", put("实施主体编码", lambda v, r, g, p: "1.14507E+17")),
        ("type swapped", put("事项类型", lambda v, r, g, p: "行政确认" if v != "行政确认" else "行政许可")),
        ("办理项 suffix", put("事项名称", lambda v, r, g, p: v + "(变更)")),
        ("doubled bracket", put("事项名称", lambda v, r, g, p: v.replace("（", "（（", 1))),
        ("mixed brackets", put("事项名称", lambda v, r, g, p: v.replace("）", ")", 1))),
        ("traditional character", put("事项名称", lambda v, r, g, p: v.replace("审", "審", 1) if "审" in v else v + "證明")),
        ("trailing space", put("事项名称", lambda v, r, g, p: v + " ")),
        ("local phone", put("咨询电话", lambda v, r, g, p: "6512345")),
        ("phone text", put("监督投诉电话", lambda v, r, g, p: "电话待定")),
        ("blank phones", lambda row, g, p: (row.__setitem__(h["咨询电话"], "无"), row.__setitem__(h["监督投诉电话"], "无"))),
        ("level digit", put("行使层级", lambda v, r, g, p: "市级")),
        ("fee without basis", put("是否收费", lambda v, r, g, p: "是")),
        ("bad url", put("网办地址", lambda v, r, g, p: "www")),
        ("unknown unit", put("法定办结时限单位", lambda v, r, g, p: "周")),
        ("duplicate 实施编码", lambda row, g, p: row.__setitem__(h["实施编码"], p[h["实施编码"]]) if p else None),
        ("empty 实施主体", put("实施主体", lambda v, r, g, p: "")),
        ("state unknown", put("事项状态", lambda v, r, g, p: "暂停")),
    ]


def rows(n_basic: int = 60, n_impl: int = 240, share: float = 0.45):
    """The corpus rows: (basic rows, implementation rows); the same on every machine."""
    gen = _generator()
    basic = gen.basic_rows(n_basic, seed=SEED)
    impl = [list(r) for r in gen.impl_rows(n_impl, basic, defects=0.1, seed=SEED)]
    rng = random.Random(SEED)
    muts = _mutations(gen)
    prev = None
    for i, row in enumerate(impl):
        if rng.random() < share:
            muts[i % len(muts)][1](row, rng, prev)
        prev = row
    basic = [list(r) for r in basic]
    for i in range(0, len(basic), 7):              # the 基本目录 too: a duplicate, a one-code-two-names, a bad type
        if i % 3 == 0 and i:
            basic[i][1] = basic[i - 1][1]
        elif i % 3 == 1:
            basic[i][2] = "行政备案"
        else:
            basic[i][0] = basic[i][0] + "（重复）"
    return gen, basic, impl


def build(folder: Path) -> list[Path]:
    """Write the corpus files into `folder` (xlsx and csv of each list); returns them."""
    gen, basic, impl = rows()
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for fmt in ("xlsx", "csv"):
        for name, header, data, title in (("basic", gen.BASIC_HEADER, basic, "基本目录（国家级）"),
                                          ("impl", gen.IMPL_HEADER + ["经办人"], impl, "实施清单（县级）")):
            path = folder / f"{name}.{fmt}"      # the 实施清单 has a column no element is (IO001)
            gen.write(path, header, [list(r) + ["张三"] * (len(header) - len(r)) for r in data], fmt, title)
            out.append(path)
    return out


def runs(files: list[Path]) -> dict[str, list[Path]]:
    """The checks the goldens record: each file alone, and each format's 基本目录 with its 实施清单 (四级四同)."""
    out = {f.name: [f] for f in files}
    for fmt in ("xlsx", "csv"):
        out[f"basic+impl.{fmt}"] = [f for f in files if f.suffix == f".{fmt}"]
    return out


def findings(paths: list[Path]) -> list[list]:
    """Today's findings of one check, as the golden keeps them: file, sheet, cell (or row), element, rule, level,
    message."""
    p = subprocess.run([sys.executable, "-m", "stdcheck", "check", *[q.name for q in paths], "--isolated",
                        "--jobs", "1", "--format", "json", "--select", "ALL"], cwd=paths[0].parent,
                       capture_output=True, text=True, encoding="utf-8")
    doc = json.loads(p.stdout)
    keep = []
    for f in doc["findings"]:
        loc = f["location"]
        keep.append([loc["file"], loc["sheet"], loc["cell"] or loc["row"] or loc["line"], (f["field"] or {}).get("id"),
                     f["rule"], f["level"], f["message"]])
    return sorted(keep, key=lambda k: json.dumps(k, ensure_ascii=False))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--update", action="store_true", help="rewrite the golden files")
    args = ap.parse_args(argv)
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        for name, paths in runs(build(Path(tmp))).items():
            got = findings(paths)
            if args.update:
                GOLDEN.mkdir(parents=True, exist_ok=True)
                (GOLDEN / f"{name}.json").write_text(json.dumps(got, ensure_ascii=False, indent=0) + "\n",
                                                     encoding="utf-8")
            print(f"{name}: {len(got)} findings, {len({k[4] for k in got})} rules"
                  + (" (golden written)" if args.update else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
