from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """Getting records in: proposals from press releases, and bulk import and export."""

    name = "intake"
    verbose_name = _("Intake")
    default_auto_field = "django.db.models.BigAutoField"
