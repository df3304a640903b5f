"""The stored history of the months (SQLAlchemy Core; SQLite by default, PostgreSQL by URL):
every confirmed upload, so one upload a month is enough.

Modules: `engine` (URL, `History`, opening, read/write transactions), `schema` (tables,
`SCHEMA_VERSION`, migrations), `periods` (store, load, list, kept versions), `corrections`
(block overrides, unit merges, column mappings), `backup` (export / import as JSON),
`backup_check` (the backup's schema, checked before an import writes anything).
All functions take the `History` returned by `open_history`. Errors the user can act on raise
`HistoryError` (a `ReadError`) whose `message` is Vietnamese.

Callers import the public API from this package (`from analysis.store import open_history`),
never from its modules, so the modules can be arranged without touching them.
"""

from analysis.errors import HistoryError
from analysis.frame import FRAME_COLUMNS
from analysis.store.backup import (
    EmptyBackupError,
    clear_history,
    export_history,
    history_problems,
    import_history,
)
from analysis.store.backup_check import EXPORT_FORMAT, MAX_BACKUP_BYTES, check_backup
from analysis.store.corrections import (
    apply_corrections,
    block_overrides_map,
    delete_column_mapping,
    get_column_mapping,
    merge_units,
    save_column_mapping,
    saved_column_overrides,
    set_block_override,
    unit_merges_map,
    unmerge_unit,
)
from analysis.store.engine import (
    DEFAULT_DB_FILE,
    ENV_VAR,
    History,
    default_url,
    get_schema_version,
    normalize_url,
    open_history,
)
from analysis.store.periods import (
    StoreReport,
    delete_period,
    frame_with_history,
    list_periods,
    list_versions,
    load_frame,
    missing_months,
    period_label,
    purge_versions,
    restore_previous_version,
    store_frame,
)
from analysis.store.schema import SCHEMA_VERSION

__all__ = [
    "DEFAULT_DB_FILE", "ENV_VAR", "EXPORT_FORMAT", "MAX_BACKUP_BYTES", "EmptyBackupError",
    "check_backup", "clear_history", "history_problems", "FRAME_COLUMNS", "SCHEMA_VERSION",
    "History",
    "HistoryError", "StoreReport", "apply_corrections", "block_overrides_map", "default_url",
    "delete_column_mapping", "delete_period", "export_history", "frame_with_history",
    "get_column_mapping", "get_schema_version", "import_history", "list_periods", "list_versions",
    "load_frame", "merge_units", "missing_months", "normalize_url", "open_history", "period_label",
    "purge_versions", "restore_previous_version", "save_column_mapping", "saved_column_overrides",
    "set_block_override", "store_frame", "unit_merges_map", "unmerge_unit",
]
