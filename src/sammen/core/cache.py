"""The cache as something the site can do without: while Redis does not answer, each web process carries on with a
cache in its own memory, logs a warning, and goes back to Redis by itself (docs/operations.md, "When Redis is down").
"""

import logging
import time

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Per process, shared by its threads (Django makes one cache object per thread): until when Redis is left alone.
_resting_until: dict[str, float] = {}


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, falling back to this process's memory while Redis is unreachable.

    Falling back rather than failing: a login or a feed must not answer 500 because the cache is gone. What leans
    on the cache then works per web process instead of across all of them — allauth's login rate limits and its
    record of used two-factor codes, and the cached feeds. Rate limits so become looser by the number of processes
    but do not vanish, and nobody is locked out. After a failure Redis is left alone for ``RETRY_SECONDS`` (in
    OPTIONS, default 5), so that one login does not wait on a dozen failed connections, and then tried again.
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 5))
        super().__init__(server, {**params, "OPTIONS": options})
        self._location = str(server)
        self._fallback = LocMemCache(
            f"sammen-fallback:{self._location}", {**params, "OPTIONS": {"MAX_ENTRIES": 10_000}}
        )

    def status(self) -> str:
        """"ok" or "unavailable", for /readyz; while Redis rests after a failure, says so without asking it."""
        if self._resting():
            return "unavailable"
        try:
            self._cache.get_client(write=True).ping()
        except RedisError as error:
            self._failed(error)
            return "unavailable"
        self._answered()
        return "ok"

    def _either(self, name: str, *args, **kwargs):
        if self._resting():
            return getattr(self._fallback, name)(*args, **kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except RedisError as error:  # refused, timed out, out of memory, a proxy answering nonsense
            self._failed(error)
            return getattr(self._fallback, name)(*args, **kwargs)
        self._answered()
        return result

    def _resting(self) -> bool:
        return time.monotonic() < _resting_until.get(self._location, 0.0)

    def _answered(self) -> None:
        if _resting_until.pop(self._location, None) is not None:
            logger.warning("The cache (Redis) answers again; this process uses it from now on.")

    def _failed(self, error: Exception) -> None:
        _resting_until[self._location] = time.monotonic() + self.retry_seconds
        logger.warning(
            "The cache (Redis) does not answer (%s). This process uses a cache in its own memory and tries Redis "
            "again in %s s; login rate limits count per process meanwhile.",
            error,
            self.retry_seconds,
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._either("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._either("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._either("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._either("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._either("delete", key, version)

    def get_many(self, keys, version=None):
        return self._either("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._either("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._either("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._either("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._either("delete_many", keys, version)

    def clear(self):
        return self._either("clear")


def cache_status() -> str:
    """How the default cache is: "ok", "unavailable" (Redis is down; each process uses its own memory) or "local"
    (no Redis configured: an in-process cache, as in development)."""
    backend = caches["default"]
    if isinstance(backend, ResilientRedisCache):
        return backend.status()
    return "local"
