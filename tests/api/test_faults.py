"""Faults: hostile bodies, a lost cache or database, and floods get a clear answer, never a 500."""

from __future__ import annotations

import json
import secrets
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import psycopg2
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import InterfaceError, OperationalError, ProgrammingError, connection
from django.test import Client, RequestFactory
from rest_framework.exceptions import Throttled
from rest_framework.throttling import AnonRateThrottle as DRFAnonRateThrottle

from agreements.models import Agreement
from kernel.api import throttling
from kernel.api.parsers import MAX_JSON_DEPTH, nesting_depth
from kernel.api.throttling import AnonRateThrottle, BadTokenThrottle, FixedWindowRateThrottle
from registry.settings import cache_from_url

from .conftest import AGREEMENTS, agreement_payload, send


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [100_000, 900, MAX_JSON_DEPTH + 1])
def test_it_refuses_a_deeply_nested_body_with_a_400_naming_body(
    feeder_client: Client, world: dict[str, Any], depth: int
) -> None:
    response = send(feeder_client, "post", AGREEMENTS, nested(depth))
    assert response.status_code == 400
    message = f"The JSON body is nested more than {MAX_JSON_DEPTH} levels deep."
    assert response.json() == {"detail": message, "errors": [{"field": "body", "message": message}]}
    assert list(Agreement.objects.values_list("slug", flat=True)) == ["older-slug"]


