"""The officer's corrections, kept in the history per workspace and applied to every period.

A correction names a unit by its identity: its key (analysis.model) and its district ("" when
the file gives none), in one workspace. It never changes another workspace, a unit of another
district, or a unit that merely shares a name.

- Block overrides: (key, district) -> block, when the reader's guess was wrong; the file's
  block, the unit's name, who and when are kept for the list of corrections.
- Unit merges: (alias key, district) -> canonical key, when one unit was written under two names.
- Column mappings: sheet layout signature -> {field: 0-based column index}, the columns the
  officer chose for a table the reader could not map alone; used when that layout comes again.

The stored rows are the data as read; merges and overrides are applied when loading
(`load_frame`) or to a fresh upload (`apply_corrections`), so a correction changed later applies
to every month. `list_corrections` lists them, `undo_correction` removes one by its id
("block:<n>" or "merge:<n>").
"""
from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import Table, and_, delete, insert, select, update
from sqlalchemy.engine import Connection

from analysis.errors import HistoryError
from analysis.frame import is_missing
from analysis.model import BLOCKS, COUNT_FIELDS
from analysis.store.engine import History, read_transaction, write_transaction
from analysis.store.schema import block_overrides, column_mappings, now, unit_merges

CORRECTION_COLUMNS = ["id", "kind", "unit", "district", "key", "file_value", "corrected_value",
                      "who", "when"]


def _district(d) -> str:
    """A district as a correction stores it: "" for none."""
    return "" if d is None or is_missing(d) else str(d)


def _where(table: Table, ws: int, **cols):
    return and_(table.c.workspace_id == ws, *[table.c[k] == v for k, v in cols.items()])


def _upsert(conn: Connection, table: Table, ident: dict, values: dict) -> int:
    """Update the row of `ident` (workspace and key columns) or insert it; its id (or 0)."""
    cond = and_(*[table.c[k] == v for k, v in ident.items()])
    done = conn.execute(update(table).where(cond).values(**values)).rowcount
    if not done:
        conn.execute(insert(table).values(**ident, **values))
    if "id" in table.c:
        return int(conn.execute(select(table.c.id).where(cond)).scalar_one())
    return 0


# --- block overrides ---------------------------------------------------------------------------

def set_block_override(history: History, key: str, block: str | None, *, district=None,
                       file_block: str | None = None, unit: str | None = None,
                       who: str | None = None) -> int | None:
    """Remember the block of the unit (`key`, `district`) in the history's workspace, applied to
    every period; None forgets it (as `reset_block_override`). `file_block` is what the file
    said, `unit` the unit's name, `who` the person: kept for the list of corrections.
    Returns the correction's row id (None when forgotten)."""
    if not key:
        raise HistoryError("Thiếu khóa đơn vị.")
    if block is None:
        reset_block_override(history, key, district=district)
        return None
    if block not in BLOCKS:
        raise HistoryError(f"Khối không hợp lệ: {block}. Chọn một trong: {', '.join(BLOCKS)}.")
    ident = {"workspace_id": history.workspace.id, "key": key, "district": _district(district)}
    with write_transaction(history) as conn:
        old = conn.execute(select(block_overrides.c.file_block, block_overrides.c.unit)
                           .where(_where(block_overrides, **_ids(ident)))).first()
        values = {"block": block, "updated_at": now(), "who": who,
                  "file_block": file_block if file_block is not None else (old and old[0]),
                  "unit": unit if unit is not None else (old and old[1])}
        return _upsert(conn, block_overrides, ident, values)


def _ids(ident: dict) -> dict:
    return {"ws": ident["workspace_id"], **{k: v for k, v in ident.items()
                                             if k != "workspace_id"}}


def reset_block_override(history: History, key: str, *, district=None) -> bool:
    """The unit (`key`, `district`) takes the block its file gives again. False when it had
    no override."""
    with write_transaction(history) as conn:
        return bool(conn.execute(delete(block_overrides).where(_where(
            block_overrides, history.workspace.id, key=key,
            district=_district(district)))).rowcount)


def block_overrides_map(history: History) -> dict:
    """{(unit key, district or None): block} chosen in the history's workspace."""
    with read_transaction(history) as conn:
        return {(k, d or None): b for k, d, b in conn.execute(
            select(block_overrides.c.key, block_overrides.c.district, block_overrides.c.block)
            .where(block_overrides.c.workspace_id == history.workspace.id)
            .order_by(block_overrides.c.key, block_overrides.c.district))}


