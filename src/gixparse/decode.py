"""Stage 0: bytes to text.

In this order, the first that applies:

1. a byte-order mark (UTF-8, UTF-16, UTF-32): the encoding it names;
2. the bytes are valid UTF-8: UTF-8 (Chinese text in GB18030 or Big5 is
   practically never valid UTF-8, while UTF-8 text is always);
3. an encoding the document declares (an HTML page's ``<meta charset>``), when
   the bytes decode under it without error and it is not a single-byte charset
   (Latin-1 and the like decode any bytes, so they prove nothing); the GB2312
   and GBK labels are read as GB18030, their superset, as the WHATWG Encoding
   standard does;
4. charset-normalizer, a maintained detector, limited to the encodings these
   reports come in (GB18030, which covers GBK and GB2312; UTF-16; Big5);
5. GB18030 with undecodable bytes replaced, so a str always comes out.

Step 4 is skipped when its answer is known without it: bytes that decode as
GB18030 and not as Big5 (and carry no signature) are GB18030 text, which is
what the detector gives for them too (see :func:`_only_gb18030`).
"""

from __future__ import annotations

import codecs

__all__ = ["decode"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# signatures charset-normalizer reads besides the BOMs above (GB18030's own, UTF-7's)
_SIGNATURES = (b"\x84\x31\x95\x33", b"+/v8", b"+/v9", b"+/v+", b"+/v/")
_DETECTOR_WHOLE = 10_000_000  # charset-normalizer decodes a payload under this size whole (TOO_BIG_SEQUENCE)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
              "big5": "big5hkscs"}


def _single_byte(name: str) -> bool:
    """Whether an encoding maps every byte to a character (Latin-1, windows-1252 …),
    so that bytes decoding under it says nothing about whether it is right."""
    try:
        text = codecs.lookup(name).decode(bytes(range(256)), "replace")[0]
    except LookupError:
        return False
    return len(text) == 256  # one character a byte (cp1252 leaves five bytes undefined: still one each)


def _only_gb18030(data: bytes) -> str | None:
    """The text of ``data`` when GB18030 is the only encoding the detector could name
    for it (the bytes are not UTF-8: the caller tried), else None.

    charset-normalizer, limited as :func:`decode` limits it, tests UTF-8 and Big5 and
    GB18030 by decoding the whole payload (none is tried on an error), and UTF-16
    only with a BOM: when Big5 fails, its best match is GB18030, or nothing, and
    then :func:`decode` decodes as GB18030 anyway. Either way the text is the
    strict GB18030 decoding. Payloads with a signature or too big to be decoded
    whole by the detector are left to it."""
    if len(data) >= _DETECTOR_WHOLE or data.startswith(_SIGNATURES):
        return None
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    try:
        data.decode("big5")
    except UnicodeDecodeError:
        return text
    return None


def decode(data: bytes, declared: str | None = None) -> str:
    """``data`` as text; ``declared`` is an encoding the document names for itself."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        name = _SUPERSETS.get(declared.lower(), declared)
        try:
            if not _single_byte(name):  # a single-byte charset decodes any bytes: no evidence
                return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    text = _only_gb18030(data)
    if text is not None:
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "utf_16", "big5", "utf_8"]).best()
    if best is not None:
        return str(best)
    return data.decode("gb18030", errors="replace")
