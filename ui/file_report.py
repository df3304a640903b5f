"""What was read from each loaded file, drawn on the upload page: its period (and a form to
choose it), warnings, skipped rows, the columns read (and a form to choose them) and the units'
blocks (and an editor for them)."""
from datetime import date

import pandas as pd
import streamlit as st
from xlsxwriter.utility import xl_col_to_name as col_letter

from analysis import warning_codes
from analysis.model import METRICS, ROW_KINDS, Period
from analysis.reading.period_detect import guess_period
from analysis.vn_format import capitalize, fmt_date, fmt_int, parse_date

from . import periods, session, store
from . import strings as S
from .safe_text import md

MAX_RESET_BUTTONS = 20  # corrected units of a sheet with their own reset button
COUNT_FIELDS = ("unit", "received", "sent", "signed", "signed_leader", "signed_agency")


def period_editor(name: str, sh, fkey: str, guess: Period | None = None,
                  used_from: str | None = None) -> None:
    """The sheet's period (with the one warning while it is unknown) and a form to choose it;
    an unknown period's form starts on `guess`. `used_from`: the later file this period's
    figures are taken from instead."""
    chosen = session.sheet_period(name, sh.sheet)
    period = chosen or sh.period
    if period is None:
        st.warning(S.UP_PERIOD_UNKNOWN)
    else:
        src = "user" if chosen else sh.period_source
        st.markdown(S.UP_PERIOD.format(label=capitalize(periods.name(period)),
                                       source=S.PERIOD_SOURCE_LABELS.get(src, src)))
        if used_from:
            st.warning(S.UP_SHEET_REPLACED.format(period=periods.name(period),
                                                  other=md(used_from)))
    shown = period or guess or Period.month(date.today().year, 1)
    with st.expander(S.UP_PERIOD_EDIT, expanded=period is None):
        with st.form(f"period_{fkey}", border=False):
            c1, c2 = st.columns(2)
            month = c1.selectbox(S.UP_PERIOD_MONTH, list(range(1, 13)),
                                 index=shown.end.month - 1,
                                 format_func=lambda m: f"Tháng {m}", key=f"pm_{fkey}")
            year = c2.number_input(S.UP_PERIOD_YEAR, min_value=2000, max_value=2100, step=1,
                                   value=shown.end.year, key=f"py_{fkey}")
            use_range = st.checkbox(S.UP_PERIOD_RANGE, key=f"pr_{fkey}")
            rng = _date_range(shown, fkey)
            if st.form_submit_button(S.UP_PERIOD_APPLY, type="primary"):
                if not use_range:
                    new = Period.month(int(year), month)
                elif rng is not None:
                    new = Period(rng[0], rng[1])
                else:
                    new = None
                    st.error(S.UP_PERIOD_BAD_RANGE)
                if new is not None:
                    session.set_sheet_period(name, sh.sheet, new)
                    st.rerun()
        if chosen and st.button(S.UP_PERIOD_RESET, key=f"preset_{fkey}"):
            session.set_sheet_period(name, sh.sheet, None)
            st.rerun()


def _date_range(period: Period, fkey: str):
    """Two days typed dd/mm/yyyy (Streamlit's date picker speaks only English), starting from
    `period` (the sheet's, else the guessed month): (start, end), or None when either is not a
    date or the start is after the end."""
    start, end = period.start, period.end
    c1, c2 = st.columns(2)
    a = c1.text_input(S.UP_PERIOD_FROM, value=fmt_date(start), key=f"pd_from_{fkey}",
                      placeholder=S.UP_PERIOD_DATE_PLACEHOLDER)
    b = c2.text_input(S.UP_PERIOD_TO, value=fmt_date(end), key=f"pd_to_{fkey}",
                      placeholder=S.UP_PERIOD_DATE_PLACEHOLDER)
    first, last = parse_date(a), parse_date(b)
    if first is None or last is None or first > last:
        return None
    return first, last


