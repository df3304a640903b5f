"""Lịch sử: the stored periods, missing months, delete / restore after confirmation, backup."""
from datetime import datetime

import pandas as pd
import streamlit as st

from analysis.vn_format import capitalize, fmt_int
from ui import auth, state
from ui import strings as S

CONFIRM = "hi_confirm"  # ("delete" | "restore" | "import", period or None)

st.header(S.HI_HEADER)
h, err = state.history()
if h is None:
    st.error(S.UP_SAVE_UNAVAILABLE.format(reason=err))
    st.stop()

import analysis.store as H  # noqa: E402

state.show_flash()
periods = H.list_periods(h)

if periods.empty:
    st.info(S.HI_EMPTY)
else:
    st.caption(S.HI_SUMMARY.format(n=fmt_int(len(periods)),
                                   units=fmt_int(int(periods["units"].sum()))))
    table = pd.DataFrame({
        S.COL_PERIOD: [capitalize(lbl) for lbl in periods["label"]],
        S.HI_SOURCES: periods["sources"],
        S.COL_UNITS: [fmt_int(n) for n in periods["units"]],
        S.HI_SAVED_AT: [_t.replace("T", " ")[:16] if isinstance(_t, str) else str(_t)
                        for _t in periods["uploaded_at"]],
        S.HI_VERSIONS: [fmt_int(n) for n in periods["versions"]],
    })
    st.dataframe(table, hide_index=True, width="stretch")

    # --- months missing from each year --------------------------------------------------------
    st.subheader(S.HI_MISSING)
    years = sorted({d.year for d in periods["period_start"]} | {d.year for d in periods["period_end"]})
    lines = []
    for y in years:
        through = max(d.month for d in periods["period_end"] if d.year == y)
        missing = H.missing_months(h, y, through=through)
        if missing:
            lines.append(S.HI_MISSING_LINE.format(year=y, through=through,
                                                  months=", ".join(str(m) for m in missing)))
        else:
            lines.append(S.HI_COMPLETE_LINE.format(year=y, through=through))
    st.markdown("\n".join(f"- {x}" for x in lines))

# --- delete or restore one period (editors only, when the office set a password) -------------------
editor = auth.is_editor()
if not periods.empty:
    st.subheader(S.HI_ACTIONS)
if not periods.empty and not editor:
    auth.require_editor("hi_password")
elif not periods.empty:
    labels = dict(zip(periods["period"], [capitalize(x) for x in periods["label"]]))
    chosen = st.selectbox(S.HI_CHOOSE, list(periods["period"])[::-1], format_func=labels.get,
                          key="hi_period")
    versions = int(periods.loc[periods["period"] == chosen, "versions"].iloc[0])
    c1, c2, _ = st.columns([1, 1, 2])
    if c1.button(S.HI_DELETE, icon=":material/delete:", key="hi_delete"):
        st.session_state[CONFIRM] = ("delete", chosen)
    if c2.button(S.HI_RESTORE, icon=":material/undo:", key="hi_restore", disabled=versions == 0,
                 help=S.HI_RESTORE_HELP):
        st.session_state[CONFIRM] = ("restore", chosen)

# kept versions of deleted periods can be brought back too
kept = H.list_versions(h)
if editor and not kept.empty:
    gone = sorted(set(kept["period"]) - set(periods["period"]))
    if gone:
        st.subheader(S.HI_DELETED)
        g = st.selectbox(S.HI_CHOOSE, gone, key="hi_gone", format_func=H.period_label)
        if st.button(S.HI_RESTORE, key="hi_restore_gone", icon=":material/undo:"):
            st.session_state[CONFIRM] = ("restore", g)

