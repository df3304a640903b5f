"""The Báo cáo page's letter: the office profile's editor, the letter as prose with a copy
button, its .docx and PDF downloads.

The profile is read and written through ui/store.py (stored with the workspace; kept for the
session where the history cannot keep it, or the session may not edit). The letter's target is
the profile's when it has one, else the sidebar's.
"""
from __future__ import annotations

import hashlib
import json
import re

import streamlit as st
import streamlit.components.v1 as components

from analysis.outputs import pdf
from analysis.outputs.letter import QUOC_HIEU, TIEU_NGU, Letter, compose, profile_for
from analysis.profile import AUTHORITIES, LEVEL_LABELS, LEVELS, OfficeProfile, from_office
from analysis.vn_format import fmt_pct

from . import auth, exports, session, store
from . import strings as S
from .safe_text import md

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def current_profile(summary) -> tuple:
    """(profile, stored?): the workspace's, else the defaults of the level the data suggests."""
    stored = store.office_profile()
    if stored:
        return OfficeProfile.from_dict(stored), True
    return profile_for(summary, None), False


def _save(p: OfficeProfile) -> None:
    """Store the profile (editors) or keep it for the session (others), and say which."""
    kept = False
    if auth.is_editor():
        kept = store.save_office_profile(p.to_dict())
    else:
        session.set_office_profile(p.to_dict())
    session.flash("success", S.PF_SAVED if kept else S.PF_SAVED_SESSION)


def _version(p: OfficeProfile) -> str:
    """Part of the editor's widget keys: a new profile (defaults filled in) gets new widgets."""
    return hashlib.sha1(json.dumps(p.to_dict(), sort_keys=True).encode()).hexdigest()[:8]


def _lines(text: str) -> list:
    return [x.strip().lstrip("-").strip().rstrip(";.") for x in text.splitlines() if x.strip()]


def _defaults_form(summary, p: OfficeProfile) -> None:
    with st.form("pf_defaults", border=False):
        c1, c2 = st.columns([1, 2])
        level = c1.selectbox(S.PF_LEVEL, LEVELS, index=LEVELS.index(p.level),
                             format_func=lambda x: LEVEL_LABELS[x], key="pf_level")
        name = c2.text_input(S.PF_OFFICE, placeholder="UBND huyện Tuần Giáo", key="pf_office")
        if st.form_submit_button(S.PF_DEFAULTS, help=S.PF_DEFAULTS_HELP):
            new = from_office(name, level, summary.units["block"].unique().tolist(), summary.end)
            new.target, new.high = p.target, p.high
            _save(new)
            st.rerun()


