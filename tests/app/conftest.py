"""Fixtures of every AppTest here: st.navigation's pages kept, and a history of the test's own."""
from tests.support.apptest_util import isolated_history, patched_pages_manager  # noqa: F401
