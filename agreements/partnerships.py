"""Keep the pair table (agreements.models.Partnership) equal to the agreements' party links.

Every write that changes an agreement's published flag or its parties calls
``refresh_partnerships`` with the agreement, inside the write's transaction
(agreements/signals.py, beside the search document's refresh). The refresh compares the
agreement's links as they are with the links as counted (CountedLink), and applies the
difference to each pair as ``agreements = agreements + delta``: concurrent writes to
different agreements add up, and writes to one agreement wait for each other on its row.
SQLite and PostgreSQL share this path. Bulk loads that bypass the signals call
``rebuild_partnerships`` (also a management command).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import combinations_with_replacement

from django.db import connections, transaction

from .models import Agreement, AgreementParty, CountedLink, Partnership

BATCH_SIZE = 1000

# An agreement's links: whether it is published, and its parties (never empty: an
# agreement without parties pairs nobody and is left out).
Links = tuple[bool, frozenset[int]]
Pair = tuple[int, int]


def refresh_partnerships(agreement_ids: Iterable[int], *, using: str = "default") -> int:
    """Count these agreements in the pair table as they are now (deleted ones out);
    returns how many had changed. Per batch of agreements, two queries when nothing
    changed, up to seven when something did."""
    changed = 0
    for batch in _batches(sorted(set(agreement_ids)), BATCH_SIZE):
        with transaction.atomic(using=using, savepoint=False):
            changed += _refresh(batch, using)
    return changed


def _refresh(ids: list[int], using: str) -> int:
    now = _links_now(ids, using)
    counted = _links_counted(ids, using)
    changed = [pk for pk in ids if now.get(pk) != counted.get(pk)]
    if not changed:
        return 0
    deltas: dict[Pair, list[int]] = defaultdict(lambda: [0, 0])
    # Pairs counted before have a row to update; the others may need one inserted.
    counted_pairs: set[Pair] = set()
    for pk in changed:
        for links, sign in ((counted.get(pk), -1), (now.get(pk), 1)):
            if links is None:
                continue
            published, parties = links
            for pair in combinations_with_replacement(sorted(parties), 2):
                deltas[pair][0] += sign * published
                deltas[pair][1] += sign
                if sign < 0:
                    counted_pairs.add(pair)
    _apply(deltas, counted_pairs, using)
    CountedLink.objects.using(using).filter(agreement_id__in=changed).delete()
    CountedLink.objects.using(using).bulk_create(
        CountedLink(agreement_id=pk, party_id=party, published=now[pk][0])
        for pk in changed
        if pk in now
        for party in now[pk][1]
    )
    return len(changed)


def _links_now(ids: list[int], using: str) -> dict[int, Links]:
    """The agreements' links as they are, their rows locked (no-key: inserting a party link
    still may) so that two writes to one agreement count it one after the other."""
    rows = (
        Agreement.objects.using(using)
        .filter(pk__in=ids)
        .select_for_update(no_key=True, of=("self",))
        .values_list("pk", "published", "agreement_parties__party_id")
    )
    return _grouped(rows)


def _links_counted(ids: list[int], using: str) -> dict[int, Links]:
    rows = (
        CountedLink.objects.using(using)
        .filter(agreement_id__in=ids)
        .values_list("agreement_id", "published", "party_id")
    )
    return _grouped(rows)


def _grouped(rows: Iterable[tuple[int, bool, int | None]]) -> dict[int, Links]:
    parties: dict[int, set[int]] = defaultdict(set)
    flags: dict[int, bool] = {}
    for pk, published, party in rows:
        if party is not None:
            parties[pk].add(party)
            flags[pk] = published
    return {pk: (flags[pk], frozenset(members)) for pk, members in parties.items()}


def _apply(deltas: dict[Pair, list[int]], counted: set[Pair], using: str) -> None:
    """Add each pair's delta to its row: an update where the pair was counted (its row
    exists; the pairs no agreement holds any more are then deleted), an upsert where it
    was not (only additions then, so the inserted row is valid as it stands)."""
    table = Partnership._meta.db_table
    updates = [(p, n, a, b) for (a, b), (p, n) in deltas.items() if (a, b) in counted and p | n]
    inserts = [(a, b, p, n) for (a, b), (p, n) in deltas.items() if (a, b) not in counted]
    with connections[using].cursor() as cursor:
        if inserts:
            cursor.executemany(
                f"INSERT INTO {table} (party_a_id, party_b_id, agreements, with_drafts) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (party_a_id, party_b_id) DO UPDATE SET "
                f"agreements = {table}.agreements + excluded.agreements, "
                f"with_drafts = {table}.with_drafts + excluded.with_drafts",
                inserts,
            )
        if updates:
            cursor.executemany(
                f"UPDATE {table} SET agreements = agreements + %s, "
                "with_drafts = with_drafts + %s WHERE party_a_id = %s AND party_b_id = %s",
                updates,
            )
        if gone := [(a, b) for _p, n, a, b in updates if n < 0]:
            cursor.executemany(
                f"DELETE FROM {table} WHERE party_a_id = %s AND party_b_id = %s "
                "AND with_drafts = 0",
                gone,
            )


def rebuild_partnerships(*, using: str = "default") -> int:
    """Count every agreement afresh, in three statements (after bulk loads that bypass the
    signals); returns the number of pairs, a party with itself included."""
    pairs = Partnership._meta.db_table
    links = CountedLink._meta.db_table
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {pairs}")
        cursor.execute(f"DELETE FROM {links}")
        cursor.execute(
            f"INSERT INTO {links} (agreement_id, party_id, published) "
            f"SELECT l.agreement_id, l.party_id, a.published "
            f"FROM {AgreementParty._meta.db_table} l "
            f"JOIN {Agreement._meta.db_table} a ON a.id = l.agreement_id"
        )
        cursor.execute(
            f"INSERT INTO {pairs} (party_a_id, party_b_id, agreements, with_drafts) "
            "SELECT x.party_id, y.party_id, SUM(CASE WHEN x.published THEN 1 ELSE 0 END), "
            f"COUNT(*) FROM {links} x JOIN {links} y "
            "ON y.agreement_id = x.agreement_id AND y.party_id >= x.party_id "
            "GROUP BY x.party_id, y.party_id"
        )
        return int(cursor.rowcount)


def _batches(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
