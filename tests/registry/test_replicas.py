"""Reads from replicas, writes and read-after-write from the primary (kernel/replicas.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from agreements.models import Agreement
from kernel import replicas
from kernel.replicas import PIN_COOKIE, ReplicaReadsMiddleware, ReplicaRouter, replica_reads

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def two_replicas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replicas, "replica_aliases", lambda: ["replica1", "replica2"])


def test_without_replicas_every_read_is_the_primarys(db: None) -> None:
    with replica_reads():
        assert ReplicaRouter().db_for_read(Agreement) == "default"


def test_a_read_goes_to_a_replica_only_where_stale_data_is_allowed(two_replicas: None) -> None:
    router = ReplicaRouter()
    assert router.db_for_read(Agreement) == "default"  # a command, a task
    with replica_reads():
        assert router.db_for_read(Agreement) in {"replica1", "replica2"}
        with replica_reads(False):
            assert router.db_for_read(Agreement) == "default"
    assert router.db_for_write(Agreement) == "default"
    assert router.allow_migrate("replica1", "agreements") is False


def test_a_read_inside_a_transaction_sees_the_primary(two_replicas: None, db: None) -> None:
    with replica_reads(), transaction.atomic():
        assert ReplicaRouter().db_for_read(Agreement) == "default"


def through_middleware(request: HttpRequest) -> tuple[bool, HttpResponse]:
    seen: list[bool] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(replicas._replica_reads.get())
        return HttpResponse()

    response = ReplicaReadsMiddleware(view)(request)
    return seen[0], response


def test_the_middleware_lets_only_safe_public_requests_read_replicas(
    two_replicas: None, settings: Any
) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    factory = RequestFactory()
    assert through_middleware(factory.get("/api/agreements/"))[0] is True
    assert through_middleware(factory.get("/admin/agreements/agreement/"))[0] is False
    stale_ok, response = through_middleware(
        factory.post("/api/agreements/", HTTP_AUTHORIZATION="Token abc")
    )
    assert stale_ok is False
    assert response.cookies[PIN_COOKIE]["max-age"] == settings.REPLICA_PIN_SECONDS
    # The same credentials without the cookie (an API client) are pinned by the cache.
    assert (
        through_middleware(factory.get("/api/agreements/", HTTP_AUTHORIZATION="Token abc"))[0]
        is False
    )
    assert (
        through_middleware(factory.get("/api/agreements/", HTTP_AUTHORIZATION="Token xyz"))[0]
        is True
    )


def test_when_the_cache_is_away_a_caller_with_credentials_reads_the_primary(
    two_replicas: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def away(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("redis is down")

    monkeypatch.setattr(replicas.cache, "get", away)
    request = RequestFactory().get("/en/", HTTP_AUTHORIZATION="Token abc")
    assert through_middleware(request)[0] is False


def test_reads_go_to_a_mirrored_replica_and_writers_read_their_writes() -> None:
    """The settings' replica, as Django's test runner mirrors it, in a process of its own."""
    env = dict(os.environ)
    url = env.get("DATABASE_URL")
    if url:  # a database of its own: this run's test database is in use
        url = url.rstrip("/") + "_replicas"
        env["DATABASE_URL"] = url
    env["DATABASE_REPLICA_URLS"] = url or f"sqlite:///{ROOT / 'db.sqlite3'}"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/registry/replica_mirror_check.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "3 passed" in result.stdout
