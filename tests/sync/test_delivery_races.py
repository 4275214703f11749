"""Two workers attempting the same delivery (the retry job and a late deliver task, or
two overlapping retry jobs)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from sync import safe_http, webhooks
from sync.choices import DeliveryStatus
from sync.models import Delivery
from sync.tasks import retry_due_deliveries
from tests.sync.test_webhooks import Receiver, make_delivery, receiver  # noqa: F401


def test_two_workers_attempting_the_same_delivery_post_it_once(
    receiver: Receiver,  # noqa: F811
    db: None,
) -> None:
    delivery = make_delivery(receiver.url, User.objects.create_user("o"))
    # Both loaded it before either attempted it (the retry job and a late deliver task).
    first, second = Delivery.objects.get(pk=delivery.pk), Delivery.objects.get(pk=delivery.pk)

    webhooks.attempt(first)
    webhooks.attempt(second)

    assert len(receiver.received) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 1)


def test_a_retry_job_starting_during_an_attempt_leaves_that_delivery_alone(
    receiver: Receiver,  # noqa: F811
    db: None,
    monkeypatch: Any,
) -> None:
    delivery = make_delivery(receiver.url, User.objects.create_user("o"))
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.RETRYING, attempts=1, next_attempt_at=timezone.now()
    )
    delivery.refresh_from_db()
    real_post = safe_http.post
    later = (timezone.now() + dt.timedelta(seconds=30)).isoformat()

    jobs: list[int] = []
    started = []

    def slow_post(*args: Any, **kwargs: Any) -> Any:
        if not started:  # the next minute's job, while this POST is out
            started.append(True)
            jobs.append(retry_due_deliveries.call(later))
        return real_post(*args, **kwargs)

    monkeypatch.setattr(safe_http, "post", slow_post)
    webhooks.attempt(delivery)

    assert jobs == [0] and len(receiver.received) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 2)
