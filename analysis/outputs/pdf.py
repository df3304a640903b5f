"""Office documents to PDF through LibreOffice (`soffice --headless --convert-to pdf`).

    to_pdf(data, ".pptx") -> PDF bytes

Each conversion runs in its own temporary folder with its own LibreOffice profile (two
conversions at once never share a profile's lock) and a time limit. Where LibreOffice is not
installed, or the conversion fails, `PdfError` carries a Vietnamese message for the user.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from analysis.errors import KysoError

TIMEOUT_S = 180
NO_SOFFICE = ("Không tạo được PDF: máy chủ chưa cài LibreOffice (lệnh soffice). Hãy tải tệp "
              "PowerPoint rồi lưu thành PDF, hoặc cài gói libreoffice-impress.")


class PdfError(KysoError):
    """A PDF cannot be made (no LibreOffice, a failed or too long conversion)."""


def soffice() -> str | None:
    """The LibreOffice program, or None where it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(data: bytes, suffix: str) -> bytes:
    """The PDF of an office document given as bytes; `suffix` names its format (".pptx",
    ".docx", ".xlsx"). Raises PdfError."""
    program = soffice()
    if program is None:
        raise PdfError(NO_SOFFICE)
    with tempfile.TemporaryDirectory(prefix="kyso_pdf_") as tmp:
        folder = Path(tmp)
        src = folder / f"document{suffix}"
        src.write_bytes(data)
        cmd = [program, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
               "--norestore", "--convert-to", "pdf", "--outdir", str(folder), str(src)]
        env = {**os.environ, "HOME": tmp}
        try:
            subprocess.run(cmd, cwd=tmp, env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(f"Không tạo được PDF: LibreOffice chạy quá {TIMEOUT_S} giây. Hãy "
                           "thử lại sau hoặc lưu tệp PowerPoint thành PDF.") from None
        except OSError as e:
            raise PdfError(f"Không tạo được PDF: không chạy được LibreOffice ({e.strerror or e})."
                           ) from None
        out = folder / "document.pdf"
        if not out.exists() or out.stat().st_size == 0:
            raise PdfError("Không tạo được PDF: LibreOffice không chuyển được tệp. Hãy lưu tệp "
                           "PowerPoint thành PDF bằng tay.")
        return out.read_bytes()
