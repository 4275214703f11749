"""Who may see drafts: the one rule the models' ``visible_to`` querysets share."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, PermissionsMixin


def can_view_drafts(user: AbstractBaseUser | AnonymousUser | None, permission: str) -> bool:
    """Active users holding the view permission (staff, read and write tokens) see drafts."""
    if not isinstance(user, PermissionsMixin | AnonymousUser):
        return False
    return user.is_active and user.has_perm(permission)
