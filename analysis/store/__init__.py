"""The stored history of the months (SQLAlchemy Core; SQLite by default, PostgreSQL by URL):
every confirmed upload, so one upload a month is enough.

Workspaces (không gian làm việc): one database holds several offices' histories. `History` acts
on one workspace (`history.workspace`, a `Workspace`); every function taking a `History` reads
and writes that workspace only.

Modules: `engine` (URL, `History`, opening, read/write transactions), `schema` (tables,
`SCHEMA_VERSION`, migrations; `migrate3` moves a one-history database into
`DEFAULT_WORKSPACE`), `workspaces` (list, create, passwords, settings), `periods` (store, load,
list, kept versions), `figures_frame` (only the rows one period's figures need; the trend's
sums in SQL), `corrections` (block overrides, unit merges, column mappings, the list of
corrections and undo), `backup` (export / import of a workspace as JSON), `backup_check` (the
backup's schema, checked before an import writes anything).
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
    CORRECTION_COLUMNS,
    apply_corrections,
    block_overrides_map,
    delete_column_mapping,
    get_column_mapping,
    list_corrections,
    merge_units,
    reset_block_override,
    save_column_mapping,
    saved_column_overrides,
    set_block_override,
    undo_correction,
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
from analysis.store.figures_frame import figures_frame, needed_periods, trend_sums
from analysis.store.periods import (
    StoreReport,
    delete_period,
    frame_with_history,
    list_period_spans,
    list_periods,
    list_versions,
    load_frame,
    missing_months,
    period_label,
    purge_versions,
    restore_previous_version,
    store_frame,
)
from analysis.store.schema import DEFAULT_WORKSPACE, SCHEMA_VERSION
from analysis.store.workspace_rows import Workspace
from analysis.store.workspaces import (
    check_workspace_password,
    create_workspace,
    get_workspace_setting,
    list_workspaces,
    rename_workspace,
    set_workspace_password,
    set_workspace_setting,
)

__all__ = [
    "CORRECTION_COLUMNS", "DEFAULT_DB_FILE", "DEFAULT_WORKSPACE", "ENV_VAR", "EXPORT_FORMAT",
    "MAX_BACKUP_BYTES", "EmptyBackupError", "FRAME_COLUMNS", "History", "HistoryError",
    "SCHEMA_VERSION", "StoreReport", "Workspace", "apply_corrections", "block_overrides_map",
    "check_backup", "check_workspace_password", "clear_history", "create_workspace",
    "default_url", "delete_column_mapping", "delete_period", "export_history", "figures_frame",
    "frame_with_history", "get_column_mapping", "get_schema_version", "get_workspace_setting",
    "history_problems", "import_history", "list_corrections", "list_period_spans",
    "list_periods", "list_versions",
    "list_workspaces", "load_frame", "merge_units", "missing_months", "needed_periods",
    "normalize_url", "open_history", "period_label", "purge_versions", "rename_workspace",
    "reset_block_override", "restore_previous_version", "save_column_mapping",
    "saved_column_overrides", "set_block_override", "set_workspace_password",
    "set_workspace_setting", "store_frame", "trend_sums", "undo_correction", "unit_merges_map",
    "unmerge_unit",
]
