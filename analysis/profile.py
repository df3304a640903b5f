"""The office profile: who issues the letter, to whom, under what authority (one per workspace).

    OfficeProfile                       the fields of the letter that are not figures
    defaults(level, period_end, name)   a level's profile, with the names of the data's era
    from_office(name, level=None, blocks=(), period_end=None)   the CLI's `--office`
    guess_level(name, blocks, period_end)

Levels: "district" (UBND huyện, thị xã, thành phố thuộc tỉnh; data before 1 July 2025),
"province" (the Sở that leads digital transformation: Sở Thông tin và Truyền thông before
1 March 2025, Sở Khoa học và Công nghệ from then; or the UBND tỉnh itself) and "commune"
(UBND xã, phường, đặc khu; before the reform also thị trấn). Stored as a dict (`to_dict`,
`from_dict`), which tolerates unknown and missing keys so a stored profile survives new fields.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date
from typing import Any

LEVELS = ("district", "province", "commune")
LEVEL_LABELS = {"district": "Cấp huyện (trước 01/7/2025)", "province": "Cấp tỉnh",
                "commune": "Cấp xã (xã, phường, đặc khu)"}
AUTHORITIES = ("TM.", "KT.", "TL.", "TUQ.", "Q.", "")
MOST_ICT_MERGED = date(2025, 3, 1)  # Sở TT&TT merged into Sở KH&CN
TWO_TIERS = date(2025, 7, 1)  # no district level from this day
PLACEHOLDER = "……"

# Real legal bases every level may cite (the seeds cite the Prime Minister's decision 28/2018).
BASIS_DECREE_30 = ("Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác "
                   "văn thư")
BASIS_DECISION_28 = ("Quyết định số 28/2018/QĐ-TTg ngày 12/7/2018 của Thủ tướng Chính phủ về "
                     "việc gửi, nhận văn bản điện tử giữa các cơ quan trong hệ thống hành chính "
                     "nhà nước")


@dataclass
class OfficeProfile:
    """Everything the letter says about its issuer. Texts as a person writes them; the letter
    puts the header and the signer in capitals itself."""

    level: str = "district"
    parent: str = ""  # the body above the issuer in the header ("UBND tỉnh Điện Biên"), or ""
    body: str = ""  # the issuer ("Ủy ban nhân dân huyện Tuần Giáo", "Sở Khoa học và Công nghệ")
    place: str = ""  # the date line's place name ("Tuần Giáo")
    number: str = ""  # the document's number, usually left blank for the clerk
    symbol: str = "UBND-VHTT"  # "UBND-VP", "SKHCN-CĐS", …
    speaker: str = ""  # who speaks in the text ("UBND huyện", "Sở Khoa học và Công nghệ")
    recipients: list = field(default_factory=list)  # "Kính gửi" lines, without "- " and ";"
    request_to: str = ""  # who must act ("Thủ trưởng các cơ quan, đơn vị, Chủ tịch UBND …")
    report_via: str = ""  # where the explanations go ("Phòng Văn hóa và Thông tin")
    reply_days: int = 10  # the explanations are due this many days after the period's end
    legal_bases: list = field(default_factory=list)  # "Căn cứ …" lines, without "Căn cứ"
    copies: list = field(default_factory=list)  # "Nơi nhận" entries before "Lưu"
    archive: str = "VT"  # "- Lưu: VT, VHTT."
    signer_authority: str = "KT."  # TM., KT., TL., TUQ., Q. or ""
    signer_for: str = "Chủ tịch"  # on whose behalf ("Ủy ban nhân dân" after TM.)
    signer_title: str = "Phó Chủ tịch"
    signer_name: str = ""
    target: float | None = None  # None: the target the figures were computed with
    high: float | None = None  # from this rate a unit is listed as "high"; None: the target

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> OfficeProfile:
        """A profile from a stored dict; unknown keys ignored, wrong types replaced by the
        level's defaults (a stored profile is input like any other)."""
        data = dict(data or {})
        level = str(data.get("level")) if data.get("level") in LEVELS else "district"
        base = defaults(level)
        kept: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            v, d = data[f.name], getattr(base, f.name)
            if f.name == "level":
                ok = v in LEVELS
            elif f.name in ("target", "high"):
                ok = v is None or (isinstance(v, int | float) and 0 <= v <= 100)
            elif isinstance(d, list):
                ok = isinstance(v, list) and all(isinstance(x, str) for x in v)
            elif isinstance(d, int):
                ok = isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 90
            else:
                ok = isinstance(v, str)
            if ok:
                kept[f.name] = list(v) if isinstance(v, list) else v
        return replace(base, **kept)

    @property
    def authority_line(self) -> str:
        """"KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", or "" when the head signs himself."""
        if not self.signer_authority:
            return ""
        return f"{self.signer_authority} {upper(self.signer_for)}".strip()


