"""An agreement's status, following its dates and the agreements that renew or supersede it.

The rule is written once in Python (``lifecycle``) and once as a query expression
(``status_expression``, which only picks the rows the daily refresh must look at); the
tests hold the two to the same answers. Dates are periods (kernel/partial_date.py): a
status begins on the first day a date can mean and ends on the last, so an agreement
effective "2017-07" is in force from 1 July 2017 and one expiring "2028" until 31
December 2028.

    negotiating  no signing (or effective) date, and entered as negotiating
    signed       signed (or given an effective date) that has not begun
    in force     effective_on (else signed_on) has begun
    expired      the day after expires_on's last day has come
    terminated   terminated_on's last day has come
    superseded   a published agreement that supersedes or renews it has taken effect

Terminated wins over superseded, superseded over expired. A status set by hand
(``status_fixed``, with a note) is kept as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kernel.partial_date import PartialDate, ends_on_or_after, format_partial_date

from .choices import AgreementStatus, RelationKind

# "A <kind> B": once A takes effect, B is superseded.
SUCCESSOR_KINDS = (RelationKind.SUPERSEDES, RelationKind.RENEWS)
DAY = dt.timedelta(days=1)


class Dated(Protocol):
    """What the rule reads of an agreement (a model instance or anything shaped like one)."""

    signed_on: PartialDate | None
    effective_on: PartialDate | None
    expires_on: PartialDate | None
    terminated_on: PartialDate | None
    status: str
    status_fixed: bool


@dataclass(frozen=True)
class Stage:
    """A status and the date it follows from (None when no date tells it)."""

    status: str
    since: PartialDate | None = None

    def reason(self) -> str:
        """For the history: "expired on 3 November 2023"."""
        if self.since is None:
            if self.status == AgreementStatus.NEGOTIATING:
                return _("no signing date")
            return _("status follows the dates")
        date = format_partial_date(self.since, get_language() or "en")
        reasons = {
            AgreementStatus.SIGNED: _("signed on %(date)s"),
            AgreementStatus.IN_FORCE: _("in force since %(date)s"),
            AgreementStatus.EXPIRED: _("expired on %(date)s"),
            AgreementStatus.TERMINATED: _("terminated on %(date)s"),
            AgreementStatus.SUPERSEDED: _("superseded on %(date)s"),
        }
        return reasons.get(AgreementStatus(self.status), "%(date)s") % {"date": date}


def today() -> dt.date:
    """The day statuses and point-in-time filters are computed for (the site's time zone)."""
    return timezone.localdate()


def took_effect(agreement: Dated) -> PartialDate | None:
    """When it takes effect: the effective date, else the signing date."""
    return agreement.effective_on or agreement.signed_on


def lifecycle(
    agreement: Dated, on: dt.date, successors: Iterable[PartialDate | None] = ()
) -> Stage:
    """The status ``agreement`` has on the day ``on``; ``successors`` are when the
    published agreements superseding or renewing it take effect."""
    if agreement.status_fixed:
        return Stage(agreement.status)
    terminated = agreement.terminated_on
    if terminated is not None and terminated.end <= on:
        return Stage(AgreementStatus.TERMINATED, terminated)
    begun = [start for start in successors if start is not None and start.start <= on]
    if begun:
        return Stage(AgreementStatus.SUPERSEDED, min(begun))
    expires = agreement.expires_on
    if expires is not None and expires.end < on:
        return Stage(AgreementStatus.EXPIRED, expires)
    effect = took_effect(agreement)
    if effect is not None and effect.start <= on:
        return Stage(AgreementStatus.IN_FORCE, effect)
    if effect is not None:
        return Stage(AgreementStatus.SIGNED, agreement.signed_on or effect)
    if agreement.status == AgreementStatus.NEGOTIATING:
        return Stage(AgreementStatus.NEGOTIATING)
    return Stage(AgreementStatus.SIGNED)


def derived_status(
    agreement: Dated, on: dt.date, successors: Iterable[PartialDate | None] = ()
) -> str:
    return lifecycle(agreement, on, successors).status


# The same rule as a query. ``prefix`` leads from the queried rows to the agreement.


def _begun(on: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}effective_on__lte": on}) | Q(
        **{f"{prefix}effective_on__isnull": True, f"{prefix}signed_on__lte": on}
    )


def successors_begun(on: dt.date) -> QuerySet[Any]:
    """The relations naming the outer agreement whose published successor has taken
    effect by ``on`` (for Exists())."""
    from .models import AgreementRelation

    return AgreementRelation.objects.filter(
        _begun(on, "agreement__"),
        other=OuterRef("pk"),
        kind__in=SUCCESSOR_KINDS,
        agreement__published=True,
    )


def status_expression(on: dt.date) -> Case:
    """``lifecycle(...).status`` for each row, computed by the database."""
    terminated = Q(terminated_on__isnull=False) & ~ends_on_or_after("terminated_on", on + DAY)
    expired = Q(expires_on__isnull=False) & ~ends_on_or_after("expires_on", on)
    dated = Q(signed_on__isnull=False) | Q(effective_on__isnull=False)
    return Case(
        When(status_fixed=True, then=F("status")),
        When(terminated, then=Value(AgreementStatus.TERMINATED.value)),
        When(Exists(successors_begun(on)), then=Value(AgreementStatus.SUPERSEDED.value)),
        When(expired, then=Value(AgreementStatus.EXPIRED.value)),
        When(_begun(on), then=Value(AgreementStatus.IN_FORCE.value)),
        When(dated, then=Value(AgreementStatus.SIGNED.value)),
        When(status=AgreementStatus.NEGOTIATING, then=Value(AgreementStatus.NEGOTIATING.value)),
        default=Value(AgreementStatus.SIGNED.value),
        output_field=CharField(),
    )


def in_force_during(first: dt.date, last: dt.date) -> Q:
    """In force on at least one day from ``first`` to ``last``: took effect by ``last``,
    neither expired nor terminated nor superseded by ``first``, and not negotiating."""
    return (
        _begun(last)
        & (Q(expires_on__isnull=True) | ends_on_or_after("expires_on", first))
        & (Q(terminated_on__isnull=True) | ends_on_or_after("terminated_on", first + DAY))
        & ~Q(status=AgreementStatus.NEGOTIATING)
        & ~Q(Exists(successors_begun(first)))
    )


def expiring_between(first: dt.date, last: dt.date) -> Q:
    """The expiry's last day falls from ``first`` to ``last``."""
    return (
        Q(expires_on__isnull=False)
        & ends_on_or_after("expires_on", first)
        & ~ends_on_or_after("expires_on", last + DAY)
    )
