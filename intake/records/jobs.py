"""Running an ImportJob: in the request for a small file, as a background task for a large
one (more than INTAKE_BACKGROUND_ROWS rows)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.translation import gettext as _

from ..models import ImportJob, ImportStatus
from .importer import CREATED, FAILED, UNCHANGED, UPDATED, import_table
from .readers import FileRefused, read_table

logger = logging.getLogger(__name__)
# Progress is written every this many rows (and at the end).
PROGRESS_STEP = 100


def in_background(job: ImportJob) -> bool:
    return job.rows_total > settings.INTAKE_BACKGROUND_ROWS


def run(job_id: int) -> None:
    """Read the job's file and import it (or check it, for a dry run), recording progress."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    job.status, job.rows_done = ImportStatus.RUNNING, 0
    job.save(update_fields=["status", "rows_done", "updated_at"])
    try:
        with job.file.open("rb") as handle:
            table = read_table(handle.read(), job.format)
        total = len(table.rows)
        ImportJob.objects.filter(pk=job.pk).update(rows_total=total)

        def progress(done: int) -> None:
            if done % PROGRESS_STEP == 0 or done == total:
                ImportJob.objects.filter(pk=job.pk).update(rows_done=done)

        report = import_table(
            table,
            kind=job.kind,
            mode=job.mode,
            dry_run=job.dry_run,
            user=job.created_by,
            progress=progress,
        )
    except FileRefused as refused:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, error=str(refused))
        return
    except Exception as error:
        logger.exception("Import %s failed", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED,
            error=_(
                "The import stopped on an unexpected error (%(error)s); nothing more was written."
            )
            % {"error": type(error).__name__},
        )
        return
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.DONE,
        rows_total=total,
        rows_done=total,
        created=report.count(CREATED),
        updated=report.count(UPDATED),
        unchanged=report.count(UNCHANGED),
        failed=report.count(FAILED),
        report=report.as_json(),
        error="",
    )
