"""Bulk imports that run as background tasks, and what they did."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    AGREEMENTS = "agreements", _("agreements")
    PARTIES = "parties", _("parties")
    PEOPLE = "people", _("people")


class ImportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    JSONL = "jsonl", "JSON Lines"


class ImportMode(models.TextChoices):
    ATOMIC = "atomic", _("all or nothing")
    PER_ROW = "per-row", _("row by row")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class ImportJob(models.Model):
    """One uploaded file: first checked (a dry run, the preview), then, once confirmed,
    imported; each step runs in the request or, for a large file, as a background task."""

    # SET_NULL: the record of an import outlives the account that made it.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    file = models.FileField(_("file"), upload_to="imports/")
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    kind = models.CharField(_("records"), max_length=16, choices=ImportKind.choices)
    format = models.CharField(_("format"), max_length=8, choices=ImportFormat.choices)
    mode = models.CharField(_("mode"), max_length=8, choices=ImportMode.choices)
    dry_run = models.BooleanField(
        _("preview only"), default=True, help_text=_("Checked, nothing written yet.")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rows_done__lte=models.F("rows_total")),
                name="intake_importjob_done_within_total",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ImportStatus.values), name="intake_importjob_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename or self.file.name} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return round(100 * self.rows_done / self.rows_total) if self.rows_total else 0

    @property
    def finished(self) -> bool:
        return self.status in {ImportStatus.DONE, ImportStatus.FAILED}
