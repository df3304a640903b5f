"""Logging, configured once per process: a rotating file in the data folder for the app, stderr
for the command line. Modules take `logging.getLogger(__name__)`; a broad `except` that turns an
error into a user's message logs it with its traceback (`exc_info=True`).

Levels say whose problem it is: WARNING for what the input or the environment caused (a broken
file, an unreachable database: the user sees the Vietnamese message), ERROR for a bug. The app's
file records INFO and up; the command line prints ERROR and up on stderr, so a user's mistake
stays one Vietnamese line there. `KYSO_LOG_LEVEL` (e.g. `INFO`, `DEBUG`) overrides both.
"""
from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOGGERS = ("analysis", "ui")
_configured: list = []


def _level(default: int) -> int:
    name = os.environ.get("KYSO_LOG_LEVEL", "").strip().upper()
    level = logging.getLevelName(name) if name else default
    return level if isinstance(level, int) else default


def configure(log_file: Path | None = None) -> None:
    """Send the package's records to `log_file` (rotating, 5 x 2 MB) or, without one, to stderr.
    Idempotent: later calls in the same process do nothing."""
    if _configured:
        return
    handler: logging.Handler
    level = _level(logging.INFO if log_file is not None else logging.ERROR)
    handler = logging.StreamHandler(sys.stderr)
    if log_file is not None:
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(
                log_file, maxBytes=2 * 1024 * 1024, backupCount=5, encoding="utf-8")
        except OSError:  # a read-only data folder: keep the records on stderr
            pass
    handler.setFormatter(logging.Formatter(FORMAT))
    for name in LOGGERS:
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(level)
        logger.propagate = False
    _configured.append(handler)
