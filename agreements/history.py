"""Who sees which of an agreement's history records: the selector behind the API's
``/history/`` and the public history page.

The records are django-simple-history's, of the agreement itself and of the rows nested
in it (parties, signatures, relations, commitments, cited sources). Callers who may see
drafts (kernel/visibility.py) see every record and who made it. Everyone else sees no
user, and nothing recorded while the agreement was a draft: its publication is their
first entry, a record made while it was unpublished again is left out, and an entry that
follows a draft period is marked ``after_draft`` so that nothing is compared with the
unpublished state. A relation names the other agreement only if the caller may see it,
by its last recorded title if it has been deleted since.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from kernel.visibility import Viewer, can_see_drafts, shows

from .choices import RelationKind
from .models import (
    Agreement,
    AgreementParty,
    AgreementRelation,
    AgreementSource,
    Commitment,
    Signature,
)

# Each nested part: its model, and the row it names (read with its records, in one query).
CHILD_MODELS: list[tuple[str, type[models.Model], str | None]] = [
    ("parties", AgreementParty, "party"),
    ("signatories", Signature, "person"),
    ("relations", AgreementRelation, None),
    ("commitments", Commitment, None),
    ("sources", AgreementSource, "source"),
]

# Stands for an agreement the caller may not see, or one deleted while a draft.
NOT_SHOWN = "(an agreement not shown)"
DELETED = "(a record deleted since)"


@dataclass(frozen=True)
class HistoryEntry:
    """One historical record as a caller may see it."""

    record: Any
    # The same row's previous record, or None for its first.
    previous: Any | None
    # "agreement" or one of CHILD_MODELS' parts.
    part: str
    # What the nested row was ("Chinese Academy of Sciences (party)"); None for the agreement.
    object: str | None
    # The first record a public caller sees after a draft period (or the creation of a
    # published agreement): compare nothing with ``previous``.
    after_draft: bool
    # Who made it: for callers who may see drafts only.
    user: str | None
    # The party, person or source a nested row names; None if deleted since, or no such.
    target: Any = None


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


def described(record: Any, target: str | None) -> str:
    """The row as it was; a row pointing at a record deleted since says so. The row it
    names (``target``) was read with the records, so that no row needs a query."""
    instance = record.instance
    if target is not None:
        related = getattr(record, target)
        if related is None:
            return DELETED
        setattr(instance, target, related)
    try:
        return str(instance)
    except ObjectDoesNotExist:
        return DELETED


def in_order(records: list[Any]) -> list[Any]:
    return sorted(records, key=lambda r: (r.history_date, r.history_id))


def agreement_history_entries(agreement: Agreement, *, viewer: Viewer) -> list[HistoryEntry]:
    """The entries ``viewer`` may see, newest first; eleven queries whatever their number
    (the agreement's records, each part's with the rows they name, the relations' titles)."""
    drafts = can_see_drafts(viewer)
    own = in_order(list(agreement.history.select_related("history_user")))  # type: ignore[attr-defined]
    # Whether the agreement was published at each of its records, to place nested rows.
    dates = [record.history_date for record in own]

    def published_at(record: Any) -> bool:
        index = bisect_right(dates, record.history_date) - 1
        return index >= 0 and bool(own[index].published)

    entries: list[HistoryEntry] = []

    def add(
        records: list[Any], part: str, public_when: Any, text: Any, target: str | None = None
    ) -> None:
        previous: dict[Any, Any] = {}
        last_seen: dict[Any, bool] = {}
        for record in in_order(records):
            before = previous.get(record.id)
            previous[record.id] = record
            public = public_when(record)
            # A public caller has not seen this row's previous record if it was made
            # while the agreement was a draft (or there is none).
            after_draft = public and not last_seen.get(record.id, False)
            last_seen[record.id] = public
            if not drafts and not public:
                continue
            user = record.history_user if drafts else None
            entries.append(
                HistoryEntry(
                    record=record,
                    previous=before,
                    part=part,
                    object=text(record),
                    after_draft=after_draft,
                    user=user.get_username() if user else None,
                    target=getattr(record, target) if target else None,
                )
            )

    add(own, "agreement", lambda r: bool(r.published), lambda r: None)
    for part, model, target in CHILD_MODELS:
        history = model.history.filter(agreement_id=agreement.pk)  # type: ignore[attr-defined]
        # prefetch, not select: a join would drop the records of a row deleted since.
        rows = list(
            history.select_related("history_user").prefetch_related(*[target] if target else [])
        )
        if part == "relations":
            titles = agreement_titles({row.other_id for row in rows} | {agreement.pk}, drafts)
            add(rows, part, published_at, lambda r, t=titles: relation_text(r, t))
        else:
            add(rows, part, published_at, lambda r, t=target: described(r, t), target)
    entries.sort(key=lambda e: (e.record.history_date, e.record.history_id), reverse=True)
    return entries
