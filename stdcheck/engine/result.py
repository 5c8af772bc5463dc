"""What a check run returns: the files read, the findings kept, and the run's by-products, each declared here."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Catalogue, Finding
from ..errors import InputError


@dataclass
class FileResult:
    path: str
    status: str = "ok"                 # ok | unreadable
    error: InputError | None = None
    catalogues: list[Catalogue] = field(default_factory=list)


@dataclass
class BaselineOutcome:
    """What --baseline or --write-baseline did (the CLI says it on stderr)."""
    file: str
    written: int = 0                   # --write-baseline: findings recorded (then none are reported)
    entries: int = 0
    known: int = 0                     # --baseline: findings already in the baseline (not reported)
    stale: list = field(default_factory=list)   # [((file, matter, element, rule), missing count)]


@dataclass
class Result:
    files: list[FileResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    rules: list = field(default_factory=list)        # the Active rules that ran
    profile: object = None
    partial: bool = False              # a limit (--max-errors, a reading limit) stopped the run early
    # by-products of the run
    matrix: dict | None = None         # 四级四同 matrix (the XL rules); {"not_run": True} when they did not run
    suppressed: int = 0                # findings hidden by exemptions and ignore comments
    baseline: BaselineOutcome | None = None

    @property
    def matters(self) -> int:
        return sum(c.count for f in self.files for c in f.catalogues)

    @property
    def input_partial(self) -> bool:
        """Some file was read only in part (an error or a reading limit stopped it while streaming)."""
        return any(c.partial for f in self.files for c in f.catalogues)

    @property
    def input_errors(self) -> int:
        return sum(1 for f in self.files if f.status != "ok")

    @property
    def baselined(self) -> int:
        return self.baseline.written if self.baseline else 0

    @property
    def baseline_known(self) -> int:
        return self.baseline.known if self.baseline else 0

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.level] += 1
        return out
