"""Who may see what: the one rule every output follows (lists, details, history, filter
choices, forms, exports, feeds, search, sitemaps).

Records with a ``published`` flag are drafts until it is set. Drafts are for active staff
holding the model's view permission and for callers with an active API token (read or
write); everyone else sees published records only, and a draft answers exactly like a
record that does not exist. The caller (the *viewer*) is a request, DRF's or Django's, or
a user: only a DRF request carries the token (``request.auth``), so API code passes the
request itself. Imports no app: the token says whether it reads drafts
(``reads_drafts``)."""

from __future__ import annotations

from typing import Any, TypeAlias, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, PermissionsMixin
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from rest_framework.request import Request

# Permission that lets staff see draft agreements, and the related drafts shown with a
# record (related agreements, events).
DRAFTS_PERMISSION = "agreements.view_agreement"

Viewer: TypeAlias = Request | HttpRequest | AbstractBaseUser | AnonymousUser | None
# The anonymous public: the viewer of outputs shared by everyone (feeds, sitemaps, the
# calendar), whoever requests them.
PUBLIC: Viewer = None
QS = TypeVar("QS", bound=QuerySet[Any])


def user_of(viewer: Viewer) -> AbstractBaseUser | AnonymousUser | None:
    if isinstance(viewer, Request | HttpRequest):
        return getattr(viewer, "user", None)
    return viewer


def token_reads_drafts(viewer: Viewer) -> bool:
    """The request was authenticated by an active API token (see access/authentication.py)."""
    if not isinstance(viewer, Request):
        return False
    return bool(getattr(viewer.auth, "reads_drafts", False))


def can_see_drafts(viewer: Viewer, permission: str = DRAFTS_PERMISSION) -> bool:
    """Active API tokens, and active users holding ``permission`` (the staff groups)."""
    if token_reads_drafts(viewer):
        return True
    user = user_of(viewer)
    if not isinstance(user, PermissionsMixin | AnonymousUser):
        return False
    return bool(user.is_active and user.has_perm(permission))


def permission_for(model: type[Model]) -> str:
    return f"{model._meta.app_label}.view_{model._meta.model_name}"


def published(path: str = "") -> Q:
    """Rows whose record at ``path`` (``""`` for the row itself, ``"other"``...) is published."""
    return Q(**{f"{path}__published" if path else "published": True})


def visible(queryset: QS, viewer: Viewer) -> QS:
    """``queryset`` (of a model with a ``published`` flag) as ``viewer`` may see it."""
    if can_see_drafts(viewer, permission_for(queryset.model)):
        return queryset
    return queryset.filter(published())


def shows(record: Any, drafts: bool) -> bool:
    """An already loaded record may be shown: ``drafts`` from ``can_see_drafts``; records
    without a ``published`` flag are public."""
    return drafts or bool(getattr(record, "published", True))
