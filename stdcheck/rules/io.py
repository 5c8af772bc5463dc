"""IO: problems of the input's shape (columns), reported once per catalogue."""
from __future__ import annotations

from . import BOTH, Standard, rule


class _Notes:
    """Reports the reader's notes of one kind (collected while reading, so emitted at the end)."""
    scope = "catalogue"
    message = ""

    def __init__(self, ctx):
        self.ctx = ctx

    def start(self, cat):
        self.cat = cat
        return ()

    def end(self):
        for message, params, column, line in self.cat.notes:
            if message == self.message:
                f = self.cat.finding(message, column=column, **params)
                if line is not None:
                    f.location.line = line
                f.value = params.get("header")
                yield f


@rule("IO001", "unknown-column", family="io", level="info", kinds=BOTH,
      standard=Standard("stdcheck rules/fields.yaml", None, "data"),
      title=("无法识别的列", "Unrecognised column"),
      doc=("表头中不属于标准要素（及其常见别名）的列会被保留但不检查；每列报告一次，便于确认是否为错别字或非标准名称。",
           "A header that is not a standard element (or a known alias) is kept but not checked; "
           "reported once per column so a typo or non-standard label can be fixed."),
      fail="表头：事项名称 | 基本编码 | 事项类形", ok="表头：事项名称 | 基本编码 | 事项类型")
class UnknownColumn(_Notes):
    message = "input.unknown_column"


@rule("IO002", "duplicate-column", family="io", level="warning", kinds=BOTH,
      standard=Standard("stdcheck rules/fields.yaml", None, "data"),
      title=("重复的列", "Duplicate column"),
      doc=("同一要素出现在两列（或同一事项中两个键）时只读取第一列，后面的列被忽略。",
           "When two columns (or two keys of one matter) name the same element only the first is read."),
      fail="表头：事项名称 | 基本编码 | 目录编码", ok="表头：事项名称 | 基本编码")
class DuplicateColumn(_Notes):
    message = "input.duplicate_column"
