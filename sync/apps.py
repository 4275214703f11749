from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyncConfig(AppConfig):
    name = "sync"
    verbose_name = _("Change feed and webhooks")

    def ready(self) -> None:
        from . import signals

        signals.connect()
