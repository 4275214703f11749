"""Background tasks of the intake app (settings.TASKS; `manage.py db_worker` runs them),
and starting an import job now or on the worker."""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _
from django_tasks import task

from .models import ImportJob, ImportStatus
from .records import jobs

logger = logging.getLogger(__name__)


@task()
def run_import_job(job_id: int) -> None:
    """Check or import the file of ImportJob ``job_id``, updating its progress as it goes."""
    jobs.run(job_id)


def start(job: ImportJob) -> str | None:
    """Run ``job`` now or queue it; the reason it could not be queued, or None. A job that
    could not be queued keeps its file and can be started again."""
    job.status, job.error, job.rows_done = ImportStatus.QUEUED, "", 0
    job.save(update_fields=["status", "error", "rows_done", "dry_run", "updated_at"])
    if not jobs.in_background(job):
        jobs.run(job.pk)
        return None
    try:
        run_import_job.enqueue(job.pk)
    except Exception as error:  # the queue's database or broker is unreachable, misconfigured
        logger.exception("Could not queue import %s", job.pk)
        message = _(
            "The import could not be queued (%(error)s). The file is kept: try again later."
        ) % {"error": type(error).__name__}
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, error=message)
        return message
    return None
