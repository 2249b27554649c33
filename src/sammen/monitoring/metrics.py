"""Prometheus metrics: requests (rate, latency and status per view), the outbox backlog, the Celery queue length
and failed logins. Under gunicorn with several workers, set ``PROMETHEUS_MULTIPROC_DIR`` (see docs/operations.md)
so that every worker's counts are added up."""

import logging
import os

import redis
from django.conf import settings
from django.db.models import Count
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

from sammen.notifications.models import OutboxMessage

logger = logging.getLogger(__name__)

REQUESTS = Counter("sammen_requests_total", "HTTP requests answered", ["view", "method", "status"])
LATENCY = Histogram(
    "sammen_request_seconds",
    "Time to answer an HTTP request",
    ["view"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
FAILED_LOGINS = Counter("sammen_failed_logins_total", "Failed logins (wrong password or two-factor code)")


def observe_request(*, view: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(view=view, method=method, status=str(status)).inc()
    LATENCY.labels(view=view).observe(seconds)


class BacklogCollector:
    """Read at scrape time: what waits in the outbox, and what waits in the broker's default queue."""

    def collect(self):
        outbox = GaugeMetricFamily("sammen_outbox_messages", "Outbox rows by status", labels=["status"])
        try:
            rows = OutboxMessage.objects.values("status").annotate(n=Count("pk")).values_list("status", "n")
            counts = dict(rows)
        except Exception:  # the database is down: /readyz says so; metrics still answer
            logger.warning("Could not count the outbox for the metrics.")
            counts = {}
        for status in ("pending", "sent", "failed"):
            outbox.add_metric([status], counts.get(status, 0))
        yield outbox
        length = celery_queue_length()
        if length is not None:
            yield GaugeMetricFamily("sammen_celery_queue_length", "Tasks waiting in the Celery queue", value=length)


def celery_queue_length() -> int | None:
    broker = settings.CELERY_BROKER_URL
    if not broker.startswith(("redis://", "rediss://")):
        return None
    try:
        return redis.Redis.from_url(broker, socket_timeout=1, socket_connect_timeout=1).llen("celery")
    except redis.RedisError:
        logger.warning("Could not read the Celery queue length from the broker.")
        return None


_backlog = CollectorRegistry()
_backlog.register(BacklogCollector())


def exposition() -> bytes:
    """The metrics as Prometheus reads them: this process's (or, under gunicorn, every worker's) and the backlog."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return generate_latest(registry) + generate_latest(_backlog)
