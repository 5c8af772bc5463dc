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
    """A YAML file stdcheck ships (profiles, dictionaries, messages): libyaml's safe loader where PyYAML has it
    (about ten times faster than the pure-Python one; the same data for these files), else PyYAML's own. Files a
    user names are read by the pure-Python loader, whose error messages the config errors quote."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


USER_FILE_MB = 16          # a config, profile or baseline file larger than this is not one


def read_user_file(path, limit_mb: int = USER_FILE_MB) -> bytes:
    """The bytes of a config, profile or baseline file a user named: a regular file only (a FIFO would
    block, /dev/zero never ends — decided before opening), at most `limit_mb` MB. Raises ValueError with
    the reason, which the caller words as its own one-line error naming the file."""
    import os
    import stat
    st = os.stat(path)                  # OSError (not found …) is the caller's to word
    if not stat.S_ISREG(st.st_mode):
        raise ValueError("not a regular file (a device, FIFO or socket)")
    with open(path, "rb") as fh:
        data = fh.read((limit_mb << 20) + 1)
    if len(data) > limit_mb << 20:
        raise ValueError(f"larger than {limit_mb} MB")
    return data
