"""Configuration: project config discovery, profiles with `extends`, validation, rule selection.

Precedence: command line > project config (the closest stdcheck.toml / .stdcheck.yaml /
[tool.stdcheck] in pyproject.toml, searching upward from the working directory) > profile > rule
defaults. A config may `extends` another config file; a profile may `extends` another profile.
"""
from __future__ import annotations

import copy
import difflib
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from .errors import ConfigError  # noqa: F401  (raised here; `from stdcheck.config import ConfigError` still works)
from .resources import load_schema, province_profiles, read_user_file, read_yaml, rules_dir
from .rules.registry import FAMILIES, Rule

CONFIG_FILES = (".stdcheck.yaml", ".stdcheck.yml", "stdcheck.toml", "pyproject.toml")


class ConfigNote:
    """A piece of a config error rendered in the user's language (a message id and parameters, like InputError)."""

    def __init__(self, message: str, **params):
        self.message = message
        self.params = params


# ---------------------------------------------------------------- code tables

def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "").strip()


class CodeTable:
    """A code table: codes with labels, label aliases; a cell may hold the code or the label."""

    def __init__(self, name: str, spec: dict):
        self.name = name
        self.pad = spec.get("pad", 0)
        self.codes: dict[str, str] = {str(k): v for k, v in (spec.get("codes") or {}).items()}
        self.extensions: dict[str, str] = {str(k): v for k, v in (spec.get("extensions") or {}).items()}
        # the national code a local extension stands for, when known (21 公共服务（地方扩展） -> 20)
        self.means: dict[str, str] = {str(k): str(v) for k, v in (spec.get("means") or {}).items()}
        self._lookup: dict[str, str] = {}
        for table in (self.extensions, self.codes):
            for code, label in table.items():
                self._lookup[code] = code
                self._lookup[_fold(label)] = code
        for alias, code in (spec.get("aliases") or {}).items():
            self._lookup[_fold(str(alias))] = str(code)

    def code(self, value: str) -> str | None:
        """The code a cell value stands for (label, alias, code, or un-padded code), else None."""
        v = _fold(value)
        found = self._lookup.get(v)
        if found is None and self.pad and v.isdigit() and len(v) < self.pad:
            found = self._lookup.get(v.zfill(self.pad))
        return found

    def spellings(self) -> set[str]:
        """Every value `code` maps as written: the codes, labels and aliases (and their folded forms), and the codes
        without their padding zeros."""
        out = set(self._lookup) | set(self.codes) | set(self.codes.values()) | set(self.extensions) | \
            set(self.extensions.values())
        if self.pad:
            out |= {c.lstrip("0") for c in self._lookup if c.isdigit() and c.lstrip("0")}
        return out

    def is_extension(self, code: str) -> bool:
        return code in self.extensions and code not in self.codes

    def label(self, code: str) -> str:
        return self.codes.get(code) or self.extensions.get(code, code)

    def choices(self) -> str:
        return "、".join(f"{c} {v}" for c, v in self.codes.items())


# ---------------------------------------------------------------- profiles

def _merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def shipped_profiles() -> dict[str, object]:
    """Shipped profile name -> resource: national, and provinces by file stem and by code (51-sichuan, 51, sichuan)."""
    root = rules_dir()
    out = {"national": root / "national.yaml"}
    for code, stem in province_profiles().items():
        entry = root / "provinces" / f"{stem}.yaml"
        out[stem] = entry
        out.setdefault(code, entry)
        pinyin = stem.partition("-")[2]
        if pinyin:
            out.setdefault(pinyin, entry)
    return out


