"""Background tasks of the watches app, run by settings.SCHEDULED_TASKS (daily) on the
worker (`manage.py db_worker`); arguments are for tests and catching up by hand."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from . import notify


@task()
def send_reminders(today: str | None = None) -> int:
    """Expiry reminders due on ``today`` (ISO date; default today). Returns messages sent."""
    return notify.send_reminders(today=dt.date.fromisoformat(today) if today else None)


@task()
def send_digests(now: str | None = None) -> int:
    """Digests due at ``now`` (ISO date-time; default now): the daily ones every day, the
    weekly ones on settings.DIGEST_WEEKDAY. Returns messages sent."""
    return notify.send_digests(now=dt.datetime.fromisoformat(now) if now else None)