def upper(text: str) -> str:
    """Capitals for the header and the signer ("Ủy ban nhân dân" -> "ỦY BAN NHÂN DÂN")."""
    return text.strip().upper()


def header_lines(p: OfficeProfile) -> tuple:
    """(parent line or "", the body's lines): "Ủy ban nhân dân huyện Tuần Giáo" is written
    "ỦY BAN NHÂN DÂN" over "HUYỆN TUẦN GIÁO", as the seeds do."""
    body = expand(p.body) or PLACEHOLDER
    m = re.match(r"^(ủy ban nhân dân|uỷ ban nhân dân)\s+(.+)$", body, re.IGNORECASE)
    lines = ("ỦY BAN NHÂN DÂN", upper(m.group(2))) if m else (upper(body),)
    return upper(p.parent), lines


_UBND = re.compile(r"^\s*ubnd\b", re.IGNORECASE)


def expand(name: str) -> str:
    """"UBND huyện X" -> "Ủy ban nhân dân huyện X" (the header spells the body out)."""
    return _UBND.sub("Ủy ban nhân dân", name.strip())


_KINDS = r"(huyện|thị xã|thành phố|quận|tỉnh|xã|phường|thị trấn|đặc khu)"
_BODY = re.compile(r"^\s*(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+" + _KINDS + r"\s+(.+)$",
                   re.IGNORECASE)
_SO = re.compile(r"^\s*(sở\s.+?)(?:\s+(?:tỉnh|thành phố)\s+(.+))?$", re.IGNORECASE)


def _kind_name(name: str) -> tuple:
    """("huyện", "Tuần Giáo") from "UBND huyện Tuần Giáo"; (None, None) if not so named."""
    m = _BODY.match(name)
    return (m.group(1).lower(), m.group(2).strip()) if m else (None, None)


def guess_level(name: str, blocks=(), period_end: date | None = None) -> str:
    """The level an office's name says ("UBND huyện …" district, "Sở …"/"UBND tỉnh …"
    province, "UBND xã/phường/đặc khu/thị trấn …" commune), else the data's: provincial
    departments or districts among its blocks mean a province; after the reform a commune,
    before it a district."""
    kind, _ = _kind_name(name or "")
    if kind in ("huyện", "thị xã", "quận"):
        return "district"
    if kind in ("tỉnh",) or _SO.match(name or ""):
        return "province"
    if kind in ("xã", "phường", "thị trấn", "đặc khu"):
        return "commune"
    if {"provincial_department", "district"} & set(blocks):
        return "province"
    if kind == "thành phố":  # a city of a province (district level) or a central city
        return "district" if period_end is None or period_end < TWO_TIERS else "province"
    return "commune" if period_end is not None and period_end >= TWO_TIERS else "district"


def defaults(level: str, period_end: date | None = None, name: str = "") -> OfficeProfile:
    """A level's profile for data ending `period_end` (today's names when None), for the office
    `name` when given ("UBND huyện Tuần Giáo", "Sở Khoa học và Công nghệ tỉnh Điện Biên")."""
    after_merge = period_end is None or period_end >= MOST_ICT_MERGED
    two_tiers = period_end is None or period_end >= TWO_TIERS
    if level == "province":
        return _province(name, after_merge, two_tiers)
    if level == "commune":
        return _commune(name, two_tiers)
    return _district(name)


def _district(name: str) -> OfficeProfile:
    kind, place = _kind_name(name)
    kind = kind if kind in ("huyện", "thị xã", "thành phố", "quận") else "huyện"
    place = place or PLACEHOLDER
    return OfficeProfile(
        level="district", body=f"Ủy ban nhân dân {kind} {place}", place=place,
        symbol="UBND-VHTT", speaker=f"UBND {kind}",
        recipients=[f"Các cơ quan, đơn vị trên địa bàn {kind}", "UBND các xã, thị trấn"],
        request_to="Thủ trưởng các cơ quan, đơn vị, Chủ tịch UBND các xã, thị trấn",
        report_via="Phòng Văn hóa và Thông tin", legal_bases=[BASIS_DECISION_28],
        copies=["Như trên", f"Chủ tịch, các PCT UBND {kind}"], archive="VT, VHTT",
        signer_authority="KT.", signer_for="Chủ tịch", signer_title="Phó Chủ tịch")


