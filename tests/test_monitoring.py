"""What operators watch: one JSON log line per request with a request id and no personal data but ids; metrics
only for the holder of the token; error reports that carry no personal data."""

import gzip
import json
import logging
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sentry_sdk
from pythonjsonlogger.json import JsonFormatter

from sammen.monitoring import errors
from sammen.notifications.services import notify
from tests.factories import citizen

pytestmark = pytest.mark.django_db


def request_lines(caplog) -> list[dict]:
    formatter = JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == "sammen.requests"]


def test_each_request_is_one_json_line_with_its_id_view_status_and_only_the_users_id(client, caplog):
    karen = citizen(email="karen@example.dk")
    client.force_login(karen)
    with caplog.at_level(logging.INFO, logger="sammen.requests"):
        response = client.get("/foreninger/", {"q": "karen@example.dk"})
    [line] = request_lines(caplog)
    assert response["X-Request-ID"] == line["request_id"] and len(line["request_id"]) == 32
    assert (line["method"], line["view"], line["status"], line["user_id"]) == (
        "GET",
        "associations:directory",
        200,
        karen.pk,
    )
    assert line["duration_ms"] >= 0
    assert "karen@example.dk" not in json.dumps(line) and "/foreninger/" not in json.dumps(line)


def test_a_request_id_from_the_proxy_is_kept_and_anything_else_replaced(client, caplog):
    with caplog.at_level(logging.INFO, logger="sammen.requests"):
        kept = client.get("/healthz", headers={"X-Request-ID": "proxy-4f2a9c1e"})
        replaced = client.get("/healthz", headers={"X-Request-ID": "<script>alert(1)</script>"})
    assert kept["X-Request-ID"] == "proxy-4f2a9c1e"
    assert replaced["X-Request-ID"] != "<script>alert(1)</script>" and len(replaced["X-Request-ID"]) == 32
    assert [line["request_id"] for line in request_lines(caplog)] == [kept["X-Request-ID"], replaced["X-Request-ID"]]


def test_the_metrics_do_not_exist_without_the_token(client, settings):
    settings.SAMMEN_METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    settings.SAMMEN_METRICS_TOKEN = "hemmelig-token-42"
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer forkert"}).status_code == 404


def test_the_metrics_show_requests_the_outbox_backlog_and_failed_logins(client, settings):
    settings.SAMMEN_METRICS_TOKEN = "hemmelig-token-42"
    notify(citizen(), subject="Hej", template="accounts/email/staff_locked.txt")  # waits: its commit never comes
    client.get("/foreninger/")
    client.post("/konto/login/", {"login": "nobody@example.dk", "password": "forkert"})
    response = client.get("/metrics", headers={"Authorization": "Bearer hemmelig-token-42"})
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    text = response.content.decode()
    assert 'sammen_requests_total{method="GET",status="200",view="associations:directory"}' in text
    assert 'sammen_outbox_messages{status="pending"} 1.0' in text
    assert "sammen_failed_logins_total" in text
    assert "sammen_request_seconds_bucket" in text


class FakeSentry:
    """A Sentry-compatible server's envelope endpoint (``POST /api/<project>/envelope/``) that keeps what comes."""

    def __init__(self):
        self.envelopes: list[bytes] = []
        received = self.envelopes

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                encoding = self.headers.get("Content-Encoding", "")
                if encoding == "gzip":
                    body = gzip.decompress(body)
                elif encoding == "deflate":
                    body = zlib.decompress(body)
                elif encoding == "br":
                    # The SDK compresses with Brotli whenever the module is there (WeasyPrint's fonttools brings it).
                    import brotli

                    body = brotli.decompress(body)
                received.append(body)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.dsn = f"http://publickey@127.0.0.1:{self.server.server_address[1]}/1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_sentry():
    server = FakeSentry()
    errors.start(dsn=server.dsn, environment="test", release="sammen@test")
    yield server
    sentry_sdk.get_client().close()
    sentry_sdk.init(dsn=None)
    server.close()


def test_an_error_report_reaches_the_server_without_personal_data(client, settings, fake_sentry):
    settings.ROOT_URLCONF = "tests.error_urls"
    karen = citizen(email="karen@example.dk", display_name="Karen Gullestrup")
    client.force_login(karen)
    client.raise_request_exception = False
    response = client.get("/fejl/?q=karen@example.dk", headers={"X-Request-ID": "proxy-4f2a9c1e"})
    assert response.status_code == 500
    sentry_sdk.flush(timeout=5)
    assert fake_sentry.envelopes, "no error report arrived"
    sent = b"\n".join(fake_sentry.envelopes).decode()
    assert "RuntimeError" in sent
    assert "sessionid" not in sent and "csrftoken" not in sent
    assert "q=karen" not in sent and "Karen Gullestrup" not in sent
    assert karen.email not in sent.replace("something broke while karen@example.dk was looking", "")
