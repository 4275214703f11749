"""Writing watches and subscriptions: validate against what is really there, write only
what changed, send the confirmation message. Errors name the field they are about."""

from __future__ import annotations

import datetime as dt
import smtplib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement, CooperationField
from parties.models import Party

from . import mail, tokens
from .choices import Frequency, Kind, State
from .models import Interest, Subscription, Watch, validate_remind_days
from .selectors import may_watch, normalized_query, search_errors


class NotSent(Exception):
    """The confirmation message could not be handed to the mail server; nothing was kept."""


# The column holding each kind's target.
TARGET_FIELD = {
    Kind.AGREEMENT: "agreement",
    Kind.PARTY: "party",
    Kind.FIELD: "field",
    Kind.SEARCH: "query",
}


def clean_target(
    *,
    kind: str,
    agreement: Agreement | None = None,
    party: Party | None = None,
    field: CooperationField | None = None,
    query: str = "",
    include_subunits: bool = False,
    user: Any = None,
    query_field: str = "query",
) -> dict[str, Any]:
    """The target columns for ``kind``, the others emptied; ValidationError naming the field
    if the target is missing, a draft ``user`` may not see, or a search that does not parse."""
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose what to follow.")})
    values: dict[str, Any] = {
        "kind": kind,
        "agreement": None,
        "party": None,
        "field": None,
        "query": "",
        "include_subunits": False,
    }
    if kind == Kind.AGREEMENT:
        # A draft the user may not see answers like an agreement that does not exist.
        if agreement is None or not may_watch(user, agreement):
            raise ValidationError({"agreement": _("Choose an agreement.")})
        values["agreement"] = agreement
    elif kind == Kind.PARTY:
        if party is None:
            raise ValidationError({"party": _("Choose a party.")})
        values.update(party=party, include_subunits=bool(include_subunits))
    elif kind == Kind.FIELD:
        if field is None:
            raise ValidationError({"field": _("Choose a cooperation field.")})
        values["field"] = field
    else:
        normalized = normalized_query(query)
        if len(normalized) > Interest._meta.get_field("query").max_length:  # type: ignore[operator]
            raise ValidationError({query_field: _("This search is too long to save.")})
        if errors := search_errors(normalized):
            detail = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in errors.items())
            raise ValidationError({query_field: _("This search is not valid (%s).") % detail})
        values["query"] = normalized
    return values


def target_lookup(values: dict[str, Any]) -> dict[str, Any]:
    """The unique key of a target among one owner's rows (models.unique_targets)."""
    kind = values["kind"]
    lookup: dict[str, Any] = {
        "kind": kind,
        TARGET_FIELD[Kind(kind)]: values[TARGET_FIELD[Kind(kind)]],
    }
    if kind == Kind.PARTY:
        lookup["include_subunits"] = values["include_subunits"]
    return lookup


def add_watch(
    *,
    user: Any,
    kind: str,
    agreement: Agreement | None = None,
    party: Party | None = None,
    field: CooperationField | None = None,
    query: str = "",
    include_subunits: bool = False,
    remind_days: list[int] | None = None,
    frequency: str = Frequency.DAILY,
    language: str = "en",
) -> tuple[Watch, bool]:
    """``user``'s watch of the target (created, or the one they have: updated); staff only."""
    if not (user.is_active and user.is_staff):
        raise ValidationError({"user": _("Only staff members can watch records.")})
    values = clean_target(
        kind=kind,
        agreement=agreement,
        party=party,
        field=field,
        query=query,
        include_subunits=include_subunits,
        user=user,
    )
    settings_ = {
        "remind_days": sorted(set(remind_days), reverse=True)
        if isinstance(remind_days, list) and remind_days
        else remind_days,
        "frequency": frequency,
        "language": language,
    }
    if settings_["remind_days"] is None:
        settings_.pop("remind_days")
    else:
        try:
            validate_remind_days(settings_["remind_days"])
        except ValidationError as exc:
            raise ValidationError({"remind_days": exc.messages}) from exc
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Choose daily or weekly.")})
    with transaction.atomic():
        watch = Watch.objects.select_for_update().filter(user=user, **target_lookup(values)).first()
        if watch is None:
            watch = Watch(user=user, **values, **settings_)
            watch.save()
            return watch, True
        changed = [name for name, value in settings_.items() if getattr(watch, name) != value]
        for name in changed:
            setattr(watch, name, settings_[name])
        if changed:
            watch.save(update_fields=changed)
        return watch, False


def remove_watch(*, user: Any, watch_id: int) -> bool:
    """Stop ``user``'s watch; False if they have no such watch."""
    deleted, _rows = Watch.objects.filter(user=user, pk=watch_id).delete()
    return bool(deleted)


