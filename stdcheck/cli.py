"""Command line: parse options, call the library, pick a reporter, set the exit code. Nothing else."""
from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import click

from . import __version__
from .commands import FORMATS, LIMITS, CheckCommand, Group
from .kinds import KINDS
from .levels import LEVEL_RANK
from .messages import render
from .safe import Console, encode, terminal

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _say(text: str, err: bool = False) -> None:
    """One line for the user: values in it (file names, cells, sheet names) escaped for a terminal (safe.terminal),
    so a value can neither split it into lines a CI runner would execute nor send escape sequences."""
    click.echo(terminal(text), err=err)


def _fail(message: str, params: dict, lang: str) -> None:
    _say(f"stdcheck: {render(message, params, lang)}", err=True)
    sys.exit(EXIT_ERROR)


_LANG = ["zh"]          # the language of the running command, for a message after an interruption


def _lang(value: str | None) -> str:
    _LANG[0] = "en" if value == "en" else "zh"
    return _LANG[0]


def _limit_options(f):
    options = [
        click.option("--max-cell-chars", type=click.IntRange(min=1),
                     help="单元格长度上限（默认 32767 个字符）；超过时该文件此行起不读取"),
        click.option("--max-rows", type=click.IntRange(min=1),
                     help="每个工作表/文件的行数上限（默认 2000000）；超过时其后的行不读取"),
        click.option("--max-xlsx-mb", type=click.IntRange(min=1), help="工作簿解压后的大小上限（默认 2048 MB）；超过时不读取该工作簿"),
        click.option("--max-yaml-mb", type=click.IntRange(min=1), help="YAML 文件的大小上限（默认 32 MB）；超过时不读取"),
        click.option("--max-yaml-aliases", type=click.IntRange(min=1),
                     help="YAML 别名（*引用）个数上限（默认 10000；展开后最多增加 100000 个节点或每个别名 10 个）"),
        click.option("--max-yaml-depth", type=click.IntRange(1, 10000), help="YAML 嵌套深度上限（默认 100，最多 10000）"),
    ]
    for option in reversed(options):
        f = option(f)
    return f


KIND_HELP = "指定目录类型：basic 基本目录 / implementation 实施清单 / licensing 行政许可事项清单 / powers 权责清单"


def _column_option(f):
    return click.option("--column", "columns", multiple=True, metavar="'表头=要素'",
                        help="把此表头的列读作此要素（可多次给出；优先于内置别名；也可在配置文件 columns: 中写）")(f)


def _columns(config: dict, given) -> dict:
    """The column mapping of a run: the config's `columns:` and --column (which wins); a config error when an
    element is unknown (naming the closest element) or an option is not HEADER=要素."""
    from .columns import MappingError, parse_mapping
    from .config import ConfigError
    try:
        return parse_mapping(config.get("columns"), given)
    except MappingError as exc:
        if exc.closest is None:
            raise ConfigError("config.column_syntax", value=exc.element) from None
        raise ConfigError("config.unknown_element", element=exc.element, closest=exc.closest) from None


def _config_columns(given, lang: str) -> dict:
    """fix and diff: the closest config file's `columns:` with --column."""
    from .config import ConfigError, load_config
    try:
        config, _ = load_config()
        return _columns(config, given)
    except ConfigError as exc:
        _fail(exc.message, exc.params, lang)


def _limits(opts: dict, config: dict | None = None) -> dict:
    """The reading limits for ReadOptions: command line, else config, else the default (None)."""
    config = config or {}
    return {k: opts.get(k) or config.get(k) for k in LIMITS}


EXIT_SIGINT, EXIT_SIGTERM = 130, 143


class _Terminated(Exception):
    """SIGTERM, raised in the main thread so that the run unwinds like after Ctrl-C."""


def _on_sigterm(signum, frame):
    raise _Terminated()


