"""Password logins: the django-axes lockout backend, and the client address it counts."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from rest_framework.throttling import BaseThrottle


def client_address(request: Any) -> str:
    """The caller's address exactly as the API throttles count it (DRF's ``get_ident``:
    behind NUM_PROXIES proxies the one they forward, otherwise REMOTE_ADDR)."""
    return BaseThrottle().get_ident(request)


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
