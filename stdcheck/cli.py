"""Command line: parse options, call the library, pick a reporter, set the exit code. Nothing else."""
from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import click

from . import __version__
from .messages import render
from .safe import Console, encode, guard_console, terminal

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
LEVEL_RANK = {"error": 3, "warning": 2, "info": 1}


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


# reading limits (docs/reliability.md): the same options for check, diff and fix; config keys for check
LIMITS = ("max_cell_chars", "max_rows", "max_xlsx_mb", "max_yaml_mb", "max_yaml_aliases", "max_yaml_depth")


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


def _limits(opts: dict, config: dict | None = None) -> dict:
    """The reading limits for ReadOptions: command line, else config, else the default (None)."""
    config = config or {}
    return {k: opts.get(k) or config.get(k) for k in LIMITS}


EXIT_SIGINT, EXIT_SIGTERM = 130, 143


class _Terminated(Exception):
    """SIGTERM, raised in the main thread so that the run unwinds like after Ctrl-C."""


def _on_sigterm(signum, frame):
    raise _Terminated()


class _Group(click.Group):
    """Every command: stdout/stderr through safe.Console; a fresh set of protected paths (output.begin);
    an interrupted run (SIGINT, SIGTERM) removes its temporary files, stops its workers (the pool is left
    by the exception) and exits 130 / 143, never 1 (which CI reads as "findings")."""

    def invoke(self, ctx):
        import signal
        import warnings
        from . import output
        guard_console()
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
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="stdcheck")
def main():
    """stdcheck — 政务服务事项基本目录与实施清单标准符合性检查工具。"""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--profile", "-p", help="规则配置：national（默认）、省份配置名（如 51-sichuan）或 YAML 文件路径")
@click.option("--select", multiple=True, help="只运行这些规则（代码、前缀、规则名或规则族；可多次给出或用逗号分隔）")
@click.option("--extend-select", multiple=True, help="在配置选定的规则之外再加入这些规则")
@click.option("--ignore", multiple=True, help="不运行这些规则")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), help="达到此级别的问题使退出码为1（默认 error）")
@click.option("--format", "fmt", type=click.Choice(["text", "concise", "json", "sarif", "junit", "github", "gitlab", "xlsx"]),
              help="输出格式（默认 text；GITHUB_ACTIONS=true 时默认 github；xlsx 须配合 -o）")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="把结果写入文件（原子写入）")
@click.option("--lang", type=click.Choice(["zh", "en"]), help="提示语言（默认 zh）")
@click.option("--annotate", type=click.Path(file_okay=False), help="在此目录写出每个输入工作簿的标注副本（问题单元格着色并加批注）")
@click.option("--baseline", type=click.Path(dir_okay=False, exists=True), help="只报告基线文件中没有的新问题")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="把当前的全部问题写入基线文件")
@click.option("--kind", type=click.Choice(["basic", "implementation"]), help="指定目录类型：basic 基本目录 / implementation 实施清单")
@click.option("--level", help="指定层级：国家级、省级、市级、县级、镇级、村级")
@click.option("--sheet", help="只读取此工作表")
@click.option("--max-errors", type=click.IntRange(min=0), help="发现这么多问题后停止（0 = 不限），结果标记为不完整")
@click.option("--jobs", "-j", type=click.IntRange(min=0), help="并行检查文件的进程数（默认 = CPU 核数；0 同默认；1 = 不并行）")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="使用此配置文件（不再自动查找）")
@click.option("--isolated", is_flag=True, help="忽略所有配置文件")
@click.option("--rules-path", multiple=True, type=click.Path(exists=True), help="加载本地规则模块（.py 文件或目录）")
@click.option("--no-plugins", is_flag=True,
              help="不加载任何规则插件（入口点、--rules-path、配置中的 rules-path）；在不受信任的拉取请求上运行 CI 时使用")
