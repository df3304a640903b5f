"""Logging, configured once per process: a rotating file in the data folder for the app, stderr
for the command line. Modules take `logging.getLogger(__name__)`; a broad `except` that turns an
error into a user's message logs it with `log.exception(...)` so the traceback is kept."""
from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path
from typing import Optional

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_configured: list = []


def configure(log_file: Optional[Path] = None, level: int = logging.INFO) -> None:
    """Send the package's records to `log_file` (rotating, 5 x 2 MB) or, without one, to
    stderr at WARNING and above. Idempotent: later calls in the same process do nothing."""
    if _configured:
        return
    root = logging.getLogger("analysis"), logging.getLogger("ui")
    handler: logging.Handler
    if log_file is not None:
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(
                log_file, maxBytes=2 * 1024 * 1024, backupCount=5, encoding="utf-8")
        except OSError:
            handler = logging.StreamHandler(sys.stderr)
    else:
        handler = logging.StreamHandler(sys.stderr)
        level = max(level, logging.WARNING)
    handler.setFormatter(logging.Formatter(FORMAT))
    for logger in root:
        logger.addHandler(handler)
        logger.setLevel(level)
        logger.propagate = False
    _configured.append(handler)
