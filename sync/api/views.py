"""``GET /api/changes/`` (the change feed) and ``/api/webhooks/`` (receivers)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from access.models import ApiToken
from kernel.visibility import can_see_drafts

from ..models import Change, Pruned, Webhook
from .serializers import ChangeEntrySerializer, WebhookSerializer

DEFAULT_PAGE, MAX_PAGE = 100, 1000
RESYNC = (
    "Entries after this cursor were pruned (kept {days} days): read the full lists again "
    "(every collection, all pages), then follow the feed from ?since=latest taken before."
)


class CursorGone(exceptions.ValidationError):
    """The cursor is older than the entries kept: 410, naming ``since``."""

    status_code = status.HTTP_410_GONE


def parse_cursor(raw: str | None) -> int | None:
    """``since``: a cursor from an earlier answer, or ``latest`` (the newest entry)."""
    if raw is None or raw == "":
        return None
    if raw == "latest":
        last = Change.objects.order_by("-id").values_list("id", flat=True).first()
        return last or 0
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        raise exceptions.ValidationError(
            {"since": ["Not a cursor: pass a cursor from an earlier answer, or 'latest'."]}
        )
    return int(raw)


def parse_page_size(raw: str | None) -> int:
    if raw is None or raw == "":
        return DEFAULT_PAGE
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise exceptions.ValidationError({"page_size": [f"A whole number from 1 to {MAX_PAGE}."]})
    return int(raw)


CHANGES_PAGE = inline_serializer(
    "ChangesPage",
    fields={
        "next": serializers.URLField(help_text="The next page; poll it for later changes."),
        "results": ChangeEntrySerializer(many=True),
    },
)


class ChangesView(APIView):
    """Created, updated and deleted records of every collection, in order, for mirroring
    (docs/api.md); callers who may not see drafts see only what concerns them."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.STR,
                description="A cursor from an earlier answer, or `latest`; none: from the start.",
            ),
            OpenApiParameter(
                "page_size",
                OpenApiTypes.INT,
                description=f"1 to {MAX_PAGE} (default {DEFAULT_PAGE}).",
            ),
        ],
        responses={200: CHANGES_PAGE},
    )
    def get(self, request: Request) -> Response:
        since = parse_cursor(request.query_params.get("since"))
        size = parse_page_size(request.query_params.get("page_size"))
        # One query: the pruning mark, if any.
        pruned = Pruned.objects.values_list("up_to", flat=True).first() or 0
        if since is not None and since < pruned:
            message = RESYNC.format(days=settings.CHANGES_RETENTION_DAYS)
            raise CursorGone({"since": [message]})
        drafts = can_see_drafts(request)
        entries = Change.objects.filter(id__gt=since or 0).order_by("id")
        if not drafts:
            entries = entries.exclude(public_action="")
        # A change is served once its transaction has surely committed, so none with a
        # lower cursor can still appear (PostgreSQL commits in any order; docs/api.md).
        settled = timezone.now() - dt.timedelta(seconds=settings.CHANGES_SETTLE_SECONDS)
        page = []
        for entry in entries[:size]:
            if entry.at > settled:
                break
            page.append(entry)
        cursor = page[-1].pk if page else since or 0
        query = {"since": str(cursor)}
        if size != DEFAULT_PAGE:
            query["page_size"] = str(size)
        next_url = reverse("sync-api:changes", request=request)
        next_url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        context = {"request": request, "drafts": drafts}
        results = ChangeEntrySerializer(page, many=True, context=context).data
        return Response({"next": next_url, "results": results})


class WebhookPermission(permissions.BasePermission):
    """Write tokens, and staff holding the webhook permissions (their own receivers)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        if isinstance(request.auth, ApiToken):
            if not request.auth.can_write:
                raise exceptions.PermissionDenied("Webhooks need a write token.")
            return True
        codename = {"POST": "add", "DELETE": "delete"}.get(request.method or "", "view")
        return bool(request.user.is_staff and request.user.has_perm(f"sync.{codename}_webhook"))


class WebhookViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your webhook receivers: register, list, read, delete (staff see all in the admin)."""

    serializer_class = WebhookSerializer
    permission_classes = [WebhookPermission]
    lookup_value_regex = r"[0-9]{1,18}"

    queryset = Webhook.objects.none()  # the schema's model; requests get their own

    def get_queryset(self) -> QuerySet[Webhook]:
        if not self.request.user.is_authenticated:
            return Webhook.objects.none()
        return Webhook.objects.filter(user=self.request.user).order_by("id")

    def perform_create(self, serializer: Any) -> None:
        token = self.request.auth if isinstance(self.request.auth, ApiToken) else None
        serializer.save(user=self.request.user, token=token)