class _Group(Group):
    """Every command (stdout/stderr already through safe.Console: commands.Group.main): a fresh set of
    protected paths (output.begin);
    an interrupted run (SIGINT, SIGTERM) removes its temporary files, stops its workers (the pool is left
    by the exception) and exits 130 / 143, never 1 (which CI reads as "findings")."""

    def invoke(self, ctx):
        import signal
        import warnings
        from . import output
        # openpyxl warns about workbook features it drops while reading (data validation extensions …), with its
        # site-packages path: nothing a user can act on, and the input is never written back
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        output.begin()
        _LANG[0] = "zh"
        try:
            previous = signal.signal(signal.SIGTERM, _on_sigterm)
        except ValueError:                 # not the main thread (an embedding application)
            previous = None
        try:
            return super().invoke(ctx)
        except (KeyboardInterrupt, _Terminated) as exc:
            output.cleanup()
            _say(f"stdcheck: {render('run.interrupted', {}, _LANG[0])}", err=True)
            sys.exit(EXIT_SIGTERM if isinstance(exc, _Terminated) else EXIT_SIGINT)
        except ModuleNotFoundError as exc:   # a broken install (run by a Python without the dependencies)
            _fail("run.missing_module", {"module": exc.name or str(exc), "python": sys.executable}, _LANG[0])
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="stdcheck")
def main():
    """stdcheck — 政务服务事项基本目录与实施清单标准符合性检查工具。"""


@main.command(cls=CheckCommand)
@click.argument("paths", nargs=-1, required=True)
@click.option("--profile", "-p", help="规则配置：national（默认）、省份配置名（如 51-sichuan）或 YAML 文件路径")
@click.option("--select", multiple=True, help="只运行这些规则（代码、前缀、规则名或规则族；可多次给出或用逗号分隔）")
@click.option("--extend-select", multiple=True, help="在配置选定的规则之外再加入这些规则")
@click.option("--ignore", multiple=True, help="不运行这些规则")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), help="达到此级别的问题使退出码为1（默认 error）")
@click.option("--format", "fmt", type=click.Choice(FORMATS), multiple=True,
              help="输出格式（默认 text；GITHUB_ACTIONS=true 时默认 github；xlsx 须配合 -o）；可与 -o 成对重复给出，"
                   "一次检查写出多种输出：--format json -o a.json --format sarif -o b.sarif")
@click.option("--output", "-o", type=click.Path(dir_okay=False), multiple=True,
              help="把结果写入文件（原子写入）；多个 --format 时按顺序与之配对")
@click.option("--output-format", "output_formats", multiple=True, metavar="FORMAT=FILE",
              help="另写一种输出到文件（终端上的报告照常），可重复：--output-format sarif=stdcheck.sarif --output-format xlsx=检查报告.xlsx")
@click.option("--lang", type=click.Choice(["zh", "en"]), help="提示语言（默认 zh）")
@click.option("--annotate", type=click.Path(file_okay=False), help="在此目录写出每个输入工作簿的标注副本（问题单元格着色并加批注）")
@click.option("--baseline", type=click.Path(dir_okay=False, exists=True), help="只报告基线文件中没有的新问题")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="把当前的全部问题写入基线文件")
@click.option("--kind", type=click.Choice(KINDS), help=KIND_HELP)
@click.option("--level", help="指定层级：国家级、省级、市级、县级、镇级、村级")
@click.option("--sheet", help="只读取此工作表")
@_column_option
@click.option("--show-columns", is_flag=True, help="只显示每个文件的哪一列被读作哪个要素（及无法识别的列），不检查")
@click.option("--max-errors", type=click.IntRange(min=0), help="发现这么多问题后停止（0 = 不限），结果标记为不完整")
@click.option("--jobs", "-j", type=click.IntRange(min=0), help="并行检查文件的进程数（默认 = CPU 核数；0 同默认；1 = 不并行）")
@click.option("--split", is_flag=True,
              help="大文件（4 MB 以上）的逐行规则放到第二个进程运行（需两个以上空闲核；实测在两核共享的机器上更慢，故默认不用）")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="使用此配置文件（不再自动查找）")
@click.option("--isolated", is_flag=True, help="忽略所有配置文件")
@click.option("--rules-path", multiple=True, type=click.Path(exists=True), help="加载本地规则模块（.py 文件或目录）")
@click.option("--no-plugins", is_flag=True,
              help="不加载任何规则插件（入口点、--rules-path、配置中的 rules-path）；在不受信任的拉取请求上运行 CI 时使用")
