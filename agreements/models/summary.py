"""Counts of published agreements kept as they change (agreements/summaries.py), so the
public pages need not count a million agreements on every request."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementCount(models.Model):
    """How many published agreements of a scope (all of them, or those matching one filter
    value) fall in one group of a grouping (agreements/groupings.py)."""

    scope = models.CharField(
        _("scope"),
        max_length=64,
        blank=True,
        help_text=_("'' for every published agreement, else one filter value: 'kind:mou'."),
    )
    grouping = models.CharField(_("grouping"), max_length=16)
    value = models.CharField(
        _("value"),
        max_length=64,
        blank=True,
        help_text=_("The group: a choice, year, country code, or the id of a party or term."),
    )
    # No check that it is not negative: SQLite checks the row an upsert would insert, and
    # a negative delta is inserted as such before it is added to the existing count.
    count = models.IntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("agreement count")
        verbose_name_plural = _("agreement counts")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "grouping", "value"], name="agreement_count_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope or '*'} {self.grouping}={self.value}: {self.count}"


class CountedAgreement(models.Model):
    """What an agreement adds to the counts now (nothing for a draft): kept so a change
    subtracts exactly what was added. No foreign key: the row outlives a deleted
    agreement until its counts are taken back."""

    agreement_id = models.BigIntegerField(_("agreement"), primary_key=True)
    scopes = models.TextField(_("scopes"), blank=True)
    keys = models.TextField(_("keys"), blank=True)

    class Meta:
        verbose_name = _("counted agreement")
        verbose_name_plural = _("counted agreements")

    def __str__(self) -> str:
        return str(self.agreement_id)
