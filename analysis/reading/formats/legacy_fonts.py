"""Text typed in the legacy Vietnamese font encodings -> Unicode (NFC).

Before Unicode, Vietnamese was typed in 8-bit fonts that put the letters where Windows keeps
Latin-1 ones; the stored text only reads right in those fonts:
- TCVN3 (ABC; TCVN 5712:1993, fonts .VnTime, .VnArial, ...): one byte per letter, lower case
  only (plus Ă Â Ê Ô Ơ Ư Đ); the upper-case fonts (.VnTimeH, .VnArialH, ...) draw capitals at the
  lower-case code points. "Phòng Nội vụ" is stored as "Phßng Néi vô".
- VNI (VNI-Times, ...): the base letter then one mark byte (tone, or hat/breve with a tone):
  "Phòng Nội vụ" is stored as "Phoøng Noäi vuï".

Detection: the cell fonts where the format records them (`font_encoding`), and in any case the
text itself: the sheet's words are decoded each way and the reading whose words are valid
Vietnamese syllables wins, Unicode (no change) on a tie, so ordinary Unicode sheets are left as
they are. A sheet that looks legacy but reads neither way is refused with a message that names
the encoding and how to convert it (`check_sheet`).
"""
from __future__ import annotations

import re
import unicodedata

TCVN3, VNI = "TCVN3", "VNI"
LABEL = {TCVN3: "TCVN3 (ABC)", VNI: "VNI"}

# --- the charts ----------------------------------------------------------------------------------

TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # none, huyền, hỏi, ngã, sắc, nặng
VOWELS = "aăâeêioôơuưy"


def vietnamese_letters() -> list:
    """Every Vietnamese letter with every tone, lower case then upper case (134 + đ/Đ)."""
    lower = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + ["đ"]
    return lower + [c.upper() for c in lower]


# TCVN3: for each vowel, the code points of its five tones (huyền, hỏi, ngã, sắc, nặng), from the
# TCVN 5712:1993 chart; the plain letters with a hat, breve or horn, and đ.
_TCVN3_TONED = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9), "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB), "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6), "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4), "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE), "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9), "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_PLAIN = {"ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE,
                "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}
# the toned capitals the full chart (VN1) places in the printable range
_TCVN3_CAPITALS = {0xAF: "Ặ", 0xBA: "Ẳ", 0xBF: "Ẵ", 0xC0: "Ắ", 0xC1: "Ầ", 0xC2: "Ẩ", 0xC3: "Ẫ",
                   0xC4: "Ấ", 0xC5: "Ề", 0xCD: "Ể", 0xD9: "Ễ", 0xDA: "Ế", 0xDB: "Ồ", 0xE0: "Ổ",
                   0xF0: "Ỗ", 0xFF: "Ố"}


def _tcvn3_table() -> dict:
    table = {chr(code): letter for letter, code in _TCVN3_PLAIN.items()}
    for vowel, codes in _TCVN3_TONED.items():
        for tone, code in zip(TONES[1:], codes, strict=True):
            table[chr(code)] = unicodedata.normalize("NFC", vowel + tone)
    table.update({chr(code): letter for code, letter in _TCVN3_CAPITALS.items()})
    return table


TCVN3_DECODE = _tcvn3_table()
_TCVN3_TRANS = str.maketrans(TCVN3_DECODE)
_TCVN3_ENCODE = {v: k for k, v in TCVN3_DECODE.items() if ord(k) not in _TCVN3_CAPITALS}

# VNI: the mark bytes written after a lower-case vowel (upper-case: the same letters upper-cased).
_VNI_TONE = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_HAT = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_VNI_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
_VNI_I = {"": "i", "\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def _vni_lower(letter: str) -> str:
    """One lower-case Vietnamese letter in VNI."""
    if letter == "đ":
        return "ñ"
    parts = unicodedata.normalize("NFD", letter)
    base, marks = parts[0], parts[1:]
    tone = next((m for m in marks if m in TONES[1:]), "")
    if base == "i":
        return _VNI_I[tone]
    if base == "y" and tone == "\u0323":
        return "î"
    if "\u0302" in marks:
        return base + _VNI_HAT[tone]
    if "\u0306" in marks:
        return base + _VNI_BREVE[tone]
    if "\u031b" in marks:  # horn: ơ is "ô", ư is "ö", then the tone
        return {"o": "ô", "u": "ö"}[base] + _VNI_TONE.get(tone, "")
    return base + _VNI_TONE.get(tone, "")


def _vni_tables() -> tuple:
    encode, decode = {}, {}
    for letter in vietnamese_letters():
        lower = letter.lower()
        code = _vni_lower(lower) if letter == lower else _vni_lower(lower).upper()
        encode[letter] = code
        if len(code) > 1 or code != letter:
            decode[code] = letter
        if letter != lower and len(code) == 2:  # "Aù" as well as "AÙ"
            decode[code[0] + code[1].lower()] = letter
    return encode, decode


_VNI_ENCODE, VNI_DECODE = _vni_tables()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, VNI_DECODE), key=len, reverse=True)))


