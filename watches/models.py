"""Watches (staff), e-mail subscriptions (the public) and the notifications sent for them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, CooperationField
from parties.models import Party

from .choices import Frequency, Kind, NotificationKind, State

DEFAULT_REMIND_DAYS = (180, 90, 30)
MAX_REMIND_DAYS = 3650
# More thresholds than this would be a reminder a week: a digest does that better.
MAX_REMINDERS = 10


def default_remind_days() -> list[int]:
    return list(DEFAULT_REMIND_DAYS)


def validate_remind_days(value: Any) -> None:
    """A list of 1 to MAX_REMINDERS whole numbers of days, each from 1 to MAX_REMIND_DAYS."""
    if (
        not isinstance(value, list)
        or not 1 <= len(value) <= MAX_REMINDERS
        or not all(type(v) is int and 1 <= v <= MAX_REMIND_DAYS for v in value)
    ):
        raise ValidationError(
            _("Enter 1 to %(count)d whole numbers of days, each from 1 to %(max)d."),
            code="invalid",
            params={"count": MAX_REMINDERS, "max": MAX_REMIND_DAYS},
        )


def target_constraint(prefix: str, kinds: tuple[str, ...]) -> models.CheckConstraint:
    """Exactly the target column(s) of the row's kind are set."""
    empty = {"agreement": True, "party": True, "field": True}
    shapes = {
        Kind.AGREEMENT: Q(
            agreement__isnull=False, party__isnull=True, field__isnull=True, query=""
        ),
        Kind.PARTY: Q(agreement__isnull=True, party__isnull=False, field__isnull=True, query=""),
        Kind.FIELD: Q(agreement__isnull=True, party__isnull=True, field__isnull=False, query=""),
        Kind.SEARCH: Q(**{f"{name}__isnull": v for name, v in empty.items()}),
    }
    condition = Q()
    for kind in kinds:
        condition |= Q(kind=kind) & shapes[Kind(kind)]
    return models.CheckConstraint(condition=condition, name=f"watches_{prefix}_target_of_kind")


def unique_targets(
    prefix: str, owner: str, kinds: tuple[str, ...]
) -> list[models.UniqueConstraint]:
    """One row per owner and target: following something twice changes the row."""
    columns = {
        Kind.AGREEMENT: ["agreement"],
        Kind.PARTY: ["party", "include_subunits"],
        Kind.FIELD: ["field"],
        Kind.SEARCH: ["query"],
    }
    return [
        models.UniqueConstraint(
            fields=[owner, *columns[Kind(kind)]],
            condition=Q(kind=kind),
            name=f"watches_{prefix}_unique_{kind}",
        )
        for kind in kinds
    ]


class Interest(models.Model):
    """What is followed (an agreement, a party, a field or a saved search) and how the
    follower is told: reminders before expiry and a digest of new and changed agreements."""

    kind = models.CharField(_("follows"), max_length=16, choices=Kind.choices)
    # CASCADE: following a record that is deleted follows nothing.
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    include_subunits = models.BooleanField(
        _("with its sub-units"),
        default=False,
        help_text=_("For a party: also the agreements of its sub-units at any depth."),
    )
    field = models.ForeignKey(
        CooperationField,
        verbose_name=_("cooperation field"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    query = models.CharField(
        _("saved search"),
        max_length=2000,
        blank=True,
        help_text=_("The agreement search's query string, e.g. 'q=ocean&kind=mou'."),
    )
    remind_days = models.JSONField(
        _("remind days before expiry"),
        default=default_remind_days,
        validators=[validate_remind_days],
        help_text=_("Days before an agreement expires to send a reminder, e.g. [180, 90, 30]."),
    )
    frequency = models.CharField(
        _("digest"), max_length=8, choices=Frequency.choices, default=Frequency.DAILY
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    last_digest_at = models.DateTimeField(_("last digest up to"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.describe()

    @property
    def target(self) -> Any:
        if self.kind == Kind.SEARCH:
            return self.query
        return getattr(self, self.kind)

    def describe(self) -> str:
        """What is followed, in the active language."""
        if self.kind == Kind.SEARCH:
            return str(_("Search: %(query)s") % {"query": self.query or "*"})
        label = str(self.target)
        if self.kind == Kind.PARTY and self.include_subunits:
            label = str(_("%(party)s and its sub-units") % {"party": label})
        return f"{Kind(self.kind).label}: {label}"


KINDS = tuple(Kind.values)
PUBLIC_KINDS = (Kind.PARTY, Kind.FIELD, Kind.SEARCH)


class Watch(Interest):
    """A staff member follows something; drafts are included when they may see them."""

    # CASCADE: a removed account watches nothing.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="watches",
    )

    class Meta:
        verbose_name = _("watch")
        verbose_name_plural = _("watches")
        ordering = ["-created_at", "pk"]
        constraints = [
            target_constraint("watch", KINDS),
            *unique_targets("watch", "user", KINDS),
        ]


class Subscription(Interest):
    """A member of the public follows a party, a field or a search by e-mail; published
    agreements only, and nothing is sent before the address confirmed it."""

    email = models.EmailField(_("e-mail address"), max_length=254)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING
    )
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail subscription")
        verbose_name_plural = _("e-mail subscriptions")
        ordering = ["-created_at", "pk"]
        constraints = [
            target_constraint("subscription", PUBLIC_KINDS),
            *unique_targets("subscription", "email", PUBLIC_KINDS),
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="watches_subscription_state_valid"
            ),
        ]
        indexes = [models.Index(fields=["state", "frequency"])]


class Notification(models.Model):
    """A message sent for a watch or a subscription: what makes a re-run send nothing twice."""

    kind = models.CharField(_("kind"), max_length=16, choices=NotificationKind.choices)
    # CASCADE: the record of what was sent goes with what it was sent for.
    watch = models.ForeignKey(
        Watch, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    subscription = models.ForeignKey(
        Subscription,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    threshold = models.PositiveIntegerField(
        _("days before expiry"), null=True, blank=True, help_text=_("For reminders.")
    )
    recipient = models.EmailField(_("sent to"), max_length=254)
    agreement_count = models.PositiveIntegerField(_("agreements"), default=1)
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        verbose_name = _("sent notification")
        verbose_name_plural = _("sent notifications")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(watch__isnull=False, subscription__isnull=True)
                | Q(watch__isnull=True, subscription__isnull=False),
                name="watches_notification_for_one",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values),
                name="watches_notification_kind_valid",
            ),
            # A reminder is sent once per follower, agreement and threshold.
            models.UniqueConstraint(
                fields=["watch", "agreement", "threshold"],
                condition=Q(kind=NotificationKind.REMINDER, watch__isnull=False),
                name="watches_notification_reminder_once_per_watch",
            ),
            models.UniqueConstraint(
                fields=["subscription", "agreement", "threshold"],
                condition=Q(kind=NotificationKind.REMINDER, subscription__isnull=False),
                name="watches_notification_reminder_once_per_subscription",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"
