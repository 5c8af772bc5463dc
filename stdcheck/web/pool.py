"""A bounded pool of worker processes: at most `slots` checks run at once, the others wait in order (their
queue position is shown); each check is a fresh process with a memory limit (worker.main) and a time limit
(killed when it is over). A crash, a kill or a limit ends that check with a reason; the server goes on."""
from __future__ import annotations

import asyncio
import multiprocessing
import time
from pathlib import Path

from . import store, worker


class Pool:
    def __init__(self, slots: int, timeout_s: float, memory_mb: int | None):
        self.slots, self.timeout_s, self.memory_mb = max(1, slots), timeout_s, memory_mb
        self.waiting: list[str] = []
        self.running: dict[str, multiprocessing.Process] = {}
        self.started: dict[str, float] = {}
        self._turn = asyncio.Condition()
        if "forkserver" in multiprocessing.get_all_start_methods():
            self._ctx = multiprocessing.get_context("forkserver")
            self._ctx.set_forkserver_preload(list(worker.PRELOAD))     # each check starts with the library loaded
        else:                                                          # Windows
            self._ctx = multiprocessing.get_context("spawn")

    def position(self, rid: str) -> int | None:
        """1 for the next check to start; None when it is not waiting."""
        return self.waiting.index(rid) + 1 if rid in self.waiting else None

    def busy(self) -> set[str]:
        """The result ids with a check waiting or running (an id's annotation job is `<id>.annotate`)."""
        return {key.split(".")[0] for key in [*self.waiting, *self.running]}

    async def run(self, rid: str, spec: dict) -> dict:
        """Wait for a slot, run the check in its own process, return its status (state done / failed)."""
        folder = Path(spec["dir"])
        self.waiting.append(rid)
        try:
            async with self._turn:
                await self._turn.wait_for(lambda: self.waiting[0] == rid and len(self.running) < self.slots)
                self.waiting.remove(rid)
                self._turn.notify_all()
        except BaseException:
            if rid in self.waiting:
                self.waiting.remove(rid)
            raise
        proc = self._ctx.Process(target=worker.main, args=({**spec, "memory_mb": self.memory_mb},), daemon=False)
        self.started[rid] = time.monotonic()
        self.running[rid] = proc
        try:
            try:
                proc.start()
            except OSError as exc:    # no process could be made (out of processes or memory): say so, go on
                return {"state": "failed", "reason": "error", "detail": f"{type(exc).__name__}: {exc}"}
            deadline = time.monotonic() + self.timeout_s
            while proc.is_alive() and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            if proc.is_alive():
                proc.kill()
                await asyncio.to_thread(proc.join)
                return {"state": "failed", "reason": "timeout", "detail": str(int(self.timeout_s))}
            proc.join()
            status = store.read_json(folder / worker.status_file(spec))
            if status is None:        # killed (out of memory in native code, a signal) before it could say why
                return {"state": "failed", "reason": "crashed", "detail": str(proc.exitcode)}
            return status
        finally:
            if proc.is_alive():       # the request was cancelled (the client went away, the server stops)
                proc.kill()
            del self.running[rid]
            self.started.pop(rid, None)
            async with self._turn:
                self._turn.notify_all()

    def stop(self) -> None:
        for proc in list(self.running.values()):
            if proc.is_alive():
                proc.kill()