@click.option("--exit-zero", is_flag=True, help="有问题时也以0退出（输入错误仍为2）")
@click.option("--no-color", is_flag=True, help="不使用颜色")
@click.option("--stats", is_flag=True, help="按部门和层级显示合规率条形图（text 格式时在报告之后，其他格式时在标准错误输出；xlsx 报告另加“统计”工作表）")
@click.option("--matrix", is_flag=True, help="四级四同：在报告之后显示四级矩阵（每个事项一行、每个层级一列；xlsx 报告另加“四级四同”工作表）")
@click.option("--debug", is_flag=True, help="出现内部错误时显示完整的 Python 调用栈")
@_limit_options
def check(paths, **opts):
    """检查基本目录/实施清单（Excel、CSV、YAML 文件或目录）。"""
    from .config import ConfigError
    lang_guess = _lang(opts["lang"])
    try:
        return _check(paths, opts)
    except ConfigError as exc:
        _fail(exc.message, exc.params, lang_guess)
    except (KeyboardInterrupt, SystemExit, _Terminated):
        raise
    except Exception as exc:  # never a traceback for a user, unless asked
        if opts["debug"]:
            raise
        _say(f"stdcheck: internal error: {type(exc).__name__}: {exc} (--debug shows details)", err=True)
        sys.exit(EXIT_ERROR)


def _split(values) -> list[str]:
    return [v.strip() for item in values or () for v in item.split(",") if v.strip()]


def _check(paths, opts: dict):
    """The check command's work; `opts` holds every option by its parameter name."""
    from .config import Profile, active_rules, load_config
    from .engine import run
    from .plugins import load_rules
    from .reporters import get
    from .sources import ReadOptions

    from . import output as run_output
    config, config_file = load_config(opts["config_path"], opts["isolated"])
    run_output.protect(*paths, config_file, opts["baseline"], opts["profile"])   # read by the run: never an output
    lang = _lang(opts["lang"] or config.get("lang"))
    base = Path(config["_dir"]) if config.get("_dir") else None
    if opts["no_plugins"]:          # an untrusted pull request: run no code but stdcheck's own
        from .rules import REGISTRY, load_builtin
        load_builtin()
        rules, broken = dict(sorted(REGISTRY.items())), []
    else:
        rules, broken = load_rules([*config.get("rules_path", ()), *opts["rules_path"]], base,
                                   confined=len(config.get("rules_path", ())))
    for name, reason in broken:
        _say(f"stdcheck: {render('plugin.broken', {'name': name, 'reason': reason}, lang)}", err=True)
    profile = opts["profile"]
    prof = Profile.load(profile or config.get("profile") or "national", base if not profile else None,
                        config.get("profile_overrides"))
    active = active_rules(rules, prof, config, _split(opts["select"]), _split(opts["ignore"]),
                          _split(opts["extend_select"]))
    fmt = opts["fmt"] or config.get("format") or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    options = ReadOptions(sheet=opts["sheet"] or config.get("sheet"), kind=opts["kind"] or config.get("kind"),
                          level=opts["level"] or config.get("level"), tally=opts["stats"], levels=config.get("levels"),
                          **_limits(opts, config))
    limit = opts["max_errors"] if opts["max_errors"] is not None else config.get("max_errors", 0)
    jobs = opts["jobs"] or config.get("jobs") or os.cpu_count() or 1
    from . import postrun
    from .output import OutputError, write_atomic
    from .progress import files_bar
    reporter = get(fmt)
    output = opts["output"]
    if getattr(reporter, "binary", False) and not output:
        _fail("report.binary_stdout", {"format": fmt}, lang)
    exemptions = postrun.prepare(active, config)
    from .sources import discover
    skipped: list[str] = []
    files = discover(list(paths), skipped)       # devices and FIFOs below a folder are left out, and said so
    for path in skipped:
        _say(f"stdcheck: {render('input.skipped_not_regular', {'file': path}, lang)}", err=True)
    with files_bar(files, lang) as progress:
        result = run(files, active, prof, options, limit, jobs, progress)
    if opts["matrix"]:
        from .crosslevel import latest_matrix
        result.matrix = latest_matrix()
    try:
        annotated, notes = postrun.apply(result, exemptions, opts, lang)
    except OutputError as exc:
        _fail(exc.message, exc.params, lang)
    for message_id, params in notes:
        _say(f"stdcheck: {render(message_id, params, lang)}", err=True)

    color = False if (opts["no_color"] or output or os.environ.get("NO_COLOR")) else None
    buf = io.BytesIO() if getattr(reporter, "binary", False) else io.StringIO()
    reporter(result, buf, lang=lang, color=color, annotated=annotated, output=output)
    if output:
        data = buf.getvalue()
        try:
            write_atomic(output, data if isinstance(data, bytes) else encode(data), [f.path for f in result.files])
        except OutputError as exc:
            _fail(exc.message, exc.params, lang)
    elif fmt == "github" and isinstance(sys.stdout, Console):
        sys.stdout.commands(buf.getvalue())     # the one output whose commands are meant to run
        sys.stdout.flush()
    else:
        sys.stdout.write(buf.getvalue())
        sys.stdout.flush()
    if opts["matrix"]:     # after a text report on stdout; on stderr otherwise
        from .reporters.matrix import render as render_matrix
        render_matrix(result.matrix, sys.stdout if fmt == "text" and not output else sys.stderr, lang,
                      color=False if (opts["no_color"] or os.environ.get("NO_COLOR")) else None)
    if opts["stats"]:      # after a text report on stdout; on stderr otherwise, so JSON/SARIF stay valid
        from .reporters.stats import render as render_stats, stats
        figures = stats(result)
        if figures is not None:
            on_stdout = fmt == "text" and not output
            render_stats(figures, sys.stdout if on_stdout else sys.stderr, lang,
                         color=False if (opts["no_color"] or os.environ.get("NO_COLOR")) else None)

    if result.input_errors:
        if output:                   # the report went to a file: still say on the terminal why the exit code is 2
            for fr in result.files:
                if fr.status != "ok":
                    _say(f"stdcheck: {fr.path}: {render(fr.error.message, fr.error.params, lang)}", err=True)
        sys.exit(EXIT_ERROR)
    threshold = LEVEL_RANK[opts["fail_on"] or config.get("fail_on") or "error"]
    if not opts["exit_zero"] and any(LEVEL_RANK[f.level] >= threshold for f in result.findings):
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


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
@click.argument("code")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh")
@click.option("--rules-path", multiple=True, type=click.Path(exists=True))
def explain(code, lang, rules_path):
    """显示一条规则的说明（检查内容 / 依据 / 反例 / 正例 / 配置项）。"""
    from .docs import explain_rule
    from .plugins import load_rules
    rules, _ = load_rules(list(rules_path), None)
    text = explain_rule(code, rules, lang)
    if text is None:
        _fail("config.unknown_rule", {"code": code}, lang)
    click.echo(text)


