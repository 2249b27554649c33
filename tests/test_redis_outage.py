"""When Redis goes down, logins, the feeds and /readyz go on (with a cache in each process), and Redis is used again
as soon as it answers; against a redis-server of the test's own, stopped and started again."""

import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.test import Client

from sammen import settings as sammen_settings
from tests.factories import PASSWORD, citizen
from tests.fake_servers import free_port

pytestmark = pytest.mark.django_db


class RedisServer:
    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        binary = shutil.which("redis-server")
        assert binary, "redis-server is missing: bash scripts/install-system-packages.sh --browser"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def keys(self) -> int:
        return redis.Redis(port=self.port).dbsize()


@pytest.fixture
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def cache_in_redis(settings, redis_server):
    """The cache as production configures it (REDIS_URL), in the test's own Redis."""
    cache = sammen_settings.redis_cache(f"redis://127.0.0.1:{redis_server.port}/0")
    cache["OPTIONS"]["RETRY_SECONDS"] = 0.2  # instead of 5, for a quick test
    settings.CACHES = {"default": cache}
    return redis_server


def log_in(email: str):
    client = Client()
    assert client.get("/konto/login/").status_code == 200
    response = client.post("/konto/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    assert client.session.get("_auth_user_id")
    return client


def test_logins_and_feeds_go_on_while_redis_is_down_and_use_it_again_when_it_is_back(
    cache_in_redis, herning, caplog
):
    redis_server = cache_in_redis
    citizen(email="karen@example.dk")
    log_in("karen@example.dk")
    assert redis_server.keys() > 0  # the login limits are kept in Redis
    assert Client().get("/readyz").content.decode() == "ok\ncache: ok\n"

    redis_server.stop()
    log_in("karen@example.dk")
    feed = Client().get("/aktiviteter/kommune/herning.json")
    assert feed.status_code == 200 and feed.json()["municipality"]["slug"] == "herning"
    ready = Client().get("/readyz")
    assert ready.status_code == 200 and ready.content.decode() == "ok\ncache: unavailable\n"
    assert "The cache (Redis) does not answer" in caplog.text

    redis_server.start()
    assert redis_server.keys() == 0
    time.sleep(0.3)  # RETRY_SECONDS
    log_in("karen@example.dk")
    assert redis_server.keys() > 0
    assert "The cache (Redis) answers again" in caplog.text
    assert Client().get("/readyz").content.decode() == "ok\ncache: ok\n"


def test_without_redis_the_cache_is_reported_as_local(client):
    assert client.get("/readyz").content.decode() == "ok\ncache: local\n"