def skipped_rows(sh) -> None:
    by_kind: dict = {}
    for r in sh.skipped_rows:
        by_kind.setdefault(r.kind, []).append(r)
    if not by_kind:
        return
    lines = []
    for kind in ROW_KINDS:
        rows = by_kind.get(kind)
        if rows:
            lines.append("- " + S.UP_SKIPPED_LINE.format(
                kind=S.ROW_KIND_LABELS.get(kind, kind), rows=", ".join(str(r.row) for r in rows)))
    with st.expander(f"{S.UP_SKIPPED} ({len(sh.skipped_rows)})"):
        st.markdown("\n".join(lines))
        detail = [r for r in sh.skipped_rows if r.kind in ("section", "total", "note", "header",
                                                          "wrapped", "footer")]
        if detail:
            st.dataframe(pd.DataFrame({S.COL_ROW: [r.row for r in detail],
                                       S.COL_KIND: [S.ROW_KIND_LABELS.get(r.kind, r.kind)
                                                    for r in detail],
                                       S.COL_TEXT: [r.text for r in detail]}),
                         hide_index=True, width="stretch")


def warnings(sh) -> None:
    if not sh.warnings:
        st.caption(S.UP_NO_WARNINGS)
        return
    with st.expander(S.UP_WARNINGS.format(n=len(sh.warnings)), expanded=len(sh.warnings) <= 5):
        # a sheet-wide warning has no row: "" (never "None"); the code by its Vietnamese name
        st.dataframe(pd.DataFrame({S.COL_ROW: [str(w.row) if w.row else "" for w in sh.warnings],
                                   S.COL_UNIT: [w.unit or "" for w in sh.warnings],
                                   S.COL_WARNING_KIND: [warning_codes.title(w.code)
                                                        for w in sh.warnings],
                                   S.COL_MESSAGE: [w.message for w in sh.warnings]}),
                     hide_index=True, width="stretch",
                     column_config={S.COL_ROW: st.column_config.TextColumn(
                         S.COL_ROW, width=60, alignment="right")})


def column_chooser(name: str, sh, fkey: str, sheet, expanded: bool = False) -> None:
    """What each column was read as, and a form to choose them by hand. `sheet` is the sheet's
    name in the parser's overrides (None for a CSV)."""
    mapped = dict(sh.columns)
    shown = [f for f in COUNT_FIELDS if f in mapped]
    has_sig_col = any(f in mapped for f in METRICS)
    # a missing optional column is not news: only the name, the sent count, or every signature
    missing = [f for f in ("unit", "sent") if f not in mapped] + (
        [] if has_sig_col else list(METRICS))
    st.markdown(f"**{S.UP_COLUMNS}:** " + "; ".join(
        f"{S.FIELD_LABELS[f]} ← {col_letter(mapped[f])} “{md(sh.headers.get(mapped[f], ''))}”"
        for f in shown))
    if missing:
        st.caption(S.UP_COLUMNS_MISSING.format(
            fields=", ".join(S.FIELD_LABELS[f] for f in missing)))
    with st.expander(S.UP_COLUMNS_CHOOSE, expanded=expanded or not has_sig_col):
        options = [None] + sorted(sh.headers)
        with st.form(f"cols_{fkey}", border=False):
            picks: dict = {}
            cols = st.columns(3)
            for i, f in enumerate(COUNT_FIELDS):
                cur = mapped.get(f)
                picks[f] = cols[i % 3].selectbox(
                    S.FIELD_LABELS[f], options, index=options.index(cur) if cur in options else 0,
                    format_func=lambda c: S.UP_COLUMN_NONE if c is None else
                    S.UP_COLUMN_OPTION.format(letter=col_letter(c), header=sh.headers.get(c, "")),
                    key=f"col_{fkey}_{f}")
            if st.form_submit_button(S.UP_COLUMNS_APPLY, type="primary"):
                chosen = {f: int(c) for f, c in picks.items() if c is not None}
                session.set_columns(name, sheet, chosen)
                store.remember_columns(sh.layout, chosen)
                st.rerun()


def _corrections() -> dict:
    """(unit key, district) -> the block it was corrected to: the workspace's stored corrections,
    or this session's choices where no history is written (the demo space)."""
    if store.history()[0] is None:
        return dict(session.block_choices())
    return {k: r["corrected_value"] for k, r in store.block_corrections().items()}


def _set_block(u, code: str | None) -> None:
    """Correct one unit's block (None: back to what the file said), for its full identity."""
    if store.history()[0] is None:
        session.set_block(u.key, u.district, code)
    else:
        store.remember_block(u, code)