@main.command()
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "xlsx"]), default="text",
              help="输出格式（默认 text；xlsx 须配合 -o）")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="把结果写入文件（原子写入）")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", help="提示语言（默认 zh）")
@click.option("--profile", "-p", default="national", help="规则配置（用于识别事项类型、事项状态等代码）")
@click.option("--kind", type=click.Choice(["basic", "implementation"]), help="指定两个文件的目录类型")
@click.option("--sheet", help="只读取此工作表")
@click.option("--similarity", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="名称相似度低于此值视为编码被另一事项占用（错误），否则为更名（警告）")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error",
              help="达到此级别的变更使退出码为1（默认 error）")
@click.option("--no-color", is_flag=True, help="不使用颜色")
@_limit_options
def diff(old, new, fmt, output, lang, profile, kind, sheet, similarity, fail_on, no_color, **limits):
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
        result = run_diff(old, new, prof, ReadOptions(sheet=sheet, kind=kind, **_limits(limits)), similarity)
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
@click.option("--kind", type=click.Choice(["basic", "implementation"]), required=True,
              help="模板类型：basic 基本目录 / implementation 实施清单")
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
@click.option("--dry-run", is_flag=True, help="只列出修改，不写文件")
@click.option("--quiet", "-q", is_flag=True, help="不逐条列出修改")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", help="提示语言（默认 zh）")
@_limit_options
def fix(source, output, profile, codes, log_path, sheet, dry_run, quiet, lang, **limits):
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
    options = ReadOptions(sheet=sheet, **_limits(limits))
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


if __name__ == "__main__":  # pragma: no cover
    main()
