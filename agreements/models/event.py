"""Events around agreements: symposia, signing ceremonies, visits, reviews."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kernel.partial_date import DatePrecisionField, PartialDateField, partial_date_constraints
from kernel.slugs import SluggedModel, slug_constraint
from kernel.visibility import Viewer, visible
from parties.models import Party, Person

from ..choices import EventKind, ParticipantRole
from .agreement import Agreement
from .source import Source


class EventQuerySet(models.QuerySet["Event"]):
    def visible_to(self, viewer: Viewer) -> EventQuerySet:
        """Drafts are for staff and API tokens only (kernel/visibility.py)."""
        return visible(self, viewer)


class Event(SluggedModel):
    """Something that happened around agreements, on a date, in a place."""

    title = models.CharField(_("title"), max_length=500, help_text=_("Title in English."))
    title_local = models.CharField(_("title in the original language"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    date = PartialDateField(_("date"), null=True, blank=True)
    date_precision = DatePrecisionField()
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    published = models.BooleanField(_("published"), default=False)
    parties = models.ManyToManyField(
        Party, blank=True, related_name="events", verbose_name=_("parties")
    )
    agreements = models.ManyToManyField(
        Agreement, blank=True, related_name="events", verbose_name=_("agreements")
    )
    sources = models.ManyToManyField(
        Source, blank=True, related_name="events", verbose_name=_("sources")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[parties, agreements, sources])

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-date", "title"]
        constraints = [
            slug_constraint(),
            *partial_date_constraints("date"),
            models.CheckConstraint(condition=~Q(title=""), name="agreements_event_title_set"),
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values), name="agreements_event_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:event-detail", kwargs={"slug": self.slug})

    def slug_source(self) -> list[str]:
        year = str(self.date.start.year) if self.date else ""
        return [f"{self.title[:80]} {year}".strip()]


class EventParticipant(models.Model):
    """A person at an event, in a role, possibly for a party."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("for party"),
    )
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=ParticipantRole.choices,
        default=ParticipantRole.PARTICIPANT,
    )
    note = models.CharField(
        _("note"), max_length=300, blank=True, help_text=_("What the source says they did.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"], name="agreements_participant_once_per_event"
            ),
            models.CheckConstraint(
                condition=Q(role__in=ParticipantRole.values),
                name="agreements_participant_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} ({self.get_role_display()})"
