"""Finding parties and people by any of their names, loosely (the site's search box).

Each party and person keeps a ``search_key``: its names folded (kernel/text.py), filled by
``save()``, by an alias's change (parties/signals.py) and, for bulk loads that bypass both,
by ``refresh_search_keys``. Matching it is kernel/fuzzy.py's, the same on both databases;
on PostgreSQL a trigram GIN index serves it (migration 0004).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from kernel.fuzzy import loosely_matching
from kernel.text import fold, query_variants

from .models import Party, PartyAlias, Person

BATCH_SIZE = 1000


def find_parties(queryset: QuerySet[Party], text: str) -> QuerySet[Party]:
    """Parties any of whose names (in either script, as pinyin, or misspelt) match ``text``;
    annotated ``match_rank``, best first."""
    return _find(queryset, text).order_by("-match_rank", "name", "pk")


def find_people(queryset: QuerySet[Person], text: str) -> QuerySet[Person]:
    """People by name in either order, in characters or pinyin, or misspelt; best first."""
    return _find(queryset, text).order_by("-match_rank", "name", "pk")


def _find(queryset: QuerySet[Party] | QuerySet[Person], text: str) -> QuerySet:  # type: ignore[type-arg]
    return loosely_matching(queryset, "search_key", query_variants(text), fold(text))


def refresh_search_keys(
    *,
    party_ids: Iterable[int] | None = None,
    person_ids: Iterable[int] | None = None,
    using: str = "default",
) -> int:
    """Recompute the keys of these parties and people (all of them when both are None), in
    batches of a few queries each; returns how many keys changed."""
    everything = party_ids is None and person_ids is None
    changed = 0
    if everything or party_ids is not None:
        ids = _ids(Party, party_ids, using)
        for batch in _batches(ids):
            changed += _refresh_parties(batch, using)
    if everything or person_ids is not None:
        ids = _ids(Person, person_ids, using)
        for batch in _batches(ids):
            changed += _refresh_people(batch, using)
    return changed


def _ids(model: type[Party] | type[Person], ids: Iterable[int] | None, using: str) -> list[int]:
    if ids is not None:
        return sorted(set(ids))
    return list(model.objects.using(using).order_by("pk").values_list("pk", flat=True))


def _batches(items: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(items), BATCH_SIZE):
        yield items[start : start + BATCH_SIZE]


def _refresh_parties(ids: list[int], using: str) -> int:
    aliases: dict[int, list[str]] = defaultdict(list)
    for party_id, name in (
        PartyAlias.objects.using(using)
        .filter(party_id__in=ids)
        .order_by("pk")
        .values_list("party_id", "name")
    ):
        aliases[party_id].append(name)
    stale = []
    for party in (
        Party.objects.using(using)
        .filter(pk__in=ids)
        .only("pk", "name", "name_local", "abbreviation", "search_key")
    ):
        key = party.build_search_key(aliases[party.pk])
        if key != party.search_key:
            party.search_key = key
            stale.append(party)
    Party.objects.using(using).bulk_update(stale, ["search_key"])
    return len(stale)


def _refresh_people(ids: list[int], using: str) -> int:
    stale = []
    for person in (
        Person.objects.using(using)
        .filter(pk__in=ids)
        .only("pk", "name", "name_local", "search_key")
    ):
        key = person.build_search_key()
        if key != person.search_key:
            person.search_key = key
            stale.append(person)
    Person.objects.using(using).bulk_update(stale, ["search_key"])
    return len(stale)
