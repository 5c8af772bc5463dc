"""YAML catalogues (format: README «YAML 格式»), validated by schemas/catalogue.schema.json.

Values keep the text as written (an unquoted 000104002000 stays that text but is marked as a number,
so the numeric-code rule can say "quote it"); every value keeps its line.
"""
from __future__ import annotations

import re
import sys
from typing import NamedTuple

import yaml

from ..fields import for_columns
from ..safe import surrogates_escaped
from ..model import Catalogue, Matter
from ..resources import load_schema
from ..errors import InputError
from . import directives
from .base import ReadOptions
from .columnar import worth
from .limits import (YAML_MAX_ALIAS_NODES, YAML_MAX_ALIASES, YAML_MAX_DEPTH, YAML_MAX_DEPTH_CEILING, YAML_MAX_MB, LimitError,
                     limit_option)

_TYPE = {"tag:yaml.org,2002:int": "n", "tag:yaml.org,2002:float": "n", "tag:yaml.org,2002:bool": "b",
         "tag:yaml.org,2002:timestamp": "d"}
_NULL = "tag:yaml.org,2002:null"


class _Loader(yaml.SafeLoader):
    """SafeLoader (no Python tags) whose composer bounds nesting depth and alias expansion, so a deep
    or billion-laughs document is refused before anything walks it (limits.py)."""

    def __init__(self, text: str, max_aliases: int = YAML_MAX_ALIASES, max_depth: int = YAML_MAX_DEPTH):
        super().__init__(text)
        self._depth = 0
        self._aliases = 0
        self._expanded = 0
        self._sizes: dict[int, int] = {}
        self.max_aliases, self.max_depth = max_aliases, max_depth
        # raising the alias limit raises the expansion budget with it (10 nodes per alias)
        self.max_nodes = max(YAML_MAX_ALIAS_NODES, 10 * max_aliases)

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            line = self.peek_event().start_mark.line + 1
            node = super().compose_node(parent, index)
            self._aliases += 1
            self._expanded += self._size(node)
            if self._aliases > self.max_aliases or self._expanded > self.max_nodes:
                raise InputError("input.yaml_aliases", limit=self.max_aliases, line=line)
            return node
        self._depth += 1
        if self._depth > self.max_depth:
            raise InputError("input.yaml_depth", limit=self.max_depth, line=self.peek_event().start_mark.line + 1)
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
            node.value = surrogates_escaped(node.value)     # "\ud800" is no character: data, shown escaped
        return node

    def _size(self, node) -> int:
        """Nodes under `node` with aliases expanded, counted up to the budget (memoised per node)."""
        key = id(node)
        if key not in self._sizes:
            total, stack = 0, [node]
            while stack and total <= self.max_nodes:
                n = stack.pop()
                total += 1
                if isinstance(n, yaml.SequenceNode):
                    stack.extend(n.value)
                elif isinstance(n, yaml.MappingNode):
                    for k, v in n.value:
                        stack += (k, v)
            self._sizes[key] = total
        return self._sizes[key]


def _no_duplicates(node) -> None:
    """A repeated key at the top level or in the catalogue metadata would silently drop content."""
    if not isinstance(node, yaml.MappingNode):
        return
    maps = [node] + [v for k, v in node.value if k.value in ("catalogue", "目录信息") and isinstance(v, yaml.MappingNode)]
    for m in maps:
        seen: dict[str, int] = {}
        for k, _ in m.value:
            key = str(k.value)
            if key in seen:
                raise InputError("input.yaml_duplicate_key", key=key, line=k.start_mark.line + 1, first=seen[key])
            seen[key] = k.start_mark.line + 1


class Parsed(NamedTuple):
    text: str            # the document's text (without a BOM)
    bom: bool            # the file starts with a UTF-8 BOM
    node: yaml.Node      # the composed node tree (marks give lines and offsets)
    doc: object          # the constructed document, validated by the catalogue schema


def _text(path: str, options) -> tuple[str, bool]:
    """The file's text, read up to the size limit (a `.yaml` that is a device or grows without end is
    refused at the limit, never read until memory runs out)."""
    limit_mb = limit_option(options, "max_yaml_mb", YAML_MAX_MB)
    with open(path, "rb") as fh:
        data = fh.read((limit_mb << 20) + 1)
    if len(data) > limit_mb << 20:
        raise LimitError("input.limit_yaml_mb", limit=limit_mb)
    if not data.strip():
        raise InputError("input.empty")
    try:
        return data.decode("utf-8-sig"), data.startswith(b"\xef\xbb\xbf")
    except UnicodeDecodeError:
        raise InputError("input.encoding") from None


