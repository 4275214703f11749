"""The watches app's choice sets."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a watch or subscription follows."""

    AGREEMENT = "agreement", _("agreement")
    PARTY = "party", _("party")
    FIELD = "field", _("cooperation field")
    SEARCH = "search", _("saved search")


class Frequency(models.TextChoices):
    """How often the digest of new and changed agreements is sent."""

    DAILY = "daily", _("daily")
    WEEKLY = "weekly", _("weekly")


class State(models.TextChoices):
    """A public subscription's state: nothing is sent before it is confirmed."""

    PENDING = "pending", _("pending confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    UNSUBSCRIBED = "unsubscribed", _("unsubscribed")


class NotificationKind(models.TextChoices):
    REMINDER = "reminder", _("expiry reminder")
    DIGEST = "digest", _("digest")
