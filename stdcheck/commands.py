"""The click classes of the command line: the check command keeps the order of --format and -o and shows its options
in groups with examples; the group speaks the user's language (click's own texts) and writes safely to any console."""
from __future__ import annotations

import sys

import click

FORMATS = ["text", "concise", "json", "sarif", "junit", "github", "gitlab", "xlsx"]
# reading limits (docs/reliability.md): the same options for check, diff and fix; config keys for check. Spelt out
# here, not read from sources.ReadOptions: the command line is built before any reader (or its dependencies) is
# imported; tests/test_cli.py checks the two agree.
LIMITS = ("max_cell_chars", "max_rows", "max_xlsx_mb", "max_yaml_mb", "max_yaml_aliases", "max_yaml_depth")


def _pairs(args: list[str]) -> list[list]:
    """--format and -o/--output as the user ordered them, paired: a --format fills the last pair still without a
    format, an -o the last pair still without a file, else each starts a new pair ([format|None, file|None])."""
    pairs: list[list] = []
    it = iter(args)
    for token in it:
        if token == "--":
            break
        if token in ("--format", "-o", "--output"):
            name, value = token, next(it, None)
        elif token.startswith(("--format=", "--output=")):
            name, _, value = token.partition("=")
        elif token.startswith("-o"):
            name, value = "-o", token[2:]
        else:
            continue
        slot = 0 if name == "--format" else 1
        if pairs and pairs[-1][slot] is None:
            pairs[-1][slot] = value
        else:
            pairs.append([value, None] if slot == 0 else [None, value])
    return pairs


# check --help: the options in groups, then examples
GROUPS = (
    (("输出", "Output"), ("fmt", "output", "output_formats", "annotate", "lang", "color_mode", "no_color", "quiet",
                         "statistics", "stats", "matrix")),
    (("规则选择", "Rule selection"), ("profile", "select", "extend_select", "ignore", "fail_on", "exit_zero", "rules_path")),
    (("输入与配置", "Input and config"), ("kind", "level", "sheet", "skip_unknown", "config_path", "isolated",
                                     "show_settings", "show_files")),
    (("基线", "Baseline"), ("baseline", "write_baseline")),
    (("读取上限", "Reading limits"), LIMITS),
    (("运行", "Run"), ("max_errors", "jobs", "split", "debug")),
)
EXAMPLES = (
    ("检查一个文件或整个文件夹", "check a file or a whole folder", "stdcheck check 实施清单.xlsx catalogue/"),
    ("退回部门的 Excel 报告和标注副本", "the Excel report and annotated copies for a department",
     "stdcheck check catalogue/ --format xlsx -o 检查报告.xlsx --annotate 标注副本"),
    ("一次检查写出多种输出", "several outputs from one run",
     "stdcheck check catalogue/ --output-format sarif=stdcheck.sarif --output-format json=结果.json"),
    ("只运行编码和四级四同规则，警告也算失败", "only the coding and 四级四同 rules, warnings fail too",
     "stdcheck check catalogue/ --select CD,XL --fail-on warning"),
    ("按规则统计，看哪些可以自动修复", "counts per rule, and what stdcheck fix can repair",
     "stdcheck check catalogue/ --statistics"),
)


class CheckCommand(click.Command):
    """Keeps the order of --format and -o on the command line (click gathers each option's values apart); shows
    the options in groups with examples."""

    def parse_args(self, ctx, args):
        ctx.meta["stdcheck.pairs"] = _pairs(list(args))
        return super().parse_args(ctx, args)

    def format_options(self, ctx, formatter):
        from .clicktext import current
        i = 1 if current == "en" else 0
        records = {p.name: p.get_help_record(ctx) for p in self.get_params(ctx) if isinstance(p, click.Option)}
        shown: set = set()
        for titles, names in GROUPS + ((("其他", "Other"), tuple(records)),):
            rows = [records[n] for n in names if records.get(n) and n not in shown]
            shown.update(names)
            if rows:
                with formatter.section(titles[i]):
                    formatter.write_dl(rows)

    def format_epilog(self, ctx, formatter):
        from .clicktext import current
        i = 1 if current == "en" else 0
        with formatter.section("Examples" if i else "示例"):
            for zh, en, command in EXAMPLES:
                formatter.write_text(f"{(zh, en)[i]}:")
                formatter.write(f"{' ' * (formatter.current_indent + 2)}{command}\n")


class Group(click.Group):
    """The stdcheck command group: click's own texts in the user's language, output safe on any console."""

    def main(self, args=None, *rest, **kw):
        from .clicktext import install, lang_of
        from .safe import guard_console
        guard_console()                    # before parsing: --help, --version and usage errors are printed too
        install(lang_of(sys.argv[1:] if args is None else args))
        return super().main(args, *rest, **kw)
