"""Rule packs: the built-in rules, entry points in the group `stdcheck.rules`, and --rules-path modules.

An entry point names a module (importing it registers its @rule declarations) or a callable that
does so when called. A plugin that fails to load is reported and skipped, never fatal.
"""
from __future__ import annotations

import importlib.util
import sys
from importlib.metadata import entry_points
from pathlib import Path

from .rules import REGISTRY, Rule, load_builtin

GROUP = "stdcheck.rules"


def load_rules(paths=(), base: Path | None = None, confined: int = 0) -> tuple[dict[str, Rule], list[tuple[str, str]]]:
    """The rules: built-in, entry points, then `paths`. The first `confined` paths come from a config file
    (relative to its folder `base`): one that leads outside that folder (`..`, an absolute path, a link) is
    refused — a `.stdcheck.yaml` pushed into a repository must not run code from elsewhere on the machine."""
    load_builtin()
    broken: list[tuple[str, str]] = []
    for ep in entry_points(group=GROUP):
        try:
            obj = ep.load()
            if callable(obj):
                obj()
        except Exception as exc:  # a broken plugin must not stop the run
            broken.append((ep.name, f"{type(exc).__name__}: {exc}"))
    for i, p in enumerate(paths):
        path = Path(p)
        if base and not path.is_absolute():
            path = base / path
        if i < confined and base is not None and not path.resolve().is_relative_to(Path(base).resolve()):
            from .sources import InputError          # a reason that renders in the user's language
            broken.append((str(p), InputError("plugin.outside", folder=str(base))))
            continue
        files = sorted(path.glob("*.py")) if path.is_dir() else [path]
        for f in files:
            try:
                _import_file(f)
            except Exception as exc:
                broken.append((str(f), f"{type(exc).__name__}: {exc}"))
    return dict(sorted(REGISTRY.items())), broken


def _import_file(path: Path) -> None:
    name = "stdcheck_local_rules." + path.stem
    if name in sys.modules:
        return
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception:
        del sys.modules[name]
        raise
