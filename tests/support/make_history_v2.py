"""Write tests/fixtures/history/kyso_v2.sqlite: a history made by the release before workspaces
(schema version 2), so that the migration into the default workspace is tested on a file
written by that code (tests/store/test_workspace_migration.py). Run from the repository:

    python -m tests.support.make_history_v2

It was run once with the schema-2 code (commit cb7e9cf) and its output committed; running it
with later code would write a newer schema, so the script refuses to overwrite the fixture
unless the store still writes schema version 2.

What it holds: two uploads of March 2021 (the second with a district and an NFD name), a deleted
April (a kept version), May, a block override, a unit merge and a column mapping; the expected
content is in tests/fixtures/history/kyso_v2.json (periods, unit rows, corrections).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import analysis.store as H
from tests.store.sample import plain, populate

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "history"


def main() -> int:
    if H.SCHEMA_VERSION != 2:
        print("make_history_v2: the store no longer writes schema 2; the committed fixture is "
              "the one to keep.", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / "kyso_v2.sqlite"
    for p in OUT.glob("kyso_v2.sqlite*"):
        p.unlink()
    with H.open_history("sqlite:///" + str(db)) as h:
        populate(h)
        frame = H.load_frame(h, corrections=False)
        expected = {
            "periods": list(H.list_periods(h)["period"]),
            "units": [{k: (v.isoformat() if hasattr(v, "isoformat") else v)
                       for k, v in r.items()} for r in plain(frame)],
            "versions": len(H.list_versions(h)),
            "block_overrides": H.block_overrides_map(h),
            "unit_merges": H.unit_merges_map(h),
            "column_mapping": H.get_column_mapping(h, "lay|out"),
        }
    with H.open_history("sqlite:///" + str(db)) as h:  # checkpoint the WAL into the file
        h.engine.dispose()
    (OUT / "kyso_v2.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n",
                                      encoding="utf-8")
    print(f"wrote {db} and kyso_v2.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
