import hmac

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache

from sammen.monitoring import metrics


@never_cache
def prometheus_metrics(request):
    """For the operator's Prometheus only: with ``Authorization: Bearer <SAMMEN_METRICS_TOKEN>``; anyone else (and
    everyone, when no token is configured) gets "not found"."""
    token = settings.SAMMEN_METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not token or not hmac.compare_digest(given.encode(), token.encode()):
        raise Http404
    return HttpResponse(metrics.exposition(), content_type="text/plain; version=0.0.4; charset=utf-8")
