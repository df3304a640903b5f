"""Office documents (the letter's .docx, the meeting's .pptx) rendered to PDF by LibreOffice
(`soffice --headless --convert-to pdf`).

    to_pdf(data: bytes, suffix: str, timeout=...) -> bytes   raises PdfError (Vietnamese message)
    docx_to_pdf(data: bytes, timeout=120) -> bytes          the letter
    available() -> bool

Each conversion runs in its own temporary directory with its own LibreOffice profile
(-env:UserInstallation), so two conversions at once do not share a profile lock, and is
stopped after `timeout` seconds.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from analysis.errors import KysoError

SOFFICE_NAMES = ("soffice", "libreoffice")
NOT_INSTALLED = ("Không tạo được PDF: máy này chưa cài LibreOffice (lệnh soffice). Hãy tải tệp "
                 "Word hoặc PowerPoint rồi mở bằng Office hoặc LibreOffice để lưu thành PDF, "
                 "hoặc cài gói libreoffice-writer và libreoffice-impress.")
NO_SOFFICE = NOT_INSTALLED
TIMED_OUT = "Không tạo được PDF: LibreOffice không trả lời sau {seconds} giây."
FAILED = "Không tạo được PDF: LibreOffice báo lỗi khi chuyển tệp ({detail})."


class PdfError(KysoError):
    """The PDF could not be made; `message` says why in Vietnamese."""


def soffice() -> str | None:
    """The path of LibreOffice's command, or None. KYSO_SOFFICE names another one."""
    env = os.environ.get("KYSO_SOFFICE")
    if env:
        return env if shutil.which(env) else None
    for name in SOFFICE_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def available() -> bool:
    return soffice() is not None


def _run(cmd: list, timeout: float, env: dict) -> tuple:
    """(exit code, stdout, stderr) of `cmd` in a process group of its own: on a timeout the
    whole group (soffice and the soffice.bin it starts) is killed, then TimeoutExpired."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    return proc.returncode, stdout, stderr


def docx_to_pdf(data: bytes, timeout: float = 120) -> bytes:
    """The letter's PDF."""
    return to_pdf(data, ".docx", timeout)


def to_pdf(data: bytes, suffix: str, timeout: float = 180) -> bytes:
    """The PDF of an office document given as bytes; `suffix` names its format (".docx",
    ".pptx"). Raises PdfError."""
    exe = soffice()
    if exe is None:
        raise PdfError(NOT_INSTALLED)
    with tempfile.TemporaryDirectory(prefix="kyso_pdf_") as tmp:
        tmpdir = Path(tmp)
        src = tmpdir / f"document{suffix}"
        src.write_bytes(data)
        cmd = [exe, f"-env:UserInstallation={(tmpdir / 'profile').as_uri()}", "--headless",
               "--norestore", "--convert-to", "pdf", "--outdir", str(tmpdir), str(src)]
        try:
            code, stdout, stderr = _run(cmd, timeout, {**os.environ, "HOME": str(tmpdir)})
        except subprocess.TimeoutExpired as e:
            raise PdfError(TIMED_OUT.format(seconds=int(timeout))) from e
        except OSError as e:
            raise PdfError(FAILED.format(detail=e.strerror or e)) from e
        out = tmpdir / "document.pdf"
        if code != 0 or not out.exists():
            detail = (stderr or stdout).decode("utf-8", "replace").strip()
            raise PdfError(FAILED.format(detail=detail[-200:] or f"mã {code}"))
        return out.read_bytes()