def _compose(text: str, options):
    max_aliases = limit_option(options, "max_yaml_aliases", YAML_MAX_ALIASES)
    max_depth = min(limit_option(options, "max_yaml_depth", YAML_MAX_DEPTH), YAML_MAX_DEPTH_CEILING)
    loader = _Loader(text, max_aliases, max_depth)
    recursion = sys.getrecursionlimit()
    if max_depth > YAML_MAX_DEPTH:      # PyYAML composes and constructs recursively: room for the depth allowed
        sys.setrecursionlimit(max(recursion, max_depth * 10 + 1000))
    try:
        node = loader.get_single_node()
        _no_duplicates(node)
        doc = loader.construct_document(node) if node is not None else None
        if doc is not None:
            _validate(doc)
    except yaml.constructor.ConstructorError as exc:   # !!python/... and other tags SafeLoader refuses
        mark = exc.problem_mark or exc.context_mark
        tag = re.search(r"tag '([^']*)'", exc.problem or "")
        raise InputError("input.yaml_tag", line=mark.line + 1 if mark else "?",
                         tag=tag.group(1).replace("tag:yaml.org,2002:", "!!") if tag else "?") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise InputError("input.yaml_syntax", line=mark.line + 1 if mark else "?",
                         reason=(exc.problem or exc.context or "").strip()) from None
    except yaml.YAMLError as exc:
        raise InputError("input.yaml_syntax", line="?", reason=str(exc).splitlines()[0]) from None
    except RecursionError:
        raise InputError("input.too_deep", at="YAML", at_en="YAML") from None
    finally:
        sys.setrecursionlimit(recursion)
        loader.dispose()
    return node, doc


def parse(path: str, options=None) -> Parsed:
    """Read a YAML catalogue safely: size limit, SafeLoader with alias and depth limits, tags refused,
    duplicate top-level keys refused, the catalogue schema. Shared by `check` and `stdcheck fix`, so
    both accept and refuse the same files with the same messages."""
    text, bom = _text(path, options)
    node, doc = _compose(text, options)
    if doc is None:
        raise InputError("input.empty")
    return Parsed(text, bom, node, doc)


def _validate(doc) -> None:
    import jsonschema
    validator = jsonschema.Draft202012Validator(load_schema("catalogue.schema.json"))
    error = jsonschema.exceptions.best_match(validator.iter_errors(doc))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "/"
        raise InputError("input.yaml_schema", path=where, reason=error.message[:200])


def read(path: str, options: ReadOptions) -> list[Catalogue]:
    text, _, node, doc = parse(path, options)
    cat = Catalogue(path=path, format="yaml")
    cat.meta["directives"] = directives.parse(text)     # `# stdcheck: ignore[…]` comments (engine/suppression.py)
    items = node
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value in ("catalogue", "目录信息"):
                cat.meta.update(doc[k.value])
                cat.meta["line"] = k.start_mark.line + 1
            elif k.value in ("matters", "事项"):
                items = v
    cat.header_row = None
    cat.columnar = worth(len(items.value) if isinstance(items, yaml.SequenceNode) else 0)
    cat.matters = _matters(cat, items, options.columns)
    return [cat]


def _matters(cat: Catalogue, seq: yaml.SequenceNode, columns: dict | None = None):
    fields = for_columns(columns)
    headers = cat.headers
    unknown_seen: set[str] = set()
    for item in seq.value:
        values: dict[str, str] = {}
        lines: dict[str, int] = {}
        types = None
        for k, v in item.value:
            key = str(k.value)
            fid = fields.match(key)
            line = k.start_mark.line + 1
            if fid is None:
                if key not in unknown_seen:
                    unknown_seen.add(key)
                    cat.notes.append(("input.unknown_column", {"header": key}, None, line))
                continue
            if fid in values:
                cat.notes.append(("input.duplicate_column", {"header": key, "first": fields.label(fid)}, None, line))
                continue
            if isinstance(v, yaml.SequenceNode):
                text = ",".join(str(x.value) for x in v.value)
            elif v.tag == _NULL:
                continue
            else:
                text = str(v.value)
                mark = _TYPE.get(v.tag)
                if mark:
                    types = types or {}
                    types[fid] = mark
            values[fid] = text
            lines[fid] = line
            if fid not in headers:          # the key each element was first written as (--show-columns)
                headers[fid] = key
        if values:
            cat.count += 1
            yield Matter(cat, values, None, lines, types, item.start_mark.line + 1)