def _province(name: str, after_merge: bool, two_tiers: bool) -> OfficeProfile:
    kind, pname = _kind_name(name)
    so = _SO.match(name or "")
    province = pname if kind in ("tỉnh", "thành phố") else (so.group(2) if so else None)
    province = (province or PLACEHOLDER).strip()
    recipients = ["Các sở, ban, ngành tỉnh",
                  "UBND các xã, phường, đặc khu" if two_tiers
                  else "UBND các huyện, thị xã, thành phố"]
    request_to = ("Thủ trưởng các sở, ban, ngành tỉnh, Chủ tịch UBND các "
                  + ("xã, phường, đặc khu" if two_tiers else "huyện, thị xã, thành phố"))
    common: dict[str, Any] = dict(level="province", place=province, recipients=recipients,
                  request_to=request_to, legal_bases=[BASIS_DECISION_28])
    if kind in ("tỉnh", "thành phố"):  # the UBND tỉnh itself
        return OfficeProfile(
            body=f"Ủy ban nhân dân {kind} {province}", symbol="UBND-KGVX",
            speaker=f"UBND {kind}", report_via="Sở Khoa học và Công nghệ" if after_merge
            else "Sở Thông tin và Truyền thông", copies=["Như trên", "Chủ tịch, các PCT UBND tỉnh"],
            archive="VT, KGVX", signer_authority="KT.", signer_for="Chủ tịch",
            signer_title="Phó Chủ tịch", **common)
    sở = (so.group(1).strip() if so else None) or (
        "Sở Khoa học và Công nghệ" if after_merge else "Sở Thông tin và Truyền thông")
    symbol = "SKHCN-CĐS" if "khoa học" in sở.lower() else "STTTT-CĐS" \
        if "thông tin" in sở.lower() else "CĐS"
    return OfficeProfile(
        parent=f"UBND tỉnh {province}", body=sở, symbol=symbol, speaker=sở,
        report_via=f"{sở} (Phòng Chuyển đổi số)",
        copies=["Như trên", "UBND tỉnh (để b/c)", "Giám đốc Sở (để b/c)"], archive="VT, CĐS",
        signer_authority="KT.", signer_for="Giám đốc", signer_title="Phó Giám đốc", **common)


def _commune(name: str, two_tiers: bool) -> OfficeProfile:
    kind, place = _kind_name(name)
    kind = kind if kind in ("xã", "phường", "thị trấn", "đặc khu") else "xã"
    place = place or PLACEHOLDER
    office = "Văn phòng HĐND và UBND" if two_tiers else "Văn phòng - Thống kê"
    return OfficeProfile(
        level="commune", body=f"Ủy ban nhân dân {kind} {place}", place=place, symbol="UBND-VP",
        speaker=f"UBND {kind}",
        recipients=[f"Các phòng chuyên môn, đơn vị thuộc UBND {kind}",
                    f"Trung tâm Phục vụ hành chính công {kind}"] if two_tiers
        else [f"Các ban, ngành, đoàn thể {kind}"],
        request_to=f"Trưởng các phòng chuyên môn, đơn vị thuộc UBND {kind}" if two_tiers
        else f"Trưởng các ban, ngành, đoàn thể {kind}",
        report_via=f"{office} {kind}", legal_bases=[BASIS_DECISION_28],
        copies=["Như trên", f"TT. Đảng ủy, HĐND {kind}", f"Chủ tịch, các PCT UBND {kind}"],
        archive="VT, VP", signer_authority="KT.", signer_for="Chủ tịch",
        signer_title="Phó Chủ tịch")


def from_office(name: str, level: str | None = None, blocks=(),
                period_end: date | None = None) -> OfficeProfile:
    """The profile of `--office NAME` when none is stored: the level's defaults for that name
    (the level guessed from the name and the data when not given)."""
    level = level or guess_level(name, blocks, period_end)
    return defaults(level, period_end, name)
