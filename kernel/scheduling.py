"""The schedule of background tasks: ``settings.SCHEDULED_TASKS`` is a list of
(dotted path of a django-tasks task, crontab string) pairs, read here into APScheduler
cron triggers. On each trigger the scheduler only enqueues the task; the worker
(`manage.py db_worker`) runs it. Imports no app: the tasks are named by path."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import close_old_connections
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Scheduled:
    path: str
    crontab: str
    trigger: CronTrigger

    @property
    def name(self) -> str:
        """The task's own name: the last part of its path."""
        return self.path.rsplit(".", 1)[-1]

    def next_run(self, after: dt.datetime | None = None) -> dt.datetime | None:
        now = after or timezone.now()
        fire: dt.datetime | None = self.trigger.get_next_fire_time(None, now)
        return fire


def load_task(path: str) -> Any:
    """The django-tasks task at ``path``; ImproperlyConfigured unless it can be enqueued."""
    try:
        found = import_string(path)
    except ImportError as error:
        raise ImproperlyConfigured(f"SCHEDULED_TASKS: cannot import {path!r}: {error}") from error
    if not callable(getattr(found, "enqueue", None)):
        raise ImproperlyConfigured(f"SCHEDULED_TASKS: {path!r} is not a task (no enqueue()).")
    return found


def schedule() -> list[Scheduled]:
    """``settings.SCHEDULED_TASKS``, each entry checked: an importable task and a valid
    five-field crontab (minute hour day month weekday, in settings.TIME_ZONE)."""
    entries: list[Scheduled] = []
    for entry in getattr(settings, "SCHEDULED_TASKS", []):
        try:
            path, crontab = entry
        except (TypeError, ValueError) as error:
            raise ImproperlyConfigured(
                f"SCHEDULED_TASKS: {entry!r} is not a (task path, crontab) pair."
            ) from error
        load_task(path)
        try:
            trigger = CronTrigger.from_crontab(crontab, timezone=settings.TIME_ZONE)
        except ValueError as error:
            raise ImproperlyConfigured(
                f"SCHEDULED_TASKS: {path!r} has an invalid crontab {crontab!r}: {error}"
            ) from error
        entries.append(Scheduled(path, crontab, trigger))
    return entries


def find(entries: list[Scheduled], name: str) -> Scheduled:
    """The entry named by its full path or, if that is unambiguous, its last part."""
    matches = [e for e in entries if name in (e.path, e.name)]
    if len(matches) != 1:
        known = ", ".join(e.path for e in entries) or "none"
        problem = "is ambiguous" if matches else "is not scheduled"
        raise LookupError(f"{name!r} {problem}; scheduled tasks: {known}.")
    return matches[0]


def enqueue(path: str) -> str:
    """Queue the task at ``path`` now (the immediate backend runs it at once); its result id."""
    result = load_task(path).enqueue()
    logger.info("Enqueued %s (%s).", path, result.id)
    return str(result.id)


def enqueue_on_time(path: str) -> None:
    """A trigger's job, on the scheduler's thread: as a request would, it drops database
    connections that broke or aged since the last run, before and after."""
    close_old_connections()
    try:
        enqueue(path)
    finally:
        close_old_connections()


def run_forever(entries: list[Scheduled]) -> None:
    """Block, enqueueing each task on its trigger. A run missed by under an hour (the
    scheduler was restarting) still happens, once."""
    scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
    for entry in entries:
        scheduler.add_job(
            enqueue_on_time,
            entry.trigger,
            args=[entry.path],
            id=entry.path,
            name=entry.path,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=3600,
        )
    scheduler.start()
