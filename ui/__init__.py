"""Streamlit glue shared by the pages (docs/ARCHITECTURE.md lists its modules)."""
