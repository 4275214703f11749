"""Reminders before expiry and digests: once each, precision-aware, drafts only to staff who
may see them, in the reader's language, a bounded number of queries. The day is passed
explicitly (``today=``/``now=``); test_frozen_clock.py runs the tasks on a frozen clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements.models import Agreement, AgreementParty
from tests.factories import AgreementFactory, PartyFactory
from watches import notify, tasks
from watches.choices import Frequency, Kind, NotificationKind, State
from watches.models import Notification, Subscription, Watch

EXPIRY = dt.date(2030, 6, 30)


def subscriber(party: Any, **extra: Any) -> Subscription:
    """A confirmed public subscription to ``party``, confirmed long ago."""
    values = {
        "email": "reader@example.org",
        "kind": Kind.PARTY,
        "party": party,
        "state": State.CONFIRMED,
        "confirmed_at": timezone.now() - dt.timedelta(days=3650),
        **extra,
    }
    return Subscription.objects.create(**values)


def reminders_on(day: dt.date) -> int:
    before = len(mail.outbox)
    sent = notify.send_reminders(today=day)
    assert sent == len(mail.outbox) - before
    return sent


def expiring(party: Any, other_party: Any, expires_on: str, **extra: Any) -> Agreement:
    return AgreementFactory(
        title="Ocean accord", expires_on=expires_on, parties=[party, other_party], **extra
    )


def test_it_reminds_at_180_90_and_30_days_exactly_once(party: Any, other_party: Any) -> None:
    agreement = expiring(party, other_party, EXPIRY.isoformat())
    subscription = subscriber(party)

    sent = {days: reminders_on(EXPIRY - dt.timedelta(days=days)) for days in range(200, -1, -1)}
    sent_again = reminders_on(EXPIRY - dt.timedelta(days=30))

    assert {days for days, count in sent.items() if count} == {180, 90, 30}
    assert all(count in (0, 1) for count in sent.values()) and sent_again == 0
    thresholds = Notification.objects.filter(subscription=subscription, agreement=agreement)
    assert sorted(thresholds.values_list("threshold", flat=True)) == [30, 90, 180]
    message = mail.outbox[0]
    assert "Ocean accord" in message.body and "2030-06-30" in message.body
    assert f"/en/agreements/{agreement.slug}/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert "/en/unsubscribe/" in message.body


def test_a_follower_past_several_thresholds_is_reminded_once_at_the_nearest(
    party: Any, other_party: Any
) -> None:
    expiring(party, other_party, EXPIRY.isoformat())
    subscription = subscriber(party)

    assert reminders_on(EXPIRY - dt.timedelta(days=20)) == 1
    assert reminders_on(EXPIRY - dt.timedelta(days=10)) == 0
    assert list(subscription.notifications.values_list("threshold", flat=True)) == [30]


def test_a_year_precise_expiry_ends_on_31_december(party: Any, other_party: Any) -> None:
    expiring(party, other_party, "2028")
    subscriber(party, remind_days=[30])

    # 30 days before 1 January 2028 is not 30 days before the end of 2028.
    assert reminders_on(dt.date(2027, 12, 2)) == 0
    assert reminders_on(dt.date(2028, 11, 30)) == 0
    assert reminders_on(dt.date(2028, 12, 1)) == 1
    assert "2028-12-31" in mail.outbox[0].body


def test_a_month_precise_expiry_ends_on_the_months_last_day(party: Any, other_party: Any) -> None:
    expiring(party, other_party, "2030-02")
    subscriber(party, remind_days=[10])

    assert reminders_on(dt.date(2030, 2, 17)) == 0
    assert reminders_on(dt.date(2030, 2, 18)) == 1  # 28 February is the last day


def test_drafts_are_reminded_only_to_staff_who_may_see_them(
    party: Any, other_party: Any, staff_editor: User
) -> None:
    expiring(party, other_party, EXPIRY.isoformat(), published=False)
    subscriber(party)
    staff_editor.email = "editor@example.org"
    staff_editor.save()
    Watch.objects.create(user=staff_editor, kind=Kind.PARTY, party=party)
    no_permission = User.objects.create_user("newcomer", "newcomer@example.org", is_staff=True)
    Watch.objects.create(user=no_permission, kind=Kind.PARTY, party=party)

    assert reminders_on(EXPIRY - dt.timedelta(days=30)) == 1

    (message,) = mail.outbox
    assert message.to == ["editor@example.org"]
    assert "[draft]" in message.body and "/admin/watches/watch/" in message.body


def test_reminders_and_digests_skip_pending_and_unsubscribed_addresses(
    party: Any, other_party: Any
) -> None:
    expiring(party, other_party, EXPIRY.isoformat())
    subscriber(party, state=State.PENDING, email="a@example.org")
    subscriber(party, state=State.UNSUBSCRIBED, email="b@example.org")

    assert reminders_on(EXPIRY - dt.timedelta(days=30)) == 0
    assert notify.send_digests(now=timezone.now() + dt.timedelta(days=1)) == 0


def test_one_message_per_recipient_per_run(party: Any, other_party: Any) -> None:
    expiring(party, other_party, EXPIRY.isoformat())
    expiring(party, other_party, (EXPIRY + dt.timedelta(days=5)).isoformat())
    subscriber(party)
    subscriber(other_party)

    assert reminders_on(EXPIRY - dt.timedelta(days=30)) == 1
    assert mail.outbox[0].body.count("Ocean accord") == 2


def test_the_digest_lists_new_and_changed_agreements_once(party: Any, other_party: Any) -> None:
    subscription = subscriber(party)
    start = timezone.now()
    agreement = AgreementFactory(title="Ocean accord", parties=[party, other_party])
    AgreementFactory(title="Unrelated accord", parties=[PartyFactory(), other_party])
    draft = AgreementFactory(title="Secret accord", parties=[party, other_party], published=False)

    assert notify.send_digests(now=start + dt.timedelta(minutes=5)) == 1
    body = mail.outbox[0].body
    assert "Ocean accord" in body and "[new]" in body
    assert "Unrelated accord" not in body and draft.title not in body
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Later the same day: already sent today.
    assert notify.send_digests(now=start + dt.timedelta(minutes=10)) == 0
    # Next day, nothing changed: nothing sent.
    assert notify.send_digests(now=start + dt.timedelta(days=1)) == 0
    Agreement.objects.filter(pk=agreement.pk).update(
        summary="Renewed", updated_at=start + dt.timedelta(days=1, hours=1)
    )
    assert notify.send_digests(now=start + dt.timedelta(days=2)) == 1
    assert "[changed]" in mail.outbox[-1].body
    assert subscription.notifications.filter(kind=NotificationKind.DIGEST).count() == 2


def test_weekly_digests_go_out_on_their_day(party: Any, other_party: Any, settings: Any) -> None:
    settings.DIGEST_WEEKDAY = 0  # Monday
    subscriber(party, frequency=Frequency.WEEKLY)
    AgreementFactory(title="Ocean accord", parties=[party, other_party])
    now = timezone.now()
    days_to_sunday = (6 - now.weekday()) % 7
    sunday = now + dt.timedelta(days=days_to_sunday or 7)

    assert notify.send_digests(now=sunday) == 0
    assert notify.send_digests(now=sunday + dt.timedelta(days=1)) == 1
    assert notify.send_digests(now=sunday + dt.timedelta(days=1, hours=2)) == 0


def test_a_chinese_subscriber_gets_the_digest_in_chinese(party: Any, other_party: Any) -> None:
    subscriber(party, language="zh-hans")
    agreement = AgreementFactory(
        title="Ocean accord", title_local="海洋合作协议", parties=[party, other_party]
    )

    assert notify.send_digests(now=timezone.now() + dt.timedelta(minutes=1)) == 1

    message = mail.outbox[0]
    body = message.body
    assert f"/zh-hans/agreements/{agreement.slug}/" in body
    assert "/zh-hans/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    # The Chinese title comes first for a reader of Chinese, the English one for others.
    assert "海洋合作协议" in body and "Ocean accord" not in body
    # What is followed is named in Chinese (the catalog's word for "party").
    assert "当事方: Ocean Institute" in body
    assert "海洋合作协议" in message.alternatives[0][0]


def test_staff_digests_include_drafts_they_may_see(
    party: Any, other_party: Any, staff_editor: User
) -> None:
    staff_editor.email = "editor@example.org"
    staff_editor.save()
    Watch.objects.create(user=staff_editor, kind=Kind.SEARCH, query="q=ocean")
    AgreementFactory(title="Ocean draft", parties=[party, other_party], published=False)

    assert notify.send_digests(now=timezone.now() + dt.timedelta(minutes=1)) == 1
    assert "Ocean draft" in mail.outbox[0].body and "[draft]" in mail.outbox[0].body


def test_the_tasks_run_through_the_task_backend(party: Any, other_party: Any) -> None:
    expiring(party, other_party, EXPIRY.isoformat())
    subscriber(party)

    result = tasks.send_reminders.enqueue((EXPIRY - dt.timedelta(days=90)).isoformat())
    digest = tasks.send_digests.enqueue((timezone.now() + dt.timedelta(minutes=1)).isoformat())

    assert result.return_value == 1 and digest.return_value == 1
    assert len(mail.outbox) == 2


def test_the_tasks_are_scheduled_daily(settings: Any) -> None:
    scheduled = dict(settings.SCHEDULED_TASKS)
    assert scheduled["watches.tasks.send_reminders"].split()[2:] == ["*", "*", "*"]
    assert scheduled["watches.tasks.send_digests"].split()[2:] == ["*", "*", "*"]


def queries_of(run: Any) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        run()
    return [query["sql"] for query in context.captured_queries]


@pytest.mark.parametrize("task", ["reminders", "digests"])
def test_sending_takes_queries_per_follower_not_per_agreement(
    party: Any, other_party: Any, staff_editor: User, task: str
) -> None:
    staff_editor.email = "editor@example.org"
    staff_editor.save()
    subscriber(party)
    Watch.objects.create(user=staff_editor, kind=Kind.PARTY, party=party)
    first = dt.date(2030, 1, 1)

    def add(count: int) -> None:
        for n in range(count):
            agreement = AgreementFactory(expires_on=(first + dt.timedelta(days=n)).isoformat())
            AgreementParty.objects.create(agreement=agreement, party=party, position=0)

    def reset() -> None:
        Notification.objects.all().delete()
        Subscription.objects.update(last_digest_at=None)
        Watch.objects.update(last_digest_at=None)
        mail.outbox.clear()

    def run() -> None:
        if task == "reminders":
            notify.send_reminders(today=first - dt.timedelta(days=20))
        else:
            notify.send_digests(now=timezone.now() + dt.timedelta(minutes=1))
        assert len(mail.outbox) == 2

    add(1)
    reset()
    few = queries_of(run)
    add(30)
    reset()
    many = queries_of(run)

    assert len(few) == len(many), "\n".join(many)
    # Per run: the watches, the subscriptions and the reminders sent (3); per follower
    # at most the party slug, the staff member's permissions (2) and the agreements;
    # per message one insert of what it records (and its savepoint).
    assert len(many) <= 16, many


def test_a_failed_message_is_neither_recorded_nor_lost(
    party: Any, other_party: Any, monkeypatch: Any
) -> None:
    expiring(party, other_party, EXPIRY.isoformat())
    subscriber(party)
    day = EXPIRY - dt.timedelta(days=30)

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise ConnectionRefusedError("no SMTP server")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    assert notify.send_reminders(today=day) == 0
    assert notify.send_digests(now=timezone.now() + dt.timedelta(minutes=1)) == 0
    assert not Notification.objects.exists()
    monkeypatch.undo()

    assert reminders_on(day) == 1
    assert notify.send_digests(now=timezone.now() + dt.timedelta(minutes=2)) == 1


def test_a_staff_members_unsubscribe_link_removes_their_watches(
    party: Any, other_party: Any, staff_editor: User
) -> None:
    from django.test import Client

    expiring(party, other_party, EXPIRY.isoformat())
    staff_editor.email = "editor@example.org"
    staff_editor.save()
    Watch.objects.create(user=staff_editor, kind=Kind.PARTY, party=party)
    reminders_on(EXPIRY - dt.timedelta(days=30))
    url = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = url.split("://", 1)[1].split("/", 1)[1]

    response = Client(enforce_csrf_checks=True).post(
        "/" + path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200 and not Watch.objects.exists()
