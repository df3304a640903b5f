"""Vietnamese number, rate and date formatting.

    fmt_pct(95.454545)  -> "95,45%"     fmt_pct(100.0) -> "100%"     fmt_pct(None) -> "—"
    fmt_int(1855)       -> "1.855"      fmt_pp(2.5)    -> "+2,5 điểm %"
    fmt_rate(71.7)      -> "71,70%"     fmt_points(2.5) -> "+2,50 điểm %"   (tables and charts)
    fmt_local_time("2026-12-02T07:05:00+00:00") -> "14:05 02/12/2026"   (Asia/Ho_Chi_Minh)
    fmt_date(date(2020, 11, 1)) -> "01/11/2020"     roman(4) -> "IV"

The words for periods are in analysis/periods.py, the labels of codes in analysis/labels.py.

Rates are percentages 0-100. Rounding is half-up on the decimal value (95,445 -> 95,45), and
trailing zeros are dropped (85,0 -> 85), as the letters write them (tables and charts use
fmt_rate and fmt_points, which always write two decimals, so that a column reads evenly);
a rate just under 100 prints "99,99%", never "100%" (and just over 0 prints "0,01%"). Pure
functions; the app, the exports and the letter all format through here.
"""
from __future__ import annotations

import functools
import math
import numbers
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MISSING = "—"

# --- numbers -----------------------------------------------------------------------------------

def _is_missing(value) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        if value is pd.NA:
            return True
    except ImportError:  # pragma: no cover
        pass
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def _decimal(value, decimals: int) -> Decimal:
    try:
        d = Decimal(repr(float(value)))
    except (InvalidOperation, ValueError):
        d = Decimal(str(value))
    return d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _group_thousands(digits: str) -> str:
    out: list = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return ".".join(out)


def _remember_floats(fmt):
    """Remember a formatter's text for float values: counts and rates recur (100%, 0%, the same
    counts in every month), and the exact decimal rounding costs 10-20 µs a call. NaN is "—";
    other types are formatted afresh."""
    remembered = functools.lru_cache(maxsize=16384)(fmt)

    @functools.wraps(fmt)
    def text(value, *args, **kwargs):
        if type(value) is float:
            return MISSING if value != value else remembered(value, *args, **kwargs)
        return fmt(value, *args, **kwargs)

    text.uncached = fmt  # type: ignore[attr-defined]
    return text


@_remember_floats
def fmt_number(value, decimals: int = 2, strip_zeros: bool = True) -> str:
    """1855 -> "1.855"; 13.333 -> "13,33"; 85.0 -> "85"; None/NaN -> "—"."""
    if _is_missing(value):
        return MISSING
    d = _decimal(value, decimals)
    if d == 0:
        d = abs(d)  # no "-0"
    sign = "-" if d < 0 else ""
    text = f"{abs(d):.{decimals}f}"
    whole, _, frac = text.partition(".")
    if strip_zeros:
        frac = frac.rstrip("0")
    out = sign + _group_thousands(whole)
    if frac:
        out += "," + frac
    return out


def fmt_int(value) -> str:
    """A count with a dot between thousands: 1855 -> "1.855"; None -> "—"."""
    if isinstance(value, numbers.Integral):  # Python and numpy integers: no rounding to do
        return f"{int(value):,}".replace(",", ".")
    return fmt_number(value, decimals=0)


def _pct_text(value, decimals: int, strip_zeros: bool) -> str:
    text = fmt_number(value, decimals, strip_zeros)
    # Never print "100%" for a unit that missed a document, nor "0%" for one that signed some.
    step = Decimal(1).scaleb(-decimals)
    if _decimal(value, decimals) == 100 and float(value) < 100:
        text = fmt_number(Decimal(100) - step, decimals, strip_zeros)
    elif _decimal(value, decimals) == 0 and float(value) > 0:
        text = fmt_number(step, decimals, strip_zeros)
    return text + "%"


@_remember_floats
def fmt_pct(value, decimals: int = 2) -> str:
    """A rate (0-100) the Vietnamese way: "95,45%", "100%", "13,79%", "0%"; None -> "—"."""
    if _is_missing(value):
        return MISSING
    return _pct_text(value, decimals, strip_zeros=True)


@_remember_floats
def fmt_rate(value) -> str:
    """A rate in a table or chart: always two decimals, "71,70%", "100,00%", "0,00%" (99,999
    -> "99,99%", as fmt_pct); None -> "—"."""
    if _is_missing(value):
        return MISSING
    return _pct_text(value, 2, strip_zeros=False)


@_remember_floats
def fmt_pp(value, decimals: int = 2, unit: str = " điểm %") -> str:
    """A change in percentage points with its sign: "+2,5 điểm %", "-10 điểm %", "0 điểm %"."""
    if _is_missing(value):
        return MISSING
    text = fmt_number(value, decimals)
    if _decimal(value, decimals) > 0:
        text = "+" + text
    return text + unit


@_remember_floats
def fmt_points(value, unit: str = " điểm %") -> str:
    """A change in percentage points in a table: two decimals, "+2,50 điểm %", "0,00 điểm %"
    (unit="" under a header that names it: "+2,50")."""
    if _is_missing(value):
        return MISSING
    text = fmt_number(value, 2, strip_zeros=False)
    return ("+" + text if _decimal(value, 2) > 0 else text) + unit


def fmt_many(values, fmt) -> list:
    """fmt over a column of numbers (None, NaN and NA are "—"), each distinct value formatted
    once: a province's 1,400 rates or counts hold a few hundred distinct values."""
    import numpy as np
    import pandas as pd

    x = pd.Series(values).to_numpy(dtype="float64", na_value=np.nan)
    distinct, at = np.unique(x, return_inverse=True)  # one NaN, last
    texts = [MISSING if v != v else fmt(v) for v in distinct.tolist()]
    return [texts[i] for i in at.tolist()]


def fmt_rank_change(value) -> str:
    """Rank change where positive means moving up: "↑3", "↓2", "="; None -> "—"."""
    if _is_missing(value):
        return MISSING
    v = int(value)
    return f"↑{v}" if v > 0 else f"↓{-v}" if v < 0 else "="


# --- dates and numerals ----------------------------------------------------------------------

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
         "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX")


def roman(n: int) -> str:
    return ROMAN[n - 1] if 1 <= n <= len(ROMAN) else str(n)


def fmt_date(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def parse_date(text: str) -> date | None:
    """A date typed the Vietnamese way: "01/08/2020", "1/8/2020", "01-08-2020" or "01.08.2020"
    (day first); anything else, or a day that does not exist, -> None."""
    import re

    m = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*", str(text or ""))
    if not m:
        return None
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


LOCAL_TZ = "Asia/Ho_Chi_Minh"


def fmt_local_time(value) -> str:
    """A stored moment (ISO text or datetime; naive means UTC) as Vietnam's clock reads it:
    "14:05 02/12/2026"; None or unreadable -> "—"."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    if _is_missing(value) or value == "":
        return MISSING
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            return MISSING
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    t = moment.astimezone(ZoneInfo(LOCAL_TZ))
    return f"{t.hour:02d}:{t.minute:02d} {fmt_date(t.date())}"


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]
