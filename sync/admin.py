"""Webhook receivers (with why one is paused), their deliveries, and the change feed."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .choices import DeliveryStatus
from .models import Change, Delivery, Webhook


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by the registry itself, read by staff."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = [
        "url",
        "user",
        "created_at",
        "consecutive_failures",
        "paused_at",
        "paused_reason",
    ]
    list_filter = [("paused_at", admin.EmptyFieldListFilter)]
    search_fields = ["url", "user__username"]
    # The secret is the receiver's: never shown.
    fields = [
        "url",
        "user",
        "token",
        "events",
        "created_at",
        "consecutive_failures",
        "paused_at",
        "paused_reason",
    ]
    readonly_fields = ["url", "user", "token", "created_at", "consecutive_failures"]
    actions = ["resume"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # receivers are registered through the API, which checks the address

    @admin.action(description=_("Resume the selected receivers"), permissions=["change"])
    def resume(self, request: HttpRequest, queryset: QuerySet[Webhook]) -> None:
        count = queryset.exclude(paused_at=None).update(
            paused_at=None, paused_reason="", consecutive_failures=0
        )
        self.message_user(
            request,
            ngettext("%d receiver resumed.", "%d receivers resumed.", count) % count,
            messages.SUCCESS,
        )


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "webhook",
        "event",
        "status",
        "status_code",
        "attempts",
        "next_attempt_at",
        "response_excerpt",
        "error",
    ]
    list_filter = ["status", "event"]
    list_select_related = ["webhook"]
    search_fields = ["webhook__url", "uuid"]
    readonly_fields = [
        "webhook",
        "uuid",
        "event",
        "payload",
        "status",
        "attempts",
        "last_attempt_at",
        "next_attempt_at",
        "status_code",
        "response_excerpt",
        "error",
        "created_at",
    ]
    actions = ["retry_now"]

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("sync.change_delivery"))

    @admin.action(description=_("Retry the selected deliveries now"), permissions=["retry"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        from .tasks import deliver

        waiting = list(
            queryset.filter(
                status__in=[DeliveryStatus.RETRYING, DeliveryStatus.PENDING]
            ).values_list("pk", flat=True)
        )
        for pk in waiting:
            deliver.enqueue(pk)
        self.message_user(
            request,
            ngettext("%d delivery queued.", "%d deliveries queued.", len(waiting)) % len(waiting),
        )


@admin.register(Change)
class ChangeAdmin(ReadOnlyAdmin):
    list_display = ["id", "at", "collection", "slug", "previous_slug", "action", "public_action"]
    list_filter = ["collection", "action"]
    search_fields = ["slug", "previous_slug"]
