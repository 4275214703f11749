"""Two workers attempting the same delivery (the retry job and a late deliver task, or
two overlapping retry jobs)."""

from __future__ import annotations

from django.contrib.auth.models import User

from sync import webhooks
from sync.choices import DeliveryStatus
from sync.models import Delivery
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