def _edit_form(summary, p: OfficeProfile) -> None:
    v = _version(p)
    with st.form("pf_edit", border=False):
        c1, c2 = st.columns(2)
        parent = c1.text_input(S.PF_PARENT, p.parent, key=f"pf_parent_{v}")
        body = c2.text_input(S.PF_BODY, p.body, key=f"pf_body_{v}")
        c1, c2, c3, c4 = st.columns(4)
        place = c1.text_input(S.PF_PLACE, p.place, key=f"pf_place_{v}")
        number = c2.text_input(S.PF_NUMBER, p.number, key=f"pf_number_{v}")
        symbol = c3.text_input(S.PF_SYMBOL, p.symbol, key=f"pf_symbol_{v}")
        speaker = c4.text_input(S.PF_SPEAKER, p.speaker, key=f"pf_speaker_{v}")
        c1, c2 = st.columns(2)
        recipients = c1.text_area(S.PF_RECIPIENTS, "\n".join(p.recipients), key=f"pf_rec_{v}")
        bases = c2.text_area(S.PF_BASES, "\n".join(p.legal_bases), key=f"pf_bases_{v}")
        c1, c2, c3 = st.columns([2, 2, 1])
        request_to = c1.text_input(S.PF_REQUEST_TO, p.request_to, key=f"pf_req_{v}")
        report_via = c2.text_input(S.PF_REPORT_VIA, p.report_via, key=f"pf_via_{v}")
        reply_days = c3.number_input(S.PF_REPLY_DAYS, 0, 90, int(p.reply_days), 1,
                                     key=f"pf_days_{v}")
        c1, c2 = st.columns([2, 1])
        copies = c1.text_area(S.PF_COPIES, "\n".join(p.copies), key=f"pf_copies_{v}")
        archive = c2.text_input(S.PF_ARCHIVE, p.archive, key=f"pf_archive_{v}")
        c1, c2, c3, c4 = st.columns(4)
        authority = c1.selectbox(S.PF_AUTHORITY, AUTHORITIES,
                                 index=AUTHORITIES.index(p.signer_authority)
                                 if p.signer_authority in AUTHORITIES else 1,
                                 format_func=lambda a: a or S.PF_AUTHORITY_NONE,
                                 key=f"pf_auth_{v}")
        signer_for = c2.text_input(S.PF_SIGNER_FOR, p.signer_for, key=f"pf_for_{v}")
        title = c3.text_input(S.PF_SIGNER_TITLE, p.signer_title, key=f"pf_title_{v}")
        name = c4.text_input(S.PF_SIGNER_NAME, p.signer_name, key=f"pf_name_{v}")
        c1, c2, _ = st.columns([1, 1, 2])
        target = c1.number_input(S.PF_TARGET, 0.0, 100.0, float(
            summary.target if p.target is None else p.target), 1.0, format="%.0f", key="pf_target")
        high = c2.number_input(S.PF_HIGH, 0.0, 100.0, float(
            (p.target if p.target is not None else summary.target) if p.high is None else p.high),
            1.0, format="%.0f", key="rp_high")
        if st.form_submit_button(S.PF_SAVE, type="primary", icon=":material/save:"):
            _save(OfficeProfile(
                level=p.level, parent=parent.strip(), body=body.strip(), place=place.strip(),
                number=number.strip(), symbol=symbol.strip(), speaker=speaker.strip(),
                recipients=_lines(recipients), request_to=request_to.strip(),
                report_via=report_via.strip(), reply_days=int(reply_days),
                legal_bases=_lines(bases), copies=_lines(copies), archive=archive.strip(),
                signer_authority=authority, signer_for=signer_for.strip(),
                signer_title=title.strip(), signer_name=name.strip(), target=float(target),
                high=float(high)))
            st.rerun()


def profile_tab(d) -> None:
    """The profile's tab: the defaults of a level, then every field."""
    summary = d.summary
    p, _stored = current_profile(summary)
    session.show_flash()  # "saved": shown where the button was pressed
    st.caption(S.PF_HELP)
    _defaults_form(summary, p)
    st.divider()
    _edit_form(summary, p)


def prose(letter: Letter) -> str:
    """The letter as Markdown prose for the screen (every text escaped: names come from the
    data): the header's lines in bold, the body as paragraphs, Nơi nhận, the signer."""
    head = "  \n".join(f"**{md(x)}**" for x in (letter.parent, *letter.body_lines) if x)
    # a screen collapses the blanks left for the clerk: "Số: ……/UBND-VP", "ngày …… tháng"
    number = re.sub(r":\s+/", ": ……/", letter.number)
    date = re.sub(r"ngày\s{2,}", "ngày …… ", letter.place_date)
    parts = [head, f"{md(number)}  \n{md(letter.subject)}",
             f"**{md(QUOC_HIEU)}**  \n**{md(TIEU_NGU)}**", f"*{md(date)}*"]
    if len(letter.recipients) == 1:
        parts.append(f"Kính gửi: {md(letter.recipients[0])}")
    else:
        parts.append("Kính gửi:  \n" + "  \n".join(md(r) for r in letter.recipients))
    for kind, text in letter.body:
        parts.append(f"**{md(text)}**" if kind == "heading" else md(text))
    parts.append("***Nơi nhận:***  \n" + "  \n".join(md(c) for c in letter.copies))
    sign = [f"**{md(x)}**" for x in (letter.authority, letter.title) if x]
    sign.append(f"**{md(letter.signer)}**" if letter.signer else f"*{S.RP_SIGN_HERE}*")
    parts.append("  \n".join(sign))
    return "\n\n".join(parts)


