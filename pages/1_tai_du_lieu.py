"""Tải dữ liệu: upload workbooks (or open a sample) and check, per file and sheet, what was read."""
import streamlit as st

from analysis.vn_format import capitalize, fmt_int, fmt_pct, fmt_rate
from ui import auth, data, file_report, files, periods, session, store
from ui import strings as S
from ui.safe_text import md, md_join


def upload_area() -> None:
    st.header(S.UP_HEADER)
    st.write(S.UP_INTRO)
    if session.demo():  # the samples' own space: no real file joins them
        with st.container(border=True):
            st.markdown(f"**{S.DEMO_ICON} {S.DEMO_LABEL}**")
            st.caption(S.DEMO_TEXT)
            st.button(S.DEMO_LEAVE, key="demo_leave", icon=":material/logout:",
                      on_click=session.leave_demo)
    elif not auth.require_editor():  # an office may set an editor password (ui/auth.py)
        return
    else:
        # no `type=`: Streamlit would refuse other files in English ("application/pdf files are
        # not allowed"); the reader refuses them in Vietnamese, naming the types it reads
        uploaded = st.file_uploader(S.UP_LABEL, accept_multiple_files=True, help=S.UP_HELP,
                                    key=session.uploader_key())
        st.caption(S.UP_CAPTION)
        if uploaded:
            new = session.new_uploads(uploaded)
            if new and files.add_files(new):
                st.rerun()
    sample_buttons()


def sample_buttons() -> None:
    """The samples, opened in the demo space (what was loaded for the workspace is put away)."""
    samples = files.sample_files()
    if not samples:
        return
    st.markdown(f"**{S.UP_SAMPLES}**")
    cols = st.columns(min(3, len(samples)))
    for i, p in enumerate(samples):
        cols[i % len(cols)].button(S.UP_SAMPLE_BUTTON.format(name=md(p.name)),
                                   key=f"sample_{p.name}", icon=":material/table_view:",
                                   width="stretch", help=S.DEMO_SAMPLES_HELP,
                                   on_click=files.open_sample, args=(p,))


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


def main() -> None:
    upload_area()
    replace_prompt()
    session.show_flash()
    d = data.current()
    if not d.files:
        return
    st.divider()
    c1, c2 = st.columns([3, 1])
    c1.subheader(S.UP_FILES_HEADER)
    if c2.button(S.UP_CLEAR, icon=":material/delete_sweep:", key="clear_all"):
        session.clear_all()
        st.rerun()
    unknown = [(lf.name, sh.sheet) for lf in d.files if lf.result for sh in lf.result.sheets
               if sh.period is None and session.sheet_period(lf.name, sh.sheet) is None]
    if unknown:
        st.warning(S.UP_PERIOD_UNKNOWN)
    for i, lf in enumerate(d.files):
        file_report.file_report(i, lf)
    frame, notes = d.uploaded()
    if notes:
        with st.expander(f"{S.UP_NOTES} ({len(notes)})"):
            st.markdown("\n".join(f"- {md(n)}" for n in notes))
    if not frame.empty:
        save_box(d, frame)
        headline(d)
        st.page_link("pages/2_tong_quan.py", label=S.UP_GO_OVERVIEW, icon=":material/bar_chart:")


def headline(d: data.SessionData) -> None:
    """The latest period's overall rate, as the overview shows it (the same cached Summary: the
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
    """Store what was read in the workspace's history (one confirmed upload), saying what it
    replaces; in the demo space (or without a history) the button is there, disabled, with the
    reason."""
    h, err = store.history()
    with st.container(border=True):
        st.markdown(f"**{S.UP_SAVE_TITLE}**")
        if h is None:
            reason = err if session.demo() else S.UP_SAVE_UNAVAILABLE.format(reason=err)
            st.caption(S.UP_SAVE_DISABLED.format(reason=md(reason)))
            st.button(S.UP_SAVE, type="primary", key="save_history", icon=":material/save:",
                      disabled=True, help=md(reason))
            return
        codes = sorted(set(frame["period"]))
        stored = d.stored_periods()
        again = [p for p in codes if p in stored]
        st.caption(S.UP_SAVE_HELP_WS.format(n=len(codes), workspace=md(h.workspace.name)))
        if again:
            st.warning(S.UP_SAVE_REPLACES.format(
                periods=", ".join(periods.code_name(p) for p in again)))
        st.button(S.UP_SAVE, type="primary", on_click=files.save_upload, key="save_history",
                  icon=":material/save:")


main()
