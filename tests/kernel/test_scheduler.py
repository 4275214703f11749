"""``manage.py scheduler`` (kernel/scheduling.py): the schedule from settings, --list and
--once with the immediate task backend, and entries it refuses."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from agreements.models import Agreement
from kernel import scheduling
from tests.factories import AgreementFactory

DAILY = ("agreements.tasks.refresh_statuses", "5 0 * * *")


def run(*args: str) -> str:
    out = StringIO()
    call_command("scheduler", *args, stdout=out)
    return out.getvalue()


def test_the_daily_status_refresh_is_scheduled(settings: Any) -> None:
    assert DAILY in settings.SCHEDULED_TASKS


def test_list_prints_each_task_with_its_crontab_and_next_run(settings: Any) -> None:
    settings.SCHEDULED_TASKS = [DAILY, ("agreements.tasks.refresh_statuses", "0 6 * * 1")]
    lines = run("--list").splitlines()
    assert [line.split("\t")[:2] for line in lines] == [list(DAILY), [DAILY[0], "0 6 * * 1"]]
    entry = scheduling.schedule()[0]
    after = dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.UTC)
    assert entry.next_run(after) == dt.datetime(2026, 3, 5, 0, 5, tzinfo=dt.UTC)


def test_once_enqueues_the_named_task_now(settings: Any, db: None) -> None:
    settings.SCHEDULED_TASKS = [DAILY]
    stale = AgreementFactory(signed_on="2010", expires_on="2011", status="signed")
    output = run("--once", "refresh_statuses")  # the immediate backend runs it at once
    assert output.startswith(f"Enqueued {DAILY[0]} (")
    assert Agreement.objects.get(pk=stale.pk).status == "expired"


def test_once_refuses_a_task_that_is_not_scheduled(settings: Any) -> None:
    settings.SCHEDULED_TASKS = [DAILY]
    with pytest.raises(CommandError, match="'send_digest' is not scheduled"):
        run("--once", "send_digest")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (("agreements.tasks.no_such_task", "5 0 * * *"), "cannot import"),
        (("kernel.scheduling.schedule", "5 0 * * *"), "is not a task"),
        (("agreements.tasks.refresh_statuses", "every night"), "invalid crontab"),
        ("agreements.tasks.refresh_statuses", "not a (task path, crontab) pair"),
    ],
)
def test_it_refuses_a_bad_schedule_entry_naming_it(settings: Any, entry: Any, message: str) -> None:
    settings.SCHEDULED_TASKS = [entry]
    with pytest.raises(CommandError, match=re.escape(message)):
        run("--list")


def test_the_scheduler_adds_one_cron_job_per_task(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.SCHEDULED_TASKS = [DAILY]
    started: list[list[Any]] = []

    def start(self: Any) -> None:
        started.append(self.get_jobs())

    monkeypatch.setattr(scheduling.BlockingScheduler, "start", start)
    run()
    (jobs,) = started
    assert [(job.id, job.func, job.args, str(job.trigger)) for job in jobs] == [
        (
            DAILY[0],
            scheduling.enqueue_on_time,
            (DAILY[0],),
            "cron[month='*', day='*', day_of_week='*', hour='0', minute='5']",
        )
    ]
