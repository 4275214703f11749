"""Background tasks of the agreements app (settings.TASKS; settings.SCHEDULED_TASKS says
when the scheduler enqueues them, `manage.py db_worker` runs them)."""

from __future__ import annotations

import logging

from django_tasks import task

from .statuses import refresh_statuses as refresh

logger = logging.getLogger(__name__)


@task()
def refresh_statuses() -> int:
    """Daily: bring every stored status up to date (an agreement expired overnight, a
    renewal took effect); the number of agreements whose status changed."""
    changed = refresh()
    logger.info("Statuses refreshed: %d changed.", changed)
    return changed
