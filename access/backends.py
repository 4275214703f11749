"""Permissions a token grants by its scope, so ``visible_to(request.user)`` works unchanged.

``TokenAuthentication`` marks the request's user with the token; this backend then grants
view permissions on the registry for any active token. Write permissions are not granted
here: ``ApiPermission`` decides writes by scope, so a read token never writes even when
its user could."""

from __future__ import annotations

from typing import Any

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
