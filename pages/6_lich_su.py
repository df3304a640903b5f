"""Lịch sử: the stored history (periods, sources, missing months, delete/replace, backup)."""
import streamlit as st

from ui import strings as S

st.header(S.HI_HEADER)
st.info(S.HI_NOT_READY)
