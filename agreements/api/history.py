"""An agreement's change history, from django-simple-history's records.

Covers the agreement itself and the rows nested in it (parties, signatures, relations,
commitments, cited sources), newest first."""

from __future__ import annotations

from typing import Any

from django.db import models

from ..models import (
    Agreement,
    AgreementParty,
    AgreementRelation,
    AgreementSource,
    Commitment,
    Signature,
)

CHILD_MODELS: list[tuple[str, type[models.Model]]] = [
    ("parties", AgreementParty),
    ("signatories", Signature),
    ("relations", AgreementRelation),
    ("commitments", Commitment),
    ("sources", AgreementSource),
]


def changes(records: list[Any], part: str, show_users: bool) -> list[dict[str, Any]]:
    """One entry per record, with the fields that changed since the same row's previous one."""
    entries = []
    previous: dict[Any, Any] = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(record.id)
        if record.history_type == "~" and before is not None:
            changed = sorted(change.field for change in record.diff_against(before).changes)
        else:
            changed = []
        previous[record.id] = record
        entries.append(
            {
                "date": record.history_date.isoformat(),
                "user": record.history_user.get_username()
                if show_users and record.history_user
                else None,
                "type": record.history_type,
                "part": part,
                "object": str(record.instance) if part != "agreement" else None,
                "changed_fields": changed,
                "reason": record.history_change_reason or "",
            }
        )
    return entries


def agreement_history(agreement: Agreement, *, show_users: bool) -> list[dict[str, Any]]:
    records = list(agreement.history.select_related("history_user").all())
    entries = changes(records, "agreement", show_users)
    for part, model in CHILD_MODELS:
        rows = list(
            model.history.filter(agreement_id=agreement.pk).select_related("history_user")  # type: ignore[attr-defined]
        )
        entries += changes(rows, part, show_users)
    entries.sort(key=lambda e: e["date"], reverse=True)
    return entries
