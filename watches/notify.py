"""Sending: reminders before agreements expire, and digests of new and changed agreements.

One message per recipient per run, whatever number of watches or subscriptions it covers;
each message links to what stops it. What was sent is recorded (Notification) in the same
transaction as the sending, so a re-run never sends a reminder twice and a digest covers
each change once. Queries are per watch or subscription (validating its filters, reading
its agreements), never per agreement."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from agreements.models import Agreement
from kernel.partial_date import PartialDate

from . import mail, tokens
from .choices import Frequency, NotificationKind
from .models import Interest, Notification, Subscription, Watch
from .selectors import active_watches, changed_since, confirmed_subscriptions, covered_agreements

logger = logging.getLogger(__name__)

# A year-precision expiry ends up to a year after the day stored (its first day).
LONGEST_PERIOD = dt.timedelta(days=366)
# The most agreements one digest lists per watch or subscription; the rest are counted.
DIGEST_LIMIT = 50
LISTED_FIELDS = (
    "pk",
    "slug",
    "title",
    "title_local",
    "published",
    "expires_on",
    "expires_on_precision",
    "created_at",
    "updated_at",
)


@dataclass
class Outbox:
    """What one recipient is sent in one run."""

    to: str
    language: str
    watches: list[Watch] = field(default_factory=list)
    subscriptions: list[Subscription] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    records: list[Notification] = field(default_factory=list)

    def add(self, interest: Interest) -> None:
        owners = self.watches if isinstance(interest, Watch) else self.subscriptions
        if interest not in owners:
            owners.append(interest)  # type: ignore[arg-type]

    def unsubscribe_url(self) -> str:
        token = tokens.unsubscribe_token(
            subscriptions=[s.pk for s in self.subscriptions], watches=[w.pk for w in self.watches]
        )
        return mail.localized_url("watches:unsubscribe", self.language, token=token)


def recipient_of(interest: Interest) -> str:
    if isinstance(interest, Watch):
        return interest.user.email.strip().lower()
    return interest.email  # type: ignore[attr-defined,no-any-return]


def owner(interest: Interest) -> dict[str, Any]:
    return {"watch": interest} if isinstance(interest, Watch) else {"subscription": interest}


def interests() -> Iterable[Interest]:
    yield from active_watches()
    yield from confirmed_subscriptions()


def expiry_end(agreement: Agreement) -> dt.date:
    """The last day of the period an expiry names: '2028' ends on 31 December 2028."""
    expires_on = PartialDate.coerce(agreement.expires_on)
    assert expires_on is not None  # only agreements with an expiry are read
    return expires_on.end


def sent_reminders() -> set[tuple[str, int, int, int | None]]:
    """(owner kind, owner id, agreement id, threshold) of every reminder sent; one query."""
    rows = Notification.objects.filter(kind=NotificationKind.REMINDER).values_list(
        "watch_id", "subscription_id", "agreement_id", "threshold"
    )
    return {("w", w, a, t) if w is not None else ("s", s, a, t) for w, s, a, t in rows}


def owner_key(interest: Interest) -> tuple[str, int]:
    return ("w" if isinstance(interest, Watch) else "s", interest.pk)


def send_reminders(*, today: dt.date | None = None) -> int:
    """Remind each follower of the agreements they follow that expire within a threshold
    of their ``remind_days``; once per (follower, agreement, threshold). A follower who
    passed several thresholds since the last run (a new watch, a missed run) is reminded
    once, at the nearest. Returns the number of messages sent."""
    today = today or timezone.localdate()
    now = timezone.now()
    sent = sent_reminders()
    outboxes: dict[str, Outbox] = {}
    for interest in interests():
        to = recipient_of(interest)
        if not to:
            continue
        horizon = today + dt.timedelta(days=max(interest.remind_days))
        expiring = (
            covered_agreements(interest)
            .filter(expires_on__isnull=False, expires_on__lte=horizon)
            .filter(expires_on__gte=today - LONGEST_PERIOD)
            .only(*LISTED_FIELDS)
            .order_by("expires_on", "pk")
        )
        kind, pk = owner_key(interest)
        for agreement in expiring:
            end = expiry_end(agreement)
            days_left = (end - today).days
            due = [days for days in interest.remind_days if 0 <= days_left <= days]
            if not due:
                continue
            threshold = min(due)
            if (kind, pk, agreement.pk, threshold) in sent:
                continue
            box = outboxes.setdefault(to, Outbox(to=to, language=interest.language))
            box.add(interest)
            if all(item["agreement"].pk != agreement.pk for item in box.items):
                box.items.append({"agreement": agreement, "ends_on": end, "days_left": days_left})
            box.records.append(
                Notification(
                    kind=NotificationKind.REMINDER,
                    agreement=agreement,
                    threshold=threshold,
                    recipient=to,
                    sent_at=now,
                    **owner(interest),
                )
            )
            sent.add((kind, pk, agreement.pk, threshold))
    return len(outboxes) - len(deliver(outboxes.values(), "reminder"))


def digest_due(interest: Interest, today: dt.date) -> bool:
    """Daily digests once a day; weekly ones on DIGEST_WEEKDAY, once a week."""
    last = timezone.localdate(interest.last_digest_at) if interest.last_digest_at else None
    if interest.frequency == Frequency.WEEKLY:
        if today.weekday() != settings.DIGEST_WEEKDAY:
            return False
        return last is None or last <= today - dt.timedelta(days=7)
    return last is None or last < today


def digest_start(interest: Interest) -> dt.datetime:
    """The changes a digest covers start after the last digest, or when following began."""
    if interest.last_digest_at:
        return interest.last_digest_at
    return getattr(interest, "confirmed_at", None) or interest.created_at


def send_digests(*, now: dt.datetime | None = None) -> int:
    """Send each due follower the agreements created or changed since their last digest that
    they follow and may see; nothing when nothing changed. Returns the messages sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    outboxes: dict[str, Outbox] = {}
    previous: dict[tuple[str, int], dt.datetime | None] = {}
    for interest in interests():
        if not digest_due(interest, today):
            continue
        # Claimed before reading its changes (the next digest starts from this run, also
        # when nothing changed); a run at the same time finds it claimed and skips it.
        if not claim_digest(interest, now):
            continue
        previous[owner_key(interest)] = interest.last_digest_at
        to = recipient_of(interest)
        if not to:
            continue
        since = digest_start(interest)
        changed = list(
            covered_agreements(interest)
            .filter(changed_since(since, now))
            .only(*LISTED_FIELDS)
            .order_by("-updated_at", "pk")[:DIGEST_LIMIT]
        )
        if not changed:
            continue
        box = outboxes.setdefault(to, Outbox(to=to, language=interest.language))
        box.add(interest)
        box.items.append(
            {
                "interest": interest,
                "agreements": [{"agreement": a, "new": a.created_at > since} for a in changed],
            }
        )
        box.records.append(
            Notification(
                kind=NotificationKind.DIGEST,
                recipient=to,
                agreement_count=len(changed),
                sent_at=now,
                **owner(interest),
            )
        )
    failed = deliver(outboxes.values(), "digest")
    for box in failed:  # their changes wait for the next run
        for interest in [*box.watches, *box.subscriptions]:
            type(interest).objects.filter(pk=interest.pk, last_digest_at=now).update(  # type: ignore[attr-defined]
                last_digest_at=previous[owner_key(interest)]
            )
    return len(outboxes) - len(failed)


