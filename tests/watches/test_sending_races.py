"""Two digest runs at once (a run by hand while the scheduled one runs, two workers)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import mail
from django.utils import timezone

from tests.factories import AgreementFactory
from tests.watches.test_sending import subscriber
from watches import notify


def test_two_digest_runs_at_once_send_each_digest_once(
    party: Any, other_party: Any, monkeypatch: Any
) -> None:
    subscriber(party)
    AgreementFactory(title="Ocean accord", parties=[party, other_party])
    now = timezone.now() + dt.timedelta(minutes=5)
    real_deliver = notify.deliver
    calls = {"n": 0}

    def overlapping(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:  # the other run reads the followers while this one sends
            notify.send_digests(now=now)
        return real_deliver(*args, **kwargs)

    monkeypatch.setattr(notify, "deliver", overlapping)
    notify.send_digests(now=now)

    assert len(mail.outbox) == 1
