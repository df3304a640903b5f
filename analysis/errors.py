"""One error base for the whole package, one subclass per stage.

Every error meant for the user carries `message`: one Vietnamese sentence that says what is
wrong and what to do. Callers catch `KysoError` (or a stage's subclass) and show `message`;
anything else is a bug, logged with its traceback (see `analysis.logs`).
"""
from __future__ import annotations


class KysoError(Exception):
    """A request that cannot be done; `message` is Vietnamese and meant for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ReadError(KysoError):
    """A whole file cannot be read (reading stage)."""


class FiguresError(KysoError, ValueError):
    """A request the data cannot answer: unknown period, absent metric (figures stage)."""


class HistoryError(ReadError):
    """The stored history cannot do what was asked (store stage). A ReadError too, because the
    history is read as a source of units beside the files."""
