"""Webhooks: which event a change is for each receiver, the deliveries, and POSTing them.

Deliveries are made by tasks (sync/tasks.py) on the worker, never in the request that
wrote: a change queues ``dispatch_change`` once its transaction commits. A failed attempt
(timeout, connection error, 5xx, 429) is retried after WEBHOOKS_RETRY_BASE_SECONDS × 2^n
by ``retry_due_deliveries``; after WEBHOOKS_MAX_ATTEMPTS the delivery fails, and after
WEBHOOKS_PAUSE_AFTER consecutive failures the receiver is paused (the admin says why)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from . import safe_http
from .choices import ChangeAction, DeliveryStatus, WebhookEvent
from .models import Change, Delivery, Webhook

SIGNATURE_HEADER = "X-Registry-Signature"
DELIVERY_HEADER = "X-Registry-Delivery"
EVENT_HEADER = "X-Registry-Event"
EXCERPT_CHARS = 500


def refused_address(url: str) -> str | None:
    """Why the registry will not POST to ``url`` (not http(s), or a host that resolves to
    a loopback, private, link-local or reserved address), or None."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return "Use an http:// or https:// URL with a host."
    if settings.WEBHOOKS_ALLOW_PRIVATE:
        return None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError, UnicodeError):
        return f"The host {parts.hostname!r} cannot be resolved."
    for *_, address in found:
        if safe_http.non_public(str(address[0])):
            return f"The host {parts.hostname!r} resolves to a non-public address ({address[0]})."
    return None


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def event_for(change: Change, *, drafts: bool) -> str | None:
    """The webhook event a receiver is sent for an agreement's change, by its draft access
    (the feed's rule: for the public a publication is a creation, and so on)."""
    if drafts:
        if change.action == ChangeAction.CREATED:
            return WebhookEvent.CREATED
        if change.action == ChangeAction.DELETED:
            return WebhookEvent.DELETED
        if change.public_action == ChangeAction.CREATED:
            return WebhookEvent.PUBLISHED
        if change.public_action == ChangeAction.DELETED:
            return WebhookEvent.UNPUBLISHED
        return WebhookEvent.UPDATED
    public = change.public_action
    if not public:
        return None
    if public == ChangeAction.UPDATED:
        return WebhookEvent.UPDATED
    if public == ChangeAction.CREATED:
        if change.action == ChangeAction.CREATED:
            return WebhookEvent.CREATED
        return WebhookEvent.PUBLISHED
    return (
        WebhookEvent.DELETED if change.action == ChangeAction.DELETED else WebhookEvent.UNPUBLISHED
    )


def api_url(slug: str) -> str:
    path = reverse("agreements-api:agreement-detail", kwargs={"slug": slug})
    return settings.SITE_URL.rstrip("/") + path


def payload(
    event: str, slug: str, *, listed: bool, at: dt.datetime | None = None, **extra: Any
) -> dict[str, Any]:
    """What a receiver is sent: the event, the agreement's slug and, unless it went (for
    this receiver), the URL of its API record to read it from."""
    gone = event in {WebhookEvent.DELETED, WebhookEvent.UNPUBLISHED} or not listed
    return {
        "event": event,
        "occurred_at": (at or timezone.now()).isoformat(),
        "agreement": {"slug": slug, "url": None if gone else api_url(slug)},
        **extra,
    }


def active_receivers(event: str | None = None) -> list[Webhook]:
    receivers = Webhook.objects.filter(paused_at__isnull=True).select_related("token", "user")
    return [r for r in receivers if event is None or event in r.events]


# A new delivery is due for the retry job too after this long: one whose task was lost (a
# worker stopped mid-way) is still sent. Receivers tell repeats by X-Registry-Delivery.
PENDING_GRACE = dt.timedelta(minutes=10)


