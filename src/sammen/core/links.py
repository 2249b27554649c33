from django.conf import settings


def absolute_url(path: str) -> str:
    """A link for an e-mail, which has no request to build it from."""
    return settings.SAMMEN_BASE_URL.rstrip("/") + path