@click.option("--exit-zero", is_flag=True, help="有问题时也以0退出（输入错误仍为2）")
@click.option("--color", "color_mode", type=click.Choice(["auto", "always", "never"]), default="auto",
              help="颜色：auto（标准输出是终端时，默认）、always、never")
@click.option("--no-color", is_flag=True, help="不使用颜色（同 --color never）")
@click.option("--quiet", "-q", is_flag=True, help="只输出问题：不显示汇总、进度和提示信息")
@click.option("--statistics", is_flag=True, help="按规则统计问题数（代替逐条列出），标出 stdcheck fix 可以修复的问题")
@click.option("--show-settings", is_flag=True, help="显示每个文件所用的配置文件、规则配置和选中的规则，然后退出")
@click.option("--show-files", is_flag=True, help="列出将要检查的文件及其配置文件，然后退出")
@click.option("--stats", is_flag=True, help="按部门和层级显示合规率条形图（text 格式时在报告之后，其他格式时在标准错误输出；xlsx 报告另加“统计”工作表）")
@click.option("--matrix", is_flag=True, help="四级四同：在报告之后显示四级矩阵（每个事项一行、每个层级一列；xlsx 报告另加“四级四同”工作表）")
@click.option("--debug", is_flag=True, help="出现内部错误时显示完整的 Python 调用栈")
@click.option("--skip-unknown", is_flag=True,
              help="跳过不是目录文件类型的文件（如 README.md）并提示，不作为输入错误（pre-commit 钩子使用）")
@_limit_options
def check(paths, **opts):
    """检查基本目录/实施清单（Excel、CSV、YAML 文件或目录）。"""
    from .config import ConfigError
    lang_guess = _lang(opts["lang"])
    try:
        return _check(paths, opts)
    except ConfigError as exc:
        _fail(exc.message, exc.params, lang_guess)
    except (KeyboardInterrupt, SystemExit, _Terminated, ModuleNotFoundError):
        raise                 # a missing dependency is said by the command group, for every command
    except Exception as exc:  # never a traceback for a user, unless asked
        if opts["debug"]:
            raise
        _say(f"stdcheck: internal error: {type(exc).__name__}: {exc} (--debug shows details)", err=True)
        sys.exit(EXIT_ERROR)


def _split(values) -> list[str]:
    return [v.strip() for item in values or () for v in item.split(",") if v.strip()]


def _check(paths, opts: dict):
    """The check command's work; `opts` holds every option by its parameter name."""
    from . import inputs
    from .config import load_config
    from .engine import run
    from .progress import files_bar
    from .reporters import get

    from . import output as run_output
    notes: list = []
    files = inputs.named(paths, opts["skip_unknown"], notes)   # devices, FIFOs (and other types in a hook) are said
    groups = inputs.by_config(files, opts["config_path"], opts["isolated"])   # the closest config per file, like ruff
    config0, config_file0 = groups[0][:2] if groups else load_config(opts["config_path"], opts["isolated"])
    # what the run reads is never an output
    run_output.protect(*paths, config_file0, *(cfile for _, cfile, _ in groups), opts["baseline"], opts["profile"])
    lang = _lang(opts["lang"] or config0.get("lang"))
    if not files:
        _notes(notes, lang, opts)
        if opts["skip_unknown"]:     # a pre-commit batch without catalogue files: nothing to check
            sys.exit(EXIT_OK)
        _fail("input.none_found", {"paths": " ".join(paths)}, lang)
    targets = _targets(opts, config0, lang)
    for fmt, output in targets:
        if getattr(get(fmt), "binary", False) and not output:
            _fail("report.binary_stdout", {"format": fmt}, lang)
    plans = [(config, cfile, gfiles, _plan(config, opts, lang, targets)) for config, cfile, gfiles in groups]
    if opts["show_files"] or opts["show_settings"]:
        from .settings import show
        show(plans, opts["show_settings"], lang, sys.stdout)
        sys.exit(EXIT_OK)
    if opts["show_columns"]:
        from .reporters.columns import show_columns
        failed = [show_columns(gfiles, plan.options, sys.stdout, lang) for _, _, gfiles, plan in plans]
        sys.exit(EXIT_ERROR if any(failed) else EXIT_OK)
    results = []
    for config, _, gfiles, plan in plans:
        extra = inputs.context(config, gfiles, notes)          # the config's `catalogues:` for the cross-level rules
        with files_bar([] if opts["quiet"] else gfiles + extra, lang) as progress:
            result = run(gfiles + extra, plan, progress)
        inputs.keep_named(result, extra)
        results.append(result)
    _notes(notes, lang, opts)
    result = inputs.merge(results)
    annotated = _after_run(result, opts, lang)

    fail_on = opts["fail_on"] or config0.get("fail_on") or "error"
    color = _color(opts)
    for fmt, output in targets:
        _write_report(result, fmt, output, lang, opts, annotated, fail_on, color)
    text_on_stdout = ("text", None) in targets
    extra_out = sys.stdout if text_on_stdout else sys.stderr    # after a text report; on stderr beside machine formats
    if opts["statistics"]:
        from .reporters.statistics import render as render_statistics
        render_statistics(result, extra_out, lang, color=color and text_on_stdout)
    if opts["matrix"]:
        from .reporters.matrix import render as render_matrix
        render_matrix(result.matrix, extra_out, lang, color=color and text_on_stdout)
    if opts["stats"]:
        from .reporters.stats import render as render_stats, stats
        figures = stats(result)
        if figures is not None:
            render_stats(figures, extra_out, lang, color=color and text_on_stdout)

    if result.input_errors:
        if all(output for _, output in targets):   # the reports went to files: still say why the exit code is 2
            for fr in result.files:
                if fr.status != "ok":
                    _say(f"stdcheck: {fr.path}: {render(fr.error.message, fr.error.params, lang)}", err=True)
        sys.exit(EXIT_ERROR)
    threshold = LEVEL_RANK[fail_on]
    if not opts["exit_zero"] and any(LEVEL_RANK[f.level] >= threshold for f in result.findings):
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


