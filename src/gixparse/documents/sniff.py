"""What a document is, told by its content (never by its file name).

* ``pdf``: the bytes start with ``%PDF-`` (PDF 32000-1 §7.5.2; up to 1024 bytes
  of junk before it are allowed, as readers do);
* ``docx``: a ZIP archive (``PK\\x03\\x04``) holding ``word/document.xml``;
* ``html``: text whose first tag, after white space, a BOM and comments, is one
  of those the WHATWG MIME Sniffing standard lists for HTML (``<!DOCTYPE HTML``,
  ``<html``, ``<head``, ``<body``, ``<table``, ``<div``, ``<p``, ``<br``…), or one
  a scraped fragment starts with (``<meta``, ``<span``, ``<tr``, ``<td``,
  ``<section``…); an XML declaration may stand first, as in XHTML;
* ``text``: anything else.
"""

from __future__ import annotations

import io
import re
import zipfile

__all__ = ["declared_charset", "is_html", "kind"]

_HTML_START = re.compile(
    r"\A(?:\ufeff)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    r"<(?:!doctype\s+html|html|head|body|script|iframe|h[1-6]|div|font|table|a|style|title|b|br|p"
    r"|meta|span|section|article|main|tr|td|th|tbody|ul|ol|li|center|strong)(?=[\s/>])",
    re.I | re.S,
)
_META_CHARSET = re.compile(rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)


def kind(data: bytes) -> str:
    """``pdf``, ``docx``, ``zip`` (an archive that is not a Word file) or ``bytes``
    (to be decoded, then told apart by :func:`is_html`)."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                return "docx" if "word/document.xml" in zf.namelist() else "zip"
        except Exception:  # damaged: BadZipFile, NotImplementedError (a version zipfile lacks), ...
            return "zip"
    return "bytes"


def is_html(text: str) -> bool:
    """Whether decoded text is an HTML page or fragment."""
    return _HTML_START.match(text[:4096]) is not None


def declared_charset(data: bytes) -> str | None:
    """The encoding an HTML page declares in its first 1024 bytes
    (``<meta charset="gbk">``, ``<meta http-equiv=… content="…; charset=gb2312">``)."""
    m = _META_CHARSET.search(data[:1024])
    return m.group(1).decode("ascii").lower() if m else None
