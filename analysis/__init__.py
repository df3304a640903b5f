"""Ký số Analytics core: read messy monthly workbooks and compute signature-rate figures.

Pure Python (no Streamlit). Flow: file -> cell grid -> located table -> units -> figures -> exports.
"""
from analysis.model import ReadError  # noqa: F401
