"""An agreement's change history, from django-simple-history's records.

Covers the agreement itself and the rows nested in it (parties, signatures, relations,
commitments, cited sources), newest first. A relation names the other agreement only if
the caller may see it (kernel/visibility.py), by its last recorded title if it has been
deleted since; otherwise the same words whether it is a draft or gone."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from kernel.visibility import Viewer, can_see_drafts, shows

from ..choices import RelationKind
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


# Stands for an agreement the caller may not see, or one deleted while a draft.
NOT_SHOWN = "(an agreement not shown)"


def agreement_titles(ids: set[int], drafts: bool) -> dict[int, str]:
    """Titles of the agreements ``ids`` the caller may see; a deleted one by its last
    historical record, shown if that record was published (or ``drafts``)."""
    live = list(Agreement.objects.filter(pk__in=ids).values_list("pk", "title", "published"))
    titles = {pk: title for pk, title, published in live if drafts or published}
    found = {pk for pk, _, _ in live}
    gone = Agreement.history.filter(id__in=ids - found).order_by(  # type: ignore[attr-defined]
        "id", "-history_date", "-history_id"
    )
    last: dict[int, Any] = {}
    for record in gone.only("id", "title", "published", "history_date", "history_id"):
        last.setdefault(record.id, record)
    titles.update({pk: record.title for pk, record in last.items() if shows(record, drafts)})
    return titles


def relation_text(record: Any, titles: dict[int, str]) -> str:
    kind = RelationKind(record.kind).label if record.kind in RelationKind.values else record.kind
    agreement = titles.get(record.agreement_id, NOT_SHOWN)
    return f"{agreement} {kind} {titles.get(record.other_id, NOT_SHOWN)}"


def described(record: Any) -> str:
    """The row as it was; a row pointing at a record deleted since says so."""
    try:
        return str(record.instance)
    except ObjectDoesNotExist:
        return "(a record deleted since)"


def changes(
    records: list[Any], part: str, show_users: bool, titles: dict[int, str] | None = None
) -> list[dict[str, Any]]:
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
                "object": None
                if part == "agreement"
                else relation_text(record, titles or {})
                if part == "relations"
                else described(record),
                "changed_fields": changed,
                "reason": record.history_change_reason or "",
            }
        )
    return entries


def agreement_history(agreement: Agreement, *, viewer: Viewer) -> list[dict[str, Any]]:
    """Users are named to those who may see drafts (staff and tokens)."""
    drafts = can_see_drafts(viewer)
    records = list(agreement.history.select_related("history_user").all())
    entries = changes(records, "agreement", drafts)
    for part, model in CHILD_MODELS:
        rows = list(
            model.history.filter(agreement_id=agreement.pk).select_related("history_user")  # type: ignore[attr-defined]
        )
        titles = None
        if part == "relations":
            ids = {row.other_id for row in rows} | {agreement.pk}
            titles = agreement_titles(ids, drafts)
        entries += changes(rows, part, drafts, titles)
    entries.sort(key=lambda e: e["date"], reverse=True)
    return entries