def _reset(u) -> None:
    _set_block(u, None)
    session.flash("success", S.UP_BLOCK_RESET_DONE.format(unit=md(u.unit)))


def block_editor(sh, fkey: str) -> None:
    """The units' blocks, editable; a corrected unit says so (with what the file said) and can
    be put back in one click."""
    fixes = _corrections()
    ident = [(u.key, u.district or "") for u in sh.units]
    codes = list(S.BLOCK_LABELS)
    labels = [S.BLOCK_LABELS[c] for c in codes]
    fixed = [i for i, k in enumerate(ident) if k in fixes and fixes[k] != sh.units[i].block]
    df = pd.DataFrame({
        S.COL_ROW: [u.row for u in sh.units],
        S.COL_UNIT: [u.unit for u in sh.units],
        S.COL_DISTRICT: [u.district or "" for u in sh.units],
        S.COL_SENT: [fmt_int(u.sent) for u in sh.units],
        S.COL_BLOCK: [S.BLOCK_LABELS.get(fixes.get(k, u.block), u.block)
                      for u, k in zip(sh.units, ident, strict=True)],
        S.COL_CORRECTED: ["" for _ in sh.units],
    })
    for i in fixed:
        df.loc[i, S.COL_CORRECTED] = S.UP_BLOCK_FILE_SAID.format(
            block=S.BLOCK_LABELS.get(sh.units[i].block, sh.units[i].block))
    if not df[S.COL_DISTRICT].any():
        df = df.drop(columns=[S.COL_DISTRICT])
    title = f"{S.UP_BLOCKS} ({len(sh.units)})" + (
        " · " + S.UP_BLOCKS_FIXED.format(n=len(fixed)) if fixed else "")
    with st.expander(title, expanded=bool(fixed)):
        st.caption(S.UP_BLOCKS_HELP)
        with st.form(f"blocks_{fkey}", border=False):
            edited = st.data_editor(
                df, hide_index=True, width="stretch", key=f"be_{fkey}",
                disabled=[c for c in df.columns if c != S.COL_BLOCK],
                column_config={S.COL_BLOCK: st.column_config.SelectboxColumn(
                    S.COL_BLOCK, options=labels, required=True, width="medium"),
                    S.COL_CORRECTED: st.column_config.TextColumn(S.COL_CORRECTED,
                                                                 width="medium")})
            if st.form_submit_button(S.UP_BLOCKS_SAVE):
                back = dict(zip(labels, codes, strict=True))
                n = 0
                for u, k, lbl in zip(sh.units, ident, edited[S.COL_BLOCK], strict=False):
                    code = back.get(lbl, u.block)
                    if code != fixes.get(k, u.block):
                        _set_block(u, None if code == u.block else code)
                        n += 1
                session.flash("success", S.UP_BLOCKS_SAVED.format(n=n))
                st.rerun()
        for i in fixed[:MAX_RESET_BUTTONS]:
            u = sh.units[i]
            c1, c2 = st.columns([3, 1], vertical_alignment="center")
            c1.markdown(S.UP_BLOCK_FIXED_LINE.format(
                unit=md(u.unit), block=S.BLOCK_LABELS.get(fixes[ident[i]], fixes[ident[i]]),
                file=S.BLOCK_LABELS.get(u.block, u.block)))
            c2.button(S.UP_BLOCK_RESET, key=f"bre_{fkey}_{i}", icon=":material/undo:",
                      type="tertiary", on_click=_reset, args=(u,))
        if len(fixed) > MAX_RESET_BUTTONS:
            st.caption(S.UP_BLOCKS_MORE_FIXED.format(n=len(fixed) - MAX_RESET_BUTTONS))


def _sheet_option(name: str, sh) -> str:
    """A sheet in the file's sheet chooser: its name, units, and ⚠️ while its period is unknown."""
    unknown = sh.period is None and session.sheet_period(name, sh.sheet) is None
    return (S.UP_SHEET.format(sheet=sh.sheet) + f" · {len(sh.units)} đơn vị"
            + (" · ⚠️" if unknown else ""))


def _sheet_period(name: str, sh) -> Period | None:
    return session.sheet_period(name, sh.sheet) or sh.period


