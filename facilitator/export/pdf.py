"""HTML to PDF bytes with WeasyPrint, reading nothing but the files of the templates package.

WeasyPrint is imported inside the functions of this module only: it takes most of a second to import
and the app's start-up must not pay for it (a test checks that). The URL fetcher serves files under the
templates folder and refuses everything else (other files, http, data: URLs), so even markup that
slipped through could not embed a local file (advisory GHSA-35jj-wx47-4w8r). The same fetcher is given
to the HTML, to every stylesheet and to the attachment.
"""

from __future__ import annotations

import datetime as dt
import gc
import mimetypes
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from facilitator.export.html import STYLESHEET, breakable_long_words, templates_dir

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

PDF_VARIANT = "pdf/ua-1"
"""Tagged PDF (a structure tree for screen readers and reflow); needs <title> and <html lang>."""

_TYPES = {".css": "text/css", ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf",
          ".otf": "font/otf", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg"}


class RefusedURL(ValueError):
    """The fetcher was asked for something outside the templates package."""


def resolve_template_url(url: str, root: Path) -> Path:
    """The file under ``root`` that ``url`` names; RefusedURL for anything else.

    Only ``file:`` URLs without a host are considered; the path is resolved (symlinks and ``..``) before
    it is checked to be inside ``root``.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        raise RefusedURL(f"refused (not a template file): {url[:200]}")
    try:
        path = Path(unquote(parts.path)).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        raise RefusedURL(f"refused (no such template file): {url[:200]}") from None
    if not path.is_relative_to(root) or not path.is_file():
        raise RefusedURL(f"refused (outside the templates): {url[:200]}")
    return path


def make_fetcher(root: Path | None = None) -> URLFetcher:
    """A WeasyPrint URL fetcher that serves only files under ``root`` (default: the templates folder).

    The fetcher records every URL it was asked for in ``.requested`` and the refused ones in ``.refused``.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class TemplateFetcher(URLFetcher):
        def __init__(self, root: Path) -> None:
            super().__init__(allowed_protocols=("file",), allow_redirects=False)
            self.root = root.resolve()
            self.requested: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            self.requested.append(url)
            try:
                path = resolve_template_url(url, self.root)
            except RefusedURL:
                self.refused.append(url)
                raise
            kind = _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), body=path.read_bytes(), headers={"Content-Type": kind})

    return TemplateFetcher(root or templates_dir())


def base_url(root: Path | None = None) -> str:
    return (root or templates_dir()).as_uri() + "/"


ATTACHMENT_DESCRIPTIONS = {
    "plan.toml": "The plan file this document was made from",
    "session.toml": "The session file these minutes were made from",
    "sessions": "A workshop session of the plan (its participatory record)",
    "history": "The plan as it was at a recorded revision",
    "workshops": "A workshop kit adapted for this plan",
}
"""Shown by PDF viewers next to each embedded file, by name or by folder."""


def attachment_description(name: str) -> str:
    folder = name.split("/", 1)[0]
    return ATTACHMENT_DESCRIPTIONS.get(name) or ATTACHMENT_DESCRIPTIONS.get(folder, "A file of the plan")


@contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block (as it was after it).

    A render makes millions of short-lived objects (boxes, styles, Pango wrappers) and little cyclic
    garbage, so the collector's passes over them are wasted: about 0.5 s of a 44-page plan here. The
    memory of what does form cycles comes back at the next collection once the block has ended.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render_pdf(html: str, *, page_css: str = "", attachment: bytes | None = None,
               attachment_name: str = "plan.toml", attachments: Sequence[tuple[str, bytes]] = (),
               title: str = "", authors: list[str] | None = None, description: str = "", generator: str = "",
               lang: str = "", fetcher: URLFetcher | None = None,
               laid_out: Callable[[int], None] | None = None, root: Path | None = None,
               custom: dict[str, str] | None = None) -> tuple[bytes, int]:
    """Lay out ``html`` with the plan stylesheet and return (PDF bytes, page count).

    ``page_css`` is an extra stylesheet (translated page-margin labels); ``laid_out`` is called with the
    page count between layout and writing. ``attachment`` (named ``attachment_name``) and ``attachments``
    (relative path, bytes) are embedded as separate files, named by their path in the plan folder, so
    `facilitator import-pdf` can restore the folder. Metadata are set on the rendered document rather
    than through ``<meta>`` attributes, so participant text (a cluster name in the title) never becomes
    an HTML attribute. Long words are made breakable first (`breakable_long_words`). ``root`` is the
    templates folder (default: the package's; the benchmark gives an older one). ``custom`` are extra
    document-information entries (`facilitator.export.privacy.ATTACHED_KEY`: what the attached files carry).
    """
    import weasyprint

    root = root or templates_dir()
    fetcher = fetcher or make_fetcher(root)
    with paused_gc():
        document = lay_out(html, page_css, fetcher=fetcher, root=root)
        return _write(document, weasyprint, attachment, attachment_name, attachments, title, authors, description,
                      generator, lang, fetcher, laid_out, custom)


def lay_out(html: str, page_css: str = "", *, fetcher: URLFetcher | None = None, root: Path | None = None) -> Any:
    """The laid-out WeasyPrint ``Document`` of ``html`` (long words made breakable) with the plan
    stylesheet and ``page_css``, fonts and files read through ``fetcher`` from ``root``."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    root = root or templates_dir()
    fetcher = fetcher or make_fetcher(root)
    base = base_url(root)
    fonts = FontConfiguration()
    stylesheets = [weasyprint.CSS(url=base + STYLESHEET, url_fetcher=fetcher, font_config=fonts)]
    if page_css:
        stylesheets.append(weasyprint.CSS(string=page_css, base_url=base, url_fetcher=fetcher, font_config=fonts))
    return weasyprint.HTML(string=breakable_long_words(html), base_url=base, url_fetcher=fetcher).render(
        font_config=fonts, stylesheets=stylesheets)


def _write(document: Any, weasyprint: Any, attachment: bytes | None, attachment_name: str,
           attachments: Sequence[tuple[str, bytes]], title: str, authors: list[str] | None, description: str,
           generator: str, lang: str, fetcher: URLFetcher, laid_out: Callable[[int], None] | None,
           custom: dict[str, str] | None = None) -> tuple[bytes, int]:
    pages = len(document.pages)
    if laid_out:
        laid_out(pages)
    # Only the attachment given here: none may come from the document itself.
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]
    if title:
        document.metadata.title = title
    document.metadata.authors = list(authors or [])
    document.metadata.description = description or None
    document.metadata.generator = generator or None
    if lang:
        document.metadata.lang = lang
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    document.metadata.created = document.metadata.modified = now
    files = dict(attachments)
    if attachment is not None:
        files[attachment_name] = attachment
    # The embedded-files name tree must be sorted by its keys (the names as bytes).
    embedded = [weasyprint.Attachment(
        string=content, name=name, url_fetcher=fetcher, description=attachment_description(name),
        relationship="Source" if name == attachment_name else "Supplement")
        for name, content in sorted(files.items(), key=lambda item: item[0].encode())]
    document.metadata.custom = dict(custom or {})
    data = document.write_pdf(pdf_variant=PDF_VARIANT, attachments=embedded, custom_metadata=bool(custom))
    assert data is not None
    return data, pages


def write_pdf(target: Path, html: str, say: Callable[[str], None], **options: Any) -> Path:
    """Render ``html`` (``options`` as for `render_pdf`) and write it atomically to ``target``, telling
    ``say`` about the layout and the result."""
    from facilitator.i18n import _
    from facilitator.tomlio import atomic_write

    say(_("laying out the pages"))
    data, pages = render_pdf(html, laid_out=lambda n: say(_("writing {n} pages").format(n=n)), **options)
    atomic_write(target, data, str(target))
    say(_("written {path} ({n} pages)").format(path=target, n=pages))
    return target