def decode_tcvn3(text: str, upper_font: bool = False) -> str:
    out = unicodedata.normalize("NFC", text.translate(_TCVN3_TRANS))
    return out.upper() if upper_font else out


def decode_vni(text: str) -> str:
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(lambda m: VNI_DECODE[m.group(0)], text))


def encode_tcvn3(text: str, upper_font: bool = False) -> str:
    """Unicode -> TCVN3 as typed in a lower-case font (a capital with a tone has no code point
    there: ValueError) or, with upper_font, in a .VnTimeH-style font (every letter lower-case)."""
    text = unicodedata.normalize("NFC", text.lower() if upper_font else text)
    out = []
    for ch in text:
        if ch in _TCVN3_ENCODE:
            out.append(_TCVN3_ENCODE[ch])
        elif ord(ch) < 128:
            out.append(ch)
        else:
            raise ValueError(f"{ch!r} has no TCVN3 code point in a lower-case font")
    return "".join(out)


def encode_vni(text: str) -> str:
    return "".join(_VNI_ENCODE.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


DECODERS = {TCVN3: decode_tcvn3, VNI: decode_vni}

# --- fonts ---------------------------------------------------------------------------------------


def font_encoding(name: str | None) -> str | None:
    """TCVN3 for the ABC fonts (".VnTime", ".VnArialH", ...), VNI for "VNI-Times"..., else None."""
    n = (name or "").strip().lower()
    if n.startswith(".vn"):
        return TCVN3
    if n.startswith(("vni-", "vni ")):
        return VNI
    return None


def is_upper_font(name: str | None) -> bool:
    """The TCVN3 fonts that draw capitals at the lower-case code points end in "H"."""
    return font_encoding(name) == TCVN3 and (name or "").strip().endswith("H")


# --- telling the encoding from the text ----------------------------------------------------------

_INITIAL = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnpqrstvx])?"
# the vowel groups of Vietnamese rhymes (with their glides), without tone marks
_VOWEL_GROUPS = ("a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo "
                 "ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê iêu yêu oai oao oay oeo uây uôi ươi ươu uyê "
                 "uya uyu").split()
_VOWELS_RE = "|".join(sorted(_VOWEL_GROUPS, key=len, reverse=True))
_SYLLABLE = re.compile(f"^({_INITIAL})({_VOWELS_RE})(ch|ng|nh|[cmnpt])?$")
_MARKED = set("ăâêôơư")
_EITHER = {"oa", "oe", "uy"}  # old style hóa, thúy and new style hoá, thuý
_WORD = re.compile(r"[^\W\d_]+")
_UNICODE_ONLY = re.compile("[\u0100-\u024f\u0300-\u036f\u1ea0-\u1ef9]")
_LETTERS = set("".join(vietnamese_letters()))
SAMPLE_CELLS = 2_000  # text cells (beyond ASCII) looked at per sheet
MIN_WORDS = 3


def _strip_tone(word: str) -> tuple:
    """(the word lower-cased without its tone, index of the letter carrying the tone or None,
    number of tones)."""
    letters: list[str] = []
    at, tones = None, 0
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in TONES[1:]:
            tones += 1
            at = len(letters) - 1
        elif unicodedata.combining(ch) and letters:
            letters[-1] += ch
        else:
            letters.append(ch)
    return unicodedata.normalize("NFC", "".join(letters)), at, tones


def _tone_places(vowels: str, final: bool) -> set:
    """Where a tone may sit in a vowel group (old and new spelling both accepted)."""
    marked = {i for i, v in enumerate(vowels) if v in _MARKED}
    if marked:
        return marked
    if final or len(vowels) == 1:
        return {len(vowels) - 1}
    if len(vowels) == 2:
        return {0, 1} if vowels in _EITHER else {0}
    return {1}


def is_syllable(word: str) -> bool:
    """Whether a word is a well-formed Vietnamese syllable: initial, a vowel group of the
    language's rhymes, a final consonant (none after a glide), at most one tone, on its vowel."""
    base, at, tones = _strip_tone(word)
    if tones > 1:
        return False
    m = _SYLLABLE.match(base)
    if not m:
        return False
    initial, vowels, final = m.group(1), m.group(2), m.group(3)
    if final and len(vowels) > 1 and vowels[-1] in "iouy" and vowels not in _EITHER | {"uyê", "oo"}:
        return False  # a glide ends the rhyme: "aup" is no syllable
    if at is None:
        return True
    pos = at - len(initial)
    if initial == "gi" and at == 1 and vowels[0] != "i":  # "gìn" read as g + ìn
        return False
    return pos in _tone_places(vowels, bool(final))


