"""Permissions a token grants by its scope, so ``visible_to(request.user)`` works unchanged.

``TokenAuthentication`` marks the request's user with the token; this backend then grants
view permissions on the registry for any active token. Write permissions are not granted
here: ``ApiPermission`` decides writes by scope, so a read token never writes even when
its user could."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from rest_framework.settings import api_settings

from registry.staff_groups import REGISTRY_APPS


def token_of(user: Any) -> Any:
    token = getattr(user, "api_token", None)
    return token if token is not None and token.is_active else None


class TokenScopeBackend:
    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if token_of(user_obj) is None or not user_obj.is_active:
            return False
        app_label, _, codename = perm.partition(".")
        return app_label in REGISTRY_APPS and codename.startswith("view_")

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return False


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
