"""Stage 1: normalise the input text.

Two strings come out, of the same length and with the same line breaks, so a
position found in one is the same position in the other:

``text``
    the input with line endings made ``\\n`` and a leading byte-order mark
    dropped. Raw cell text and section text are cut from it.
``folded``
    ``text`` with full-width digits made ASCII, the many kinds of space
    (U+3000, NBSP, zero-width) made plain spaces and traditional characters
    (pages from traditional-character mirror sites) made simplified, one
    character for one. The readers and the section finder work on it.

Document artifacts (``[bookmark: OLE_LINK1]``) are left in place here, since
taking them out would move every position after them; the cell grammar reads
past them and :func:`strip_artifacts` removes them from section text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache
from itertools import accumulate

from attrs import frozen

__all__ = ["Source", "normalise", "put_back", "strip_artifacts", "wide_digit_places"]

_FOLD: dict[int, str] = {0xFF10 + i: str(i) for i in range(10)}
for _space in ("\u3000", "\u00a0", "\u2002", "\u2003", "\u2009", "\u200b", "\u202f", "\ufeff", "\u200c", "\u200d"):
    _FOLD[ord(_space)] = " "
_FOLD[ord("\f")] = "\n"
_FOLD[ord("\v")] = "\n"

# (character, what it folds to) of _FOLD: none of the results is folded again, so replacing
# each in turn gives what text.translate(_FOLD) gives at once
_FOLD_PAIRS = tuple((chr(k), v) for k, v in _FOLD.items())


def _fold(text: str) -> tuple[str, bool]:
    """``text.translate(_FOLD)``, done where it is needed only: ``str.translate``
    looks every character of CJK text up in the table (1 ms for a 16,000-character
    report), and re scans for a set of characters at ~6 ns a CJK character, while the
    characters it changes are few or none: each is looked for (``in``, a fast scan for
    one character) and replaced where present. With it, whether ``text`` holds a
    full-width digit (seen on the way: no second scan of the text)."""
    wide = False
    for ch, folded in _FOLD_PAIRS:
        if ch in text:
            text = text.replace(ch, folded)
            if folded.isdigit():
                wide = True
    return text, wide


_ARTIFACT = re.compile(r"\[bookmark:[^\]\n]*\]")


@frozen
class Source:
    """The input after stage 1, with the lines of its offsets.

    A report asks for the line of a few offsets only (a section's heading, a table's
    start): each is counted when asked (``str.count`` of the line breaks before it, at C
    speed), where a table of every line's start costs a string and two calls per line."""

    text: str
    folded: str

    @property
    def line_starts(self) -> tuple[int, ...]:
        """The offset where each line starts (computed when asked)."""
        # each line starts one past the end of the one before: lengths added up at C speed
        lines = self.folded.split("\n")
        lines.pop()
        return tuple(accumulate(map(_ONE_MORE, map(len, lines)), initial=0))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset."""
        if offset < 0:  # not an offset of the text: as a bisect of line_starts answers
            starts = self.line_starts
            i = bisect_right(starts, offset) - 1
            return i + 1, offset - starts[i] + 1
        folded = self.folded
        return folded.count("\n", 0, offset) + 1, offset - folded.rfind("\n", 0, offset)


# Characters every traditional-character report holds (公開, 報告, 資訊) and no simplified one does.
_TRADITIONAL_MARKS = ("開", "報", "資", "與", "處")


@cache
def _t2s_table() -> dict[int, str]:
    """OpenCC's traditional-to-simplified character table (its TSCharacters dictionary),
    one character for one, as a ``str.translate`` table: built once, applied at C speed."""
    from importlib.resources import files

    table: dict[int, str] = {}
    data = (files("opencc") / "dictionary" / "TSCharacters.txt").read_text(encoding="utf-8")
    for line in data.splitlines():
        trad, _, simp = line.partition("\t")
        simp = simp.split(" ")[0]
        if len(trad) == 1 and len(simp) == 1 and trad != simp:
            table[ord(trad)] = simp
    return table


def _simplified(folded: str) -> str:
    """Traditional characters made simplified, one for one, keeping every position."""
    return folded.translate(_t2s_table())


_WIDE_DIGITS = "".join(chr(0xFF10 + i) for i in range(10))


def wide_digit_places(text: str) -> list[int]:
    """The offsets of the full-width digits of ``text``, in order. Each digit is looked
    for with ``str.find`` (a fast scan for one character; re scans for a set of
    characters at ~6 ns a CJK character) and a report holds few of them."""
    places: list[int] = []
    for digit in _WIDE_DIGITS:
        i = text.find(digit)
        while i >= 0:
            places.append(i)
            i = text.find(digit, i + 1)
    places.sort()
    return places


def put_back(folded: str, text: str, places: list[int], start: int, end: int, parts: list[str]) -> None:
    """``folded[start:end]`` with the characters of ``text`` at ``places`` (sorted offsets)
    put back, appended to ``parts`` in pieces."""
    at = start
    for i in range(bisect_left(places, start), bisect_left(places, end)):
        p = places[i]
        parts.append(folded[at:p])
        parts.append(text[p])
        at = p + 1
    parts.append(folded[at:end])


def _keep_wide_digits_in_boxes(text: str, folded: str, wide: bool = True) -> str:
    """Lines of a table drawn with box characters keep their full-width digits: a
    text browser lines its columns up by display width, where a full-width digit takes
    two columns and an ASCII one one; the cell grammar reads full-width digits as well.

    ``folded`` is ``text`` folded (:func:`_fold`), so such a line is its folded line with
    the full-width digits of ``text`` put back (what folding it without them gives). The
    lines looked at are those of the full-width digits (few), each found by looking for
    the line breaks around it, and kept when it holds a box character. Without
    full-width digits in ``text`` there is nothing to put back; ``wide`` False says there
    are none."""
    if not wide:
        return folded
    places = wide_digit_places(text)
    parts: list[str] = []
    at = 0
    seen = -1  # the end of the last line looked at
    for p in places:
        if p < seen:
            continue  # on a line already looked at
        start = folded.rfind("\n", 0, p) + 1
        end = folded.find("\n", p)
        end = len(folded) if end < 0 else end
        seen = end
        line = folded[start:end]
        if "│" in line or "┃" in line or "║" in line:
            parts.append(folded[at:start])
            put_back(folded, text, places, start, end, parts)
            at = end
    if not parts:
        return folded
    parts.append(folded[at:])
    return "".join(parts)


def normalise(text: str) -> Source:
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    folded, wide = _fold(text)
    if "│" in folded or "┃" in folded or "║" in folded:
        folded = _keep_wide_digits_in_boxes(text, folded, wide)
    if wide:
        # space-aligned lines measure their columns in display width, as box-drawn ones do
        from .readers.spaced import keep_wide_digits

        folded = keep_wide_digits(text, folded)
    if any(mark in folded for mark in _TRADITIONAL_MARKS):
        folded = _simplified(folded)
    return Source(text=text, folded=folded)


_ONE_MORE = (1).__add__


def strip_artifacts(s: str) -> str:
    """Text with document artifacts (``[bookmark: …]``) taken out."""
    return _ARTIFACT.sub("", s) if "[" in s and "[bookmark" in s else s  # one character found fastest