def _after_run(result, opts: dict, lang: str) -> dict:
    """The baseline (--write-baseline records the findings, --baseline keeps only new ones) and the annotated
    copies (--annotate); what they did is said on stderr. Returns input -> annotated copy."""
    from . import baseline
    from .output import OutputError
    from .fields import dictionary
    notes: list = []
    if result.suppressed:
        notes.append(("suppress.summary", {"count": result.suppressed}))
    try:
        if opts["write_baseline"]:
            baseline.record(result, opts["write_baseline"])
            b = result.baseline
            notes.append(("baseline.written", {"file": b.file, "count": b.written, "entries": b.entries}))
        elif opts["baseline"]:
            baseline.apply(result, opts["baseline"])
            b = result.baseline
            notes.append(("baseline.applied", {"file": b.file, "known": b.known, "new": len(result.findings)}))
            if b.stale:
                notes.append(("baseline.stale", {"count": sum(n for _, n in b.stale)}))
                fields = dictionary()
                for (file, matter, element, rule), n in b.stale[:50]:
                    notes.append(("baseline.stale_entry", {"file": file, "matter": matter or "-", "rule": rule,
                                                           "element": fields.label(element, lang) or element or "-",
                                                           "missing": n}))
        annotated = {}
        if opts["annotate"]:
            from .annotate import annotate
            try:
                Path(opts["annotate"]).mkdir(parents=True, exist_ok=True)
            except OSError as exc:          # a read-only place: the usual one-line error
                raise OutputError("output.unwritable", path=opts["annotate"], reason=exc.strerror or str(exc)) from None
            annotated, more = annotate(result, opts["annotate"], lang)
            notes += more
    except OutputError as exc:
        _fail(exc.message, exc.params, lang)
    _notes(notes, lang, opts)
    return annotated


def _notes(notes: list, lang: str, opts: dict) -> None:
    """Notes on stderr (skipped files, baseline, annotated copies …), unless --quiet; the list is emptied."""
    if not opts["quiet"]:
        for message_id, params in notes:
            _say(f"stdcheck: {render(message_id, params, lang)}", err=True)
    notes.clear()


