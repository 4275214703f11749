"""Background tasks of the downloads (settings.TASKS; settings.SCHEDULED_TASKS says when
the scheduler enqueues them, `manage.py db_worker` runs them)."""

from __future__ import annotations

from django_tasks import task

from .generate import generate, refresh


@task()
def refresh_downloads() -> bool:
    """Every quarter of an hour: rebuild the files if a public record changed since they
    were written; whether they were rebuilt. Saves never rebuild them themselves."""
    return refresh()


@task()
def generate_downloads() -> int:
    """Rebuild the files now, changed or not; how many were written."""
    return len(generate()["files"])
