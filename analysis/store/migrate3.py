"""The move of a schema-2 history (one history per database) into the default workspace of
schema 3; see `schema._migrate_2_to_3`."""
from __future__ import annotations

from sqlalchemy import insert, inspect, text
from sqlalchemy.engine import Connection

from analysis.store.schema import (
    DATA_TABLES,
    DEFAULT_WORKSPACE,
    block_overrides,
    metadata,
    now,
    unit_merges,
    workspaces,
)

_CHUNK = 5000


def _read(conn: Connection, name: str, names: set) -> list:
    if name not in names:
        return []
    return [dict(r) for r in conn.execute(text(f'SELECT * FROM "{name}"')).mappings()]


def _districts(rows: list, keys: set) -> dict:
    """{key: {district ("" for none): (unit name, block)}} of the stored rows with those keys,
    first row first."""
    out: dict = {}
    for r in rows:
        k = r.get("key")
        if k in keys:
            out.setdefault(k, {}).setdefault(r.get("district") or "", (r.get("unit"),
                                                                       r.get("block")))
    return out


def v2_corrections(old: dict, stamp: str) -> tuple:
    """The v2 overrides and merges of `old` ({table: [row dicts]}) as v3 rows, one per
    district where the key is stored ("" when it is stored nowhere)."""
    old = {t: old.get(t) or [] for t in ("units", "unit_versions", "block_overrides",
                                          "unit_merges")}
    rows = old["units"] + old["unit_versions"]
    merges = {m["alias_key"]: m["canonical_key"] for m in old["unit_merges"]}
    over_keys = {o["key"] for o in old["block_overrides"]}
    # an override of a canonical key applied to its aliases' rows too
    alias_of = {a: c for a, c in merges.items() if c in over_keys}
    seen = _districts(rows, over_keys | set(merges))
    overrides = []
    for o in old["block_overrides"]:
        found = dict(seen.get(o["key"], {}))
        for a, c in alias_of.items():
            if c == o["key"]:
                for d, v in seen.get(a, {}).items():
                    found.setdefault(d, v)
        for d, (unit, block) in (found or {"": (None, None)}).items():
            overrides.append({"key": o["key"], "district": d, "block": o["block"], "unit": unit,
                              "file_block": block, "who": None,
                              "updated_at": o.get("updated_at") or stamp})
    merged = []
    for m in old["unit_merges"]:
        for d in seen.get(m["alias_key"]) or {"": None}:
            merged.append({"alias_key": m["alias_key"], "district": d,
                           "canonical_key": m["canonical_key"], "who": None,
                           "updated_at": m.get("updated_at") or stamp})
    return overrides, merged


def move_into_default(conn: Connection) -> None:
    names = set(inspect(conn).get_table_names())
    old = {t.name: _read(conn, t.name, names) for t in DATA_TABLES}
    for t in reversed(DATA_TABLES):
        if t.name in names:
            conn.execute(text(f'DROP TABLE "{t.name}"'))
    metadata.create_all(conn)
    stamp = now()
    ws = conn.execute(insert(workspaces).values(name=DEFAULT_WORKSPACE, created_at=stamp)
                      .returning(workspaces.c.id)).scalar_one()
    overrides, merged = v2_corrections(old, stamp)
    new = dict(old, block_overrides=overrides, unit_merges=merged)
    for t in DATA_TABLES:
        cols = {c.name for c in t.columns}
        rows = [{**{k: v for k, v in r.items() if k in cols}, "workspace_id": ws}
                for r in new[t.name]]
        for i in range(0, len(rows), _CHUNK):
            conn.execute(insert(t), rows[i:i + _CHUNK])
    if conn.dialect.name == "postgresql":
        continue_sequences(conn)


def continue_sequences(conn: Connection) -> None:
    """On PostgreSQL, make new ids continue after the ones written with explicit ids."""
    for t, col in ((workspaces.name, "id"), ("uploads", "id"), ("units", "id"),
                   ("period_versions", "version_id"), ("unit_versions", "id"),
                   (block_overrides.name, "id"), (unit_merges.name, "id")):
        conn.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{t}', '{col}'), "
            f"COALESCE((SELECT MAX({col}) FROM {t}), 0) + 1, false)"))
