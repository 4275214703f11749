"""Background tasks of the intake app (settings.TASKS; `manage.py db_worker` runs them)."""

from __future__ import annotations

from django_tasks import task

from .records import jobs


@task()
def run_import_job(job_id: int) -> None:
    """Check or import the file of ImportJob ``job_id``, updating its progress as it goes."""
    jobs.run(job_id)
