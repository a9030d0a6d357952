"""Reading the text of real PDFs in tests (pypdf, so CI needs nothing outside the project's install), and
the rendered-PDF record that the shared render fixtures hand to the tests that read them."""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import Any


def pdf_text(path: Path) -> str:
    """All the text of a PDF, NFKC-normalised (ligatures such as U+FB01 become plain letters), pages joined
    by newlines. Extracted once per file as it is (several tests read the same render).

    The text is read with PDFium (pypdfium2, a wheel: nothing outside the project's install), which reads
    the fonts' ToUnicode maps as viewers do, in a tenth of a second for the whole example plan where pypdf
    took three. pypdf still reads the PDF's structure (outline, metadata, attachments) in the tests.
    """
    return "\n".join(page_texts(path))


def page_texts(path: Path) -> tuple[str, ...]:
    """The text of each page of a PDF, as `pdf_text` reads it."""
    stat = Path(path).stat()
    return _extracted(str(path), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _extracted(path: str, _size: int, _mtime: int) -> tuple[str, ...]:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()
    return tuple(unicodedata.normalize("NFKC", page.replace("\r\n", "\n").translate(_PDFIUM)) for page in pages)


_PDFIUM = {0xFFFE: "-"}
"""PDFium's mark for a hyphen that ends a line ("day-" / "trip" in the minutes), read back as the hyphen
that is printed there."""


def compact(s: str) -> str:
    """Text without any whitespace, to compare across the line breaks of a layout."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


class Rendered:
    """A PDF rendered once for several tests: the plan folder it came from, the file, the progress messages,
    its text (extracted once: pypdf takes seconds on a whole plan) and a reader."""

    def __init__(self, folder: Path, path: Path, messages: list[str] | None = None) -> None:
        from pypdf import PdfReader

        self.folder = folder
        self.path = path
        self.messages = list(messages or [])
        self.text = pdf_text(path)
        self.reader: Any = PdfReader(str(path))


def label_sizes(markup: str) -> list[float]:
    """The font size, in mm, of every label of the charts in ``markup`` (export/charts.py): its own when its
    style has one, else its class's in plan.css (``cs`` is charts.SMALL, ``cl`` alone charts.SIZE)."""
    from facilitator.export import charts

    sizes = []
    for classes, style in re.findall(r'<span class="(cl[^"]*)" style="([^"]*)"', markup):
        own = re.search(r"font-size:([\d.]+)mm", style)
        sizes.append(float(own.group(1)) if own else charts.SMALL if "cs" in classes.split() else charts.SIZE)
    return sizes
