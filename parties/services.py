"""Writing parties: lock the row, check the hierarchy against what is stored once the
lock is held, write only what changed, leave history (the API's serializer calls these)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from kernel.api.serializers import replace_rows
from kernel.writes import (
    User,
    assign_changed,
    lock_row,
    lock_tree,
    refuse_cycle_conflict,
    save_changed,
)

from .models import Party, PartyAlias, PartyIdentifier, Person


def inherited_country(*, country: str, parent: Party | None) -> str:
    """A new sub-unit whose country is left blank takes its parent's (blank stays blank
    under an international organization)."""
    if country or parent is None:
        return country
    return str(parent.country or "")


def party_create(*, data: dict[str, Any], user: User = None) -> Party:
    data["country"] = inherited_country(
        country=str(data.get("country") or ""), parent=data.get("parent")
    )
    return party_update(party=Party(), data=data, user=user)


def party_update(*, party: Party, data: dict[str, Any], user: User = None) -> Party:
    """``data``: the party's own fields, and ``aliases`` (names) and ``identifiers``
    (scheme and value) replacing the stored lists when given."""
    aliases = data.pop("aliases", None)
    identifiers = data.pop("identifiers", None)
    with transaction.atomic():
        waited = "parent" in data and lock_tree(Party)
        if party.pk is not None:
            lock_row(party)
        try:
            touch = aliases is not None or identifiers is not None
            save_changed(party, assign_changed(party, data), user=user, touch=touch)
        except ValidationError as error:
            refuse_cycle_conflict(error, waited=waited)
            raise
        if aliases is not None:
            rows = [{"name": name} for name in aliases]
            replace_rows(party.aliases, PartyAlias, {"party": party}, rows)
        if identifiers is not None:
            replace_rows(party.identifiers, PartyIdentifier, {"party": party}, identifiers)
    return party


def person_create(*, data: dict[str, Any], user: User = None) -> Person:
    return person_update(person=Person(), data=data, user=user)


def person_update(*, person: Person, data: dict[str, Any], user: User = None) -> Person:
    """``data``: the person's own fields; only those that differ are written."""
    with transaction.atomic():
        if person.pk is not None:
            lock_row(person)
        save_changed(person, assign_changed(person, data), user=user)
    return person
