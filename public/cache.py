"""Public pages (home, search, record pages, directories, feeds, calendar, sitemaps): cached
for anonymous callers; the heavy ones are also throttled per client when they have to be built.

Only anonymous responses are cached and only anonymous callers are served from the cache, so
what staff see (drafts among it) never reaches anyone else. Every cached page belongs to a
*generation*; a saved or deleted record starts a new one (when saved and when its transaction
commits), so a record that becomes a draft leaves the cached pages at once. Bulk writes that
send no signals (``QuerySet.update``) wait for ``PUBLIC_CACHE_SECONDS``.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import translation
from redis.exceptions import RedisError

from kernel.api.throttling import FixedWindowRateThrottle

GENERATION_KEY = "public-pages:generation"
# Headers a cached answer keeps; the rest (cookies, Vary, CSP) are the middleware's each time.
KEPT_HEADERS = ("Content-Type", "Last-Modified", "X-Robots-Tag", "Content-Disposition")
# Records whose change can change a public page.
PUBLIC_APPS = {"agreements", "parties"}

View = Callable[..., HttpResponseBase]
# What an unreachable cache raises (Redis); the pages are then built uncached.
CACHE_ERRORS = (RedisError, OSError)

logger = logging.getLogger(__name__)


class PublicPageThrottle(FixedWindowRateThrottle):
    """Anonymous callers per client address (as the API counts them), at ``PUBLIC_PAGE_RATE``;
    counted atomically, and open while the cache is unreachable."""

    scope = "public-pages"

    def get_rate(self) -> str:
        return settings.PUBLIC_PAGE_RATE  # type: ignore[no-any-return]

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def generation() -> int:
    # A new generation starts at the clock, never at 1: if the key is ever evicted, the
    # generation that follows cannot be one whose entries are still cached.
    cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    return int(cache.get(GENERATION_KEY) or 0)


def start_new_generation() -> None:
    """Forget every cached public page."""
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no generation yet: nothing is cached under one
            cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    except CACHE_ERRORS as exc:
        # Nothing can be served from an unreachable cache either; the write goes on.
        logger.warning("The public page cache is unreachable (%s); pages are built uncached.", exc)


def record_changed(sender: type[Model], **kwargs: Any) -> None:
    """Signal receiver: a public record changed, so cached pages may show it wrongly."""
    if sender._meta.app_label in PUBLIC_APPS:
        # Now, and again once committed: a page built from the old rows in between must not
        # outlive the transaction.
        start_new_generation()
        transaction.on_commit(start_new_generation, using=kwargs.get("using"))


def cache_key(request: HttpRequest) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"public-pages:{generation()}:{translation.get_language()}:{digest}"


def too_many_requests(wait: float | None) -> HttpResponse:
    seconds = max(1, round(wait or 1))
    response = HttpResponse(
        f"Too many requests; try again in {seconds} seconds.\n",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(seconds)
    return response


def public_page(view: View | None = None, *, throttle: bool = True) -> Any:
    """Cache ``view``'s successful answers to anonymous GETs for ``PUBLIC_CACHE_SECONDS``; an
    anonymous caller whose answer must be built counts against the per-client throttle."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method not in {"GET", "HEAD"} or request.user.is_authenticated:
                return view(request, *args, **kwargs)
            if settings.PUBLIC_CACHE_SECONDS <= 0:
                key = None
            else:
                try:
                    key = cache_key(request)
                    cached = cache.get(key)
                except CACHE_ERRORS as exc:
                    logger.warning("The public page cache is unreachable (%s).", exc)
                    key = cached = None
                if cached is not None:
                    status, content, headers = cached
                    return HttpResponse(content, status=status, headers=headers)
            if throttle:
                limiter = PublicPageThrottle()
                if not limiter.allow_request(request, None):  # type: ignore[arg-type]
                    return too_many_requests(limiter.wait())
            response = view(request, *args, **kwargs)
            render = getattr(response, "render", None)
            if render is not None and not getattr(response, "is_rendered", True):
                render()
            if (
                key is not None
                and isinstance(response, HttpResponse)
                and response.status_code == 200
                and not response.cookies
                and "private" not in response.get("Cache-Control", "")
            ):
                headers = {name: response[name] for name in KEPT_HEADERS if name in response}
                entry = (response.status_code, response.content, headers)
                try:
                    cache.set(key, entry, settings.PUBLIC_CACHE_SECONDS)
                except CACHE_ERRORS:
                    pass  # served uncached; the next request tries the cache again
            return response

        return wrapper

    return decorate(view) if view is not None else decorate