def card_title(lf, replaced: dict) -> str:
    """The file card's line: distinct units and periods (37 units over 11 monthly sheets are
    "37 đơn vị · 11 kỳ"), the sheets when they are not one a period, warnings, unknown periods
    and periods taken from another file."""
    res = lf.result
    if res is None:
        return md(lf.name)
    known = [p for p in (_sheet_period(lf.name, sh) for sh in res.sheets) if p is not None]
    units = {u.key for sh in res.sheets for u in sh.units}
    parts = [S.UP_FILE_SUMMARY.format(
        units=fmt_int(len(units)), periods=fmt_int(len(set(known))),
        warnings=fmt_int(sum(len(sh.warnings) for sh in res.sheets)))]
    if len(res.sheets) != len(set(known)):
        parts.insert(0, S.UP_FILE_SHEETS.format(n=fmt_int(len(res.sheets))))
    if len(known) < len(res.sheets):
        parts.append("⚠️ " + S.UP_FILE_UNKNOWN.format(n=fmt_int(len(res.sheets) - len(known))))
    n_replaced = len({p.code for p in known if p.code in replaced})
    if n_replaced:
        parts.append(S.UP_FILE_REPLACED.format(n=fmt_int(n_replaced)))
    return f"{md(lf.name)} — " + " · ".join(parts)


def file_report(i: int, lf, replaced: dict | None = None, known: list | None = None) -> None:
    """One loaded file's card. `replaced`: period code -> the later file its figures come from
    (for this file's periods another file replaced); `known`: the periods known elsewhere (for
    the guess offered for an unknown period)."""
    replaced = replaced or {}
    res = lf.result
    icon = ":material/error:" if res is None else ":material/table_view:"
    unknown = res is not None and any(_sheet_period(lf.name, sh) is None for sh in res.sheets)
    with st.expander(card_title(lf, replaced), expanded=i == 0 or unknown, icon=icon):
        if st.button(S.UP_REMOVE_FILE, key=f"rm_{lf.digest}", icon=":material/delete:",
                     type="tertiary"):
            session.remove_file(lf.name)
            st.rerun()
        if res is None:
            st.error(S.UP_READ_ERROR.format(name=md(lf.name), message=md(lf.error)))
            return
        if res.skipped_sheets:
            st.markdown(f"**{S.UP_SKIPPED_SHEETS}**")
            st.dataframe(pd.DataFrame({S.COL_SHEET: [s.sheet for s in res.skipped_sheets],
                                       S.COL_REASON: [s.reason for s in res.skipped_sheets]}),
                         hide_index=True, width="stretch")
        for k, sk in enumerate(res.skipped_sheets):
            if sk.headers:  # a table was found but a needed column was not: let the user map it
                label = sk.sheet or S.UP_SHEET_CSV
                st.markdown(f"#### {S.UP_SKIPPED_CHOOSE.format(sheet=md(label))}")
                column_chooser(lf.name, sk, f"{lf.digest[:10]}_skip{k}",
                               sheet=sk.sheet if sk.sheet != "" else None, expanded=True)
        if not res.sheets:
            return
        idx = 0
        if len(res.sheets) > 1:
            idx = st.selectbox(S.COL_SHEET, list(range(len(res.sheets))), key=f"sheet_{lf.digest}",
                               format_func=lambda k: _sheet_option(lf.name, res.sheets[k]))
        sh = res.sheets[idx]
        fkey = f"{lf.digest[:10]}_{idx}"
        if len(res.sheets) == 1:
            heading = S.UP_SHEET.format(sheet=md(sh.sheet)) if sh.sheet else S.UP_SHEET_CSV
            st.markdown(f"#### {heading}")
        p = _sheet_period(lf.name, sh)
        guess = None if p else guess_period(sh.sheet, lf.name, known or [], date.today())
        period_editor(lf.name, sh, fkey, guess, replaced.get(p.code) if p else None)
        st.markdown(S.UP_UNITS_FOUND.format(n=fmt_int(len(sh.units))))
        warnings(sh)
        skipped_rows(sh)
        column_chooser(lf.name, sh, fkey, sh.sheet)
        block_editor(sh, fkey)
