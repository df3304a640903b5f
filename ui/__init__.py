"""Streamlit glue shared by the pages: session, the per-run data object, the store gateway, strings."""
