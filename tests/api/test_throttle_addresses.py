"""The anonymous throttle: which address it counts, and where the counts live."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from registry.settings import cache_from_url

from .conftest import AGREEMENTS


def test_a_forged_forwarded_for_header_does_not_reset_the_anonymous_limit(
    client: Client, db: None, two_a_minute: None
) -> None:
    statuses = [
        client.get(AGREEMENTS, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_behind_one_proxy_the_address_it_appends_is_the_client(
    client: Client, db: None, two_a_minute: None, settings: Any
) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    # The proxy appends the real address last; what the caller sent before it is ignored.
    forged = [
        client.get(AGREEMENTS, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 198.51.100.7") for n in range(3)
    ]
    other = client.get(AGREEMENTS, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert [r.status_code for r in forged] == [200, 200, 429]
    assert other.status_code == 200


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("", "django.core.cache.backends.locmem.LocMemCache"),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache"),
        ("redis://127.0.0.1:6379/1", "django.core.cache.backends.redis.RedisCache"),
        ("rediss://cache.example.org:6380/0", "django.core.cache.backends.redis.RedisCache"),
    ],
)
def test_the_cache_comes_from_a_url(url: str, backend: str) -> None:
    assert cache_from_url(url)["BACKEND"] == backend
    if "redis" in backend:
        assert cache_from_url(url)["LOCATION"] == url


def test_an_unknown_cache_url_stops_the_server() -> None:
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_from_url("memcached://127.0.0.1:11211")


REDIS = "redis://127.0.0.1:6379/2"


def redis_is_up() -> bool:
    try:
        return bool(RedisCache(REDIS, {})._cache.get_client().ping())
    except Exception:
        return False


@pytest.mark.skipif(not redis_is_up(), reason="needs Redis on 127.0.0.1:6379")
def test_with_redis_the_count_is_shared_between_processes(
    client: Client,
    db: None,
    two_a_minute: None,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kernel.api.throttling import FixedWindowRateThrottle

    monkeypatch.setattr(FixedWindowRateThrottle, "timer", staticmethod(lambda: 6_000.0))
    prefix = f"test-throttle-{id(settings)}"
    settings.CACHES = {"default": {**cache_from_url(REDIS), "KEY_PREFIX": prefix}}
    # Another worker process would open its own connection: this one stands in for it.
    other_worker = RedisCache(REDIS, {"KEY_PREFIX": prefix})
    key = "throttle_anon_127.0.0.1_100"  # the minute 6,000 seconds after the epoch falls in
    try:
        first_two = [client.get(AGREEMENTS).status_code for _ in range(2)]
        assert other_worker.get(key) == 2
        assert client.get(AGREEMENTS).status_code == 429
    finally:
        other_worker.delete(key)
        caches.close_all()
    assert first_two == [200, 200]