# --- unit merges -------------------------------------------------------------------------------

def merge_units(history: History, alias_key: str, canonical_key: str, *, district=None,
                who: str | None = None) -> str:
    """Count `alias_key` as the same unit as `canonical_key` from now on, in every period, for
    the units of `district` (None: units without a district) of the history's workspace.
    Merges chain: if the canonical key is itself an alias, its own canonical key is used, and
    keys that were aliases of `alias_key` follow it. Returns the canonical key used."""
    if not alias_key or not canonical_key:
        raise HistoryError("Thiếu khóa đơn vị để gộp.")
    ws, d = history.workspace.id, _district(district)
    with write_transaction(history) as conn:
        merges, _ = stored_corrections(conn, ws)
        target = _resolver(merges)(canonical_key, d)
        if target == alias_key or alias_key == canonical_key:
            raise HistoryError("Không thể gộp một đơn vị vào chính nó.")
        stamp = now()
        _upsert(conn, unit_merges, {"workspace_id": ws, "alias_key": alias_key, "district": d},
                {"canonical_key": target, "updated_at": stamp, "who": who})
        conn.execute(update(unit_merges).where(_where(unit_merges, ws, canonical_key=alias_key,
                                                      district=d))
                     .values(canonical_key=target, updated_at=stamp))
    return target


def unmerge_unit(history: History, alias_key: str, *, district=None) -> bool:
    """Undo a merge: `alias_key` counts as its own unit again. False if it was not merged."""
    with write_transaction(history) as conn:
        return bool(conn.execute(delete(unit_merges).where(_where(
            unit_merges, history.workspace.id, alias_key=alias_key,
            district=_district(district)))).rowcount)


def unit_merges_map(history: History) -> dict:
    """{alias key: canonical key} of the history's workspace (every district; see
    `list_corrections` for the district of each)."""
    with read_transaction(history) as conn:
        return dict(conn.execute(select(unit_merges.c.alias_key, unit_merges.c.canonical_key)
                                 .where(unit_merges.c.workspace_id == history.workspace.id)
                                 .order_by(unit_merges.c.alias_key, unit_merges.c.district)).all())


# --- the list of corrections, undo ---------------------------------------------------------------

def list_corrections(history: History) -> pd.DataFrame:
    """Every block override and unit merge of the history's workspace, newest first: id
    ("block:<n>" / "merge:<n>"), kind ("block" / "merge"), unit (name when corrected), district
    (None for none), key, file_value (the file's block / the alias key), corrected_value (the
    chosen block / the canonical key), who, when (ISO time, UTC)."""
    ws = history.workspace.id
    with read_transaction(history) as conn:
        blocks = conn.execute(select(block_overrides).where(
            block_overrides.c.workspace_id == ws)).mappings().all()
        merges = conn.execute(select(unit_merges).where(
            unit_merges.c.workspace_id == ws)).mappings().all()
    rows = [{"id": f"block:{r['id']}", "kind": "block", "unit": r["unit"],
             "district": r["district"] or None, "key": r["key"], "file_value": r["file_block"],
             "corrected_value": r["block"], "who": r["who"], "when": r["updated_at"]}
            for r in blocks]
    rows += [{"id": f"merge:{r['id']}", "kind": "merge", "unit": None,
              "district": r["district"] or None, "key": r["alias_key"],
              "file_value": r["alias_key"], "corrected_value": r["canonical_key"],
              "who": r["who"], "when": r["updated_at"]} for r in merges]
    rows.sort(key=lambda r: (r["when"] or "", r["id"]), reverse=True)
    return pd.DataFrame(rows, columns=CORRECTION_COLUMNS)


def undo_correction(history: History, correction_id: str) -> bool:
    """Remove one correction of the history's workspace by its `list_corrections` id: a block
    override (the file's block applies again) or a merge (the alias is its own unit again).
    False when there is no such correction in this workspace."""
    kind, _, num = str(correction_id).partition(":")
    table = {"block": block_overrides, "merge": unit_merges}.get(kind)
    if table is None or not num.isdigit():
        raise HistoryError(f"Mã sửa đổi không hợp lệ: {correction_id}.")
    with write_transaction(history) as conn:
        return bool(conn.execute(delete(table).where(
            _where(table, history.workspace.id, id=int(num)))).rowcount)


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
        _upsert(conn, column_mappings, {"workspace_id": history.workspace.id, "layout": layout},
                {"mapping": payload, "updated_at": now()})


