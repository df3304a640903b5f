"""The history page's parts: the stored periods and the months missing, delete / restore one
period after a confirmation, two names of one unit, backup and restore of the whole history."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from analysis.vn_format import LOCAL_TZ, capitalize, fmt_int, fmt_local_time

from . import auth, data, periods, session, store, tables
from . import strings as S
from .safe_text import md


def period_table(stored: pd.DataFrame) -> None:
    """The stored periods, then the months missing from each year."""
    st.caption(S.HI_SUMMARY.format(n=fmt_int(len(stored)),
                                   units=fmt_int(int(stored["units"].sum()))))
    table = pd.DataFrame({
        S.COL_PERIOD: [capitalize(lbl) for lbl in stored["label"]],
        S.HI_SOURCES: stored["sources"],
        S.COL_UNITS: [fmt_int(n) for n in stored["units"]],
        S.HI_SAVED_AT: [fmt_local_time(t) for t in stored["uploaded_at"]],  # "14:05 02/12/2026"
        S.HI_VERSIONS: [fmt_int(n) for n in stored["versions"]],
    })
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config=tables.right_aligned([S.COL_UNITS, S.HI_VERSIONS]))

    st.subheader(S.HI_MISSING)
    years = sorted({d.year for d in stored["period_start"]}
                   | {d.year for d in stored["period_end"]})
    lines = []
    for y in years:
        through = max(d.month for d in stored["period_end"] if d.year == y)
        missing = store.months_missing(y, through)
        if missing:
            lines.append(S.HI_MISSING_LINE.format(year=y, through=through,
                                                  months=", ".join(str(m) for m in missing)))
        else:
            lines.append(S.HI_COMPLETE_LINE.format(year=y, through=through))
    st.markdown("\n".join(f"- {x}" for x in lines))


def period_actions(stored: pd.DataFrame) -> None:
    """Choose a stored period to delete or restore (the confirmation follows)."""
    labels = dict(zip(stored["period"], [capitalize(x) for x in stored["label"]], strict=True))
    chosen = st.selectbox(S.HI_CHOOSE, list(stored["period"])[::-1], format_func=labels.get,
                          key="hi_period")
    versions = int(stored.loc[stored["period"] == chosen, "versions"].iloc[0])
    c1, c2, _ = st.columns([1, 1, 2])
    if c1.button(S.HI_DELETE, icon=":material/delete:", key="hi_delete"):
        session.ask("delete", chosen)
    if c2.button(S.HI_RESTORE, icon=":material/undo:", key="hi_restore", disabled=versions == 0,
                 help=S.HI_RESTORE_HELP):
        session.ask("restore", chosen)


def deleted_periods(stored: pd.DataFrame) -> None:
    """Kept versions of deleted periods can be brought back too."""
    kept = store.versions()
    if kept.empty:
        return
    gone = sorted(set(kept["period"]) - set(stored["period"]))
    if gone:
        st.subheader(S.HI_DELETED)
        g = st.selectbox(S.HI_CHOOSE, gone, key="hi_gone", format_func=periods.stored_name)
        if st.button(S.HI_RESTORE, key="hi_restore_gone", icon=":material/undo:"):
            session.ask("restore", g)


def as_text(message: str) -> str:
    """A message of several lines that may quote the data (unit names, values of a backup), as
    Markdown that shows it as written: each line escaped by safe_text.md, a "- " line kept as a
    list item."""
    lines = []
    for line in str(message).splitlines():
        lines.append("- " + md(line[2:]) if line.startswith("- ") else md(line))
    return "\n".join(lines)


# An empty backup (no period) and the reset wipe everything: a second question first.
_SECOND = {"import_empty": "import_empty_again", "reset": "reset_again"}


def _apply(action: str, per) -> None:
    """Carry out a confirmed action; its outcome is flashed."""
    try:
        if action == "reset_again":
            store.reset()
            session.flash("success", S.HI_RESET_MSG)
        elif action == "delete":
            n = store.delete(per)
            session.flash("success", S.HI_DELETED_MSG.format(period=md(periods.stored_name(per)),
                                                             n=fmt_int(n)))
        elif action == "restore":
            store.restore(per)
            session.flash("success", S.HI_RESTORED_MSG.format(period=md(periods.stored_name(per))))
        else:
            counts = store.import_backup(session.held_backup(),
                                         allow_empty=action == "import_empty_again")
            session.flash("success", S.HI_IMPORTED_MSG.format(
                n=fmt_int(counts.get("units", sum(counts.values())))))
    except store.HistoryError as e:
        session.flash("error", md(e.message))
    store.history_changed()


def confirmation() -> None:
    """The pending delete, restore or import, to confirm or cancel."""
    pending = session.asked()
    if not pending:
        return
    action, per = pending
    with st.container(border=True):
        text = {"delete": S.HI_CONFIRM_DELETE, "restore": S.HI_CONFIRM_RESTORE,
                "import": S.HI_CONFIRM_IMPORT, "import_empty": S.HI_CONFIRM_IMPORT_EMPTY,
                "reset": S.HI_CONFIRM_RESET}.get(action, S.HI_CONFIRM_WIPE_AGAIN)
        st.warning(text.format(period=md(periods.stored_name(per)) if per else ""))
        k1, k2, _ = st.columns([1, 1, 2])
        if k1.button(S.HI_CONFIRM_YES, type="primary", key="hi_yes"):
            if action in _SECOND:  # the backup's bytes stay held for the second answer
                session.ask(_SECOND[action])
            else:
                _apply(action, per)
                session.answered()
            st.rerun()
        if k2.button(S.HI_CONFIRM_NO, key="hi_no"):
            session.answered()
            st.rerun()


def _unit_names(frame: pd.DataFrame) -> dict:
    """unit key -> its latest name (with its district), in name order."""
    units = (frame.sort_values("period").drop_duplicates("key", keep="last")
             .sort_values(["unit", "key"]))
    return {k: (f"{u} – {d}" if isinstance(d, str) and d else u)
            for k, u, d in zip(units["key"], units["unit"], units["district"], strict=True)}


def _merge_form(names: dict) -> None:
    keys = list(names)
    with st.form("hi_merge_form", border=False):
        c1, c2 = st.columns(2)
        alias = c1.selectbox(S.HI_MERGE_ALIAS, keys, format_func=names.get, key="hi_merge_alias",
                             index=None, placeholder=S.HI_MERGE_PICK)
        canonical = c2.selectbox(S.HI_MERGE_INTO, keys, format_func=names.get,
                                 key="hi_merge_into", index=None, placeholder=S.HI_MERGE_PICK)
        if st.form_submit_button(S.HI_MERGE_BUTTON, icon=":material/merge:"):
            if not alias or not canonical or alias == canonical:
                session.flash("error", S.HI_MERGE_INVALID)
            else:
                try:
                    store.merge(alias, canonical)
                    session.flash("success", S.HI_MERGED_MSG.format(alias=md(names[alias]),
                                                                    canonical=md(names[canonical])))
                except store.HistoryError as e:
                    session.flash("error", md(e.message))
                store.history_changed()
            st.rerun()


def merge_section() -> None:
    """Merge a unit name into another (e.g. a commune renamed between months), or undo a merge."""
    st.subheader(S.HI_MERGE)
    st.caption(S.HI_MERGE_HELP)
    frame = data.current().frame()
    merges = store.merges()
    if not frame.empty:
        _merge_form(_unit_names(frame))
    if merges:
        st.dataframe(pd.DataFrame({S.HI_MERGE_ALIAS: list(merges),
                                   S.HI_MERGE_INTO: list(merges.values())}),
                     hide_index=True, width="stretch")
        undo = st.selectbox(S.HI_UNMERGE_PICK, list(merges), key="hi_unmerge")
        if st.button(S.HI_UNMERGE, key="hi_unmerge_go", icon=":material/call_split:"):
            store.unmerge(undo)
            session.flash("success", S.HI_UNMERGED_MSG.format(alias=md(undo)))
            store.history_changed()
            st.rerun()


def backup(editor: bool) -> None:
    """Download the whole history; an editor may replace it by a backup (after confirming)."""
    st.subheader(S.HI_BACKUP)
    stamp = datetime.now(ZoneInfo(LOCAL_TZ)).strftime("%Y%m%d_%H%M")
    st.download_button(S.HI_EXPORT, data=store.export_backup,
                       file_name=f"lich_su_ky_so_{stamp}.json", mime="application/json",
                       on_click="ignore", icon=":material/download:", key="hi_export")
    # no `type=`: Streamlit would refuse another file in English; store.check refuses it in
    # Vietnamese
    up = st.file_uploader(S.HI_IMPORT, key="hi_import", help=S.HI_IMPORT_HELP,
                          disabled=not editor)
    if editor and up is not None and st.button(S.HI_IMPORT_BUTTON, key="hi_import_go",
                                               icon=":material/upload:"):
        data = up.getvalue()
        try:  # checked completely before the question: a bad backup is refused at once
            checked = store.check(data)
        except store.HistoryError as e:
            session.flash("error", as_text(e.message))
        else:
            session.ask("import" if checked.periods else "import_empty", backup=data)
        st.rerun()


def damaged(reason: str) -> None:
    """The history cannot be loaded (damaged rows, a table missing): say why, name the first
    damaged rows, and offer the way back: import a backup, or wipe the history (asked twice)."""
    st.error(as_text(S.HI_DAMAGED.format(reason=reason)))
    rows = store.problems()
    if rows:
        st.error(as_text("\n".join([S.HI_DAMAGED_ROWS] + [f"- {r}" for r in rows])))
    editor = auth.require_editor("hi_password")
    if editor:
        confirmation()
        if st.button(S.HI_RESET, key="hi_reset", icon=":material/delete_forever:"):
            session.ask("reset")
            st.rerun()
    backup(editor)


def editor_actions(stored: pd.DataFrame) -> bool:
    """Delete or restore one period (editors only, when the office set a password): the
    password prompt for others. True when this session may edit."""
    editor = auth.is_editor()
    if not stored.empty:
        st.subheader(S.HI_ACTIONS)
        if not editor:
            auth.require_editor("hi_password")
        else:
            period_actions(stored)
    return editor


def _shown_value(r: dict, col: str) -> str:
    """A correction's value as shown: a block's label, a merged unit's key as stored."""
    v = r.get(col)
    if not isinstance(v, str):
        return ""
    return S.BLOCK_LABELS.get(v, v) if r.get("kind") == "block" else v


