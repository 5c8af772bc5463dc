"""click's own words (Usage:, Options, Error: No such option …) in the user's language: Chinese by default, English
with --lang en. click marks its texts for gettext; this installs a small catalogue of them in click's modules."""
from __future__ import annotations

import importlib

MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")
ZH = {
    "Usage:": "用法：", "Options": "选项", "Commands": "命令", "Positional arguments": "位置参数",
    "Show this message and exit.": "显示本帮助并退出。", "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "Error: {message}": "错误：{message}", "Try '{command} {option}' for help.": "用 '{command} {option}' 查看帮助。",
    "No such option: {name}": "没有这个选项：{name}", "No such option {name!r}.": "没有这个选项 {name!r}。",
    "Did you mean {possibility}?": "是否想用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否想用其中之一：{possibilities}？）",
    "No such command {name!r}.": "没有这个命令 {name!r}。", "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数", "Missing option": "缺少选项", "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}", "Missing {param_type}": "缺少{param_type}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Invalid value: {message}": "取值无效：{message}",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受取值。",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。", "{value!r} is not one of {choices}.": "{value!r} 不是 {choices} 之一。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "default: {default}": "默认：{default}", "required": "必填", "file": "文件", "directory": "目录", "path": "路径",
    "Aborted!": "已中止！", "integer": "整数", "float": "数字",
}
current = "zh"          # the language installed last (the help's own headings follow it)


def install(lang: str) -> None:
    """Put the catalogue of `lang` into click (English: click's own texts)."""
    global current
    current = "en" if lang == "en" else "zh"
    zh = current == "zh"

    def tr(message: str) -> str:
        return ZH.get(message, message) if zh else message

    def ntr(singular: str, plural: str, n: int) -> str:
        return tr(singular if n == 1 else plural)

    for name in MODULES:
        mod = importlib.import_module(f"click.{name}")
        for attr, fn in (("_", tr), ("ngettext", ntr)):
            if hasattr(mod, attr):
                setattr(mod, attr, fn)


def lang_of(args) -> str:
    """The language a command line asks for (--lang en / --lang=en), before click parses it."""
    args = list(args or ())
    for i, a in enumerate(args):
        if a == "--lang" and i + 1 < len(args):
            return "en" if args[i + 1] == "en" else "zh"
        if a.startswith("--lang="):
            return "en" if a[7:] == "en" else "zh"
    return "zh"


