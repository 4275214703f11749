"""Password logins: the django-axes lockout backend, and the client address it counts."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from rest_framework.settings import api_settings


def token_of(user: Any) -> Any:
    token = getattr(user, "api_token", None)
    return token if token is not None and token.is_active else None


def client_address(request: Any) -> str | None:
    """The caller's address as the API throttle reads it: behind NUM_PROXIES proxies, the
    one the outermost proxy saw; otherwise REMOTE_ADDR (X-Forwarded-For could be forged)."""
    num_proxies = api_settings.NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if num_proxies and forwarded:
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if addresses:
            return addresses[-min(num_proxies, len(addresses))]
    remote: str | None = request.META.get("REMOTE_ADDR")
    return remote


class LoginLockoutBackend(AxesStandaloneBackend):
    """Refuses a password login while its address or username is locked out (django-axes).

    A login without a request is not made over HTTP (the test client's ``login()``, a
    shell), so there is nothing to count it against; it passes through."""

    def authenticate(  # type: ignore[override]
        self,
        request: Any,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return
        super().authenticate(request, username, password, **kwargs)
        return
