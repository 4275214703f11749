"""Writing agreements: every write goes through these functions (the API's serializers
call them). Each locks the row it changes, checks the rules against what is stored once
the lock is held, writes only what the request changes, and leaves history.

``data`` is the API serializer's validated data: plain fields by model name, nested
lists under the serializer's sources (``agreement_parties``, ``signatures``,
``citations``...); a list that is left out stays as it is."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from kernel.writes import (
    User,
    assign_changed,
    lock_row,
    lock_tree,
    refuse_cycle_conflict,
    save_changed,
)

from . import lifecycle
from . import nested_writes as nested
from .derived import refreshed_once
from .models import Agreement, AgreementRelation, CooperationField, Region
from .models.agreement import (
    publishing_message,
    refused_signing_bodies,
    refuses_publishing,
    signing_body_message,
)
from .models.claim import refresh_held
from .statuses import (
    predecessor_ids,
    refresh_statuses,
    status_after_write,
    stored_status_inputs,
)


def agreement_create(*, data: dict[str, Any], user: User = None) -> Agreement:
    with transaction.atomic(), refreshed_once():
        check_signing_bodies(agreement=None, data=data)
        check_publishing(agreement=None, data=data)
        agreement = Agreement()
        data["status"] = status_after_write(agreement, data, lifecycle.today())
        nested.save_agreement(agreement, data, user=user)
        follow_successor(agreement, before=set())
        return agreement


def agreement_update(*, agreement: Agreement, data: dict[str, Any], user: User = None) -> Agreement:
    """Change what ``data`` names, nothing else; concurrent updates of the same agreement
    are applied one after the other."""
    with transaction.atomic(), refreshed_once():
        lock_row(agreement)
        check_signing_bodies(agreement=agreement, data=data)
        check_publishing(agreement=agreement, data=data)
        before = predecessor_ids(agreement)
        stored_status_inputs(agreement)
        data["status"] = status_after_write(agreement, data, lifecycle.today())
        nested.save_agreement(agreement, data, user=user)
        follow_successor(agreement, before=before)
        # Claims whose value the record now has (or no longer has) say so.
        refresh_held(agreement)
        return agreement


def agreement_delete(*, agreement: Agreement, user: User = None) -> None:
    """Delete an agreement no other agreement refers to (renews, amends...); otherwise
    refuse, naming them, since deleting it would silently drop their relations."""
    with transaction.atomic():
        # FOR UPDATE: a relation to it that another request is adding now waits for us.
        lock_row(agreement, for_delete=True)
        referring = list(
            AgreementRelation.objects.filter(other=agreement)
            .exclude(agreement=agreement)
            .order_by("agreement__slug", "kind")
            .values_list("agreement__slug", "kind")
        )
        if referring:
            named = ", ".join(f"{slug} ({kind} it)" for slug, kind in referring)
            raise ProtectedError(
                f"'{agreement.slug}' is referred to by other agreements: {named}.", set()
            )
        if user is not None and user.is_authenticated:
            agreement._history_user = user  # type: ignore[attr-defined]
        predecessors = predecessor_ids(agreement)
        agreement.delete()
        # What it superseded or renewed is no longer superseded by it.
        if predecessors:
            refresh_statuses(ids=predecessors)


def follow_successor(agreement: Agreement, *, before: set[int]) -> None:
    """The agreements ``agreement`` supersedes or renews (now, or ``before`` this write)
    take the status its dates, publication and relations now give them."""
    ids = before | predecessor_ids(agreement)
    if ids:
        refresh_statuses(ids=ids)


def check_signing_bodies(*, agreement: Agreement | None, data: dict[str, Any]) -> None:
    """Each signature is on behalf of a party or a body above one, with the parties and
    signatures this write leaves (the given ones, else the stored ones)."""
    parties = data.get("agreement_parties")
    signatures = data.get("signatures")
    if parties is None and signatures is None:
        return
    if parties is not None:
        party_ids = {item["party"].pk for item in parties}
    else:
        party_ids = agreement.party_ids() if agreement is not None else set()
    if signatures is not None:
        refused = refused_signing_bodies(party_ids, [s["on_behalf_of"].pk for s in signatures])
        if refused:
            message = signing_body_message()
            raise ValidationError(
                {f"signatories[{index}].on_behalf_of": [message] for index in refused}
            )
        return
    if agreement is None:
        return
    stored = list(agreement.signatures.values_list("on_behalf_of_id", flat=True))
    if refused_signing_bodies(party_ids, stored):
        # The stored signature, not the request's parties, is what the rule is about.
        raise ValidationError({"parties": [signing_body_message()]})


def check_publishing(*, agreement: Agreement | None, data: dict[str, Any]) -> None:
    """A published agreement has at least two parties, counted as this write leaves them;
    drafts may have fewer. Checked when the write sets ``published`` or the parties (the
    database trigger watches the same two), so an old record can still be corrected."""
    parties = data.get("agreement_parties")
    if "published" not in data and parties is None:
        return
    published = data.get("published", agreement.published if agreement is not None else False)
    if parties is not None:
        party_ids = {item["party"].pk for item in parties}
    else:
        party_ids = agreement.party_ids() if agreement is not None else set()
    if refuses_publishing(bool(published), party_ids):
        raise ValidationError({"published": [publishing_message()]})


def vocabulary_term_save(
    *, term: CooperationField | Region, data: dict[str, Any], user: User = None
) -> CooperationField | Region:
    """Create or change a cooperation field or a region. Parent changes are taken one at
    a time, so two that would together form a cycle cannot both pass (the later is 409)."""
    with transaction.atomic():
        waited = "parent" in data and lock_tree(type(term))
        if term.pk is not None:
            lock_row(term)
        try:
            save_changed(term, assign_changed(term, data), user=user)
        except ValidationError as error:
            refuse_cycle_conflict(error, waited=waited)
            raise
    return term