def _color(opts: dict) -> bool:
    """Colour: --color always / never (also --no-color, NO_COLOR), else when stdout is a terminal."""
    if opts["no_color"] or opts["color_mode"] == "never" or os.environ.get("NO_COLOR"):
        return False
    if opts["color_mode"] == "always":
        return True
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def _plan(config: dict, opts: dict, lang: str, targets):
    """What one config decides for its files, with the command line winning: the engine's Plan."""
    from .engine import Plan
    plan = Plan.from_config(
        config, profile=opts["profile"], select=_split(opts["select"]), ignore=_split(opts["ignore"]),
        extend_select=_split(opts["extend_select"]), rules_path=opts["rules_path"], no_plugins=opts["no_plugins"],
        sheet=opts["sheet"], kind=opts["kind"], level=opts["level"], columns=_columns(config, opts["columns"]),
        limits=_limits(opts), max_errors=opts["max_errors"], jobs=opts["jobs"], split=opts["split"],
        tally=opts["stats"] or any(fmt == "xlsx" for fmt, _ in targets))    # 按部门 compliance
    for name, reason in plan.broken:
        _say(f"stdcheck: {render('plugin.broken', {'name': name, 'reason': reason}, lang)}", err=True)
    return plan


def _targets(opts: dict, config: dict, lang: str) -> list[tuple[str, str | None]]:
    """The outputs of one run, (format, file or None for stdout): --format/-o as paired on the command line (a pair
    without a format takes the config's `format` or the default; none given: the default on stdout), then each
    --output-format FORMAT=FILE."""
    default = config.get("format") or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    pairs = click.get_current_context().meta.get("stdcheck.pairs")
    if pairs is None or [p[0] for p in pairs if p[0]] != list(opts["fmt"]):      # called without the command line
        pairs = [[f, None] for f in opts["fmt"]] or [[None, None]]
        for slot, out in zip(pairs, opts["output"]):
            slot[1] = out
    if not pairs:                   # the report on stdout, in the default format, besides any --output-format
        pairs = [[None, None]]
    targets = [(fmt or default, out) for fmt, out in pairs]
    for item in opts["output_formats"]:
        fmt, sep, path = item.partition("=")
        fmt = fmt.strip().lower()
        if not sep or fmt not in FORMATS or not path.strip():
            _fail("output.format_pair", {"value": item, "formats": ", ".join(FORMATS)}, lang)
        targets.append((fmt, path.strip()))
    for fmt, _ in targets:
        if fmt not in FORMATS:
            _fail("output.format_pair", {"value": fmt, "formats": ", ".join(FORMATS)}, lang)
    if sum(out is None for _, out in targets) > 1:
        _fail("output.pairs", {"formats": ", ".join(f for f, out in targets if out is None)}, lang)
    return targets


def _write_report(result, fmt: str, output: str | None, lang: str, opts: dict, annotated: dict, fail_on: str,
                  color: bool) -> None:
    """One output: to its file (atomically) or to stdout; the github format also appends the job summary."""
    from .output import OutputError, write_atomic
    from .reporters import get
    reporter = get(fmt)
    if fmt == "text" and opts["statistics"] and not output:     # the per-rule table replaces the list
        return
    buf = io.BytesIO() if getattr(reporter, "binary", False) else io.StringIO()
    reporter(result, buf, lang=lang, color=color and not output, annotated=annotated, output=output, fail_on=fail_on,
             stats=opts["stats"], quiet=opts["quiet"], matrix=opts["matrix"])
    if output:
        data = buf.getvalue()
        try:
            write_atomic(output, data if isinstance(data, bytes) else encode(data), [f.path for f in result.files])
        except OutputError as exc:
            _fail(exc.message, exc.params, lang)
        if not opts["quiet"] and (fmt == "xlsx" or sys.stderr.isatty()):   # the report people wait for
            _say(f"stdcheck: {render('output.written', {'path': output, 'format': fmt, 'count': len(result.findings)}, lang)}",
                 err=True)
    elif fmt == "github" and isinstance(sys.stdout, Console):
        sys.stdout.commands(buf.getvalue())     # the one output whose commands are meant to run
        sys.stdout.flush()
    else:
        sys.stdout.write(buf.getvalue())
        sys.stdout.flush()
    if fmt == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        from .reporters.job_summary import append
        append(result, os.environ["GITHUB_STEP_SUMMARY"], lang, fail_on)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh")
