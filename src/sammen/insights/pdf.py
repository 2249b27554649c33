"""The status report as a tagged PDF for a committee's agenda, drawn by WeasyPrint from the same tables and SVG
charts as the page.

WeasyPrint may fetch only Sammen's own static files (the print stylesheet and DKFDS's IBM Plex Sans), read from
disk through the staticfiles finders: a report never reaches the network, whatever its HTML contains.

WeasyPrint is imported when the first PDF is made, not with the URLs: loading it looks for Pango and HarfBuzz
(with ``ldconfig`` and ``gcc`` for libraries it does not find at once), which would slow every worker's start.
"""

import functools
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

# Relative addresses in the HTML ({% static %} gives /static/…) resolve against this and reach only the fetcher.
BASE_URL = "file:///"


def _static_file(url: str) -> Path | None:
    """The local file behind a static address (``{% static %}`` resolved against BASE_URL), or None."""
    prefix = urljoin(BASE_URL, settings.STATIC_URL)
    if not url.startswith(prefix):
        return None
    relative = unquote(urlsplit(url).path[len(urlsplit(prefix).path) :])
    if ".." in relative.split("/"):
        return None
    found = finders.find(relative)
    if found:
        return Path(found)
    collected = Path(settings.STATIC_ROOT) / relative
    return collected if collected.is_file() else None


@functools.cache
def _static_files_only():
    """The fetcher class: Sammen's static files from disk; any other address is refused (WeasyPrint then leaves
    that resource out)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            local = _static_file(url)
            if local is None:
                raise ValueError(f"The PDF may only use Sammen's static files, not {url}")
            content_type = mimetypes.guess_type(local.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=local.read_bytes(), headers={"Content-Type": content_type})

    return StaticFilesOnly


def static_files_fetcher():
    """WeasyPrint's URL fetcher for the report: Sammen's static files only."""
    return _static_files_only()()


def render_pdf(html: str) -> bytes:
    """A tagged PDF (structure tree, language and title from the HTML) of a whole HTML document."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=static_files_fetcher())
    return document.write_pdf(pdf_tags=True)
