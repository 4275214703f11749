"""Counts of published agreements, kept up to date as agreements change, for the counts
that would otherwise aggregate every published agreement on each request (the public
home, facets, term and party pages; agreements/groupings.py reads them).

A *scope* is a set of published agreements: ``""`` is all of them, ``"kind:mou"``,
``"status:in_force"``, ``"year:2019"``, ``"country:FR"``, ``"field:<id>"`` and
``"region:<id>"`` (with the narrower terms, as the filters take them), ``"party:<id>"``
and ``"subparty:<id>"`` (the party with its sub-units at any depth) the agreements one
filter value selects. A *key* is a group an agreement is counted in: ``all``, its kind,
status, signing year (``year=`` when undated), each of its fields, regions, parties and
parties' countries, and year with kind or status for the stacked charts. An
AgreementCount row holds how many agreements of a scope have a key. A scope is not
counted by its own grouping (a facet counts without its own filter), and year with kind
only in scope ``""`` (the home page's chart).

Every write that changes what an agreement is counted in calls ``refresh_summaries`` in
its transaction (agreements/signals.py, agreements/statuses.py): it compares the
agreement's keys now with those it was last counted with (CountedAgreement) and applies
the difference as ``count = count + delta`` upserts, the same SQL on PostgreSQL and
SQLite. Bulk loads that bypass the signals call ``rebuild_summaries`` (also a management
command).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connections, transaction
from django.db.models import QuerySet
from django.db.models.functions import ExtractYear

from kernel.visibility import Viewer, can_see_drafts
from parties.models import Party

from .models import (
    Agreement,
    AgreementCount,
    AgreementParty,
    CooperationField,
    CountedAgreement,
    Region,
)

ALL = ""
# The grouping each kind of scope is itself a value of: its own facet never reads it.
SCOPE_GROUPING = {
    "kind": "kind",
    "status": "status",
    "year": "year",
    "field": "field",
    "region": "region",
    "country": "country",
    "party": "party",
    "subparty": "party",
}
# Counted in scope "" only: the home page's years chart.
ONLY_IN_ALL = {"year_kind"}
BATCH_SIZE = 2000
# Distinct (scope, key) counts a rebuild holds in memory before writing them: each write
# of a pair already written is an update, so the fewer writes the better (100k
# agreements make about 2 million pairs).
FLUSH_AT = 5_000_000
UPSERT_ROWS = 1000


def public_scope(viewer: Viewer, filters: Mapping[str, Any] | None = None) -> str | None:
    """The scope of the agreements ``viewer`` sees among those ``filters`` select; None
    for viewers who see drafts (the summaries count published agreements only)."""
    if can_see_drafts(viewer):
        return None
    return scope_for(filters or {})


def scope_for(filters: Mapping[str, Any]) -> str | None:
    """The scope of the published agreements matching ``filters`` (an AgreementFilterSet's
    cleaned data), or None when no scope is exactly them: several filters or values, or a
    filter that is not summarized (text search, dates...)."""
    chosen: dict[str, list[Any] | None] = {}
    for name, value in filters.items():
        if name in ("ordering", "include_subunits") or value is None or value == "":
            continue
        # A value may be a queryset (parties, terms found by slug): listing it fills its
        # cache, which the filter then reads.
        values = list(value) if isinstance(value, list | tuple | QuerySet) else None
        if values != []:
            chosen[name] = values
    subunits = bool(filters.get("include_subunits"))
    if not chosen:
        return ALL
    if len(chosen) > 1:
        return None
    ((name, values),) = chosen.items()
    if values is None or len(values) != 1:  # a single value of another kind, or several
        return None
    (one,) = values
    prefix = {
        "kind": "kind",
        "status": "status",
        "signed_year": "year",
        "party_country": "country",
        "field": "field",
        "region": "region",
        "party": "subparty" if subunits else "party",
    }.get(name)
    if prefix is None:
        return None
    return f"{prefix}:{getattr(one, 'pk', one)}"


@dataclass
class _Parents:
    """Parent of each node of a hierarchy, loaded as needed."""

    model: type[Party] | type[CooperationField] | type[Region]
    using: str
    parent_of: dict[int, int | None] = field(default_factory=dict)

    def load_all(self) -> _Parents:
        self.parent_of = dict(
            self.model.objects.using(self.using).values_list("pk", "parent_id")  # type: ignore[misc]
        )
        return self

    def chains(self, ids: Iterable[int]) -> dict[int, list[int]]:
        """Each node with its ancestors, nearest first; one query per level not yet known."""
        wanted = set(ids)
        while missing := {i for i in wanted if i not in self.parent_of}:
            rows = self.model.objects.using(self.using).filter(pk__in=missing)
            found = dict(rows.values_list("pk", "parent_id"))
            for pk in missing:
                self.parent_of[pk] = found.get(pk)
            wanted = {p for p in found.values() if p is not None}
        result: dict[int, list[int]] = {}
        for pk in ids:
            chain: list[int] = []
            node: int | None = pk
            while node is not None:
                chain.append(node)
                node = self.parent_of.get(node)
            result[pk] = chain
        return result


@dataclass
class _Trees:
    parties: _Parents
    fields: _Parents
    regions: _Parents

    @classmethod
    def of(cls, using: str, *, all_parties: bool = False) -> _Trees:
        parties = _Parents(Party, using)
        return cls(
            parties.load_all() if all_parties else parties,
            _Parents(CooperationField, using).load_all(),
            _Parents(Region, using).load_all(),
        )


def agreement_keys(
    ids: Iterable[int], *, using: str = "default", trees: _Trees | None = None
) -> dict[int, tuple[set[str], set[str]]]:
    """The scopes and keys of each published agreement of ``ids`` (drafts and deleted
    agreements have none and are left out); four queries, and one per unknown level of
    the party hierarchy."""
    ids = list(ids)
    trees = trees or _Trees.of(using)
    agreements = Agreement.objects.using(using).filter(pk__in=ids, published=True)
    rows = list(agreements.values_list("pk", "kind", "status", ExtractYear("signed_on")))
    published = [row[0] for row in rows]
    links: dict[str, dict[int, list[int]]] = {}
    throughs: list[tuple[str, type[Any], str]] = [
        ("field", Agreement.fields.through, "cooperationfield_id"),
        ("region", Agreement.regions.through, "region_id"),
    ]
    for name, through, column in throughs:
        links[name] = defaultdict(list)
        for agreement_id, term_id in (
            through.objects.using(using)
            .filter(agreement_id__in=published)
            .values_list("agreement_id", column)
        ):
            links[name][agreement_id].append(term_id)
    parties: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for agreement_id, party_id, country in (
        AgreementParty.objects.using(using)
        .filter(agreement_id__in=published)
        .values_list("agreement_id", "party_id", "party__country")
    ):
        parties[agreement_id].append((party_id, country))
    party_chains = trees.parties.chains({p for links in parties.values() for p, _ in links})
    field_chains = trees.fields.chains({t for terms in links["field"].values() for t in terms})
    region_chains = trees.regions.chains({t for terms in links["region"].values() for t in terms})
    result = {}
    for pk, kind, status, signed_year in rows:
        year = "" if signed_year is None else str(signed_year)
        scopes = {ALL, f"kind:{kind}", f"status:{status}"}
        keys = {"all=", f"kind={kind}", f"status={status}", f"year={year}"}
        if year:
            scopes.add(f"year:{year}")
            keys |= {f"year_kind={year}:{kind}", f"year_status={year}:{status}"}
        for name, chains in (("field", field_chains), ("region", region_chains)):
            for term_id in links[name][pk]:
                keys.add(f"{name}={term_id}")
                scopes |= {f"{name}:{node}" for node in chains[term_id]}
        for party_id, country in parties[pk]:
            keys.add(f"party={party_id}")
            scopes.add(f"party:{party_id}")
            scopes |= {f"subparty:{node}" for node in party_chains[party_id]}
            if country:
                keys.add(f"country={country}")
                scopes.add(f"country:{country}")
        result[pk] = (scopes, keys)
    return result


def counted_pairs(scopes: Iterable[str], keys: Iterable[str]) -> Iterator[tuple[str, str]]:
    """The (scope, key) counts an agreement with these scopes and keys adds one to."""
    keys = list(keys)
    for scope in scopes:
        own = SCOPE_GROUPING.get(scope.partition(":")[0]) if scope else None
        for key in keys:
            grouping = key.partition("=")[0]
            if scope == ALL or (grouping != own and grouping not in ONLY_IN_ALL):
                yield scope, key


def _apply(deltas: Mapping[tuple[str, str], int], using: str) -> None:
    """Add each delta to its count (creating the row), in a fixed order so concurrent
    writers lock rows alike; then drop the counts that fell to zero."""
    table = AgreementCount._meta.db_table
    changed = sorted((pair, delta) for pair, delta in deltas.items() if delta)
    with connections[using].cursor() as cursor:
        for start in range(0, len(changed), UPSERT_ROWS):
            chunk = changed[start : start + UPSERT_ROWS]
            params: list[Any] = []
            for (scope, key), delta in chunk:
                grouping, _, value = key.partition("=")
                params += [scope, grouping, value, delta]
            values = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
            cursor.execute(
                f'INSERT INTO {table} (scope, "grouping", value, count) VALUES {values} '
                f'ON CONFLICT (scope, "grouping", value) '
                f"DO UPDATE SET count = {table}.count + excluded.count",
                params,
            )
        # The counts that fell to zero are among those lowered: deleted by key, not by a
        # scan of the table (nor one by one, as a queryset's delete() would with signals).
        lowered = [pair for pair, delta in changed if delta < 0]
        for start in range(0, len(lowered), UPSERT_ROWS):
            keys_chunk = lowered[start : start + UPSERT_ROWS]
            params = []
            for scope, key in keys_chunk:
                grouping, _, value = key.partition("=")
                params += [scope, grouping, value]
            keys = ", ".join(["(%s, %s, %s)"] * len(keys_chunk))
            cursor.execute(
                f"DELETE FROM {table} WHERE count = 0 "
                f'AND (scope, "grouping", value) IN (VALUES {keys})',
                params,
            )


def _encoded(keys: tuple[set[str], set[str]] | None) -> tuple[str, str]:
    scopes, counted = keys or (set(), set())
    return json.dumps(sorted(scopes)), json.dumps(sorted(counted))


def refresh_summaries(agreement_ids: Iterable[int], *, using: str = "default") -> int:
    """Bring the counts up to date for the agreements ``agreement_ids`` (created, changed,
    published, unpublished or deleted); the number whose keys changed. Runs in the
    caller's transaction, holding each agreement's CountedAgreement row locked."""
    ids = sorted(set(agreement_ids))
    if not ids:
        return 0
    changed = 0
    with transaction.atomic(using=using):
        counted = CountedAgreement.objects.using(using)
        counted.bulk_create(
            [CountedAgreement(agreement_id=pk) for pk in ids], ignore_conflicts=True
        )
        before = {
            row.agreement_id: row
            for row in counted.select_for_update().filter(agreement_id__in=ids).order_by("pk")
        }
        now = agreement_keys(ids, using=using)
        deltas: Counter[tuple[str, str]] = Counter()
        updated = []
        for pk in ids:
            row = before[pk]
            scopes, keys = _encoded(now.get(pk))
            if (scopes, keys) == (row.scopes or "[]", row.keys or "[]"):
                continue
            changed += 1
            if row.scopes:
                deltas.subtract(counted_pairs(json.loads(row.scopes), json.loads(row.keys)))
            if pk in now:
                deltas.update(counted_pairs(*now[pk]))
            row.scopes, row.keys = scopes, keys
            updated.append(row)
        _apply(deltas, using)
        counted.bulk_update(updated, ["scopes", "keys"])
        counted.filter(agreement_id__in=ids, scopes="[]").delete()
        counted.filter(agreement_id__in=ids, scopes="").delete()
    return changed


def rebuild_summaries(*, using: str = "default", batch_size: int = BATCH_SIZE) -> int:
    """Count every published agreement again from scratch (after bulk loads that bypass
    the signals); the number of published agreements counted. One transaction."""
    trees = _Trees.of(using, all_parties=True)
    counted = 0
    with transaction.atomic(using=using):
        with connections[using].cursor() as cursor:
            for model in (AgreementCount, CountedAgreement):
                cursor.execute(f"DELETE FROM {model._meta.db_table}")
        ids = Agreement.objects.using(using).filter(published=True).order_by("pk")
        pks = ids.values_list("pk", flat=True)
        totals: Counter[tuple[str, str]] = Counter()
        last = 0
        while batch := list(pks.filter(pk__gt=last)[:batch_size]):
            last = batch[-1]
            keys = agreement_keys(batch, using=using, trees=trees)
            rows = []
            for pk, pair in keys.items():
                totals.update(counted_pairs(*pair))
                scopes, encoded = _encoded(pair)
                rows.append(CountedAgreement(agreement_id=pk, scopes=scopes, keys=encoded))
            CountedAgreement.objects.using(using).bulk_create(rows)
            counted += len(rows)
            if len(totals) > FLUSH_AT:
                _apply(totals, using)
                totals.clear()
            connections[using].queries_log.clear()
        _apply(totals, using)
    return counted
