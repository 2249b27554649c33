"""The web process as deploy/systemd/sammen-web.service runs it: gunicorn with deploy/gunicorn.conf.py, on a free
port of 127.0.0.1, stopped, reloaded and killed the ways an operator and a crash do (finding 4 of issue 8).

systemd is not PID 1 here, so the units themselves are checked by scripts/check-systemd-units.sh (`make lint`), and
what their KillMode=mixed does when the master dies (SIGKILL to every process left in the unit's control group) is
shown by killing the process group gunicorn was started in, which holds the same processes.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.fake_servers import free_port, wait_for

REPO_DIR = Path(__file__).resolve().parent.parent
CONFIG = REPO_DIR / "deploy" / "gunicorn.conf.py"
# gunicorn's idle sync workers look for their master every timeout / 2 seconds; 10 keeps the test short and still
# lets a worker load all of Sammen (its boot counts against the timeout) on a machine busy with other tests.
TIMEOUT = 10

SLOW_APP = """
import pathlib, time

def application(environ, start_response):
    if environ["PATH_INFO"] == "/slow":
        pathlib.Path("{marker}").touch()
        time.sleep(30)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
"""


class Gunicorn:
    """gunicorn's master and workers, started in a process group of their own (like the unit's control group)."""

    def __init__(self, tmp_path: Path, port: int, *, workers: int = 2, app: str | None = None):
        self.port = port
        self.log = open(tmp_path / f"gunicorn-{time.monotonic_ns()}.log", "w+")  # noqa: SIM115
        env = {
            **os.environ,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": str(workers),
            "GUNICORN_TIMEOUT": str(TIMEOUT),
            "GUNICORN_GRACEFUL_TIMEOUT": "5",
            "SAMMEN_VAR_DIR": str(tmp_path / "var"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'web.sqlite3'}",
            "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]),
        }
        gunicorn = Path(sys.executable).parent / "gunicorn"
        command = [str(gunicorn), "--config", str(CONFIG), *([app] if app else [])]
        self.master = subprocess.Popen(
            command, cwd=REPO_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.group = self.master.pid

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()[-3000:]

    def wait_until_serving(self) -> None:
        assert wait_for(lambda: _get(self.port, "/healthz") == 200, timeout=30), self.output()

    def workers(self) -> set[int]:
        return _children(self.master.pid)

    def kill_group(self) -> None:
        """What systemd does to the processes left in the unit when its main process has died."""
        try:
            os.killpg(self.group, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def cleanup(self) -> None:
        self.kill_group()
        if self.master.poll() is None:
            self.master.wait(timeout=10)
        self.log.close()


@pytest.fixture
def start_gunicorn(tmp_path):
    started = []

    def start(port, **options):
        server = Gunicorn(tmp_path, port, **options)
        started.append(server)
        return server

    yield start
    for server in started:
        server.cleanup()


def _get(port: int, path: str, timeout: float = 2) -> int | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as response:
            return response.status
    except OSError:
        return None


def _state(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[0]


def _alive(pid: int) -> bool:
    return _state(pid) not in (None, "Z", "X")  # an orphan that has exited but not been reaped is gone too


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] not in ("Z", "X"):
                found.add(int(entry.name))
    return found


def _port_is_free(port: int) -> bool:
    """Whether a new master could listen on the port (gunicorn binds with SO_REUSEADDR too)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
            probe.listen()
        except OSError:
            return False
        return True


def test_the_shipped_config_serves_reloads_with_hup_and_stops_gracefully_on_sigterm(start_gunicorn):
    """`systemctl reload sammen-web` sends HUP; `systemctl stop` sends SIGTERM to the master (KillMode=mixed)."""
    port = free_port()
    server = start_gunicorn(port)
    server.wait_until_serving()
    assert wait_for(lambda: len(server.workers()) == 2, timeout=10)
    before = server.workers()

    server.master.send_signal(signal.SIGHUP)
    assert wait_for(lambda: len(server.workers()) == 2 and not server.workers() & before, timeout=20), server.output()
    # The new workers load the application before they answer: on a busy machine that takes more than one try.
    assert wait_for(lambda: _get(server.port, "/healthz") == 200, timeout=20), server.output()

    server.master.send_signal(signal.SIGTERM)
    assert server.master.wait(timeout=15) == 0, server.output()
    assert wait_for(lambda: _port_is_free(port), timeout=5)


def test_after_the_master_is_killed_its_idle_workers_leave_and_a_new_master_can_bind(start_gunicorn):
    """A master killed with SIGKILL (the OOM killer, `kill -9`): its idle workers see that their parent changed
    within half the worker timeout and exit, so the port is free and a new master serves on it."""
    port = free_port()
    first = start_gunicorn(port)
    first.wait_until_serving()
    assert wait_for(lambda: len(first.workers()) == 2, timeout=10)
    workers = first.workers()

    first.master.send_signal(signal.SIGKILL)
    first.master.wait(timeout=5)
    started = time.monotonic()
    assert wait_for(lambda: not any(_alive(pid) for pid in workers), timeout=TIMEOUT + 3), first.output()
    assert wait_for(lambda: _port_is_free(port), timeout=2)
    assert time.monotonic() - started < TIMEOUT / 2 + 3

    second = start_gunicorn(port)
    second.wait_until_serving()


def test_a_worker_busy_when_the_master_dies_keeps_the_port_until_the_unit_kills_what_is_left(start_gunicorn, tmp_path):
    """What the drill saw: a worker in the middle of a request does not look for its master, so after the master
    dies it keeps the listening socket (new connections queue and are never answered) and a new master cannot bind.
    This is why the unit has KillMode=mixed: systemd kills every process left in the unit before it restarts it."""
    marker = tmp_path / "slow-started"
    (tmp_path / "slow_app.py").write_text(SLOW_APP.format(marker=marker))
    port = free_port()
    server = start_gunicorn(port, workers=1, app="slow_app:application")
    server.wait_until_serving()
    (worker,) = server.workers()
    request = threading.Thread(target=_get, args=(port, "/slow", 40), daemon=True)
    request.start()
    assert wait_for(marker.exists, timeout=10)

    server.master.send_signal(signal.SIGKILL)
    server.master.wait(timeout=5)
    time.sleep(TIMEOUT / 2 + 1)  # longer than an idle worker takes to notice
    assert _alive(worker)
    assert not _port_is_free(port)

    server.kill_group()  # systemd, KillMode=mixed: SIGKILL to the rest of the unit's processes
    assert wait_for(lambda: not _alive(worker), timeout=5)
    assert wait_for(lambda: _port_is_free(port), timeout=2)
    request.join(timeout=5)
