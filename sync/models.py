"""The change feed's entries, webhook receivers and their deliveries."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import ChangeAction, Collection, DeliveryStatus, WebhookEvent


class Change(models.Model):
    """One created, updated or deleted record of an API collection; the id is the cursor.

    ``action`` is what callers who see drafts are told; ``public_action`` what everyone
    else is (none for a draft's change; a publication is a creation for them, an
    unpublication a deletion)."""

    collection = models.CharField(_("collection"), max_length=16, choices=Collection.choices)
    slug = models.CharField(_("slug"), max_length=120)
    previous_slug = models.CharField(
        _("previous slug"),
        max_length=120,
        blank=True,
        help_text=_("The slug the record had before this change renamed it."),
    )
    action = models.CharField(_("action"), max_length=8, choices=ChangeAction.choices)
    public_action = models.CharField(
        _("public action"),
        max_length=8,
        choices=ChangeAction.choices,
        blank=True,
        help_text=_("What callers who may not see drafts are told; empty: nothing."),
    )
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(collection__in=Collection.values), name="sync_change_collection_valid"
            ),
            models.CheckConstraint(
                condition=Q(action__in=ChangeAction.values), name="sync_change_action_valid"
            ),
        ]
        indexes = [models.Index(fields=["public_action", "id"], name="sync_change_public")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.collection}/{self.slug} {self.action}"


class Webhook(models.Model):
    """A receiver another system registered: the registry POSTs the events it names."""

    # CASCADE: a receiver acts for its owner and means nothing once the owner is gone.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhooks"
    )
    # SET_NULL: a receiver outlives the token that registered it, but without its rights
    # (drafts are then sent only if the owner may see them).
    token = models.ForeignKey(
        "access.ApiToken",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="webhooks",
        help_text=_("The token that registered it; its rights decide whether drafts are sent."),
    )
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(
        _("secret"), max_length=200, help_text=_("Key of the HMAC-SHA256 signature.")
    )
    events = models.JSONField(_("events"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    consecutive_failures = models.PositiveIntegerField(_("consecutive failures"), default=0)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    paused_reason = models.TextField(_("why paused"), blank=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=~Q(secret=""), name="sync_webhook_secret_set"),
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="sync_webhook_url_http",
            ),
        ]

    def __str__(self) -> str:
        return self.url

    @property
    def sees_drafts(self) -> bool:
        """The same rule as the API's: an active token (of an active user), or an owner
        holding the drafts permission (kernel/visibility.py)."""
        from kernel.visibility import can_see_drafts

        if self.token is not None and self.token.reads_drafts:
            return True
        return can_see_drafts(self.user)


class Delivery(models.Model):
    """One event POSTed (or to be POSTed) to one receiver, with its attempts."""

    # CASCADE: deliveries are the receiver's log.
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    uuid = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(_("event"), max_length=32, choices=WebhookEvent.choices)
    payload = models.JSONField(_("payload"))
    # Made for draft access (a draft's event, or a payload the public is not sent): sent
    # only while the receiver still may see drafts (a token revoked before a retry).
    needs_drafts = models.BooleanField(_("about drafts"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next retry"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    status_code = models.PositiveIntegerField(_("status code"), null=True, blank=True)
    response_excerpt = models.TextField(_("response excerpt"), blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="sync_delivery_due")]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook} ({self.status})"


class Pruned(models.Model):
    """How far the feed was pruned: a cursor below ``up_to`` may have missed entries."""

    up_to = models.BigIntegerField(_("pruned up to"), default=0)
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("pruning")
        verbose_name_plural = _("prunings")

    def __str__(self) -> str:
        return f"≤ #{self.up_to}"
