"""gunicorn's settings for the registry, read from the working directory (/app in the image).

The command line adds only the address (``--bind``); ``WEB_CONCURRENCY`` (gunicorn's own
variable) and ``GUNICORN_THREADS`` size the pool.
"""

from __future__ import annotations

import os

# Processes: a few per CPU. Each holds up to `threads` database connections (CONN_MAX_AGE),
# so workers x threads must stay below PostgreSQL's max_connections (100).
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))

# Threaded workers, not the default sync ones. A sync worker reports to the arbiter only
# between requests, so one streaming every agreement as CSV or JSON Lines (/api/agreements/
# ?format=csv, /api/export/agreements/) for longer than `timeout` is killed mid-file. A
# gthread worker's main thread keeps reporting while its threads answer, so a long download
# runs to the end. Runaway requests are stopped by PostgreSQL's statement timeout instead
# (DATABASE_STATEMENT_TIMEOUT, set in registry/wsgi.py), which ends any one query.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# Seconds a worker may stay silent before the arbiter replaces it (a hung process).
timeout = 30
# Keep-alive connections from a proxy or a client are reused for this long.
keepalive = 5

accesslog = "-"
