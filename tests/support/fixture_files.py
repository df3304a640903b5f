"""Write a fixture script's files: the one `main` of make_bad_files, make_crash_files and
make_format_files (each test then checks the committed files equal what its script writes)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def write_all(out: Path, files: Callable[[], dict]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files().items():
        (out / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")
