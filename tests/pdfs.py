"""Reading the text of real PDFs in tests (pypdf, so CI needs nothing outside the project's install)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path


def pdf_text(path: Path) -> str:
    """All the text of a PDF, NFKC-normalised (ligatures such as U+FB01 become plain letters)."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return unicodedata.normalize("NFKC", "\n".join(page.extract_text() or "" for page in reader.pages))


def compact(s: str) -> str:
    """Text without any whitespace, to compare across the line breaks of a layout."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))
