"""The server settings that guard every session (.streamlit/config.toml): no error details to
users, XSRF protection on, the upload endpoint's limit small (the reader's own limit)."""
import tomllib
from pathlib import Path

from analysis.reading import guard

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def test_server_settings_fail_closed():
    cfg = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert cfg["client"]["showErrorDetails"] == "none"
    assert cfg["server"]["enableXsrfProtection"] is True
    assert cfg["server"]["maxUploadSize"] == guard.MAX_UPLOAD_MB == 50
