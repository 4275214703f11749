from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WatchesConfig(AppConfig):
    """Telling people: staff watches, public e-mail subscriptions, expiry reminders, digests."""

    name = "watches"
    verbose_name = _("Watches and subscriptions")
    default_auto_field = "django.db.models.BigAutoField"