def new_delivery(
    receiver: Webhook, event: str, body: dict[str, Any], *, needs_drafts: bool = False
) -> Delivery:
    return Delivery(
        webhook=receiver,
        event=event,
        payload=body,
        needs_drafts=needs_drafts,
        next_attempt_at=timezone.now() + PENDING_GRACE,
    )


def change_delivery(change: Change, *, drafts: bool) -> tuple[str, dict[str, Any]] | None:
    """The event and payload of an agreement's change for a receiver (None: nothing)."""
    event = event_for(change, drafts=drafts)
    if event is None:
        return None
    listed = drafts or change.public_action != ChangeAction.DELETED
    slug = change.slug
    if not drafts and change.public_action == ChangeAction.DELETED and change.previous_slug:
        slug = change.previous_slug  # the slug that went, for this receiver
    extra = {"previous_slug": change.previous_slug} if change.previous_slug and drafts else {}
    return event, payload(event, slug, listed=listed, at=change.at, **extra)


def dispatch(change: Change) -> list[Delivery]:
    """The deliveries of an agreement's change, one per receiver it concerns (made, not
    yet queued: see tasks.queue)."""
    made = []
    public = change_delivery(change, drafts=False)
    for receiver in active_receivers():
        drafts = receiver.sees_drafts
        found = change_delivery(change, drafts=drafts)
        if found is None or found[0] not in receiver.events:
            continue
        event, body = found
        # What the public would not be sent is sent only while the receiver sees drafts.
        made.append(new_delivery(receiver, event, body, needs_drafts=found != public))
    return Delivery.objects.bulk_create(made)


def notify(event: str, agreements: Iterable[tuple[str, bool]], **extra: Any) -> list[Delivery]:
    """Deliveries of ``event`` for ``agreements`` ((slug, published) pairs): drafts only to
    receivers that may see them. For the daily jobs (expiring; expired, which the status
    job's listener in sync/signals.py); queued by tasks.queue."""
    rows = list(agreements)
    made = []
    for receiver in active_receivers(event):
        drafts = receiver.sees_drafts
        for slug, published in rows:
            if published or drafts:
                body = payload(event, slug, listed=True, **extra.get(slug, {}))
                made.append(new_delivery(receiver, event, body, needs_drafts=not published))
    return Delivery.objects.bulk_create(made)


def expiring_notices(today: dt.date) -> list[Delivery]:
    """``agreement.expiring`` for agreements whose (day-precise) expiry is exactly one of
    WEBHOOKS_EXPIRING_DAYS away from ``today``."""
    from agreements.models import Agreement
    from kernel.partial_date import Precision

    made: list[Delivery] = []
    for days in settings.WEBHOOKS_EXPIRING_DAYS:
        on = today + dt.timedelta(days=days)
        rows = Agreement.objects.filter(expires_on=on, expires_on_precision=Precision.DAY)
        found = list(rows.values_list("slug", "published"))
        extra = {slug: {"days": days, "expires_on": on.isoformat()} for slug, _ in found}
        made += notify(WebhookEvent.EXPIRING, found, **extra)
    return made


def backoff(attempts: int) -> dt.timedelta:
    """The wait before the next attempt, after ``attempts`` failed ones: base × 2^(n-1)."""
    return dt.timedelta(seconds=settings.WEBHOOKS_RETRY_BASE_SECONDS * 2 ** (attempts - 1))


