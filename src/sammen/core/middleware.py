from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers


class DanishFirstLocaleMiddleware:
    """Danish unless the person chose otherwise: the language cookie, else the signed-in user's saved language.

    Replaces Django's LocaleMiddleware on purpose: the browser's Accept-Language is not used, because a Danish
    public service answers in Danish first and an English-language phone should not change that.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self._chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response

    @staticmethod
    def _chosen_language(request) -> str:
        available = {code for code, _ in settings.LANGUAGES}
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in available:
            return chosen
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language in available:
            return user.language
        return settings.LANGUAGE_CODE


# Everything from Sammen itself: the DKFDS styles, fonts and icons and htmx are served from /static/, pictures from
# /media/; data: for the QR code of the two-factor set-up. No inline script or style anywhere (htmx's own indicator
# style is switched off in core/base.html). form-action is left out on purpose: an external login form posts to
# Sammen, which redirects to the identity provider, and browsers check that redirect against form-action too.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
    ]
)


class SecurityHeadersMiddleware:
    """The Content-Security-Policy on every answer, and no caching of anything shown to a signed-in person.

    frame-ancestors follows Django's X-Frame-Options: only a view marked ``xframe_options_exempt`` (the embeddable
    activity list) may be framed by other sites. A signed-in person's pages (conversations, profile, staff pages,
    and every other page, which shows their name) must not stay in the browser's or a proxy's cache on a shared
    library computer; answers that set their own Cache-Control (the public feeds) keep it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Django's own debug pages (DEBUG only) are made of inline scripts and styles.
        if not (settings.DEBUG and response.status_code in (404, 500)):
            framing = "*" if getattr(response, "xframe_options_exempt", False) else "'none'"
            policy = f"{CONTENT_SECURITY_POLICY}; frame-ancestors {framing}"
            response.headers.setdefault("Content-Security-Policy", policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response.headers:
            add_never_cache_headers(response)
        return response
