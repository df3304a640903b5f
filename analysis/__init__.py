"""Ký số Analytics core: read messy monthly workbooks and compute signature-rate figures.

Pure Python (no Streamlit). Flow: file -> cell grid -> located table -> units -> figures -> exports.
"""
import logging

from analysis.errors import ReadError  # noqa: F401

# A library's records go nowhere until `analysis.logs.configure` gives them a place (not to
# stderr through logging's last-resort handler), so a script's output stays what it was.
logging.getLogger(__name__).addHandler(logging.NullHandler())
