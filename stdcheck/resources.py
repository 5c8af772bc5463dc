"""Where the shipped data lives: the `rules/` folder (profiles, fields.yaml) and package schemas."""
from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import yaml


@cache
def rules_dir():
    """The shipped `rules/` folder: installed as the package `stdcheck.profiles`, or beside a source checkout."""
    checkout = Path(__file__).resolve().parent.parent / "rules"
    try:
        return resources.files("stdcheck.profiles")
    except ModuleNotFoundError:
        return checkout


@cache
def province_profiles() -> dict[str, str]:
    """The shipped provincial profiles: province code -> profile name (`{"51": "51-sichuan", …}`)."""
    prov = rules_dir() / "provinces"
    if not prov.is_dir():
        return {}
    stems = sorted(e.name[:-5] for e in prov.iterdir() if e.name.endswith(".yaml"))
    return {stem.partition("-")[0]: stem for stem in stems}


def schema_path(name: str):
    return resources.files("stdcheck") / "schemas" / name


@cache
def load_schema(name: str) -> dict:
    import json
    return json.loads(schema_path(name).read_text(encoding="utf-8"))


def read_yaml(path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8"))
