"""Tải dữ liệu: upload workbooks (or open a sample), see at once which period the app moved to
and go on to the overview or save; then check, per file and sheet, what was read."""
import streamlit as st

from analysis.periods import Period
from analysis.vn_format import capitalize, fmt_int, fmt_pct, fmt_rate
from ui import auth, data, file_report, files, periods, session, store, views
from ui import strings as S
from ui.safe_text import md, md_join


def upload_area() -> bool:
    """The uploader (read at once); False when the editor password keeps it closed."""
    st.header(S.UP_HEADER)
    st.write(S.UP_INTRO)
    if session.demo():  # the samples' own space: no real file joins them
        with st.container(border=True):
            st.markdown(f"**{S.DEMO_ICON} {S.DEMO_LABEL}**")
            st.caption(S.DEMO_TEXT)
            st.button(S.DEMO_LEAVE, key="demo_leave", icon=":material/logout:",
                      on_click=session.leave_demo)
        return True
    if not auth.require_editor():  # an office may set an editor password (ui/auth.py)
        return False
    # no `type=`: Streamlit would refuse other files in English ("application/pdf files are
    # not allowed"); the reader refuses them in Vietnamese, naming the types it reads
    key = session.uploader_key()
    # read in the widget's callback, before the run: that one run draws the sidebar and the
    # page with the new figures (no second run after reading)
    st.file_uploader(S.UP_LABEL, accept_multiple_files=True, help=S.UP_HELP, key=key,
                     on_change=files.take_uploads, args=(key,))
    st.caption(S.UP_CAPTION)
    return True


def samples(loaded: bool) -> None:
    """The sample buttons (folded away once files are loaded), opened in the demo space (what
    was loaded for the workspace is put away)."""
    paths = files.sample_files()
    if not paths:
        return
    box = st.expander(S.UP_SAMPLES) if loaded else st.container()
    with box:
        if not loaded:
            st.markdown(f"**{S.UP_SAMPLES}**")
        cols = st.columns(min(3, len(paths)))
        for i, p in enumerate(paths):
            cols[i % len(cols)].button(S.UP_SAMPLE_BUTTON.format(name=md(p.name)),
                                       key=f"sample_{p.name}", icon=":material/table_view:",
                                       width="stretch", help=S.DEMO_SAMPLES_HELP,
                                       on_click=files.open_sample, args=(p,))


def rejected_messages() -> None:
    """Messages about files not read: they stay (other uploads, other pages) until dismissed."""
    for i, (kind, _name, msg) in enumerate(session.rejected()):
        c1, c2 = st.columns([6, 1], vertical_alignment="center")
        (c1.error if kind == "error" else c1.warning)(msg)
        c2.button(S.UP_DISMISS, key=f"dismiss_{i}", on_click=session.dismiss, args=(i,),
                  icon=":material/close:", help=S.UP_REJECTED_HELP)


def replace_prompt() -> None:
    pending = session.pending()
    if not pending:
        return
    entry = pending[0]
    with st.container(border=True):
        st.subheader(S.UP_REPLACE_TITLE)
        olds = sorted(set(entry["conflicts"].values()))
        st.warning(S.UP_REPLACE_TEXT.format(name=md(entry["name"]),
                                            periods=md_join(entry["conflicts"]),
                                            old=md_join(olds)))
        c1, c2, _ = st.columns([1, 1, 2])
        c1.button(S.UP_REPLACE_YES, type="primary", on_click=files.resolve_pending, args=(True,),
                  key="replace_yes")
        c2.button(S.UP_REPLACE_NO, on_click=files.resolve_pending, args=(False,), key="replace_no")


def routine_box(d: data.SessionData, frame) -> None:
    """In view right under the uploader: the period the app moved to, its headline, the way to
    the overview, and the save with its outcome beside its button."""
    summary = d.summary
    with st.container(border=True, key="ks_routine"):
        left, right = st.columns([3, 2])
        with left:
            st.markdown(f"**{S.UP_RESULT_TITLE}**")
            if summary is not None:
                if session.jumped() == summary.period:
                    st.success(S.UP_JUMPED.format(period=capitalize(summary.label)))
                headline(d)
                if st.button(S.UP_GO_OVERVIEW_PERIOD.format(period=summary.label),
                             type="primary", icon=":material/bar_chart:", key="go_overview"):
                    st.switch_page("pages/2_tong_quan.py")
        with right:
            save_box(d, frame)
        # before the chart: at 1,366 px below it, the offer was under the fold
        views.combine_offer(d)
        if summary is not None:
            block_preview(d)


