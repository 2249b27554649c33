"""The status report as a tagged PDF for a committee's agenda, drawn by WeasyPrint from the same tables and SVG
charts as the page.

WeasyPrint may fetch only Sammen's own static files (the print stylesheet and DKFDS's IBM Plex Sans), read from
disk through the staticfiles finders: a report never reaches the network, whatever its HTML contains.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

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


class StaticFilesOnly(URLFetcher):
    """Sammen's static files from disk; any other address is refused (WeasyPrint then leaves that resource out)."""

    def fetch(self, url, headers=None):
        local = _static_file(url)
        if local is None:
            raise ValueError(f"The PDF may only use Sammen's static files, not {url}")
        content_type = mimetypes.guess_type(local.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=local.read_bytes(), headers={"Content-Type": content_type})


def render_pdf(html: str) -> bytes:
    """A tagged PDF (structure tree, language and title from the HTML) of a whole HTML document."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnly())
    return document.write_pdf(pdf_tags=True)
