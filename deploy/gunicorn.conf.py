"""gunicorn's settings for Sammen's web process (docs/operations.md, "Processes and restart").

``gunicorn --config deploy/gunicorn.conf.py``; the systemd unit deploy/systemd/sammen-web.service runs it so. Each
setting an operator may want to change is read from the environment (the unit's EnvironmentFile):

GUNICORN_BIND               address to listen on (default 127.0.0.1:8000: the TLS proxy runs on the same host)
GUNICORN_WORKERS            worker processes (default 2 x CPUs + 1, at most 8)
GUNICORN_TIMEOUT            seconds a request may take before the master kills its worker (default 30)
GUNICORN_GRACEFUL_TIMEOUT   seconds a stopping or reloading worker gets to finish its requests (default 25)
GUNICORN_MAX_REQUESTS       requests after which a worker is replaced, against slow leaks (default 1000; 0: never)
SAMMEN_FORWARDED_ALLOW_IPS  addresses of the proxies whose X-Forwarded-Proto gunicorn believes (default
                            127.0.0.1,::1); the client address for the login limits is Django's setting
                            SAMMEN_TRUSTED_PROXY_COUNT, not this one
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "sammen.wsgi:application"
bind = [os.environ.get("GUNICORN_BIND", "").strip() or "127.0.0.1:8000"]
workers = _int("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8))
worker_class = "sync"
timeout = _int("GUNICORN_TIMEOUT", 30)
# Below the unit's TimeoutStopSec (40 s), so that a stop finishes the running requests before systemd kills.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 25)
keepalive = 5
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
# Spread the replacements, so that the workers do not all restart at the same moment.
max_requests_jitter = max_requests // 10
forwarded_allow_ips = os.environ.get("SAMMEN_FORWARDED_ALLOW_IPS", "").strip() or "127.0.0.1,::1"

# Logs to stdout/stderr: the journal (or whatever runs the process) keeps them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Ids and timings only: the query string can hold search terms, which are personal data in a small municipality.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
proc_name = "sammen-web"

# The workers' heartbeat files in memory, not on a disk that may stall (gunicorn's advice).
if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
    worker_tmp_dir = "/dev/shm"
# gunicorn >= 25 opens a control socket under $HOME by default; systemd is the control here (reload = HUP).
control_socket_disable = True
