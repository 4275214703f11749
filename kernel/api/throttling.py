"""The API's throttles: atomic fixed-window counts in the cache, open when the cache is down.

DRF's own throttles read a list of timestamps, append, and write it back: requests that
arrive together all read the same list, so many more than the limit pass. Here each
request is one atomic ``cache.add`` + ``cache.incr`` (SET NX and INCR on Redis, a lock in
local memory) on a counter per client and window, so within a window at most the limit
passes. A fixed window lets a client spend one window's allowance at its end and the
next at the start of the next one: at most twice the rate for a moment, never more.

When the cache cannot be reached the API stays up: requests pass unthrottled and a
warning is logged; the cache is tried again after ``CACHE_RETRY_SECONDS``."""

from __future__ import annotations

import logging
import math
import time
from typing import Any

from django.core.cache import cache as default_cache
from django.core.cache.backends.base import BaseCache
from redis.exceptions import RedisError
from rest_framework import exceptions, throttling
from rest_framework.request import Request

logger = logging.getLogger(__name__)

# While the cache is unreachable, each process tries it again this often (not per request,
# which would add a failed connection to every request).
CACHE_RETRY_SECONDS = 10.0
_cache_down_until = 0.0


class CacheUnavailable(Exception):
    """The throttle's cache could not be reached."""


def count_hit(cache: BaseCache, key: str, timeout: int) -> int:
    """Adds one to the counter ``key`` (created with ``timeout``) and returns its new value,
    atomically. Raises CacheUnavailable when the cache cannot be reached."""
    if time.monotonic() < _cache_down_until:
        raise CacheUnavailable()
    try:
        for _ in range(3):
            if cache.add(key, 1, timeout):
                return 1
            try:
                return int(cache.incr(key))
            except ValueError:  # expired between add and incr: start it again
                continue
        return 1
    except (RedisError, OSError) as exc:
        mark_unreachable(exc)
        raise CacheUnavailable() from exc


def mark_unreachable(exc: Exception) -> None:
    global _cache_down_until
    _cache_down_until = time.monotonic() + CACHE_RETRY_SECONDS
    logger.warning(
        "The throttle cache is unreachable (%s); API requests pass unthrottled, "
        "trying again in %d seconds.",
        exc,
        CACHE_RETRY_SECONDS,
    )


class FixedWindowRateThrottle(throttling.SimpleRateThrottle):
    """SimpleRateThrottle's rates and keys, counted atomically per fixed window."""

    cache = default_cache
    window_ends_at = 0.0

    def window_key(self, key: str) -> str:
        duration = int(self.duration or 1)
        window = int(self.timer() // duration)
        self.window_ends_at = (window + 1) * duration
        return f"{key}_{window}"

    def allow_request(self, request: Request, view: Any) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        try:
            count = count_hit(self.cache, self.window_key(key), int(self.duration or 1))
        except CacheUnavailable:
            return True
        return count <= int(self.num_requests or 0)

    def wait(self) -> float:
        """Seconds until the window ends and the count starts again (at least one)."""
        return float(max(1, math.ceil(self.window_ends_at - self.timer())))


class AnonRateThrottle(FixedWindowRateThrottle, throttling.AnonRateThrottle):
    """Anonymous callers, per client address (NUM_PROXIES decides which address)."""


class BadTokenThrottle(FixedWindowRateThrottle):
    """Failed token authentications per client address. Each attempt counts as failed from
    the moment it starts (atomically, so simultaneous guesses cannot all slip under the
    rate) until ``release`` says the token was good; past the rate every token sent from
    that address gets 429 until the window ends. TokenAuthentication calls it."""

    scope = "bad_token"

    def get_cache_key(self, request: Request, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def attempt(self, request: Request) -> str | None:
        """Counts one attempt; raises Throttled past the rate. Returns the counter to
        ``release``, or None when nothing was counted (no rate, cache unreachable)."""
        if self.rate is None:
            return None
        key = self.window_key(self.get_cache_key(request, None))
        try:
            count = count_hit(self.cache, key, int(self.duration or 1))
        except CacheUnavailable:
            return None
        if count > int(self.num_requests or 0):
            raise exceptions.Throttled(self.wait())
        return key

    def release(self, key: str | None) -> None:
        """Takes back an attempt that was not a bad token."""
        if key is None:
            return
        try:
            self.cache.decr(key)
        except ValueError:  # the window ended meanwhile, and its count with it
            pass
        except (RedisError, OSError) as exc:
            mark_unreachable(exc)
