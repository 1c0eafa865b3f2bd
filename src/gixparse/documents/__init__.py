"""Reports that arrive as documents: HTML pages, Word files, PDFs, encoded bytes.

One decision runs the whole pipeline: every input shape is read into the same
grid, and everything after the grid is shared. A document reader therefore does
not place or check anything. It turns the document into gixparse *text* in the
one-cell-per-line layout that ``readers/cell_lines.py`` already reads:

* body text (title, headings, paragraphs) as plain lines, in document order, so
  the section finder finds the six sections, the title, the agency and the year
  exactly as in any text;
* each table row as one line per cell, each opened by a tab, a lone tab for a
  blank cell, rows apart by a blank line; a cell's own line breaks joined so
  that each cell is one line; cells spanning rows or columns written as
  described in :mod:`gixparse.documents._layout`.

``parse_text`` then does the rest, and a document gets the same placement,
checks, findings and export as text does. The price is that positions
(``Span.line`` / ``Span.column``, a finding's ``line`` / ``column``) refer to
that generated text, not to the document: ``document_text(data)`` gives it, so
a position can be looked up there.

Readers: :mod:`.html` (lxml, always installed), :mod:`.docx` (python-docx,
``pip install 'gixparse[docx]'``), :mod:`.pdf` (pdfplumber,
``pip install 'gixparse[pdf]'``). Which one reads some bytes is decided by their
content (:mod:`.sniff`), never by a file name.
"""

from __future__ import annotations

from ..decode import decode
from ..errors import GixparseError
from . import sniff

__all__ = ["document_text"]


def document_text(data: bytes) -> str:
    """The text gixparse parses for a document's bytes: a PDF or Word file read
    by its reader, HTML (after decoding) by the HTML reader, other bytes decoded."""
    what = sniff.kind(data)
    if what == "zip":
        raise GixparseError("a ZIP archive that is not a Word .docx file (no word/document.xml): "
                            "damaged, or not a report")
    if what in ("pdf", "docx"):
        from . import docx, pdf

        to_text = pdf.to_text if what == "pdf" else docx.to_text
        try:
            return to_text(data)
        except GixparseError:
            raise
        except Exception as exc:  # a damaged file: say so, not a traceback from deep inside
            raise GixparseError(f"cannot read this {what.upper()} file: {exc!r}") from exc
    text = decode(data, sniff.declared_charset(data))
    if sniff.is_html(text):
        from . import html

        return html.to_text(text)
    return text