def copy_button(text: str) -> None:
    """A button that copies `text` to the clipboard (the browser's clipboard API, with the
    textarea fallback of browsers without it)."""
    payload = json.dumps(text)
    components.html(f"""
<style>
 body {{ margin: 0; }}
 /* as Streamlit's secondary buttons beside it: 40 px high, the same border and corners */
 #b {{ font: 16px "Source Sans Pro", "Source Sans 3", "DejaVu Sans", sans-serif;
   color: rgb(49, 51, 63); min-height: 40px; padding: 4px 12px; border-radius: 8px;
   border: 1px solid rgba(49, 51, 63, 0.2); background: #fff; cursor: pointer; }}
 #b:hover {{ border-color: #0B5394; color: #0B5394; }}
</style>
<button id="b">{S.RP_COPY}</button>
<script>
const text = {payload};
const b = document.getElementById("b");
b.onclick = async () => {{
  try {{ await navigator.clipboard.writeText(text); }}
  catch (e) {{
    const t = document.createElement("textarea"); t.value = text;
    document.body.appendChild(t); t.select(); document.execCommand("copy"); t.remove();
  }}
  b.textContent = "✓ {S.RP_COPIED}";
}};
</script>""", height=40)


def _pdf_button(make_docx, digest: str, stem: str) -> None:
    made = session.letter_pdf(digest)
    if made is not None:
        st.download_button(S.RP_PDF_DOWNLOAD, data=made, file_name=f"cong_van_{stem}.pdf",
                           mime="application/pdf", on_click="ignore",
                           icon=":material/picture_as_pdf:", key="rp_pdf_download")
        return
    if not pdf.available():
        st.caption(pdf.NOT_INSTALLED)
        return
    if st.button(S.RP_PDF, help=S.RP_PDF_HELP, icon=":material/picture_as_pdf:", key="rp_pdf"):
        with st.spinner(S.RP_PDF_HELP):
            try:
                session.set_letter_pdf(digest, pdf.docx_to_pdf(make_docx()))
            except pdf.PdfError as e:
                st.error(e.message)
                return
        st.rerun()


def letter(d, stem: str) -> None:
    """The letter tab: the letter as prose with its copy button and downloads."""
    base = d.summary
    p, stored = current_profile(base)
    if not stored:
        st.info(S.PF_NONE.format(level=LEVEL_LABELS[p.level].lower(), tab=S.PF_HEADER))
    summary = base if p.target is None else d.summary_with_target(p.target)
    if summary is None:
        summary = base
    if float(summary.target) != float(base.target):
        st.caption(S.RP_TARGET_NOTE.format(letter=fmt_pct(summary.target),
                                           sidebar=fmt_pct(base.target)))
    text = exports.letter_text(summary, p)
    st.caption(S.RP_LETTER_HELP)
    c1, c2, c3 = st.columns([1, 1, 2])

    def make_docx() -> bytes:
        return exports.letter_docx(summary, p)

    c1.download_button(S.RP_DOCX, data=make_docx, file_name=f"cong_van_{stem}.docx",
                       on_click="ignore", mime=DOCX_MIME, icon=":material/description:",
                       key="rp_docx")
    digest = hashlib.sha1(json.dumps([repr(d.summary_key()), summary.target, p.to_dict()],
                                     sort_keys=True).encode()).hexdigest()
    with c2:
        _pdf_button(make_docx, digest, stem)
    with c3:
        copy_button(text)
    with st.container(border=True, key="rp_letter"):
        st.markdown(prose(compose(summary, p)))