@click.option("--profile", "-p", default="national", help="显示此规则配置下的级别")
@click.option("--rules-path", multiple=True, type=click.Path(exists=True))
def rules_cmd(fmt, lang, profile, rules_path):
    """列出全部规则：代码、名称、级别、依据标准与可信度。"""
    from .config import ConfigError
    from .docs import rule_table
    try:
        rule_table(fmt, lang, profile, list(rules_path), sys.stdout)
    except ConfigError as exc:
        _fail(exc.message, exc.params, lang)


@main.command()
@click.argument("code", metavar="CODE|前缀|名称|标题")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh")
@click.option("--rules-path", multiple=True, type=click.Path(exists=True))
def explain(code, lang, rules_path):
    """显示规则的说明（检查内容 / 依据 / 反例 / 正例 / 配置项）：规则代码（CD101）、代码前缀（CD1，显示全部）、
    规则名（basic-code-format）或中文标题（基本编码格式，或其中的词）。"""
    from .docs import explain_rule
    from .plugins import load_rules
    rules, _ = load_rules(list(rules_path), None)
    text = explain_rule(code, rules, lang)
    if text is None:
        from .docs import near_rules
        near = near_rules(code, rules)
        _fail("config.unknown_rule_near" if near else "config.unknown_rule", {"code": code, "near": "、".join(near)}, lang)
    click.echo(text)


@main.command()
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "xlsx"]), default="text",
              help="输出格式（默认 text；xlsx 须配合 -o）")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="把结果写入文件（原子写入）")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", help="提示语言（默认 zh）")
@click.option("--profile", "-p", default="national", help="规则配置（用于识别事项类型、事项状态等代码）")
@click.option("--kind", type=click.Choice(KINDS), help="指定两个文件的目录类型")
@click.option("--sheet", help="只读取此工作表")
@_column_option
@click.option("--similarity", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="名称相似度低于此值视为编码被另一事项占用（错误），否则为更名（警告）")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error",
              help="达到此级别的变更使退出码为1（默认 error）")
@click.option("--no-color", is_flag=True, help="不使用颜色")
@_limit_options
def diff(old, new, fmt, output, lang, profile, kind, sheet, columns, similarity, fail_on, no_color, **limits):
    """比对同一目录的两个版本（旧 新）：新增、删除、更名、类型/依据/层级变更、编码复用。"""
    from . import diff_report
    from .config import ConfigError, Profile
    from .diff import DiffError, run_diff
    from .output import OutputError, write_atomic
    from .sources import InputError, ReadOptions
    lang = _lang(lang)
    from .output import protect
    protect(old, new, profile)
    if fmt == "xlsx" and not output:
        _fail("report.binary_stdout", {"format": fmt}, lang)
    try:
        prof = Profile.load(profile)
        options = ReadOptions(sheet=sheet, kind=kind, columns=_config_columns(columns, lang), **_limits(limits))
        result = run_diff(old, new, prof, options, similarity)
    except ConfigError as exc:
        _fail(exc.message, exc.params, lang)
    except DiffError as exc:
        _fail(exc.message, diff_report.error_params(exc.params, lang), lang)
    except InputError as exc:      # a reader's error outside the two files (e.g. the profile's data)
        _fail(exc.message, exc.params, lang)
    if fmt == "xlsx":
        data = diff_report.xlsx(result, lang)
    else:
        buf = io.StringIO()
        color = False if (no_color or output or os.environ.get("NO_COLOR")) else None
        (diff_report.as_json if fmt == "json" else diff_report.text)(result, buf, lang=lang, color=color)
        data = encode(buf.getvalue())
    if output:
        try:
            write_atomic(output, data, [old, new])
        except OutputError as exc:
            _fail(exc.message, exc.params, lang)
    else:
        sys.stdout.write(data.decode("utf-8", errors="replace"))
        sys.stdout.flush()
    threshold = LEVEL_RANK[fail_on]
    sys.exit(EXIT_FINDINGS if any(LEVEL_RANK[c.level] >= threshold for c in result.changes) else EXIT_OK)


