"""stdcheck — standards-compliance linter for 政务服务事项 catalogues (基本目录 / 实施清单)."""
__version__ = "0.1.0"
