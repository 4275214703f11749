"""Keeping stored statuses true (the rule is agreements/lifecycle.py): on every write of an
agreement or a relation, and daily for the passing of time (agreements/tasks.py).

``refresh_statuses`` is the one function that rewrites stored statuses. It lets the
database pick the stale rows (lifecycle.status_expression), reads them in batches by
primary key, decides each with the Python rule, and writes a batch with one UPDATE and
one INSERT of history records (and one per many-to-many field the history keeps), each
with its reason ("expired on 3 November 2023"): a constant number of queries per batch,
never one per row."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from types import SimpleNamespace
from typing import Any

from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from kernel.partial_date import PartialDate

from . import lifecycle
from .models import Agreement, AgreementRelation

BATCH_SIZE = 500
# Sent (sender=Agreement, ids=[...]) after each batch of stored statuses that changed: a
# bulk update sends no post_save, so whoever caches or forwards changes listens here too.
statuses_changed = Signal()
# Fields of the write that the status follows.
STATUS_INPUTS = (
    "signed_on",
    "effective_on",
    "expires_on",
    "terminated_on",
    "status",
    "status_fixed",
)


def successor_starts(ids: Iterable[int]) -> dict[int, list[PartialDate | None]]:
    """For each of the agreements ``ids``, when the published agreements superseding or
    renewing it take effect; one query."""
    found: dict[int, list[PartialDate | None]] = defaultdict(list)
    rows = AgreementRelation.objects.filter(
        other_id__in=list(ids), kind__in=lifecycle.SUCCESSOR_KINDS, agreement__published=True
    ).values_list(
        "other_id",
        "agreement__effective_on",
        "agreement__effective_on_precision",
        "agreement__signed_on",
        "agreement__signed_on_precision",
    )
    # values_list() gives the raw first days (dates), not PartialDates.
    raw: list[tuple[Any, ...]] = list(rows)  # type: ignore[arg-type]
    for row in raw:
        other_id, effective, effective_precision, signed, signed_precision = row
        if effective is not None:
            found[other_id].append(PartialDate(effective, effective_precision))
        elif signed is not None:
            found[other_id].append(PartialDate(signed, signed_precision))
    return found


def stored_status_inputs(agreement: Agreement) -> None:
    """Reload what the status follows, once the write holds the row's lock: a concurrent
    write may have changed a date since ``agreement`` was read, or the status itself."""
    dates = ("signed_on", "effective_on", "expires_on", "terminated_on")
    names = [*STATUS_INPUTS, *(f"{name}_precision" for name in dates)]
    agreement.refresh_from_db(fields=names)


def status_after_write(agreement: Agreement, data: dict[str, Any], on: dt.date) -> str:
    """The status ``agreement`` stores once ``data`` (field values by name) is written."""
    values = {name: data.get(name, getattr(agreement, name)) for name in STATUS_INPUTS}
    for name in ("signed_on", "effective_on", "expires_on", "terminated_on"):
        values[name] = PartialDate.coerce(values[name])
    successors = successor_starts([agreement.pk]).get(agreement.pk, []) if agreement.pk else []
    return lifecycle.derived_status(SimpleNamespace(**values), on, successors)  # type: ignore[arg-type]


def predecessor_ids(agreement: Agreement) -> set[int]:
    """The agreements ``agreement`` supersedes or renews, whose status may follow it."""
    if agreement.pk is None:
        return set()
    rows = AgreementRelation.objects.filter(
        agreement_id=agreement.pk, kind__in=lifecycle.SUCCESSOR_KINDS
    )
    return set(rows.values_list("other_id", flat=True))


def refresh_statuses(
    *, on: dt.date | None = None, ids: Iterable[int] | None = None, batch_size: int = BATCH_SIZE
) -> int:
    """Bring the stored status of every agreement (or of ``ids``) up to date for the day
    ``on`` (today), with a history record for each change; the number changed."""
    on = on or lifecycle.today()
    stale = Agreement.objects.alias(derived=lifecycle.status_expression(on)).exclude(
        derived=F("status")
    )
    if ids is not None:
        stale = stale.filter(pk__in=list(ids))
    changed, after = 0, 0
    while True:
        # Whole rows: the history records copy every field.
        batch = list(stale.filter(pk__gt=after).order_by("pk")[:batch_size])
        if not batch:
            return changed
        after = batch[-1].pk
        changed += _write_batch(batch, on)


def _write_batch(batch: Sequence[Agreement], on: dt.date) -> int:
    successors = successor_starts(a.pk for a in batch)
    now = timezone.now()
    changed = []
    for agreement in batch:
        stage = lifecycle.lifecycle(agreement, on, successors.get(agreement.pk, []))
        if stage.status == agreement.status:
            continue
        agreement.status, agreement.updated_at = stage.status, now
        agreement._change_reason = stage.reason()  # type: ignore[attr-defined]
        changed.append(agreement)
    if not changed:
        return 0
    with transaction.atomic():
        bulk_update_with_history(
            changed, Agreement, ["status", "updated_at"], default_date=now, batch_size=len(changed)
        )
        _copy_m2m_history(changed)
        # In the batch's transaction: a listener that records the change (the change
        # feed) commits or rolls back with it.
        statuses_changed.send(sender=Agreement, ids=[a.pk for a in changed])
    return len(changed)


def _copy_m2m_history(agreements: list[Agreement]) -> None:
    """Give the new history records their many-to-many rows (fields, regions), as a
    single save would, so the history shows no change to them; one query per list."""
    history = Agreement.history.model  # type: ignore[attr-defined]
    records = {
        r.id: r.history_id
        for r in history.objects.filter(
            id__in=[a.pk for a in agreements], history_date=agreements[0].updated_at
        ).only("id", "history_id")
    }
    for field in history._history_m2m_fields:
        m2m_history = getattr(history, field.name).model
        through = field.remote_field.through
        owner = f"{field.m2m_field_name()}_id"
        rows = through.objects.filter(**{f"{owner}__in": list(records)})
        m2m_history.objects.bulk_create(
            m2m_history(
                history_id=records[getattr(row, owner)],
                **{f.attname: getattr(row, f.attname) for f in through._meta.fields},
            )
            for row in rows
        )