def claim_digest(interest: Interest, now: dt.datetime) -> bool:
    """Mark ``interest``'s digest as this run's, unless another run did since it was read."""
    rows = type(interest).objects.filter(pk=interest.pk)  # type: ignore[attr-defined]
    if interest.last_digest_at is None:
        rows = rows.filter(last_digest_at__isnull=True)
    else:
        rows = rows.filter(last_digest_at=interest.last_digest_at)
    return bool(rows.update(last_digest_at=now))


def deliver(outboxes: Iterable[Outbox], template: str) -> list[Outbox]:
    """Send each outbox as one message and record it; a message that fails is not recorded
    (and is tried again next run), the others go on. Returns the outboxes that failed."""
    failed = []
    for box in outboxes:
        staff = bool(box.watches)
        context = {
            "items": box.items,
            "staff": staff,
            "manage_url": mail.absolute("/admin/watches/watch/") if staff else None,
        }
        email = mail.message(
            to=box.to,
            template=template,
            language=box.language,
            context=context,
            unsubscribe_url=box.unsubscribe_url(),
        )
        try:
            with transaction.atomic():
                Notification.objects.bulk_create(box.records)
                email.send()
        except Exception:
            logger.exception("Could not send the %s to %s", template, box.to)
            failed.append(box)
    return failed
