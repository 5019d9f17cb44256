"""gunicorn's settings for wsoa. gunicorn reads this file when started from this folder:

    gunicorn wsgi:app            (or `make serve`, which checks the settings first)

Each value can be changed with an environment variable, so a service unit or container sets them
without editing this file. The reminders scheduler is not started here: run `wsoa scheduler` as its
own process (one per deployment is enough; a second one sends nothing twice).
"""

import gc
import multiprocessing
import os

from wsoa.ops.logs import gunicorn_logconfig

# Where to listen. Behind a proxy on the same machine keep 127.0.0.1; in a container, 0.0.0.0.
bind = os.environ.get("BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}")

# Worker processes (WEB_CONCURRENCY), each with a few threads: pages are mostly database time, and threads
# keep one slow evidence download from holding up a whole process. Measured sizing is in docs/deploy.md.
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# A worker silent this long is killed and replaced; uploads of the largest evidence file over a slow
# link must fit (the proxy in front should buffer request bodies, so this is rarely reached).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))  # longer than the proxy's idle time is wasted

# Recycle each worker after a while, so slow growth in memory never builds up.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10

# Forwarded headers are trusted by the app (TRUSTED_PROXIES, werkzeug's ProxyFix), not by gunicorn: one
# place decides which proxies to believe.
forwarded_allow_ips = ""

# The app writes one JSON line per request with its request id; gunicorn's own lines use the same format.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
logconfig_dict = gunicorn_logconfig(loglevel.upper())

# gunicorn's control socket (a second admin interface, one path per user) is not used: stop and reload with
# signals, as the service manager does. Off, so several instances on one host never share it.
control_socket_disable = True

# The heartbeat file lives in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - gunicorn's advice


def post_worker_init(worker):
    """Once the worker has loaded the app: what it loaded lives as long as the worker, so the garbage collector
    need never walk it. Frozen, a full collection no longer reads some 200,000 objects (over 100 ms on a busy
    machine) in the middle of somebody's request."""
    gc.freeze()
