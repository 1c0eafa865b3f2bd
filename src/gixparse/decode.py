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
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "utf_16", "big5", "utf_8"]).best()
    if best is not None:
        return str(best)
    return data.decode("gb18030", errors="replace")
