"""Staff admin: "My watches" (each staff member their own), public subscriptions with their
state, and the notifications sent."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import URLPattern, path

from .forms import WatchForm
from .models import Notification, Subscription, Watch
from .views import watch_toggle


def is_staff(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff)


@admin.register(Watch)
class WatchAdmin(admin.ModelAdmin):
    """Every active staff member manages their own watches (superusers see everyone's)."""

    form = WatchForm
    list_display = ["__str__", "frequency", "remind_days", "language", "created_at"]
    list_filter = ["kind", "frequency"]
    autocomplete_fields = ["agreement", "party", "field"]
    readonly_fields = ["last_digest_at", "created_at"]

    def get_urls(self) -> list[URLPattern]:
        toggle = self.admin_site.admin_view(watch_toggle)
        return [path("toggle/", toggle, name="watches_watch_toggle"), *super().get_urls()]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Watch]:
        queryset = super().get_queryset(request).select_related("agreement", "party", "field")
        if request.user.is_superuser:
            return queryset.select_related("user")
        return queryset.filter(user=request.user.pk)

    def get_list_display(self, request: HttpRequest) -> Any:
        if request.user.is_superuser:
            return ["user", *self.list_display]
        return self.list_display

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        # The watcher is whoever the watch belongs to (a new one: the staff member adding it).
        user = obj.user if obj is not None else request.user
        form.user = user  # type: ignore[attr-defined]  # WatchForm.user
        return form

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("language", getattr(request, "LANGUAGE_CODE", "en"))
        return initial

    def save_model(self, request: HttpRequest, obj: Watch, form: Any, change: bool) -> None:
        if not change:
            obj.user = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_staff(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_staff(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_staff(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_staff(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_staff(request)


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Public e-mail subscriptions; staff may end one (state) but not create one for
    someone: only the address's owner can, by confirming."""

    list_display = [
        "email",
        "__str__",
        "state",
        "frequency",
        "language",
        "created_at",
        "confirmed_at",
    ]
    list_filter = ["state", "kind", "frequency", "language"]
    search_fields = ["email", "query", "party__name", "field__name"]
    list_select_related = ["party", "field"]
    fields = [
        "email",
        "kind",
        "party",
        "include_subunits",
        "field",
        "query",
        "frequency",
        "language",
        "state",
        "confirmation_sent_at",
        "confirmed_at",
        "unsubscribed_at",
        "last_digest_at",
        "created_at",
    ]
    readonly_fields = [name for name in fields if name != "state"]  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """What was sent: read only."""

    list_display = ["sent_at", "kind", "recipient", "agreement", "threshold", "agreement_count"]
    list_filter = ["kind"]
    search_fields = ["recipient"]
    list_select_related = ["agreement"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
