"""The officer's corrections, kept in the history and applied to every period.

- Block overrides: unit key -> block, when the reader's guess was wrong.
- Unit merges: alias key -> canonical key, when one unit was written under two names.
- Column mappings: sheet layout signature -> {field: 0-based column index}, the columns the
  officer chose for a table the reader could not map alone; used when that layout comes again.

The stored rows are the data as read; merges and overrides are applied when loading
(`load_frame`) or to a fresh upload (`apply_corrections`), so a correction changed later applies
to every month.
"""
from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.engine import Connection

from analysis.errors import HistoryError
from analysis.model import BLOCKS, COUNT_FIELDS
from analysis.store.engine import History, read_transaction, write_transaction
from analysis.store.schema import block_overrides, column_mappings, now, unit_merges


def _upsert(conn: Connection, table: Table, key_col: str, key, values: dict) -> None:
    done = conn.execute(update(table).where(table.c[key_col] == key).values(**values)).rowcount
    if not done:
        conn.execute(insert(table).values(**{key_col: key}, **values))


# --- block overrides ---------------------------------------------------------------------------

def set_block_override(history: History, key: str, block: str | None) -> None:
    """Remember the block of a unit key (applied to every period); None forgets it."""
    if not key:
        raise HistoryError("Thiếu khóa đơn vị.")
    with write_transaction(history) as conn:
        if block is None:
            conn.execute(delete(block_overrides).where(block_overrides.c.key == key))
            return
        if block not in BLOCKS:
            raise HistoryError(f"Khối không hợp lệ: {block}. Chọn một trong: {', '.join(BLOCKS)}.")
        _upsert(conn, block_overrides, "key", key, {"block": block, "updated_at": now()})


def block_overrides_map(history: History) -> dict:
    """{unit key: block} chosen by the officer."""
    with read_transaction(history) as conn:
        return dict(conn.execute(select(block_overrides.c.key, block_overrides.c.block)
                                 .order_by(block_overrides.c.key)).all())


# --- unit merges -------------------------------------------------------------------------------

def merge_units(history: History, alias_key: str, canonical_key: str) -> str:
    """Count `alias_key` as the same unit as `canonical_key` from now on, in every period.
    Merges chain: if the canonical key is itself an alias, its own canonical key is used, and
    keys that were aliases of `alias_key` follow it. Returns the canonical key used."""
    if not alias_key or not canonical_key:
        raise HistoryError("Thiếu khóa đơn vị để gộp.")
    with write_transaction(history) as conn:
        merges, _ = stored_corrections(conn)
        target = _resolver(merges)(canonical_key)
        if target == alias_key or alias_key == canonical_key:
            raise HistoryError("Không thể gộp một đơn vị vào chính nó.")
        stamp = now()
        _upsert(conn, unit_merges, "alias_key", alias_key,
                {"canonical_key": target, "updated_at": stamp})
        conn.execute(update(unit_merges).where(unit_merges.c.canonical_key == alias_key)
                     .values(canonical_key=target, updated_at=stamp))
    return target


def unmerge_unit(history: History, alias_key: str) -> bool:
    """Undo a merge: `alias_key` counts as its own unit again. False if it was not merged."""
    with write_transaction(history) as conn:
        return bool(conn.execute(delete(unit_merges)
                                 .where(unit_merges.c.alias_key == alias_key)).rowcount)


def unit_merges_map(history: History) -> dict:
    """{alias key: canonical key}."""
    with read_transaction(history) as conn:
        return dict(conn.execute(select(unit_merges.c.alias_key, unit_merges.c.canonical_key)
                                 .order_by(unit_merges.c.alias_key)).all())


# --- column mappings ---------------------------------------------------------------------------

def save_column_mapping(history: History, layout: str, mapping: dict) -> None:
    """Remember the column mapping chosen for a sheet layout (`SheetResult.layout`):
    {field: 0-based column index}."""
    if not layout:
        raise HistoryError("Thiếu chữ ký bố cục bảng để ghi nhớ cách ghép cột.")
    try:
        clean = {str(k): int(v) for k, v in dict(mapping).items()}
    except (TypeError, ValueError) as e:
        raise HistoryError(f"Cách ghép cột không hợp lệ: {e}") from e
    payload = json.dumps(clean, sort_keys=True, ensure_ascii=False)
    with write_transaction(history) as conn:
        _upsert(conn, column_mappings, "layout", layout, {"mapping": payload, "updated_at": now()})


