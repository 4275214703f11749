"""Reads from PostgreSQL replicas, writes and read-after-write from the primary.

``DATABASE_REPLICA_URLS`` adds one database alias per replica (``replica1``, ``replica2``…);
``ReplicaRouter`` then sends a read to a replica only when all of these hold:

- it happens while a request that may read stale data is being answered — a GET, HEAD or
  OPTIONS outside the staff admin (``ReplicaReadsMiddleware`` decides); management
  commands, background tasks and every other request read the primary;
- the primary is not inside a transaction (a read there must see the transaction's own
  writes, and a locking read must lock the primary's row);
- the caller wrote nothing in the last ``REPLICA_PIN_SECONDS``: a write pins its author to
  the primary long enough for the replicas to catch up, so staff and API clients read
  what they just wrote. The pin is kept in the shared cache under a hash of the caller's
  credentials (session cookie or ``Authorization`` header) and, for callers with
  neither, in a short-lived cookie.

Writes and migrations always go to the primary; replicas are copies of it, so relations
between objects read from either are allowed.
"""

from __future__ import annotations

import contextvars
import hashlib
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

REPLICA_PREFIX = "replica"
PIN_COOKIE = "registry_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_replica_reads: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "replica_reads", default=False
)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


@contextmanager
def replica_reads(allowed: bool = True) -> Iterator[None]:
    """Within the block, reads may go to a replica (or, with ``allowed=False``, may not)."""
    token = _replica_reads.set(allowed)
    try:
        yield
    finally:
        _replica_reads.reset(token)


class ReplicaRouter:
    """Django's database router for a primary with replicas (see the module's docstring)."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        replicas = replica_aliases()
        if (
            not replicas
            or not _replica_reads.get()
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        return random.choice(replicas)  # noqa: S311 - load spreading, not security

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


def _pin_key(request: HttpRequest) -> str | None:
    credentials = request.headers.get("Authorization") or request.COOKIES.get(
        settings.SESSION_COOKIE_NAME
    )
    if not credentials:
        return None
    return "replica-pin:" + hashlib.sha256(credentials.encode()).hexdigest()


def _pinned(request: HttpRequest) -> bool:
    if PIN_COOKIE in request.COOKIES:
        return True
    key = _pin_key(request)
    try:
        return key is not None and cache.get(key) is not None
    except Exception:  # noqa: BLE001 - a cache that is away must not fail the read
        return True  # unsure whether the caller just wrote: read the primary


def _pin(request: HttpRequest, response: HttpResponse) -> None:
    seconds = settings.REPLICA_PIN_SECONDS
    key = _pin_key(request)
    if key is not None:
        try:
            cache.set(key, 1, seconds)
        except Exception:  # noqa: BLE001 - the cookie below still pins this browser
            pass
    response.set_cookie(
        PIN_COOKIE,
        "1",
        max_age=seconds,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


class ReplicaReadsMiddleware:
    """Lets a request's reads go to replicas when it may read slightly stale data, and pins
    the author of a write to the primary for ``REPLICA_PIN_SECONDS``. Does nothing without
    replicas."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_aliases():
            return self.get_response(request)
        safe = request.method in SAFE_METHODS
        stale_ok = safe and not request.path_info.startswith("/admin/") and not _pinned(request)
        with replica_reads(stale_ok):
            response = self.get_response(request)
        if not safe:
            _pin(request, response)
        return response
