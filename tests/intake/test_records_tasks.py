"""Large imports run as background tasks: at once with the immediate backend, and queued
for `manage.py db_worker` with the database backend."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from intake import tasks
from intake.models import ImportJob, ImportStatus
from parties.models import Person


def job_for(rows: int, **fields: Any) -> ImportJob:
    lines = ["slug,name"] + [f"person-{n},Person {n}" for n in range(rows)]
    return ImportJob.objects.create(
        file=ContentFile("\n".join(lines).encode(), name="people.csv"),
        kind="people",
        format="csv",
        mode="per-row",
        dry_run=False,
        rows_total=rows,
        **fields,
    )


@pytest.fixture
def database_queue(settings: Any) -> Any:
    # django-tasks drops its backends when the setting changes (and again when restored).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return settings


def test_a_large_import_runs_to_done_with_the_immediate_backend(db: None, settings: Any) -> None:
    settings.INTAKE_BACKGROUND_ROWS = 10
    job = job_for(250)
    assert tasks.start(job) is None
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.created) == (ImportStatus.DONE, 250, 250)
    assert Person.objects.count() == 250


def test_with_the_database_backend_the_job_waits_for_the_worker(
    db: None, settings: Any, database_queue: Any, monkeypatch: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    # The worker closes "old" connections between tasks; the test's one must stay open,
    # since it holds the test's transaction.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )

    settings.INTAKE_BACKGROUND_ROWS = 10
    job = job_for(20)
    assert tasks.start(job) is None
    job.refresh_from_db()
    assert job.status == ImportStatus.QUEUED
    assert DBTaskResult.objects.filter(task_path="intake.tasks.run_import_job").count() == 1
    assert not Person.objects.exists()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.created) == (ImportStatus.DONE, 20, 20)


def test_when_the_queue_is_down_the_user_is_told_and_the_file_kept(
    db: None, settings: Any, monkeypatch: Any
) -> None:
    def refuse(*args: Any) -> None:
        raise ConnectionError("queue unreachable")

    settings.INTAKE_BACKGROUND_ROWS = 1
    monkeypatch.setattr("django_tasks.backends.immediate.ImmediateBackend.enqueue", refuse)
    job = job_for(5)
    message = tasks.start(job)
    assert message is not None and "could not be queued" in message
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.file.read()