def get_column_mapping(history: History, layout: str) -> dict | None:
    """The column mapping saved for `layout` in the history's workspace, or None."""
    with read_transaction(history) as conn:
        return _column_mapping(conn, history.workspace.id, layout)


def _column_mapping(conn, ws: int, layout: str) -> dict | None:
    payload = conn.execute(select(column_mappings.c.mapping)
                           .where(_where(column_mappings, ws, layout=layout))).scalar()
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
            mapping = _column_mapping(conn, history.workspace.id, layout)
            if mapping is not None and mapping != dict(getattr(sheet, "columns", {}) or {}):
                out[sheet.sheet] = mapping
    return out


def delete_column_mapping(history: History, layout: str) -> bool:
    with write_transaction(history) as conn:
        return bool(conn.execute(delete(column_mappings).where(
            _where(column_mappings, history.workspace.id, layout=layout))).rowcount)


# --- applying merges and overrides to a units frame --------------------------------------------

def stored_corrections(conn: Connection, ws: int) -> tuple:
    """({(alias key, district): canonical key}, {(unit key, district): block}) of workspace
    `ws`, districts as stored ("" for none)."""
    merges = {(a, d): c for a, d, c in conn.execute(
        select(unit_merges.c.alias_key, unit_merges.c.district, unit_merges.c.canonical_key)
        .where(unit_merges.c.workspace_id == ws))}
    overrides = {(k, d): b for k, d, b in conn.execute(
        select(block_overrides.c.key, block_overrides.c.district, block_overrides.c.block)
        .where(block_overrides.c.workspace_id == ws))}
    return merges, overrides


def _resolver(merges: dict):
    def canonical(key, district: str):
        seen = set()
        while (key, district) in merges and key not in seen:
            seen.add(key)
            key = merges[(key, district)]
        return key
    return canonical


def corrected(frame: pd.DataFrame, merges: dict, overrides: dict) -> pd.DataFrame:
    """A copy of `frame` with keys replaced by their canonical key and blocks by the overrides,
    each matched on (key, district); two merged names in one period become one unit."""
    out = frame.copy()
    if len(out) == 0 or (not merges and not overrides):
        return out
    canonical = _resolver(merges)
    original = out["key"].astype(object)
    districts = ([_district(d) for d in out["district"].astype(object)]
                 if "district" in out.columns else [""] * len(out))
    if merges:
        out["key"] = pd.Series([canonical(k, d) for k, d in zip(original, districts,
                                                                  strict=True)],
                               index=out.index)
    if overrides and "block" in out.columns:
        blocks = []
        for k, o, d, b in zip(out["key"], original, districts, out["block"].astype(object),
                              strict=True):
            blocks.append(overrides.get((k, d), overrides.get((o, d), b)))
        out["block"] = pd.Series(blocks, index=out.index)
    ident = ["period", "key"] + (["district"] if "district" in out.columns else [])
    if merges and "period" in out.columns and out.duplicated(ident).any():
        out = _sum_merged(out, original, ident)
    return out


def _sum_merged(out: pd.DataFrame, original: pd.Series, ident: list) -> pd.DataFrame:
    """Two merged names in the same period: one unit; counts summed, the row read under the
    canonical key (else the first) gives the name and source."""
    out["_alias"] = (original != out["key"]).to_numpy()
    out["_pos"] = range(len(out))
    out = out.sort_values(["_alias", "_pos"], kind="stable")
    counts = [f for f in COUNT_FIELDS if f in out.columns]
    sums = out.groupby(ident, sort=False, dropna=False)[counts].sum(min_count=1)
    out = out.drop_duplicates(ident, keep="first").sort_values("_pos")
    idx = pd.MultiIndex.from_frame(out[ident])
    for f in counts:
        out[f] = pd.array(sums[f].reindex(idx).to_numpy(), dtype="Int64")
    return out.drop(columns=["_alias", "_pos"]).reset_index(drop=True)


def apply_corrections(history: History, frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of any units frame (e.g. just uploaded) with the unit merges and block overrides
    of the history's workspace applied."""
    with read_transaction(history) as conn:
        merges, overrides = stored_corrections(conn, history.workspace.id)
    return corrected(frame, merges, overrides)
