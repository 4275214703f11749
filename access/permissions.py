"""Who may write: write tokens, and staff sessions with the model's add/change/delete perm."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, permissions
from rest_framework.request import Request

from .models import ApiToken


def can_see_drafts(
    request: Request, app_label: str = "agreements", model: str = "agreement"
) -> bool:
    """Staff with the view permission and any active token see unpublished records."""
    user = request.user
    return bool(user and user.is_active and user.has_perm(f"{app_label}.view_{model}"))


class ApiPermission(permissions.DjangoModelPermissions):
    """Reads are open (querysets hide drafts); writes need a write token or model perms."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": [],
        "HEAD": [],
        "OPTIONS": [],
    }

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if isinstance(request.auth, ApiToken):
            if not request.auth.can_write:
                raise exceptions.PermissionDenied("This token may only read (scope 'read').")
            return True
        if not request.user or not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        return super().has_permission(request, view)
