"""Write the seed corpora the fuzz harnesses start from (not committed: run it first).

    python fuzz/make_seeds.py            # -> fuzz/corpus/{text,html,docx,pdf}/

Seeds are our own reports, never real ones: the bundled example parsed and
written back by the renderer (:func:`gixparse.render.render`) in every layout
that can write tables, with and without quirks, for both forms; each table
section also on its own (small inputs mutate faster); and the invalid-input
corpus of ``tests/invalid``. The document seeds are the same reports as HTML,
Word and PDF files built by ``tests/fixtures/documents/build.py``.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import gixparse  # noqa: E402
from gixparse.readers import layouts  # noqa: E402
from gixparse.render import Quirks, render  # noqa: E402

CORPUS = ROOT / "fuzz" / "corpus"
EXAMPLE = ROOT / "examples" / "sample-2023-tab-rows.txt"
INVALID = ROOT / "tests" / "invalid"
SECTION_MARKS = ("二、", "三、", "四、", "五、")


def _put(kind: str, data: bytes) -> None:
    folder = CORPUS / kind
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def _sections(text: str) -> list[str]:
    """Each table section of a rendered report on its own, with its heading."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith(SECTION_MARKS)]
    return ["\n".join(lines[a:b]) for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]


def texts() -> list[str]:
    report = gixparse.parse(EXAMPLE.read_text(encoding="utf-8"))
    out = [EXAMPLE.read_text(encoding="utf-8")]
    writers = [m.LAYOUT for m in layouts() if hasattr(m, "render")]
    for layout in writers:
        for template, year in (("2021", 2023), ("2019", 2020)):
            for quirks in (None, Quirks.all(seed=7)):
                try:
                    text = render(report, layout, year=year, template=template, quirks=quirks)
                except ValueError:  # a 2021 row the 2019 form does not have
                    text = render({}, layout, agency=report.agency, year=year, template=template, quirks=quirks)
                out.append(text)
                out.extend(_sections(text))
    return out


def main() -> None:
    docs = ROOT / "tests" / "fixtures" / "documents"
    for text in texts():
        _put("text", text.encode("utf-8"))
    for path in sorted(INVALID.iterdir()):
        data = path.read_bytes()
        _put("text", data)
        kind = {".html": "html", ".docx": "docx", ".pdf": "pdf"}.get(path.suffix)
        if kind:
            _put(kind, data)
    if docs.is_dir():
        from tests.fixtures.documents.build import example_blocks, to_docx, to_html, to_pdf

        for text in (EXAMPLE.read_text(encoding="utf-8"), render(gixparse.parse(EXAMPLE.read_text(encoding="utf-8")))):
            blocks = example_blocks(text)
            _put("html", to_html(blocks).encode("utf-8"))
            _put("docx", to_docx(blocks))
            _put("pdf", to_pdf(blocks))
    for kind in sorted(p.name for p in CORPUS.iterdir()):
        print(kind, len(list((CORPUS / kind).iterdir())))


if __name__ == "__main__":
    main()
