"""Error reports to a Sentry-compatible server (Sentry, GlitchTip …), only when ``SENTRY_DSN`` is set. Nothing
personal leaves: no user details, cookies, headers, request bodies or query strings, and local variables are not
sent; the report keeps the request id and the user's id."""

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

_KEPT_REQUEST_KEYS = {"method", "url"}


def scrub(event, hint):
    request = event.get("request")
    if request:
        event["request"] = {key: value for key, value in request.items() if key in _KEPT_REQUEST_KEYS}
        if "url" in event["request"]:
            event["request"]["url"] = event["request"]["url"].split("?", 1)[0]
    user = event.get("user")
    if user:
        event["user"] = {"id": user["id"]} if "id" in user else {}
    event.pop("breadcrumbs", None)  # they carry SQL parameters and log messages
    return event


def start(*, dsn: str, environment: str, release: str) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub,
        traces_sample_rate=0,
    )
