"""One log line per request, with an id the response carries too (``X-Request-ID``), so that an operator can find a
person's "it went wrong at 10.14" in the log. The line names the view, not the path: paths can carry tokens and
search words. Only the user's id is logged."""

import logging
import re
import time
import uuid

from sammen.monitoring import metrics

logger = logging.getLogger("sammen.requests")

# An id the proxy already gave the request is kept, if it looks like one (no room for anything else in it).
_INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def view_name(request) -> str:
    """The view that answered, as Django resolved it for the request (no second look-up)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<not found>"
    return match.view_name or match.func.__module__ + "." + match.func.__name__


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _INCOMING_ID.match(incoming) else uuid.uuid4().hex
        started = time.monotonic()
        response = self.get_response(request)
        seconds = time.monotonic() - started
        view = view_name(request)
        response["X-Request-ID"] = request.request_id
        user = getattr(request, "user", None)
        logger.info(
            "%s %s %s",
            request.method,
            view,
            response.status_code,
            extra={
                "request_id": request.request_id,
                "method": request.method,
                "view": view,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        metrics.observe_request(view=view, method=request.method, status=response.status_code, seconds=seconds)
        return response
