"""A delivery about a draft is sent only while its receiver may still see drafts: a retry
(or a paused receiver resumed) after its token was revoked sends nothing about the draft."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.utils import timezone

from access.models import ApiToken
from sync import webhooks
from sync.choices import DeliveryStatus
from sync.models import Delivery, Webhook
from sync.tasks import retry_due_deliveries
from tests.factories import AgreementFactory
from tests.sync.test_webhooks import ALL_EVENTS, SECRET, Receiver, receiver  # noqa: F401


def test_a_draft_delivery_is_not_retried_once_the_receiver_lost_draft_access(
    receiver: Receiver,  # noqa: F811
    db: None,
) -> None:
    owner = User.objects.create_user("partner")
    token, _ = ApiToken.issue(owner, "write")
    hook = Webhook.objects.create(
        user=owner, token=token, url=receiver.url, secret=SECRET, events=ALL_EVENTS
    )
    receiver.statuses = [503, 503]
    AgreementFactory(slug="secret-plan", published=False)
    AgreementFactory(slug="open-plan")
    start = timezone.now()
    made = webhooks.notify("agreement.expiring", [("secret-plan", False), ("open-plan", True)])
    assert {d.payload["agreement"]["slug"] for d in made} == {"secret-plan", "open-plan"}
    for delivery in Delivery.objects.filter(webhook=hook):
        webhooks.attempt(delivery, now=start)
    assert len(receiver.received) == 2  # both failed (503)

    token.revoke()
    retry_due_deliveries.call((start + dt.timedelta(days=1)).isoformat())

    retried = [r["body"].decode() for r in receiver.received[2:]]
    assert len(retried) == 1 and "open-plan" in retried[0]
    secret = Delivery.objects.get(payload__agreement__slug="secret-plan")
    assert secret.status == DeliveryStatus.FAILED and "draft" in secret.error
    opened = Delivery.objects.get(payload__agreement__slug="open-plan")
    assert opened.status == DeliveryStatus.DELIVERED
