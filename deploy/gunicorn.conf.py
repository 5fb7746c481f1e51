"""gunicorn settings for production (deploy/systemd/sehati-web.service).

Behind nginx on a unix socket. Workers are processes with a few threads each: the views wait on
PostgreSQL more than they compute, so threads fill the wait; two processes per core keep both
cores busy on the 2-core server the benchmark measures (bench/README.md)."""

import multiprocessing
import os
import shutil
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", "unix:/run/sehati/gunicorn.sock")
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("WEB_THREADS", "4"))
worker_class = "gthread"
# A request that takes longer is killed and logged; the longest legitimate ones are exports.
timeout = int(os.environ.get("WEB_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# Access log in the same JSON form as the application's log (LOG_FORMAT=json), to stdout/journal.
accesslog = "-"
access_log_format = (
    '{"ts":"%(t)s","logger":"access","remote":"%({x-real-ip}i)s","method":"%(m)s",'
    '"path":"%(U)s","status":%(s)s,"bytes":%(B)s,"ms":%(M)s,"request_id":"%({x-request-id}o)s"}'
)
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# The application is loaded in every worker (not in the master), so a worker killed with -9 is
# replaced by a fresh one and the master never holds a database connection.
preload_app = False
forwarded_allow_ips = "127.0.0.1"

# /metrics sums the counters of every worker process (prometheus_client's multiprocess mode):
# each worker writes its own files in this folder, emptied when gunicorn starts.
_metrics_dir = Path(os.environ.get("SEHATI_VAR_DIR", "/var/lib/sehati")) / "metrics"
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(_metrics_dir))


def on_starting(server):
    folder = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
