"""The stored history of the months (SQLAlchemy Core; SQLite by default, PostgreSQL by URL).

Callers import the public API from this package (`from analysis.store import open_history`),
never from its modules, so the modules can be arranged without touching them.
"""
from analysis.errors import HistoryError
from analysis.store.history import (
    DEFAULT_DB_FILE,
    ENV_VAR,
    EXPORT_FORMAT,
    FRAME_COLUMNS,
    SCHEMA_VERSION,
    History,
    StoreReport,
    apply_corrections,
    block_overrides_map,
    default_url,
    delete_column_mapping,
    delete_period,
    export_history,
    frame_with_history,
    get_column_mapping,
    get_schema_version,
    import_history,
    list_periods,
    list_versions,
    load_frame,
    merge_units,
    missing_months,
    normalize_url,
    open_history,
    period_label,
    purge_versions,
    restore_previous_version,
    save_column_mapping,
    saved_column_overrides,
    set_block_override,
    store_frame,
    unit_merges_map,
    unmerge_unit,
)

__all__ = [
    "DEFAULT_DB_FILE", "ENV_VAR", "EXPORT_FORMAT", "FRAME_COLUMNS", "SCHEMA_VERSION", "History",
    "HistoryError", "StoreReport", "apply_corrections", "block_overrides_map", "default_url",
    "delete_column_mapping", "delete_period", "export_history", "frame_with_history",
    "get_column_mapping", "get_schema_version", "import_history", "list_periods", "list_versions",
    "load_frame", "merge_units", "missing_months", "normalize_url", "open_history", "period_label",
    "purge_versions", "restore_previous_version", "save_column_mapping", "saved_column_overrides",
    "set_block_override", "store_frame", "unit_merges_map", "unmerge_unit",
]