def get_column_mapping(history: History, layout: str) -> dict | None:
    """The column mapping saved for `layout`, or None."""
    with read_transaction(history) as conn:
        return _column_mapping(conn, layout)


def _column_mapping(conn, layout: str) -> dict | None:
    payload = conn.execute(select(column_mappings.c.mapping)
                           .where(column_mappings.c.layout == layout)).scalar()
    return None if payload is None else {k: int(v) for k, v in json.loads(payload).items()}


def saved_column_overrides(history: History, workbook) -> dict:
    """{sheet name: saved mapping} for the sheets of a parsed `WorkbookResult` (read or skipped)
    whose layout has a saved column mapping that differs from the columns found: pass it as
    `parse_bytes(..., overrides={"columns": ...})` to parse again with the officer's choice."""
    out = {}
    with read_transaction(history) as conn:
        for sheet in list(workbook.sheets) + list(workbook.skipped_sheets):
            layout = getattr(sheet, "layout", "")
            if not layout:
                continue
            mapping = _column_mapping(conn, layout)
            if mapping is not None and mapping != dict(getattr(sheet, "columns", {}) or {}):
                out[sheet.sheet] = mapping
    return out


def delete_column_mapping(history: History, layout: str) -> bool:
    with write_transaction(history) as conn:
        return bool(conn.execute(delete(column_mappings)
                                 .where(column_mappings.c.layout == layout)).rowcount)


# --- applying merges and overrides to a units frame --------------------------------------------

def stored_corrections(conn: Connection) -> tuple:
    """({alias key: canonical key}, {unit key: block}) as stored."""
    merges = dict(conn.execute(select(unit_merges.c.alias_key, unit_merges.c.canonical_key)).all())
    overrides = dict(conn.execute(select(block_overrides.c.key, block_overrides.c.block)).all())
    return merges, overrides


def _resolver(merges: dict):
    def canonical(key):
        seen = set()
        while key in merges and key not in seen:
            seen.add(key)
            key = merges[key]
        return key
    return canonical


def corrected(frame: pd.DataFrame, merges: dict, overrides: dict) -> pd.DataFrame:
    """A copy of `frame` with keys replaced by their canonical key and blocks by the overrides;
    two merged names in one period become one unit."""
    out = frame.copy()
    if len(out) == 0 or (not merges and not overrides):
        return out
    canonical = _resolver(merges)
    original = out["key"].astype(object)
    out["key"] = pd.Series([canonical(k) for k in original], index=out.index)
    if overrides and "block" in out.columns:
        blocks = []
        for k, o, b in zip(out["key"], original, out["block"].astype(object), strict=True):
            blocks.append(overrides.get(k, overrides.get(o, b)))
        out["block"] = pd.Series(blocks, index=out.index)
    ident = ["period", "key"] + (["district"] if "district" in out.columns else [])
    if "period" in out.columns and out.duplicated(ident).any():
        # Two merged names in the same period: one unit; counts summed, the row read under
        # the canonical key (else the first) gives the name and source.
        out["_alias"] = (original != out["key"]).to_numpy()
        out["_pos"] = range(len(out))
        out = out.sort_values(["_alias", "_pos"], kind="stable")
        counts = [f for f in COUNT_FIELDS if f in out.columns]
        sums = out.groupby(ident, sort=False, dropna=False)[counts].sum(min_count=1)
        out = out.drop_duplicates(ident, keep="first").sort_values("_pos")
        idx = pd.MultiIndex.from_frame(out[ident])
        for f in counts:
            out[f] = pd.array(sums[f].reindex(idx).to_numpy(), dtype="Int64")
        out = out.drop(columns=["_alias", "_pos"]).reset_index(drop=True)
    return out


def apply_corrections(history: History, frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of any units frame (e.g. just uploaded) with the stored unit merges and block
    overrides applied: keys replaced by their canonical key, blocks by the officer's choice."""
    with read_transaction(history) as conn:
        merges, overrides = stored_corrections(conn)
    return corrected(frame, merges, overrides)
