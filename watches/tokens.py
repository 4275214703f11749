"""Signed links in messages: confirming a subscription (expires) and unsubscribing (does not:
a link in an old message must still stop the messages)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "watches.subscription.confirm"
UNSUBSCRIBE_SALT = "watches.unsubscribe"


class BadToken(Exception):
    """A link that was altered, belongs to another site, or expired."""


def confirm_token(subscription_id: int, email: str) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign_object(
        {"s": subscription_id, "e": email}
    )


def read_confirm_token(token: str) -> dict[str, Any]:
    max_age = timedelta(days=settings.SUBSCRIPTION_CONFIRM_DAYS)
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign_object(token, max_age=max_age)
    except signing.BadSignature as exc:  # SignatureExpired is one
        raise BadToken(str(exc)) from exc
    if not isinstance(value, dict) or not isinstance(value.get("s"), int):
        raise BadToken("malformed")
    return value


def unsubscribe_token(*, subscriptions: Sequence[int] = (), watches: Sequence[int] = ()) -> str:
    """A link that stops the listed subscriptions and watches."""
    return signing.dumps(
        {"s": sorted(subscriptions), "w": sorted(watches)}, salt=UNSUBSCRIBE_SALT, compress=True
    )


def read_unsubscribe_token(token: str) -> tuple[list[int], list[int]]:
    """The subscription and watch ids a link stops."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as exc:
        raise BadToken(str(exc)) from exc
    if not isinstance(value, dict):
        raise BadToken("malformed")
    ids = [value.get("s"), value.get("w")]
    if not all(isinstance(v, list) and all(type(i) is int for i in v) for v in ids):
        raise BadToken("malformed")
    return value["s"], value["w"]