# --- the confirmation --------------------------------------------------------------------------
pending = st.session_state.get(CONFIRM)
if pending and editor:
    action, per = pending
    with st.container(border=True):
        text = {"delete": S.HI_CONFIRM_DELETE, "restore": S.HI_CONFIRM_RESTORE,
                "import": S.HI_CONFIRM_IMPORT}[action]
        st.warning(text.format(period=H.period_label(per) if per else ""))
        k1, k2, _ = st.columns([1, 1, 2])
        if k1.button(S.HI_CONFIRM_YES, type="primary", key="hi_yes"):
            try:
                if action == "delete":
                    n = H.delete_period(h, per)
                    state.flash("success", S.HI_DELETED_MSG.format(period=H.period_label(per),
                                                                   n=fmt_int(n)))
                elif action == "restore":
                    H.restore_previous_version(h, per)
                    state.flash("success", S.HI_RESTORED_MSG.format(period=H.period_label(per)))
                else:
                    counts = H.import_history(h, st.session_state.pop("hi_import_bytes"))
                    state.flash("success", S.HI_IMPORTED_MSG.format(
                        n=fmt_int(counts.get("units", sum(counts.values())))))
            except H.HistoryError as e:
                state.flash("error", e.message)
            state.history_changed()
            st.session_state[CONFIRM] = None
            st.rerun()
        if k2.button(S.HI_CONFIRM_NO, key="hi_no"):
            st.session_state[CONFIRM] = None
            st.session_state.pop("hi_import_bytes", None)
            st.rerun()

# --- two names of one unit (editors only) ------------------------------------------------------
def merge_section() -> None:
    """Merge a unit name into another (e.g. a commune renamed between months), or undo a merge."""
    st.subheader(S.HI_MERGE)
    st.caption(S.HI_MERGE_HELP)
    frame = state.frame()
    merges = H.unit_merges_map(h)
    if not frame.empty:
        units = (frame.sort_values("period").drop_duplicates("key", keep="last")
                 .sort_values(["unit", "key"]))
        names = {k: (f"{u} – {d}" if isinstance(d, str) and d else u)
                 for k, u, d in zip(units["key"], units["unit"], units["district"])}
        keys = list(names)
        with st.form("hi_merge_form", border=False):
            c1, c2 = st.columns(2)
            alias = c1.selectbox(S.HI_MERGE_ALIAS, keys, format_func=names.get, key="hi_merge_alias",
                                 index=None, placeholder=S.HI_MERGE_PICK)
            canonical = c2.selectbox(S.HI_MERGE_INTO, keys, format_func=names.get, key="hi_merge_into",
                                     index=None, placeholder=S.HI_MERGE_PICK)
            if st.form_submit_button(S.HI_MERGE_BUTTON, icon=":material/merge:"):
                if not alias or not canonical or alias == canonical:
                    state.flash("error", S.HI_MERGE_INVALID)
                else:
                    try:
                        H.merge_units(h, alias, canonical)
                        state.flash("success", S.HI_MERGED_MSG.format(alias=names[alias],
                                                                      canonical=names[canonical]))
                    except H.HistoryError as e:
                        state.flash("error", e.message)
                    state.history_changed()
                st.rerun()
    if merges:
        st.dataframe(pd.DataFrame({S.HI_MERGE_ALIAS: list(merges), S.HI_MERGE_INTO: list(merges.values())}),
                     hide_index=True, width="stretch")
        undo = st.selectbox(S.HI_UNMERGE_PICK, list(merges), key="hi_unmerge")
        if st.button(S.HI_UNMERGE, key="hi_unmerge_go", icon=":material/call_split:"):
            H.unmerge_unit(h, undo)
            state.flash("success", S.HI_UNMERGED_MSG.format(alias=undo))
            state.history_changed()
            st.rerun()


if editor:
    merge_section()

# --- backup ------------------------------------------------------------------------------------
st.subheader(S.HI_BACKUP)
stamp = datetime.now().strftime("%Y%m%d_%H%M")
st.download_button(S.HI_EXPORT, data=lambda: H.export_history(h),
                   file_name=f"lich_su_ky_so_{stamp}.json", mime="application/json",
                   on_click="ignore", icon=":material/download:", key="hi_export")
up = st.file_uploader(S.HI_IMPORT, type=["json"], key="hi_import", help=S.HI_IMPORT_HELP,
                      disabled=not editor)
if editor and up is not None and st.button(S.HI_IMPORT_BUTTON, key="hi_import_go", icon=":material/upload:"):
    st.session_state["hi_import_bytes"] = up.getvalue()
    st.session_state[CONFIRM] = ("import", None)
    st.rerun()