def attempt(delivery: Delivery, *, now: dt.datetime | None = None) -> Delivery:
    """POST ``delivery`` once and record the outcome (retry, failure, pause)."""
    now = now or timezone.now()
    receiver = delivery.webhook
    if delivery.status in {DeliveryStatus.DELIVERED, DeliveryStatus.FAILED}:
        return delivery
    if receiver.paused_at is not None:
        return delivery  # kept waiting; resuming the receiver lets the retry job send it
    if delivery.needs_drafts and not receiver.sees_drafts:
        # Its token was revoked (or its owner lost the permission) since it was made.
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        delivery.error = "Not sent: the receiver may no longer see drafts."
        delivery.save(update_fields=["status", "next_attempt_at", "error"])
        return delivery
    body = json.dumps(delivery.payload, sort_keys=True).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "registry-webhooks/1",
        SIGNATURE_HEADER: sign(receiver.secret, body),
        DELIVERY_HEADER: str(delivery.uuid),
        EVENT_HEADER: delivery.event,
    }
    # Claim the attempt: another worker holding the same row (the retry job and a late
    # deliver task, or two overlapping retry jobs) finds it claimed and sends nothing, and
    # a retry job starting meanwhile finds it not due (until PENDING_GRACE, if this worker
    # stops mid-way).
    claimed = Delivery.objects.filter(
        pk=delivery.pk,
        attempts=delivery.attempts,
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING],
    ).update(
        attempts=delivery.attempts + 1,
        last_attempt_at=now,
        next_attempt_at=max(timezone.now(), now) + PENDING_GRACE,
    )
    if not claimed:
        delivery.refresh_from_db()
        return delivery
    delivery.attempts += 1
    delivery.last_attempt_at = now
    retry = True
    refused = refused_address(receiver.url)  # checked again: DNS may have changed
    if refused:
        delivery.status_code, delivery.response_excerpt, delivery.error = None, "", refused
        retry = False
    else:
        try:
            # Resolved again when connecting, and the addresses connected to are checked:
            # a host may answer differently now (DNS rebinding; sync/safe_http.py).
            response = safe_http.post(
                receiver.url,
                data=body,
                headers=headers,
                timeout=settings.WEBHOOKS_TIMEOUT_SECONDS,
            )
        except requests.RequestException as error:
            delivery.status_code, delivery.response_excerpt = None, ""
            delivery.error = f"{type(error).__name__}: {error}"[:EXCERPT_CHARS]
        else:
            delivery.status_code = response.status_code
            delivery.response_excerpt = response.text[:EXCERPT_CHARS]
            delivery.error = ""
            if 200 <= response.status_code < 300:
                return succeeded(delivery)
            # A 4xx other than 429 will not change by waiting.
            retry = response.status_code >= 500 or response.status_code == 429
            delivery.error = f"HTTP {response.status_code}"
    return failed(delivery, now=now, retry=retry)


def succeeded(delivery: Delivery) -> Delivery:
    delivery.status, delivery.next_attempt_at = DeliveryStatus.DELIVERED, None
    delivery.save()
    Webhook.objects.filter(pk=delivery.webhook_id).update(consecutive_failures=0)
    delivery.webhook.consecutive_failures = 0
    return delivery


def failed(delivery: Delivery, *, now: dt.datetime, retry: bool) -> Delivery:
    if retry and delivery.attempts < settings.WEBHOOKS_MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.RETRYING
        delivery.next_attempt_at = now + backoff(delivery.attempts)
    else:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
    delivery.save()
    receiver = delivery.webhook
    receiver.consecutive_failures += 1
    fields = ["consecutive_failures"]
    if receiver.consecutive_failures >= settings.WEBHOOKS_PAUSE_AFTER:
        receiver.paused_at = now
        receiver.paused_reason = (
            f"Paused after {receiver.consecutive_failures} consecutive failed attempts; "
            f"the last ({delivery.event}, delivery {delivery.uuid}): {delivery.error}"
        )
        fields += ["paused_at", "paused_reason"]
    receiver.save(update_fields=fields)
    return delivery


def validate_events(events: Any) -> list[str]:
    if not isinstance(events, list) or not events:
        raise ValidationError({"events": ["Name one or more events."]})
    unknown = [str(e) for e in events if e not in WebhookEvent.values]
    if unknown:
        known = ", ".join(WebhookEvent.values)
        message = f"Unknown event(s): {', '.join(unknown)}. Known: {known}."
        raise ValidationError({"events": [message]})
    return list(dict.fromkeys(events))