@main.command()
@click.option("--profile", "-p", default="national", show_default=True, help="规则配置：national、省份配置名或 YAML 文件路径")
@click.option("--kind", type=click.Choice(KINDS), required=True, help=KIND_HELP.replace("指定目录类型", "模板类型"))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="写出的 .xlsx 文件")
@click.option("--rows", type=click.IntRange(1, 100000), default=500, show_default=True, help="预设格式与下拉列表的数据行数")
@click.option("--force", is_flag=True, help="覆盖已存在的文件")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", help="提示语言（默认 zh；模板内容总是中英双语）")
def template(profile, kind, output, rows, force, lang):
    """生成合规的 Excel 填报模板：标准要素列、必填标记、表头批注、下拉列表与数值校验、说明工作表。"""
    from .config import ConfigError, Profile
    from .output import OutputError
    from .template import KIND_TITLES, elements, write
    lang = _lang(lang)
    try:
        prof = Profile.load(profile)
    except ConfigError as exc:
        _fail(exc.message, exc.params, lang)
    if not output.lower().endswith(".xlsx"):
        _fail("template.suffix", {"file": output}, lang)
    inputs = [profile] if os.path.isfile(profile) else []
    try:
        columns = write(prof, kind, output, rows, force, inputs)
    except (ConfigError, OutputError) as exc:
        _fail(exc.message, exc.params, lang)
    status = [s for _, s in elements(prof, kind)]
    _say(render("template.written", {
        "kind": KIND_TITLES[kind][0 if lang == "zh" else 1], "path": output, "columns": columns,
        "required": status.count("required"), "by_type": status.count("by_type"), "profile": prof.name}, lang))


@main.command()
@click.argument("source", metavar="IN", type=click.Path(dir_okay=False))
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="写出的新文件（与输入同一格式；绝不修改输入）")
@click.option("--profile", "-p", default="national", show_default=True, help="规则配置（代码表、括号宽度 fix.brackets）")
@click.option("--codes", type=click.Choice(["label", "code"]), help="把代码表要素统一写成名称（label）或代码（code）")
@click.option("--log", "log_path", type=click.Path(dir_okay=False), help="把修改记录写入 .csv 或 .json 文件")
@click.option("--sheet", help="只修复此工作表")
@_column_option
@click.option("--dry-run", is_flag=True, help="只列出修改，不写文件")
@click.option("--quiet", "-q", is_flag=True, help="不逐条列出修改")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", help="提示语言（默认 zh）")
@_limit_options
def fix(source, output, profile, codes, log_path, sheet, columns, dry_run, quiet, lang, **limits):
    """安全修复（IN -o OUT）：去空白、编码全角转半角、补前导零、代码与名称统一、括号宽度；输出修改记录并复查。"""
    from .config import ConfigError, Profile
    from .fields import dictionary
    from .fix import FixError, Fixer, fix_file, recheck, write_log
    from .output import OutputError
    from .sources import InputError, ReadOptions
    from .sources.limits import LimitError
    lang = _lang(lang)
    if not output and not dry_run:
        _fail("fix.no_output", {}, lang)
    options = ReadOptions(sheet=sheet, columns=_config_columns(columns, lang), **_limits(limits))
    from .output import protect
    protect(source, profile)
    try:
        prof = Profile.load(profile)
        changes = fix_file(source, output or source, Fixer(prof, codes), sheet, write=not dry_run, options=options)
        if log_path:
            write_log(changes, log_path, [source] + ([output] if output else []))
    except (ConfigError, FixError, OutputError) as exc:
        _fail(exc.message, exc.params, lang)
    except LimitError as exc:      # a reading limit: nothing is fixed, nothing written
        _fail("fix.limit", {"file": source, "reason": exc}, lang)
    except InputError as exc:
        _fail("fix.unreadable", {"file": source, "reason": exc}, lang)
    except Exception as exc:  # a file the libraries cannot parse: one line, never a traceback
        reason = (str(exc).strip().splitlines() or [""])[0][:160]
        _fail("fix.unreadable", {"file": source, "reason": f"{type(exc).__name__}: {reason}"}, lang)
    fields = dictionary()
    if not quiet:
        for c in changes:
            fixes = ("、" if lang == "zh" else ", ").join(render(f"fix.kind.{k}", {}, lang) for k in c.fix.split("+"))
            label = c.label if lang == "zh" else (fields.label(c.field, "en") or c.field)
            # old and new are the cell's text as written and as written now: never translated
            _say(render("fix.change", {"where": c.where, "label": label, "fixes": fixes,
                                             "rule": f", {c.rule}" if c.rule else ""}, lang, old=c.old, new=c.new))
    one = ".one" if len(changes) == 1 else ""
    if dry_run:
        _say(render("fix.dry_run" + one, {"count": len(changes)}, lang))
        sys.exit(EXIT_OK)
    if log_path:
        _say(render("fix.log_written", {"path": log_path}, lang))
    if not changes:
        _say(render("fix.nothing", {"path": output}, lang))
        sys.exit(EXIT_OK)
    _say(render("fix.summary" + one, {"count": len(changes), "path": output}, lang))
    try:
        left = recheck(output, changes, prof, sheet, options)
    except FixError as exc:        # the output cannot be read back: the fix broke it
        _say(f"stdcheck: {render(exc.message, exc.params, lang)}", err=True)
        sys.exit(EXIT_FINDINGS)
    for f in left:
        loc = f.location
        _say(render("fix.recheck_left", {"where": loc.cell or f"L{loc.line}", "rule": f.rule.code}, lang), err=True)
    rules = sorted({r for c in changes for r in (c.rule or "").split(",") if r})
    if rules and not left:
        _say(render("fix.recheck_ok", {"rules": ", ".join(rules)}, lang))
    sys.exit(EXIT_FINDINGS if left else EXIT_OK)


