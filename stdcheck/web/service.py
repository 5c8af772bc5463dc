"""What the page and the API share: the settings, the result store, the pool, accepting an upload and
recording how a check ended."""
from __future__ import annotations

import asyncio
import io
import json
import shutil
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from starlette.requests import Request

from ..sources import SUFFIXES
from . import store as store_mod
from .pool import Pool
from .words import WORDS



@dataclass
class Settings:
    """`stdcheck serve` options; every one may also come from the config's `serve:` mapping."""
    host: str = "127.0.0.1"
    port: int = 8000
    profile: str | None = None          # the default profile (the page offers the shipped ones)
    config: str | None = None           # the config file every check uses (as `check --config`)
    token: str | None = None
    workers: int = 2                    # checks running at once; the others wait in a queue
    timeout: int = 600                  # seconds per check
    memory_mb: int = 2048               # address space per check
    max_upload_mb: int = 100            # one request, all files
    max_files: int = 20
    retention_hours: float = 24
    data_dir: str | None = None         # default: a private temporary folder, removed when the server stops
    profile_from_config: bool = False   # the default profile was named by the config (paths relative to it)


def _columns(text, lang: str) -> list[str]:
    """The page's column mapping: one 表头=要素 per line, checked as `check --column` checks it."""
    from ..columns import MappingError, parse_mapping
    lines = [line.strip() for line in str(text or "").splitlines() if line.strip()][:200]
    try:
        parse_mapping(None, lines)
    except MappingError as exc:
        closest = WORDS[lang]["closest"].format(name=exc.closest) if exc.closest else ""
        raise Refused(400, "bad_columns", value=exc.element[:80], closest=closest) from None
    return lines


class Refused(Exception):
    """An upload the server will not check: HTTP status, message key, parameters."""

    def __init__(self, status: int, key: str, **params):
        super().__init__(key)
        self.status, self.key, self.params = status, key, params

    def text(self, lang: str) -> str:
        return WORDS[lang][self.key].format(**self.params)


def lang_of(value: str | None) -> str:
    return "en" if value == "en" else "zh"


@cache
def profiles() -> list[str]:
    """The shipped profiles a user may pick (never a path: a form field must not name a file on the server)."""
    from ..config import shipped_profiles
    return [k for k in shipped_profiles() if k == "national" or "-" in k]


@cache
def rule_list(lang: str, profile: str) -> list[dict]:
    """The rule list of `stdcheck rules --format json --lang L --profile P` (the same generator)."""
    from ..docs import rule_table
    buf = io.StringIO()
    rule_table("json", lang, profile, [], buf)
    return json.loads(buf.getvalue())


@dataclass
class Service:
    settings: Settings
    store: store_mod.Store = None
    pool: Pool = None
    tasks: set = field(default_factory=set)
    locks: dict = field(default_factory=dict)

    def start(self) -> None:
        s = self.settings
        self.store = store_mod.Store(s.data_dir)
        self.pool = Pool(s.workers, s.timeout, s.memory_mb)

    def stop(self) -> None:
        self.pool.stop()
        self.store.close()

    @property
    def default_profile(self) -> str:
        return self.settings.profile or "national"

    def offers(self, profile: str) -> bool:
        """A profile a page or API user may name: the default one or a shipped one."""
        return profile == self.default_profile or profile in profiles()

    async def sweep_forever(self) -> None:
        retention = self.settings.retention_hours * 3600
        while True:
            self.store.sweep(retention, self.pool.busy())
            await asyncio.sleep(min(600, max(1.0, retention / 10)))

    async def accept(self, request: Request) -> tuple[str, dict]:
        """Read the multipart upload within the limits, store the files under neutral names; (id, worker spec)."""
        s = self.settings
        limit = s.max_upload_mb * 1024 * 1024
        length = request.headers.get("content-length")
        if length is None:
            raise Refused(411, "length_required")
        if not length.isdigit() or int(length) > limit:
            raise Refused(413, "too_large", mb=s.max_upload_mb)
        try:
            form = await request.form(max_files=s.max_files + 1, max_fields=50)
        except Exception as exc:      # python-multipart's refusal (too many parts, broken boundary …)
            raise Refused(413 if "many" in str(exc).lower() else 400, "bad_form", reason=str(exc)[:200]) from None
        lang = lang_of(form.get("lang"))
        uploads = [u for u in form.getlist("file") if hasattr(u, "filename") and u.filename]
        if not uploads:
            raise Refused(400, "no_file")
        if len(uploads) > s.max_files:
            raise Refused(413, "too_many", n=s.max_files)
        profile = form.get("profile") or self.default_profile
        if not self.offers(profile):
            raise Refused(400, "bad_profile", name=str(profile)[:80])
        columns = _columns(form.get("columns"), lang)
        taken: set[str] = set()
        names = [store_mod.display_name(u.filename, taken) for u in uploads]
        for name in names:
            if Path(name).suffix.lower() not in SUFFIXES:
                raise Refused(400, "bad_type", name=name)
        rid, folder = self.store.create()
        files = []
        for i, (upload, name) in enumerate(zip(uploads, names), 1):
            stored = folder / "in" / f"f{i}{Path(name).suffix.lower()}"
            with open(stored, "wb") as out:
                await asyncio.to_thread(shutil.copyfileobj, upload.file, out)
            files.append({"stored": str(stored), "name": name})
        await form.close()
        spec = {"dir": str(folder), "files": files, "lang": lang, "profile": profile, "config": s.config, "columns": columns,
                "profile_from_config": s.profile_from_config and profile == self.default_profile}
        store_mod.write_json(folder / "spec.json", spec)
        store_mod.write_json(folder / "meta.json", {"state": "queued", "lang": lang, "profile": profile,
                                                    "files": names, "created": time.time()})
        return rid, spec

    async def check(self, rid: str, spec: dict) -> dict:
        """Run the check through the pool and record its end in meta.json; returns its status."""
        folder = Path(spec["dir"])
        meta = store_mod.read_json(folder / "meta.json") or {}
        store_mod.write_json(folder / "meta.json", {**meta, "state": "running"})
        try:
            status = await self.pool.run(rid, spec)
        except BaseException:
            status = {"state": "failed", "reason": "crashed", "detail": "cancelled"}
            raise
        finally:
            if folder.is_dir():                # "删除结果" may have come first
                store_mod.write_json(folder / "meta.json", {**meta, **status})
        return status

    async def annotate(self, rid: str, folder: Path) -> dict:
        """Make a result's annotated copies, once, in a worker (the check again, with annotation); its status."""
        async with self.locks.setdefault(rid, asyncio.Lock()):
            status = store_mod.read_json(folder / "annotate.json") or {}
            if status.get("state") != "done":
                spec = store_mod.read_json(folder / "spec.json")
                status = await self.pool.run(f"{rid}.annotate", {**spec, "annotate": True})
        return status

    def reason(self, status: dict, lang: str) -> str:
        """A failed check's one-line reason, in words."""
        return WORDS[lang].get(f"reason_{status.get('reason')}", "{detail}").format(detail=status.get("detail", ""))

    def background(self, rid: str, spec: dict) -> None:
        task = asyncio.get_running_loop().create_task(self.check(rid, spec))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def progress(self, rid: str, folder: Path) -> dict:
        meta = store_mod.read_json(folder / "meta.json") or {}
        out = {"state": meta.get("state", "queued"), "position": self.pool.position(rid)}
        if rid in self.pool.started:
            out["elapsed"] = int(time.monotonic() - self.pool.started[rid])
        out.update(store_mod.read_json(folder / "progress.json") or {})
        return out

