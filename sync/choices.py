"""Choices of the change feed and the webhooks."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Collection(models.TextChoices):
    """The API's collections, by the name of their route (``/api/<collection>/``)."""

    AGREEMENTS = "agreements", _("agreements")
    PARTIES = "parties", _("parties")
    PEOPLE = "people", _("people")
    EVENTS = "events", _("events")
    FIELDS = "fields", _("fields")
    REGIONS = "regions", _("regions")


class ChangeAction(models.TextChoices):
    CREATED = "created", _("created")
    UPDATED = "updated", _("updated")
    DELETED = "deleted", _("deleted")


class WebhookEvent(models.TextChoices):
    CREATED = "agreement.created", "agreement.created"
    UPDATED = "agreement.updated", "agreement.updated"
    PUBLISHED = "agreement.published", "agreement.published"
    UNPUBLISHED = "agreement.unpublished", "agreement.unpublished"
    DELETED = "agreement.deleted", "agreement.deleted"
    EXPIRING = "agreement.expiring", "agreement.expiring"
    EXPIRED = "agreement.expired", "agreement.expired"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    DELIVERED = "delivered", _("delivered")
    RETRYING = "retrying", _("waiting to retry")
    FAILED = "failed", _("failed")
