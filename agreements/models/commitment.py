"""What an agreement promises, and how keeping the promise goes."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kernel.partial_date import (
    DatePrecisionField,
    PartialDateField,
    partial_date_constraints,
)
from parties.models import Party

from ..choices import CommitmentStatus
from .agreement import Agreement
from .source import Source


class Commitment(models.Model):
    """A promise an agreement makes: 'co-build the Shenzhen campus of UCAS'."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitments")
    title = models.CharField(_("title"), max_length=300)
    title_local = models.CharField(_("title in the original language"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.PLANNED,
    )
    due_on = PartialDateField(_("due on"), null=True, blank=True)
    due_on_precision = DatePrecisionField()
    completed_on = PartialDateField(
        _("completed on"), null=True, blank=True, help_text=_("Only for commitments that are done.")
    )
    completed_on_precision = DatePrecisionField()
    responsible_parties = models.ManyToManyField(
        Party, blank=True, related_name="commitments", verbose_name=_("responsible parties")
    )
    sources = models.ManyToManyField(
        Source, blank=True, related_name="commitments", verbose_name=_("sources")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords(m2m_fields=[responsible_parties, sources])

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["position", "pk"]
        constraints = [
            *partial_date_constraints("due_on", "completed_on"),
            models.CheckConstraint(condition=~Q(title=""), name="agreements_commitment_title_set"),
            models.CheckConstraint(
                condition=Q(status__in=CommitmentStatus.values),
                name="agreements_commitment_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(status=CommitmentStatus.DONE),
                name="agreements_commitment_completed_only_when_done",
                violation_error_message=_("Only a commitment that is done has a completion date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CommitmentProgress(models.Model):
    """A dated note on how a commitment is going, with the source that reports it."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="progress_notes"
    )
    reported_on = PartialDateField(_("reported on"), null=True, blank=True)
    reported_on_precision = DatePrecisionField()
    note = models.TextField(_("note"))
    # PROTECT: the note's evidence cannot be deleted from under it.
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="progress_notes"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["reported_on", "pk"]
        constraints = [
            *partial_date_constraints("reported_on"),
            models.CheckConstraint(condition=~Q(note=""), name="agreements_progress_note_set"),
        ]

    def __str__(self) -> str:
        return f"{self.reported_on or ''} {self.note[:60]}".strip()