@main.command()
@click.option("--host", help="监听地址（默认 127.0.0.1，只有本机可访问；办公内网用 0.0.0.0 并设置 --token）")
@click.option("--port", type=click.IntRange(1, 65535), help="端口（默认 8000）")
@click.option("--profile", "-p", help="默认规则配置（页面上可改选其他内置配置）")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="每次检查使用的配置文件（不再自动查找）")
@click.option("--token", help="访问令牌：设置后须带令牌访问（链接 ?token=… 或请求头 Authorization: Bearer …）")
@click.option("--workers", type=click.IntRange(min=1), help="同时进行的检查数（默认 2），其余排队")
@click.option("--timeout", type=click.IntRange(min=1), help="每次检查的时间上限，秒（默认 600）")
@click.option("--memory-mb", type=click.IntRange(min=64), help="每次检查的内存上限，MB（默认 2048）")
@click.option("--max-upload-mb", type=click.IntRange(min=1), help="一次上传的大小上限，MB（默认 100）")
@click.option("--max-files", type=click.IntRange(min=1), help="一次上传的文件数上限（默认 20）")
@click.option("--retention-hours", type=click.FloatRange(min=0, min_open=True), help="检查结果保留时间，小时（默认 24）")
@click.option("--data-dir", type=click.Path(file_okay=False), help="存放上传文件与结果的目录（默认：临时目录，停止服务时删除）")
def serve(config_path, **opts):
    """启动网页与 JSON API：在浏览器中上传目录、查看问题、下载报告与修复副本。"""
    from .config import ConfigError, Profile, load_config
    try:
        config, found = load_config(config_path)
        from_config = bool(config.get("profile")) and not opts["profile"]
        Profile.load(opts["profile"] or config.get("profile") or "national",
                     Path(config["_dir"]) if from_config and config.get("_dir") else None)
    except ConfigError as exc:
        _fail(exc.message, exc.params, _lang(None))
    from .web.service import Settings
    serve_config = config.get("serve") or {}
    values = {**serve_config, **{k: v for k, v in opts.items() if v is not None}}
    values["profile"] = opts["profile"] or config.get("profile")
    settings = Settings(**values, config=str(found) if found else None, profile_from_config=from_config)
    if settings.token is not None and len(str(settings.token)) < 8:     # as the config schema demands of `serve.token`
        _fail("serve.token_short", {"min": 8}, _lang(None))
    import uvicorn
    from .web.app import create_app
    if settings.host not in ("127.0.0.1", "localhost", "::1") and not settings.token:
        _say(f"stdcheck: {render('serve.no_token', {'host': settings.host}, 'zh')}", err=True)
    _say(render("serve.listening", {"url": f"http://{settings.host}:{settings.port}/"}, "zh"), err=True)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="warning")


if __name__ == "__main__":  # pragma: no cover
    main()
