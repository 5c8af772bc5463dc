"""The errors a user sees. Each carries a message id (rendered by stdcheck.messages in the user's language)
and its parameters, never text; the CLI and the web service render them.

The errors raised and caught across modules live here, so that a module can catch one without importing the
module that raises it (suppress.py, baseline.py and template.py catch ConfigError without loading config.py).
"""
from __future__ import annotations


class StdcheckError(Exception):
    """The base of every user-facing error: `message` is a message id, `params` its parameters."""

    def __init__(self, message: str, **params):
        super().__init__(message)
        self.message = message
        self.params = params


class ConfigError(StdcheckError):
    """A config file, profile, rule selection or option stdcheck cannot use."""


class InputError(StdcheckError):
    """A file stdcheck cannot read (a reading limit: sources.limits.LimitError, a subclass)."""


class DiffError(StdcheckError):
    """Two versions `stdcheck diff` cannot compare."""
