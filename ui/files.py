"""Loading files into the session: read new uploads (with the column mappings remembered for
their layout), hold back a file whose period is already loaded until the user confirms, open a
sample."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from . import data, periods, session, store
from . import strings as S
from .safe_text import md, md_join

ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = ROOT / "sample_uploads"
SAMPLE_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


def take_uploads(key: str) -> None:
    """The uploader's on_change: read the files new to this session."""
    new = session.new_uploads(st.session_state.get(key) or [])
    if new:
        add_files(new)


def add_files(files: list) -> bool:
    """Read new files (list of (name, bytes)); files whose period is already loaded wait for the
    user's confirmation. A progress bar names the file being read. Called from widget
    callbacks (the uploader's, the sample buttons'), before the run that draws the sidebar and
    the page: True when anything new was read."""
    have = session.known_digests()
    todo = [(n, d) for n, d in files if session.digest(d) not in have]
    if not todo:
        return False
    bar = st.progress(0.0, text=S.UP_READING.format(i=1, n=len(todo), name=md(todo[0][0]))) \
        if len(todo) > 1 else None
    for i, (name, content) in enumerate(todo, 1):
        if bar is not None:
            bar.progress((i - 1) / len(todo),
                         text=S.UP_READING.format(i=i, n=len(todo), name=md(name)))
        _add(name, content)
    if bar is not None:
        bar.progress(1.0, text=S.UP_READ_DONE.format(n=len(todo)))
        bar.empty()
    session.jump_to_newest()
    return True


def _add(name: str, content: bytes) -> None:
    result, error = data.parse(content, name)
    entry: dict = {"name": name, "data": content, "digest": session.digest(content)}
    saved = store.saved_columns(result)
    if saved:  # a column mapping the officer chose for this layout before
        session.set_file_columns(name, saved)
        result, error = data.parse(content, name, saved)
    if error or result is None:
        session.reject("error", name, S.UP_READ_ERROR.format(name=md(name), message=md(error)))
        return
    session.forget_rejections(name)
    if not result.sheets:
        session.reject("warning", name, S.UP_NO_SHEETS.format(name=md(name)))
    # a file of the same name replaces the old one (a corrected re-export)
    conflicts = _conflicts(name, result)
    if conflicts:
        entry["conflicts"] = conflicts
        session.add_pending(entry)
    else:
        session.append_file(entry)


def _periods_of(name: str, result) -> dict:
    """period code -> label for every sheet of a parsed workbook whose period is known."""
    out = {}
    for sh in result.sheets:
        p = session.sheet_period(name, sh.sheet) or sh.period
        if p is not None:
            out[p.code] = periods.name(p)
    return out


def _conflicts(name: str, result) -> dict:
    """period label -> old file name for the periods of a new file already loaded."""
    new = _periods_of(name, result)
    out: dict = {}
    for lf in data.current().files:
        if lf.result is None:
            continue
        old = _periods_of(lf.name, lf.result)
        for code in new.keys() & old.keys():
            out.setdefault(new[code], lf.name)
    return out


def resolve_pending(accept: bool) -> None:
    """Apply the user's answer to the first file waiting for confirmation."""
    entry = session.pop_pending()
    if entry is None:
        return
    if accept:
        session.append_file(entry)
        dropped, kept = _drop_replaced(entry)
        msg = S.UP_REPLACED.format(name=md(entry["name"]))
        if dropped:
            msg += " " + S.UP_REPLACED_DROPPED.format(old=md_join(dropped))
        if kept:
            msg += " " + S.UP_REPLACED_KEPT.format(old=md_join(kept))
        session.flash("success", msg)
        session.jump_to_newest()
    else:
        session.flash("info", S.UP_KEPT.format(name=md(entry["name"])))


def _drop_replaced(entry: dict) -> tuple:
    """After a replace: the old files every period of which the new file now gives are removed
    (the list then shows only the file used); an old file with other periods stays. Returns
    (removed names, kept names)."""
    current = {lf.name: lf for lf in data.current().files}
    new = current.get(entry["name"])
    new_codes = set(_periods_of(new.name, new.result)) if new and new.result else set()
    dropped, kept = [], []
    for old in sorted(set(entry["conflicts"].values())):
        lf = current.get(old)
        if lf is None or old == entry["name"]:
            continue
        codes = set(_periods_of(lf.name, lf.result)) if lf.result else set()
        if codes <= new_codes:
            session.remove_file(old)
            dropped.append(old)
        else:
            kept.append(old)
    return dropped, kept


def sample_files() -> list:
    if not SAMPLES_DIR.is_dir():
        return []
    return sorted(p for p in SAMPLES_DIR.iterdir() if p.suffix.lower() in SAMPLE_EXTENSIONS)


def open_sample(path: Path) -> bool:
    """Open a sample in the demo space (the sample buttons' callback)."""
    session.enter_demo()
    return add_files([(path.name, path.read_bytes())])


def save_upload() -> None:
    """Store the files loaded now, as read, as one confirmed upload (the save button's
    callback). The outcome is kept for this upload: the save box shows it beside its button,
    which stays disabled after a success until the loaded files change."""
    d = data.current()
    frame, _notes = d.uploaded()
    kind, message = store.save_upload(frame, [f["name"] for f in session.files()])
    session.set_saved(d.upload_key, kind, message)