def _read_profile(ref: str, base_dir: Path | None, seen: tuple = ()) -> dict:
    shipped = shipped_profiles()
    if ref in shipped:
        source, where = shipped[ref], None
    else:
        p = Path(ref)
        if base_dir and not p.is_absolute():
            p = base_dir / p
        if not p.exists():
            raise ConfigError("config.unknown_profile", profile=ref, known="、".join(sorted(k for k in shipped if "-" in k or k == "national")))
        source, where = p, p.parent
    key = str(source)
    if key in seen:
        raise ConfigError("config.extends_cycle", profile=ref)
    if where is None:       # shipped: valid by construction (tests/test_config.py checks each against the schema)
        data = read_yaml(source) or {}
    else:
        try:
            data = yaml.safe_load(read_user_file(source).decode("utf-8")) or {}
        except (OSError, ValueError, yaml.YAMLError, RecursionError) as exc:
            raise ConfigError("config.invalid", file=ref, key="-", reason=str(exc).splitlines()[0]) from None
        _validate(data, "profile.schema.json", ref)
    parent = data.get("extends")
    if parent:
        data = _merge(_read_profile(parent, where, seen + (key,)), {k: v for k, v in data.items() if k != "extends"})
    return data


@dataclass
class Profile:
    name: str
    data: dict
    tables: dict[str, CodeTable] = field(default_factory=dict)
    shipped: bool = False        # every part of it is a profile stdcheck ships (so its rule options are valid)

    @classmethod
    def load(cls, ref: str, base_dir: Path | None = None, overrides: dict | None = None) -> "Profile":
        data = _read_profile(ref, base_dir)
        if overrides:
            data = _merge(data, overrides)
        tables = {name: CodeTable(name, spec) for name, spec in (data.get("code_tables") or {}).items()}
        return cls(data.get("name", ref), data, tables, ref in shipped_profiles() and not overrides)

    def get(self, key: str, default=None):
        return self.data.get(key, default)

    @cached_property
    def types(self):
        """What 基本编码 type digits and 事项类型 cells mean under this profile (codes.itemtype.TypeScheme)."""
        from .codes.itemtype import TypeScheme
        return TypeScheme(self.tables.get("item_type"), self.get("local_type_digits"))

    @cached_property
    def blanks(self) -> frozenset:
        """The texts that mean "nothing" (blank_values: 无, /, 不涉及 …), as written and as a code would be
        typed (half-width, upper case), so text and code elements can both test `value in profile.blanks`."""
        from .codes.structure import clean
        values = [str(v) for v in self.get("blank_values") or ()]
        return frozenset(v.strip() for v in values) | frozenset(clean(v) for v in values if v.strip())


# ---------------------------------------------------------------- project config

