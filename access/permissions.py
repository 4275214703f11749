"""Who may write: write tokens, and staff sessions with the model's add/change/delete perm."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, permissions
from rest_framework.request import Request

from .models import ApiToken


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