def confirmation_message(subscription: Subscription) -> Any:
    token = tokens.confirm_token(subscription.pk, subscription.email)
    return mail.message(
        to=subscription.email,
        template="confirm",
        language=subscription.language,
        context={
            "subscription": subscription,
            "confirm_url": mail.localized_url(
                "watches:confirm", subscription.language, token=token
            ),
            "days": _confirm_days(),
        },
    )


def _confirm_days() -> int:
    from django.conf import settings

    return int(settings.SUBSCRIPTION_CONFIRM_DAYS)


def request_subscription(
    *,
    email: str,
    kind: str,
    party: Party | None = None,
    field: CooperationField | None = None,
    query: str = "",
    include_subunits: bool = False,
    frequency: str = Frequency.DAILY,
    language: str = "en",
    now: dt.datetime | None = None,
) -> tuple[Subscription, bool]:
    """Ask ``email`` to confirm following the target: a pending subscription (one per address
    and target; asking again reuses it) and a confirmation message. An address that already
    confirmed gets nothing (True: a message was sent)."""
    if kind == Kind.AGREEMENT:
        raise ValidationError({"kind": _("Choose a party, a field or a search.")})
    values = clean_target(
        kind=kind,
        party=party,
        field=field,
        query=query,
        include_subunits=include_subunits,
        query_field="search",
    )
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Choose daily or weekly.")})
    email = email.strip().lower()
    now = now or timezone.now()
    with transaction.atomic():
        lookup = {"email": email, **target_lookup(values)}
        subscription = Subscription.objects.select_for_update().filter(**lookup).first()
        if subscription is not None and subscription.state == State.CONFIRMED:
            return subscription, False
        if subscription is None:
            subscription = Subscription(email=email, **values)
        subscription.state = State.PENDING
        subscription.frequency = frequency
        subscription.language = language
        subscription.confirmation_sent_at = now
        try:
            with transaction.atomic():
                subscription.save()
        except IntegrityError:  # a simultaneous request created it first
            subscription = Subscription.objects.get(**lookup)
            return subscription, False
        # Sent inside the transaction: if it cannot be sent, nothing is kept.
        try:
            confirmation_message(subscription).send()
        except (OSError, smtplib.SMTPException) as exc:
            raise NotSent(str(exc)) from exc
    return subscription, True


def subscription_of(token: str, *, lock: bool = False) -> Subscription:
    """The subscription a confirmation link names (ValidationError naming ``token`` if the
    link is not valid, expired, or its subscription is gone)."""
    try:
        value = tokens.read_confirm_token(token)
    except tokens.BadToken as exc:
        raise ValidationError(
            {"token": _("This confirmation link is not valid or has expired.")}
        ) from exc
    queryset = Subscription.objects.select_for_update() if lock else Subscription.objects.all()
    subscription = queryset.filter(pk=value["s"], email=value.get("e")).first()
    if subscription is None:
        raise ValidationError({"token": _("This confirmation link is not valid or has expired.")})
    return subscription


def confirm_subscription(token: str, *, now: dt.datetime | None = None) -> Subscription:
    """Confirm the subscription a confirmation link names."""
    with transaction.atomic():
        subscription = subscription_of(token, lock=True)
        if subscription.state != State.CONFIRMED:
            subscription.state = State.CONFIRMED
            subscription.confirmed_at = now or timezone.now()
            subscription.unsubscribed_at = None
            subscription.save(update_fields=["state", "confirmed_at", "unsubscribed_at"])
    return subscription


def read_unsubscribe(token: str) -> tuple[list[Subscription], list[Watch]]:
    """What an unsubscribe link stops (ValidationError naming ``token`` if it is not valid)."""
    try:
        subscription_ids, watch_ids = tokens.read_unsubscribe_token(token)
    except tokens.BadToken as exc:
        raise ValidationError({"token": _("This unsubscribe link is not valid.")}) from exc
    subscriptions = list(
        Subscription.objects.filter(pk__in=subscription_ids).select_related("party", "field")
    )
    watches = list(
        Watch.objects.filter(pk__in=watch_ids).select_related("party", "field", "agreement")
    )
    return subscriptions, watches


def unsubscribe(token: str, *, now: dt.datetime | None = None) -> int:
    """Stop what the link names: subscriptions are marked unsubscribed, watches removed. Safe
    to repeat; the number of subscriptions and watches stopped now."""
    subscriptions, watches = read_unsubscribe(token)
    with transaction.atomic():
        stopped = Subscription.objects.filter(
            pk__in=[s.pk for s in subscriptions], state__in=[State.PENDING, State.CONFIRMED]
        ).update(state=State.UNSUBSCRIBED, unsubscribed_at=now or timezone.now())
        _total, per_model = Watch.objects.filter(pk__in=[w.pk for w in watches]).delete()
    return stopped + per_model.get(Watch._meta.label, 0)
