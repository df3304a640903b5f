"""The official appendix (phụ lục): its rows, column groups and headings, written once.

Three writers lay it out: outputs/xlsx.write_appendix (Excel), outputs/letter.appendix_table
(.docx) and the report page (text_rows, a table on screen). The columns are TT | unit | sent |
(count, rate) per signature kind under a merged group header | notes; the units go by block
under roman-numeral section rows, in the order read from the source, then a totals row.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.figures import Summary
from analysis.labels import BLOCK_LABELS, STATUS_LABELS, TOTAL_LABEL
from analysis.rates import py_value
from analysis.vn_format import fmt_int, fmt_pct, roman

TITLE = "PHỤ LỤC"
REFERENCE = "(Kèm theo Công văn số       /UBND-VHTT ngày      /      /         )"
UNKNOWN_DISTRICT = "Chưa rõ huyện"


def reference(symbol: str = "UBND-VHTT", number: str = "", issuer: str = "") -> str:
    """"(Kèm theo Công văn số   /UBND-VP ngày   /   /    của UBND huyện Tuần Giáo)"."""
    number = number.strip() or "      "
    by = f" của {issuer.strip()}" if issuer.strip() else ""
    return f"(Kèm theo Công văn số {number}/{symbol.strip()} ngày      /      /         {by})"
# The merged two-row headings left of the signature kinds, and the last column's.
LEFT_HEADINGS = ("TT", "Tên cơ quan, đơn vị", "Văn bản gửi đi")
NOTES_HEADING = "Ghi chú"
# Group headers of the signature kinds, as the letters' tables write them, and the two columns
# under each.
GROUPS = {
    "signed": "Văn bản ký số",
    "signed_leader": "Văn bản đi có ký số của lãnh đạo",
    "signed_agency": "Văn bản gửi đi có ký số cơ quan",
}
GROUP_COLUMNS = ("Số lượng", "Tỷ lệ")
# The notes column: why a unit has no rate worth reading.
NOTES = {s: STATUS_LABELS[s] for s in ("signed_nothing", "no_documents")}


def subtitle(summary: Summary) -> str:
    return f"Tình hình ký số văn bản điện tử của các cơ quan, đơn vị {summary.label}"


@dataclass(frozen=True)
class Columns:
    """Where each column of the appendix is, for these signature kinds."""

    metrics: tuple

    @property
    def count(self) -> int:
        return len(LEFT_HEADINGS) + 2 * len(self.metrics) + 1

    @property
    def notes(self) -> int:
        return self.count - 1

    def kinds(self):
        """(signature kind, its count column, its group header); the rate column is next."""
        return [(m, len(LEFT_HEADINGS) + 2 * i, GROUPS[m]) for i, m in enumerate(self.metrics)]


def source_order(units: pd.DataFrame) -> list:
    """Positions of `units` in the order read from the source (file, sheet, row)."""
    keys = pd.DataFrame({c: units[c].reset_index(drop=True) for c in ("file", "sheet", "row")})
    return keys.sort_values(["file", "sheet", "row"], kind="stable",
                            na_position="last").index.tolist()


# Blocks whose units are never split by district: each district is itself one unit of the
# district block, and the provincial departments have none.
UNGROUPED = ("district", "provincial_department")


def block_groups(units: pd.DataFrame) -> list:
    """[(block, [(district or None, [positions])])]: the blocks in the order they first appear
    in the source; inside a block whose units lie in two or more districts (a province's
    workbook before the reform), one group per district in the source's order, else one group
    (district None). Positions are into `units`, in the source's order."""
    blocks = units["block"].tolist()
    districts = (units["district"].astype(object).where(units["district"].notna(), None)
                 .tolist() if "district" in units else [None] * len(blocks))
    by_block: dict = {}
    for i in source_order(units):
        by_block.setdefault(blocks[i], {}).setdefault(districts[i], []).append(i)
    out = []
    for b, groups in by_block.items():
        named = [d for d in groups if d is not None]
        if b in UNGROUPED or len(named) < 2:
            out.append((b, [(None, [i for g in groups.values() for i in g])]))
            continue
        ordered = sorted(groups.items(), key=lambda kv: (kv[0] is None,))  # unknown last
        out.append((b, ordered))
    return out


def appendix_rows(summary: Summary, metrics=None) -> list:
    """Rows of the appendix table: units grouped by block under roman-numeral section rows (the
    blocks in the order read from the source), inside a block spread over several districts
    under one sub-section row per district ("III.1", "Huyện Quan Sơn"; numbering restarts),
    then the totals row. Each row is a dict:
    {"kind": "section", "stt": "I", "name": "Khối ...", "sub": False} |
    {"kind": "unit"|"total", "stt": 1|None, "name": ..., "sent": int|None,
     "counts": {metric: int|None}, "rates": {metric: float|None}, "note": str,
     "status": str (units only)}.
    """
    metrics = list(metrics or summary.metrics)
    units = summary.units

    def col(name):
        return [py_value(v) for v in units[name].tolist()]

    name, status = units["unit"].tolist(), units["status"].tolist()
    sent = col("sent")
    counts = {m: col(m) for m in metrics}
    rates = {m: col(f"{m}_rate") for m in metrics}
    out = []
    totals = {"sent": 0, **{m: 0 for m in metrics}}
    for i, (blk, groups) in enumerate(block_groups(units), 1):
        out.append({"kind": "section", "stt": roman(i), "name": BLOCK_LABELS.get(blk, blk),
                    "sub": False})
        for g, (district, positions) in enumerate(groups, 1):
            if district is not None or len(groups) > 1:
                out.append({"kind": "section", "stt": f"{roman(i)}.{g}", "sub": True,
                            "name": district or UNKNOWN_DISTRICT})
            for j, k in enumerate(positions, 1):
                se = sent[k]
                cs = {}
                for m in metrics:
                    c = counts[m][k]
                    if c is None and se:
                        c = 0
                    cs[m] = c
                out.append({"kind": "unit", "stt": j, "name": name[k], "sent": se,
                            "counts": cs, "status": status[k], "note": NOTES.get(status[k], ""),
                            "rates": {m: rates[m][k] for m in metrics}})
                if se is not None:
                    totals["sent"] += se
                    for m in metrics:
                        totals[m] += cs[m] or 0
    out.append({"kind": "total", "stt": None, "name": TOTAL_LABEL, "sent": totals["sent"],
                "counts": {m: totals[m] for m in metrics}, "note": "",
                "rates": {m: (totals[m] / totals["sent"] * 100 if totals["sent"] else None)
                          for m in metrics}})
    return out


def text_rows(summary: Summary, unit: str, sent: str, kind_names: dict, pct=fmt_pct) -> list:
    """The appendix as text for a screen, one dict a row: "STT", the unit under `unit`, the sent
    count under `sent`, and per signature kind "<its name in kind_names>: số lượng" and
    "...: tỷ lệ", formatted the Vietnamese way (rates by `pct`); section names in capitals, no
    notes column."""
    metrics = list(summary.metrics)
    count_word, rate_word = (w.lower() for w in GROUP_COLUMNS)
    out = []
    for r in appendix_rows(summary, metrics):
        rec = {"STT": str(r["stt"] or ""), unit: r["name"]}
        if r["kind"] == "section":
            rec[unit] = r["name"] if r.get("sub") else r["name"].upper()
        else:
            rec[sent] = fmt_int(r["sent"])
            for m in metrics:
                name = kind_names.get(m, m)
                rec[f"{name}: {count_word}"] = fmt_int(r["counts"][m])
                rec[f"{name}: {rate_word}"] = pct(r["rates"][m])
        out.append(rec)
    return out