def block_preview(d: data.SessionData) -> None:
    """The period's block rates, the overview's first chart, drawn here at once: what was read
    is seen before going on."""
    summary = d.summary
    st.markdown(f"**{S.OV_BLOCKS}** · {summary.label}")
    views.chart("block_bars", views.blocks_for_chart(summary.blocks), summary.target, False,
                S.OV_BLOCKS, "upload_blocks")


def file_list(d: data.SessionData) -> None:
    c1, c2 = st.columns([3, 1])
    c1.subheader(S.UP_FILES_HEADER)
    c2.button(S.UP_CLEAR, icon=":material/delete_sweep:", key="clear_all",
              on_click=session.ask_clear)
    if session.clear_asked():
        with st.container(border=True):
            st.warning(S.UP_CLEAR_CONFIRM.format(n=len(d.files)))
            b1, b2, _ = st.columns([1, 1, 2])
            b1.button(S.UP_CLEAR_YES, type="primary", key="clear_yes",
                      on_click=session.clear_all)
            b2.button(S.UP_CLEAR_NO, key="clear_no", on_click=session.ask_clear, args=(False,))
    winners = _period_sources(d)
    known = [Period.from_code(c) for c in sorted(set(winners) | d.stored_periods())
             if _is_code(c)]
    for i, lf in enumerate(d.files):
        replaced = {c: w for c, w in winners.items() if w != lf.name and c in _codes(lf)}
        file_report.file_report(i, lf, replaced, known)


def _codes(lf) -> set:
    if lf.result is None:
        return set()
    out = set()
    for sh in lf.result.sheets:
        p = session.sheet_period(lf.name, sh.sheet) or sh.period
        if p is not None:
            out.add(p.code)
    return out


def _period_sources(d: data.SessionData) -> dict:
    """period code -> the file its figures are taken from (the file loaded last)."""
    out: dict = {}
    for lf in d.files:
        for code in _codes(lf):
            out[code] = lf.name
    return out


def _is_code(code: str) -> bool:
    try:
        Period.from_code(code)
    except ValueError:
        return False
    return True


def main() -> None:
    open_ = upload_area()
    rejected_messages()
    replace_prompt()
    session.show_flash()
    d = data.current()
    frame, notes = d.uploaded() if d.files else (None, [])
    if frame is not None and not frame.empty:
        routine_box(d, frame)
    if open_:
        samples(bool(d.files))
    if not d.files:
        return
    st.divider()
    file_list(d)
    if notes:
        with st.expander(f"{S.UP_NOTES} ({len(notes)})"):
            st.markdown("\n".join(f"- {md(n)}" for n in notes))


def headline(d: data.SessionData) -> None:
    """The period's overall rate, as the overview shows it (the same cached Summary: the
    overview opens on figures already computed)."""
    summary = d.summary
    if summary is None:
        return
    t = summary.total
    st.markdown(S.UP_HEADLINE.format(
        period=capitalize(summary.label),
        metric=S.METRIC_LABELS.get(summary.metric, summary.metric),
        rate=fmt_rate(t.get("rate")), meeting=fmt_int(t.get("meeting_target") or 0),
        units=fmt_int(t.get("units") or 0), target=fmt_pct(summary.target)))


def save_box(d: data.SessionData, frame) -> None:
    """Store what was read in the workspace's history (one confirmed upload). Before: what it
    replaces. After: the outcome right here, and a success disables the button until the files
    change. In the demo space (or without a history) the button is there, disabled, with the
    reason."""
    h, err = store.history()
    st.markdown(f"**{S.UP_SAVE_TITLE}**")
    if h is None:
        reason = err if session.demo() else S.UP_SAVE_UNAVAILABLE.format(reason=err)
        st.caption(S.UP_SAVE_DISABLED.format(reason=md(reason)))
        st.button(S.UP_SAVE, type="primary", key="save_history", icon=":material/save:",
                  disabled=True, help=md(reason))
        return
    saved = session.saved()
    outcome = saved[1:] if saved and saved[0] == d.upload_key else None
    done = outcome is not None and outcome[0] == "success"
    codes = sorted(set(frame["period"]))
    if not done:
        again = [p for p in codes if p in d.stored_periods()]
        st.caption(S.UP_SAVE_HELP_WS.format(n=len(codes), workspace=md(h.workspace.name)))
        if again:
            st.warning(S.UP_SAVE_REPLACES.format(
                periods=", ".join(periods.code_name(p) for p in again)))
    st.button(S.UP_SAVED_DONE if done else S.UP_SAVE, type="secondary" if done else "primary",
              on_click=files.save_upload, key="save_history", disabled=done,
              icon=":material/check:" if done else ":material/save:")
    if outcome is not None:
        kind, msg = outcome
        {"success": st.success, "warning": st.warning}.get(kind, st.error)(msg)


main()
