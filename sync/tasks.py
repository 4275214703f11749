"""Background tasks of the change feed and the webhooks (settings.TASKS; `manage.py
db_worker` runs them; settings.SCHEDULED_TASKS says when the periodic ones run)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django_tasks import task

from . import webhooks
from .choices import DeliveryStatus
from .models import Change, Delivery, Pruned, Webhook


def queue(deliveries: list[Delivery]) -> list[Delivery]:
    """Send ``deliveries`` on the worker once the transaction that made them commits."""
    ids = [delivery.pk for delivery in deliveries]
    if ids:
        transaction.on_commit(lambda: [deliver.enqueue(pk) for pk in ids])
    return deliveries


def dispatch_later(change: Change, *, using: str = "default") -> None:
    """Called when an agreement's change is recorded: the deliveries are made after commit."""
    pk = change.pk

    def start() -> None:
        if Webhook.objects.using(using).filter(paused_at__isnull=True).exists():
            dispatch_change.enqueue(pk)

    transaction.on_commit(start, using=using)


@task()
def dispatch_change(change_id: int) -> int:
    """Make and queue the deliveries of an agreement's change; how many."""
    change = Change.objects.filter(pk=change_id).first()
    return 0 if change is None else len(queue(webhooks.dispatch(change)))


@task()
def deliver(delivery_id: int) -> str:
    """POST one delivery once; its status afterwards."""
    delivery = Delivery.objects.select_related("webhook__token", "webhook__user").get(
        pk=delivery_id
    )
    return webhooks.attempt(delivery).status


@task()
def retry_due_deliveries(now: str | None = None) -> int:
    """Attempt again the deliveries whose retry time has come (every minute); how many."""
    moment = dt.datetime.fromisoformat(now) if now else timezone.now()
    due = Delivery.objects.filter(
        status__in=[DeliveryStatus.RETRYING, DeliveryStatus.PENDING],
        next_attempt_at__lte=moment,
        webhook__paused_at__isnull=True,
    ).select_related("webhook__token", "webhook__user")
    count = 0
    for delivery in due.order_by("next_attempt_at", "pk"):
        webhooks.attempt(delivery, now=moment)
        count += 1
    return count


@task()
def send_expiring_notices(today: str | None = None) -> int:
    """``agreement.expiring`` for expiries 180/90/30 days away (daily); how many."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    return len(queue(webhooks.expiring_notices(day)))


@task()
def prune_changes(now: str | None = None) -> int:
    """Delete feed entries older than CHANGES_RETENTION_DAYS (daily); how many."""
    moment = dt.datetime.fromisoformat(now) if now else timezone.now()
    cutoff = moment - dt.timedelta(days=settings.CHANGES_RETENTION_DAYS)
    with transaction.atomic():
        old = Change.objects.filter(at__lt=cutoff)
        last = old.aggregate(last=Max("id"))["last"]
        if last is None:
            return 0
        deleted, _ = Change.objects.filter(id__lte=last).delete()
        mark, _ = Pruned.objects.select_for_update().get_or_create(pk=1)
        mark.up_to, mark.at = max(mark.up_to, last), moment
        mark.save()
    return deleted
