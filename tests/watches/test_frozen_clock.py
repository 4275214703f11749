"""The daily jobs as the scheduler enqueues them (no day passed in), on a frozen clock:
each takes "today" from the clock, so the day they run is the day they act for."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.core import mail
from django.utils import timezone

from agreements import tasks as agreement_tasks
from agreements.models import Agreement
from tests.factories import AgreementFactory
from watches import tasks as watch_tasks
from watches.choices import Kind, State
from watches.models import Subscription

EXPIRY = dt.date(2030, 6, 30)


def at(day: dt.date) -> time_machine.travel:
    """Frozen at 09:00 on ``day`` in the site's time zone."""
    moment = dt.datetime.combine(day, dt.time(9), tzinfo=timezone.get_default_timezone())
    return time_machine.travel(moment, tick=False)


def test_the_daily_jobs_follow_the_clock(party: Any, other_party: Any) -> None:
    agreement = AgreementFactory(
        title="Ocean accord",
        signed_on="2025-06-30",
        expires_on=EXPIRY.isoformat(),
        parties=[party, other_party],
    )
    Subscription.objects.create(
        email="reader@example.org",
        kind=Kind.PARTY,
        party=party,
        state=State.CONFIRMED,
        confirmed_at=timezone.now() - dt.timedelta(days=365),
    )

    sent = {}
    for days in (181, 180, 91, 90):
        with at(EXPIRY - dt.timedelta(days=days)):
            before = len(mail.outbox)
            watch_tasks.send_reminders.enqueue()
            agreement_tasks.refresh_statuses.enqueue()
            sent[days] = len(mail.outbox) - before
    assert sent == {181: 0, 180: 1, 91: 0, 90: 1}
    assert "Ocean accord" in mail.outbox[-1].body and mail.outbox[-1].to == ["reader@example.org"]
    agreement.refresh_from_db()
    assert agreement.status == "in_force"

    with at(EXPIRY):  # the last day it is in force
        agreement_tasks.refresh_statuses.enqueue()
    assert Agreement.objects.get(pk=agreement.pk).status == "in_force"

    with at(EXPIRY + dt.timedelta(days=1)):
        agreement_tasks.refresh_statuses.enqueue()
    agreement.refresh_from_db()
    assert agreement.status == "expired"
    latest = agreement.history.latest()
    assert latest.history_change_reason == "expired on 30 June 2030"