def _validate(data: dict, schema: str | dict, where: str) -> None:
    """The first error of `data` against `schema` (a shipped schema's file name, or a rule's options schema), as a
    ConfigError that names the key: a misspelt key with the key it resembles, a value outside its list, a wrong
    type."""
    import jsonschema       # only for files a user wrote: a check with the shipped profiles does without it
    validator = jsonschema.Draft202012Validator(load_schema(schema) if isinstance(schema, str) else schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        e = errors[0]
        key = ".".join(str(p) for p in e.absolute_path) or "-"
        if e.validator == "additionalProperties":        # a misspelt key: name it, and the key it resembles
            known = list(e.schema.get("properties", {}))
            unknown = sorted(set(e.instance) - set(known))[0]
            near = difflib.get_close_matches(str(unknown).replace("-", "_"), known, n=1, cutoff=0.6)
            raise ConfigError("config.unknown_key", file=where, key=".".join([*map(str, e.absolute_path), str(unknown)]),
                              near=ConfigNote("config.near", near=near[0]) if near else "")
        if e.validator == "enum":
            raise ConfigError("config.bad_value", file=where, key=key, value=repr(e.instance),
                              allowed="、".join(str(v) for v in e.validator_value if v is not False))
        if e.validator == "type":
            raise ConfigError("config.bad_type", file=where, key=key, expected=ConfigNote(f"config.type.{e.validator_value}")
                              if isinstance(e.validator_value, str) else str(e.validator_value))
        raise ConfigError("config.invalid", file=where, key=key, reason=e.message[:200])


def _normalize_keys(data: dict) -> dict:
    return {k.replace("-", "_"): v for k, v in data.items()}


def _read_config_file(path: Path) -> dict | None:
    try:
        data = read_user_file(path)           # regular files only, at most 16 MB
        if path.suffix == ".toml":
            raw = tomllib.loads(data.decode("utf-8"))
            if path.name == "pyproject.toml":
                raw = raw.get("tool", {}).get("stdcheck")
                if raw is None:
                    return None
        else:
            raw = yaml.safe_load(data.decode("utf-8")) or {}
    except (OSError, ValueError, yaml.YAMLError, RecursionError) as exc:      # RecursionError: deep nesting
        raise ConfigError("config.invalid", file=str(path), key="-", reason=str(exc).splitlines()[0][:200]) from None
    if not isinstance(raw, dict):
        raise ConfigError("config.invalid", file=str(path), key="-", reason="not a mapping")
    data = _normalize_keys(raw)
    _validate(data, "config.schema.json", str(path))
    return data


def find_config(start: Path) -> Path | None:
    """The closest config file at or above `start`."""
    for d in [start, *start.parents]:
        for name in CONFIG_FILES:
            p = d / name
            if p.is_file():
                if name == "pyproject.toml" and _read_config_file(p) is None:
                    continue
                return p
    return None


def load_config(explicit: str | None = None, isolated: bool = False, start: Path | None = None) -> tuple[dict, Path | None]:
    if isolated:
        return {}, None
    path = Path(explicit) if explicit else find_config(start or Path.cwd())
    if path is None:
        return {}, None
    if not path.exists():
        raise ConfigError("config.not_found", file=str(path))
    return _resolve(path, ()), path


def _resolve(path: Path, seen: tuple) -> dict:
    if path.resolve() in seen:
        raise ConfigError("config.extends_cycle", profile=str(path))
    data = _read_config_file(path) or {}
    parent = data.pop("extends", None)
    data["_dir"] = str(path.parent)
    if parent:
        base = _resolve((path.parent / parent), seen + (path.resolve(),))
        data = _merge(base, data)
    return data


# ---------------------------------------------------------------- selection

def resolve_selectors(selectors, rules: dict[str, Rule]) -> set[str]:
    out: set[str] = set()
    for sel in selectors or ():
        s = str(sel).strip()
        if not s:
            continue
        if s.upper() == "ALL":
            out |= set(rules)
            continue
        hit = {c for c, r in rules.items()
               if c == s.upper() or r.name == s or s in r.aliases or r.family == s
               or FAMILIES.get(r.family, ("",))[0] == s.upper() or (len(s) > 2 and c.startswith(s.upper()))}
        known_group = s in FAMILIES or s.upper() in {v[0] for v in FAMILIES.values()}
        if not hit and not known_group:
            raise ConfigError("config.unknown_selector", selector=s)
        out |= hit
    return out


@dataclass
class Active:
    rule: Rule
    level: str
    opts: dict


def active_rules(rules: dict[str, Rule], profile: Profile, config: dict, cli_select=None,
                 cli_ignore=None, cli_extend=None) -> list[Active]:
    """Choose the rules that run, with their levels and validated options — once, before any row."""
    select = cli_select or config.get("select") or profile.get("select") or ["ALL"]
    chosen = resolve_selectors(select, rules)
    chosen |= resolve_selectors((profile.get("extend_select") or []) + (config.get("extend_select") or []) + list(cli_extend or ()), rules)
    chosen -= resolve_selectors((profile.get("ignore") or []) + (config.get("ignore") or []) + list(cli_ignore or ()), rules)
    settings = _merge(profile.get("rules") or {}, config.get("rules") or {})
    unknown = [c for c in settings if c not in rules]
    if unknown:
        raise ConfigError("config.unknown_selector", selector=unknown[0])
    out = []
    for code in sorted(chosen):
        r = rules[code]
        s = settings.get(code) or {}
        level = s.get("level", r.level)
        if level in ("off", False):          # YAML reads an unquoted `off` as false
            continue
        opts = {**r.defaults(), **(s.get("options") or {})}
        written = ((config.get("rules") or {}).get(code) or {}).get("options")       # in the project's config
        if not r.builtin or written or s.get("options") and not profile.shipped:
            _validate(opts, r.options, f"rules.{code}.options")     # built-in defaults and shipped options are valid (tests)
        out.append(Active(r, level, opts))
    return out