def _score(texts: list) -> tuple:
    """(valid, words): the words holding a letter beyond ASCII, and how many are syllables."""
    valid = words = 0
    for text in texts:
        for w in _WORD.findall(text):
            if w.isascii():
                continue
            words += 1
            valid += all(ch in _LETTERS or ch.isascii() for ch in w) and is_syllable(w)
    return valid, words


_SYMBOLS = set("°±²³¹×·")  # Latin-1 signs ordinary sheets use (m², 30°, 2×3)


def _junk(texts: list) -> tuple:
    """(characters of the Latin-1 range that are neither Vietnamese letters nor common signs:
    legacy bytes; all characters beyond ASCII)."""
    junk = beyond = 0
    for t in texts:
        for ch in t:
            if ch > "\u007f":
                beyond += 1
                junk += "\u00a0" < ch <= "\u00ff" and ch not in _LETTERS and ch not in _SYMBOLS
    return junk, beyond


def sheet_texts(rows: list) -> list:
    out = []
    for row in rows:
        for c in row:
            if isinstance(c, str) and not c.isascii():
                out.append(c)
                if len(out) >= SAMPLE_CELLS:
                    return out
    return out


def detect(texts: list, hint: str | None = None) -> tuple:
    """(encoding, verdict): encoding TCVN3/VNI when the text reads as one, else None; verdict is
    "unicode", "legacy" or "unclear" (looks legacy, reads neither way)."""
    if not texts:
        return None, "unicode"
    unicode_only = sum(1 for t in texts if _UNICODE_ONLY.search(t))
    if unicode_only * 2 >= len(texts):  # ơ, ư, ă, đ, ạ...: no legacy font has these code points
        return None, "unicode"
    valid_u, words_u = _score(texts)
    best, best_valid = None, 0
    for enc in (hint, TCVN3, VNI):
        if enc is None:
            continue
        decoded = [DECODERS[enc](t) for t in texts if not _UNICODE_ONLY.search(t)]
        valid, words = _score(decoded)
        enough = 1 if enc == hint else MIN_WORDS  # the fonts said so: one word will do
        if valid > best_valid and valid >= enough and valid >= 0.7 * words:
            best, best_valid = enc, valid
    if best is not None and best_valid > 1.5 * valid_u + (best != hint):
        return best, "legacy"
    junk, beyond = _junk(texts)
    if valid_u < 0.5 * words_u and junk >= 10 and (hint or junk >= 0.5 * beyond):
        return hint, "unclear"
    return None, "unicode"


def refusal(encoding: str | None) -> str:
    name = LABEL.get(encoding or "", "TCVN3 (ABC) hoặc VNI")
    return (f"Trang tính có vẻ được gõ bằng bảng mã cũ {name} (phông .VnTime, VNI-Times...) nhưng "
            "không tự chuyển được sang Unicode. Hãy mở tệp trong Excel, sao chép bảng, dùng Unikey "
            f"→ Công cụ (Ctrl+Shift+F6) → Chuyển mã: nguồn {name}, đích Unicode; dán lại bảng, "
            "đổi phông sang Times New Roman, lưu rồi tải lên lại.")


def convert_rows(rows: list, encoding: str, upper_cells=frozenset()) -> list:
    """Every text cell decoded (a cell already holding Unicode-only letters is left as is);
    cells at (row, col) in upper_cells were in an upper-case TCVN3 font."""
    decode = DECODERS[encoding]
    out = []
    for r, row in enumerate(rows):
        new = []
        for c, v in enumerate(row):
            if isinstance(v, str) and not v.isascii() and not _UNICODE_ONLY.search(v):
                v = decode(v)
                if (r, c) in upper_cells:
                    v = v.upper()
            elif isinstance(v, str) and (r, c) in upper_cells and encoding == TCVN3:
                v = v.upper()
            new.append(v)
        out.append(new)
    return out


def fix_grids(grids: list, font_names=(), cell_fonts: dict | None = None) -> list:
    """Decode the sheets typed in a legacy encoding (in place), saying so in
    Grid.legacy_encoding (the reader warns `legacy_font_converted`); a
    sheet that looks legacy but cannot be read gets Grid.error. cell_fonts: {sheet index:
    {(row, col): font name}} where the format records cell fonts."""
    hints = {font_encoding(n) for n in font_names} - {None}
    hint = hints.pop() if len(hints) == 1 else None
    for i, g in enumerate(grids):
        if g.error or not g.rows:
            continue
        fonts = (cell_fonts or {}).get(i, {})
        sheet_hints = {font_encoding(n) for n in fonts.values()} - {None}
        sheet_hint = sheet_hints.pop() if len(sheet_hints) == 1 else hint
        encoding, verdict = detect(sheet_texts(g.rows), sheet_hint)
        if verdict == "unclear":
            g.rows, g.merged, g.error = [], [], refusal(encoding)
        elif verdict == "legacy":
            upper = frozenset(k for k, n in fonts.items() if is_upper_font(n))
            g.rows = convert_rows(g.rows, encoding, upper)
            g.legacy_encoding = encoding
    return grids