def _correction_line(r: dict) -> str:
    unit = r.get("unit") if isinstance(r.get("unit"), str) else r.get("key") or ""
    district = r.get("district")
    where = f"{unit} – {district}" if isinstance(district, str) and district else unit
    return S.HI_FIX_OPTION.format(unit=where, value=_shown_value(r, "corrected_value"),
                                  who=r.get("who") or "", at=_when(r.get("when")))


def _when(v) -> str:
    return "" if not isinstance(v, str) else v.replace("T", " ")[:16]


def corrections_section(editor: bool) -> None:
    """Các chỉnh sửa: every correction of the workspace (what, what the file said, who, when),
    each undone in one click by an editor."""
    st.subheader(S.HI_FIXES)
    rows = store.corrections()
    if rows.empty:
        st.caption(S.HI_FIXES_NONE)
        return
    records = rows.to_dict("records")
    st.caption(S.HI_FIXES_HELP.format(n=fmt_int(len(records))))
    st.dataframe(pd.DataFrame({
        S.HI_FIX_KIND: [S.HI_FIX_KINDS.get(r["kind"], r["kind"]) for r in records],
        S.COL_UNIT: [r["unit"] if isinstance(r["unit"], str) else r["key"] for r in records],
        S.COL_DISTRICT: [r["district"] if isinstance(r["district"], str) else ""
                         for r in records],
        S.HI_FIX_FILE: [_shown_value(r, "file_value") for r in records],
        S.HI_FIX_TO: [_shown_value(r, "corrected_value") for r in records],
        S.HI_FIX_WHO: [r["who"] if isinstance(r["who"], str) else "" for r in records],
        S.HI_FIX_AT: [_when(r["when"]) for r in records],
    }), hide_index=True, width="stretch")
    if not editor:
        return
    by_id = {str(r["id"]): r for r in records}
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    chosen = c1.selectbox(S.HI_FIX_PICK, list(by_id), key="hi_fix",
                          format_func=lambda i: _correction_line(by_id[i]))
    if c2.button(S.HI_FIX_UNDO, key="hi_fix_undo", icon=":material/undo:"):
        try:
            store.undo(chosen)
            session.flash("success", S.HI_FIX_UNDONE.format(
                line=md(_correction_line(by_id[chosen]))))
        except store.HistoryError as e:
            session.flash("error", md(e.message))
        st.rerun()


def _password_set(key: str) -> None:
    """The password form's callback: set (or, empty, remove) the workspace's password; what was
    typed is not kept."""
    given = str(st.session_state.get(key) or "")
    st.session_state[key] = ""
    try:
        store.set_password(given or None)
    except store.HistoryError as e:
        session.flash("error", md(e.message))
        return
    session.flash("success", S.HI_PASSWORD_SET if given else S.HI_PASSWORD_REMOVED)


def password_section() -> None:
    """Set, change or remove the workspace's own password (an editor of it)."""
    st.subheader(S.HI_PASSWORD)
    st.caption(S.HI_PASSWORD_HELP)
    with st.form("hi_password_form", border=False, clear_on_submit=True):
        st.text_input(S.HI_PASSWORD_NEW, type="password", key="hi_ws_password")
        st.form_submit_button(S.HI_PASSWORD_SAVE, on_click=_password_set,
                              args=("hi_ws_password",), icon=":material/key:")
