"""Units frames made in code for the history tests, and a history with a bit of everything."""
from __future__ import annotations

import unicodedata
from datetime import date

import pandas as pd

import analysis.store as H
from analysis.frame import is_missing
from analysis.model import COUNT_FIELDS


def month(year, m):
    end = (date(year + (m == 12), m % 12 + 1, 1) - pd.Timedelta(days=1).to_pytimedelta())
    return f"{year:04d}-{m:02d}", date(year, m, 1), end


def frame(period=("2021-03", date(2021, 3, 1), date(2021, 3, 31)), n=3, base=0, file="t3.xlsx",
          sheet="Sheet1", district=None, prefix="xã"):
    code, start, end = period
    rows = []
    for i in range(n):
        rows.append({
            "period_start": start, "period_end": end, "period": code, "file": file,
            "sheet": sheet, "row": 6 + i, "unit": f"UBND {prefix} Số {i}",
            "key": f"{prefix} so {i}", "block": "commune", "district": district,
            "received": None if i == 0 else 100 + i, "sent": 10 + i + base,
            "signed": i + base, "signed_leader": None, "signed_agency": 2 * i if i else None,
        })
    df = pd.DataFrame(rows)
    df["row"] = df["row"].astype("Int64")
    for f in COUNT_FIELDS:
        df[f] = pd.array(df[f].tolist(), dtype="Int64")
    for c in ("sheet", "district"):
        df[c] = df[c].astype(object).where(df[c].notna(), None)
    return df




def plain(df):
    """Rows as comparable dicts (NA -> None)."""
    out = []
    for rec in df.to_dict("records"):
        out.append({k: (None if is_missing(v) else v) for k, v in rec.items()})
    return out


def populate(h):
    """Two uploads of March, a deleted April, May, and one correction of each kind; the NFD
    name stored."""
    nfd = unicodedata.normalize("NFD", "UBND xã Cẩm Tâm")
    H.store_frame(h, frame(n=3), {"source": "app", "note": "tháng 3"})
    f2 = frame(n=2, base=4, district="Huyện Cẩm Thủy")
    f2.loc[1, "unit"] = nfd
    H.store_frame(h, f2)
    H.store_frame(h, frame(period=month(2021, 4), n=2, sheet=None))
    H.delete_period(h, "2021-04")
    H.store_frame(h, frame(period=month(2021, 5), n=1))
    H.set_block_override(h, "xã so 1", "department")
    H.merge_units(h, "so 2", "xã so 2")
    H.save_column_mapping(h, "lay|out", {"unit": 1, "sent": 4})
    return nfd