def test_it_refuses_a_deep_value_inside_a_real_agreement(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    body = json.dumps(agreement_payload(summary="x"))
    body = body.replace('"x"', nested(5_000), 1)
    response = send(feeder_client, "post", AGREEMENTS, body)
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["body"]
    assert not Agreement.objects.filter(slug="cas-shenzhen-2017").exists()


def test_it_still_accepts_an_agreement_nested_as_deep_as_a_real_one(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    response = send(feeder_client, "post", AGREEMENTS, agreement_payload())
    assert response.status_code == 201, response.json()


def test_it_measures_nesting_without_recursing() -> None:
    assert [nesting_depth(value) for value in (1, [], {"a": [1, {"b": []}]})] == [0, 1, 4]
    deep: list[Any] = []
    for _ in range(50_000):
        deep = [deep]
    assert nesting_depth(deep) == 50_001


# --- Every error under /api/ is the JSON error shape; a database that is away is a 503.


@pytest.fixture
def unraised_anonymous_client() -> Client:
    """The public, seeing the response a server error gets instead of the exception."""
    return Client(raise_request_exception=False)


@pytest.fixture
def unraised_feeder_client(feeder_token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {feeder_token}", raise_request_exception=False)


def assert_error_shape(response: Any, status: int, message: str) -> None:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": message,
        "errors": [{"field": "non_field_errors", "message": message}],
    }


UNAVAILABLE = "The database is unavailable; try again in 5 seconds."


def test_an_unknown_url_under_api_is_a_json_404(client: Client, db: None) -> None:
    response = client.get("/api/no-such-thing/")
    assert_error_shape(response, 404, "Not found.")


def test_an_unknown_page_outside_api_is_still_an_html_404(client: Client, db: None) -> None:
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def raise_in_list(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    from agreements.api.views import AgreementViewSet

    def fail(self: Any) -> None:
        raise error

    monkeypatch.setattr(AgreementViewSet, "get_queryset", fail)


def test_an_unexpected_exception_under_api_is_a_logged_json_500(
    unraised_anonymous_client: Client,
    db: None,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    raise_in_list(monkeypatch, RuntimeError("a bug"))
    with caplog.at_level("ERROR", logger="django.request"):
        response = unraised_anonymous_client.get(AGREEMENTS)
    assert_error_shape(response, 500, "An unexpected error occurred; it has been logged.")
    assert "Retry-After" not in response
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == f"Internal Server Error: {AGREEMENTS}"
    assert record.exc_info is not None and str(record.exc_info[1]) == "a bug"


def test_a_database_failure_in_a_middleware_under_api_is_a_json_503(
    unraised_anonymous_client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.contrib.sessions.middleware import SessionMiddleware

    def fail(self: Any, request: Any) -> None:
        raise operational_error("database is locked", sqlite3.OperationalError("locked"))

    monkeypatch.setattr(SessionMiddleware, "process_request", fail)
    response = unraised_anonymous_client.get(AGREEMENTS)
    assert_error_shape(response, 503, UNAVAILABLE)
    assert response["Retry-After"] == "5"


def test_a_request_for_another_host_under_api_is_a_json_400(
    unraised_anonymous_client: Client, db: None
) -> None:
    response = unraised_anonymous_client.get(AGREEMENTS, HTTP_HOST="evil.example")
    assert_error_shape(response, 400, "Bad request.")


def test_a_server_error_on_a_page_keeps_the_html_500() -> None:
    from kernel.api.faults import server_error

    response = server_error(RequestFactory().get("/en/agreements/"))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert b"Server Error (500)" in response.content


class FakePostgresError(Exception):
    """Stands in for a psycopg2 error, whose SQLSTATE cannot be set from Python."""

    def __init__(self, pgcode: str) -> None:
        super().__init__(f"SQLSTATE {pgcode}")
        self.pgcode = pgcode


def operational_error(message: str, cause: BaseException | None) -> OperationalError:
    error = OperationalError(message)
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    "error",
    [
        operational_error("database is locked", sqlite3.OperationalError("database is locked")),
        operational_error("database table is locked", None),
        operational_error("could not serialize access", FakePostgresError("40001")),
        operational_error("deadlock detected", FakePostgresError("40P01")),
        operational_error("canceling statement due to lock timeout", FakePostgresError("55P03")),
        operational_error("terminating connection", FakePostgresError("57P01")),
        operational_error("server closed the connection unexpectedly", None),
        InterfaceError("connection already closed"),
    ],
    ids=[
        "sqlite-busy",
        "sqlite-table-locked",
        "serialization",
        "deadlock",
        "lock-timeout",
        "terminated",
        "connection-closed",
        "interface",
    ],
)
def test_a_busy_or_lost_database_is_a_503_with_retry_after(
    unraised_anonymous_client: Client,
    db: None,
    monkeypatch: pytest.MonkeyPatch,
    error: BaseException,
) -> None:
    raise_in_list(monkeypatch, error)
    response = unraised_anonymous_client.get(AGREEMENTS)
    assert_error_shape(response, 503, UNAVAILABLE)
    assert response["Retry-After"] == "5"


@pytest.mark.parametrize(
    "error",
    [
        operational_error("no such table: agreements_agreement", sqlite3.OperationalError("x")),
        operational_error("relation does not exist", FakePostgresError("42P01")),
        ProgrammingError("syntax error"),
    ],
    ids=["sqlite-schema", "postgresql-schema", "programming"],
)
def test_a_database_error_that_will_not_pass_is_a_500(
    unraised_anonymous_client: Client,
    db: None,
    monkeypatch: pytest.MonkeyPatch,
    error: BaseException,
) -> None:
    raise_in_list(monkeypatch, error)
    response = unraised_anonymous_client.get(AGREEMENTS)
    assert_error_shape(response, 500, "An unexpected error occurred; it has been logged.")


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="terminates a PostgreSQL backend"
)


def terminate(pid: int) -> None:
    """Ends backend ``pid`` from a connection of its own, as an administrator or failover would."""
    settings_dict = connection.settings_dict
    other = psycopg2.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict["USER"],
        host=settings_dict["HOST"],
        port=settings_dict["PORT"] or 5432,
    )
    other.autocommit = True
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            for _ in range(100):  # the backend ends asynchronously
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
                if cursor.fetchone()[0] == 0:
                    return
                time.sleep(0.05)
    finally:
        other.close()


@postgresql_only
def test_a_connection_killed_mid_request_is_a_503_and_loses_nothing(
    unraised_feeder_client: Client,
    world: dict[str, Any],
    transactional_db: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from access.authentication import TokenAuthentication

    authenticate = TokenAuthentication.authenticate
    killed: list[int] = []

    def authenticate_then_lose_the_database(self: Any, request: Any) -> Any:
        user = authenticate(self, request)
        if not killed:
            killed.append(connection.connection.info.backend_pid)
            terminate(killed[0])
        return user

    monkeypatch.setattr(TokenAuthentication, "authenticate", authenticate_then_lose_the_database)
    try:
        response = send(unraised_feeder_client, "post", AGREEMENTS, agreement_payload())
    finally:
        connection.close()  # what Django does after a request whose connection broke
    assert killed
    assert_error_shape(response, 503, UNAVAILABLE)
    assert response["Retry-After"] == "5"
    assert not Agreement.objects.filter(slug="cas-shenzhen-2017").exists()
    # Sent again unchanged, the same request succeeds on a new connection.
    again = send(unraised_feeder_client, "post", AGREEMENTS, agreement_payload())
    assert again.status_code == 201, again.json()


@postgresql_only
def test_a_lock_timeout_is_a_503(
    unraised_anonymous_client: Client, world: dict[str, Any], transactional_db: None
) -> None:
    settings_dict = connection.settings_dict
    holder = psycopg2.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict["USER"],
        host=settings_dict["HOST"],
        port=settings_dict["PORT"] or 5432,
    )
    try:
        with holder.cursor() as cursor:  # a migration, say, holding the table
            cursor.execute("LOCK TABLE agreements_agreement IN ACCESS EXCLUSIVE MODE")
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")
        response = unraised_anonymous_client.get(AGREEMENTS)
    finally:
        holder.rollback()
        holder.close()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert_error_shape(response, 503, UNAVAILABLE)
    assert response["Retry-After"] == "5"


# --- Throttles: atomic counts, invalid tokens throttled, open when the cache is down.

UNREACHABLE_REDIS = "redis://127.0.0.1:6390/2"  # nothing listens on 6390
REDIS_DB_2 = "redis://127.0.0.1:6379/2"


@pytest.fixture
def frozen_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every throttle counts in one window (the 100th minute), whatever the clock says."""
    monkeypatch.setattr(FixedWindowRateThrottle, "timer", staticmethod(lambda: 6_000.0))


@pytest.fixture
def unreachable_cache(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(throttling, "_cache_down_until", 0.0)
    settings.CACHES = {"default": cache_from_url(UNREACHABLE_REDIS)}
    yield
    caches.close_all()


def test_with_the_cache_unreachable_anonymous_requests_pass_with_a_warning(
    client: Client,
    db: None,
    unreachable_cache: None,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(DRFAnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    with caplog.at_level("WARNING", logger="kernel.api.throttling"):
        statuses = [client.get(AGREEMENTS).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    # Logged once, then the cache is left alone for a while rather than tried per request.
    [warning] = [r for r in caplog.records if r.name == "kernel.api.throttling"]
    assert warning.levelname == "WARNING"
    assert "unreachable" in warning.getMessage()
    assert "127.0.0.1:6390" in warning.getMessage()


def test_with_the_cache_unreachable_token_callers_still_authenticate(
    analyst_client: Client, client: Client, world: dict[str, Any], unreachable_cache: None
) -> None:
    assert analyst_client.get(AGREEMENTS).status_code == 200
    bad = client.get(AGREEMENTS, HTTP_AUTHORIZATION="Token not-a-real-token")
    assert (bad.status_code, bad.json()["detail"]) == (401, "Invalid token.")


def test_after_too_many_bad_tokens_an_address_gets_429_with_retry_after(
    feeder_token: str, world: dict[str, Any], frozen_window: None
) -> None:
    client = Client()
    limit = int(BadTokenThrottle().num_requests or 0)
    assert limit == 20  # API_BAD_TOKEN_RATE's default, 20/minute
    statuses = [
        client.get(AGREEMENTS, HTTP_AUTHORIZATION=f"Token {secrets.token_urlsafe(32)}").status_code
        for _ in range(300)
    ]
    assert statuses == [401] * limit + [429] * (300 - limit)
    refused = client.get(AGREEMENTS, HTTP_AUTHORIZATION=f"Token {secrets.token_urlsafe(32)}")
    assert refused["Retry-After"] == "60"  # to the end of the frozen minute
    assert [e["field"] for e in refused.json()["errors"]] == ["non_field_errors"]
    # A real key from that address waits too: a guess that hits would not be told apart.
    assert client.get(AGREEMENTS, HTTP_AUTHORIZATION=f"Token {feeder_token}").status_code == 429
    # Other addresses and anonymous requests are unaffected.
    elsewhere = Client(REMOTE_ADDR="198.51.100.9", HTTP_AUTHORIZATION=f"Token {feeder_token}")
    assert elsewhere.get(AGREEMENTS).status_code == 200
    assert client.get(AGREEMENTS).status_code == 200


def test_good_tokens_do_not_count_as_bad(
    analyst_client: Client, world: dict[str, Any], frozen_window: None
) -> None:
    assert {analyst_client.get(AGREEMENTS).status_code for _ in range(25)} == {200}


def passes_anonymous_throttle(throttle_class: type, request: Any) -> bool:
    return bool(throttle_class().allow_request(request, None))


def passes_bad_token_throttle(throttle_class: type, request: Any) -> bool:
    try:
        throttle_class().attempt(request)
    except Throttled:
        return False
    return True


def hit_concurrently(
    throttle_class: type,
    callers: int,
    passes: Callable[[type, Any], bool] = passes_anonymous_throttle,
) -> int:
    """How many of ``callers`` simultaneous anonymous requests from one address pass."""
    request = SimpleNamespace(user=AnonymousUser(), META={"REMOTE_ADDR": "192.0.2.1"}, headers={})
    start = threading.Barrier(callers)
    passed: list[bool] = []

    def call() -> None:
        start.wait()
        passed.append(passes(throttle_class, request))

    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, to find any race
    try:
        threads = [threading.Thread(target=call) for _ in range(callers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(switch_interval)
    assert len(passed) == callers
    return sum(passed)


@pytest.mark.parametrize("cache_url", ["locmem://", REDIS_DB_2], ids=["local-memory", "redis"])
def test_simultaneous_requests_never_pass_more_than_the_limit(
    cache_url: str, settings: Any, monkeypatch: pytest.MonkeyPatch, frozen_window: None
) -> None:
    if "redis" in cache_url and not redis_is_up():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    monkeypatch.setattr(DRFAnonRateThrottle, "THROTTLE_RATES", {"anon": "120/minute"})
    settings.CACHES = {
        "default": {**cache_from_url(cache_url), "KEY_PREFIX": f"test-faults-{id(settings)}"}
    }
    try:
        cache.clear() if cache_url == "locmem://" else cache.delete_many(window_keys())
        assert hit_concurrently(AnonRateThrottle, 300) == 120
    finally:
        if cache_url != "locmem://":
            cache.delete_many(window_keys())
        caches.close_all()


@pytest.mark.parametrize("cache_url", ["locmem://", REDIS_DB_2], ids=["local-memory", "redis"])
def test_simultaneous_bad_tokens_never_get_more_than_the_limit_of_tries(
    cache_url: str, settings: Any, frozen_window: None
) -> None:
    if "redis" in cache_url and not redis_is_up():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {**cache_from_url(cache_url), "KEY_PREFIX": f"test-faults-{id(settings)}"}
    }
    try:
        cache.clear() if cache_url == "locmem://" else cache.delete_many(window_keys())
        assert hit_concurrently(BadTokenThrottle, 300, passes_bad_token_throttle) == 20
    finally:
        if cache_url != "locmem://":
            cache.delete_many(window_keys())
        caches.close_all()


def window_keys() -> list[str]:
    return ["throttle_anon_192.0.2.1_100", "throttle_bad_token_192.0.2.1_100"]


def redis_is_up() -> bool:
    try:
        return bool(RedisCache(REDIS_DB_2, {})._cache.get_client().ping())
    except Exception:
        return False
