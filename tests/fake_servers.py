"""Small local servers that speak the protocols Sammen's real clients talk to: SMTP (a mail server that accepts,
one that is slow, one that never answers) and GatewayAPI's SMS REST interface. Tests run the real client code
against them."""

import asyncio
import email
import email.policy
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Recorder:
    """aiosmtpd handler: keeps every accepted message; waits ``delay`` seconds before accepting each recipient."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.messages: list[email.message.Message] = []
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.delay:
            await asyncio.sleep(self.delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


class FakeSmtpServer:
    """A mail server on 127.0.0.1 that accepts every message and remembers it."""

    def __init__(self, *, delay: float = 0.0):
        self.port = free_port()
        self.recorder = _Recorder(delay)
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def messages(self) -> list[email.message.Message]:
        with self.recorder.lock:
            return list(self.recorder.messages)


class SilentSmtpServer:
    """A mail server that accepts the connection and then never says a word (as a hung server does)."""

    def __init__(self):
        self.port = free_port()
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(16)
        self.connections: list[socket.socket] = []
        self._stop = False
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self):
        self.listener.settimeout(0.2)
        while not self._stop:
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections.append(connection)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self._stop = True
        self.thread.join(timeout=2)
        for connection in self.connections:
            connection.close()
        self.listener.close()


class FakeSmsGateway:
    """GatewayAPI's ``POST /rest/mtsms`` with token authentication: answers ``{"ids": [n]}`` for a valid request,
    or ``status`` for every request when told to fail."""

    def __init__(self, *, token: str = "test-token", status: int = 200):
        self.token = token
        self.status = status
        self.received: list[dict] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if self.path != "/rest/mtsms" or self.headers.get("Authorization") != f"Token {gateway.token}":
                    self._answer(401, {"message": "unauthorised"})
                elif gateway.status != 200:
                    self._answer(gateway.status, {"message": "gateway trouble"})
                else:
                    gateway.received.append(body)
                    self._answer(200, {"ids": [len(gateway.received)]})

            def _answer(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def wait_for(condition, *, timeout: float = 60, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()
