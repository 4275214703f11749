"""The co-signature network of a set of agreements: parties as nodes, weighted by the
agreements they are party to; pairs of parties linked by the agreements both are party to.

The one query behind ``/api/network/`` (agreements/api/analytics.py) and the network
picture on a party's page (public/pictures/network.py). The caller passes the agreements
it may see (``Agreement.objects.visible_to(...)`` narrowed), so no draft is counted.
Two queries, whatever the number of agreements.

Over every agreement the viewer may see, or one party's, the counts are read from the
pair table (agreements.models.Partnership, kept current by agreements/partnerships.py)
where it holds them exactly: the caller says so with ``Counted``. Pairing the links of
every agreement instead took seconds at 100,000 agreements (docs/benchmarks.md). Other
sets of agreements are paired as they are, one query that the statement timeout bounds.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Count, F, Q, QuerySet

from parties.models import Party

from .models import Agreement, AgreementParty, Partnership


@dataclass(frozen=True)
class Node:
    """A party and the number of the agreements it is party to."""

    pk: int
    slug: str
    name: str
    name_local: str
    country: str
    kind: str
    agreements: int


@dataclass(frozen=True)
class Edge:
    """Two parties (by slug, ``source`` the one with the lower id) and their agreements."""

    source: str
    target: str
    weight: int


@dataclass(frozen=True)
class Counted:
    """The agreements of a network are ones the pair table counts: every agreement the
    viewer may see or, with ``party``, those that party (an id) is party to; ``drafts``:
    the viewer sees drafts (and the counts include them)."""

    drafts: bool
    party: int | None = None

    @property
    def weight(self) -> str:
        return "with_drafts" if self.drafts else "agreements"


def network_nodes(
    agreements: QuerySet[Agreement],
    *,
    excluding: Any = None,
    slugs: Collection[str] | None = None,
    counted: Counted | None = None,
) -> list[Node]:
    """The parties to ``agreements``, most agreements first, ties by slug; without the
    parties ``excluding`` (ids, or a subquery of them); with ``slugs``, only those. One query."""
    if counted is not None:
        return _counted_nodes(counted, excluding=excluding, slugs=slugs)
    roles = AgreementParty.objects.filter(agreement_id__in=agreements.order_by().values("pk"))
    if excluding is not None:
        roles = roles.exclude(party_id__in=excluding)
    if slugs is not None:
        roles = roles.filter(party__slug__in=list(slugs))
    rows = (
        roles.values(*_party_columns("party"))
        .annotate(agreements=Count("agreement_id"))
        .order_by("-agreements", "party__slug")
    )
    return [_node(row, "party", row["agreements"]) for row in rows]


def _party_columns(path: str) -> list[str]:
    return [f"{path}_id", *(f"{path}__{name}" for name in PARTY_FIELDS)]


PARTY_FIELDS = ("slug", "name", "name_local", "country", "kind")


def _node(row: dict[str, Any], path: str, agreements: int) -> Node:
    return Node(
        pk=row[f"{path}_id"],
        slug=row[f"{path}__slug"],
        name=row[f"{path}__name"],
        name_local=row[f"{path}__name_local"] or "",
        country=str(row[f"{path}__country"] or ""),
        kind=row[f"{path}__kind"],
        agreements=agreements,
    )


def _counted_nodes(
    counted: Counted, *, excluding: Any, slugs: Collection[str] | None
) -> list[Node]:
    """network_nodes from the pair table: a party's pair with itself holds its agreements;
    for one party's agreements, each partner's pair with it. One query."""
    weight = counted.weight
    pairs = Partnership.objects.filter(**{f"{weight}__gt": 0})
    if counted.party is None:
        rows = pairs.filter(party_a=F("party_b"))
        if excluding is not None:
            rows = rows.exclude(party_a__in=excluding)
        if slugs is not None:
            rows = rows.filter(party_a__slug__in=list(slugs))
        columns = _party_columns("party_a")
        ordered = rows.values(*columns, weight).order_by(f"-{weight}", "party_a__slug")
        return [_node(row, "party_a", row[weight]) for row in ordered]
    # Each pair holding the party (itself too), the other party's columns on its side; a
    # party has a few thousand partners at most, filtered and sorted here.
    party = counted.party
    rows = pairs.filter(Q(party_a=party) | Q(party_b=party))
    columns = _party_columns("party_a") + _party_columns("party_b")
    nodes = [
        _node(row, "party_b" if row["party_a_id"] == party else "party_a", row[weight])
        for row in rows.values(*columns, weight)
    ]
    excluded = set(excluding or ())  # here ids, not a subquery
    nodes = [n for n in nodes if n.pk not in excluded and (slugs is None or n.slug in slugs)]
    return sorted(nodes, key=lambda node: (-node.agreements, node.slug))


def network_edges(
    agreements: QuerySet[Agreement],
    *,
    min_weight: int = 1,
    among: Collection[int] | None = None,
    limit: int | None = None,
    counted: Counted | None = None,
) -> list[Edge]:
    """Each pair of parties to the same agreements (once), heaviest first, ties by slugs;
    with ``among``, only pairs of those party ids; with ``limit``, only the first so many
    (chosen by the database: the rest never leave it). One query. The pair table answers
    for every agreement the viewer sees; over one party's agreements, the pairs of its
    partners with each other are not in it (they are counted over all their agreements),
    so those are paired as they are."""
    if counted is not None and counted.party is None:
        return _counted_edges(counted, min_weight=min_weight, among=among, limit=limit)
    return _live_edges(agreements, min_weight=min_weight, among=among, limit=limit)


def _counted_edges(
    counted: Counted, *, min_weight: int, among: Collection[int] | None, limit: int | None
) -> list[Edge]:
    weight = counted.weight
    pairs = Partnership.objects.filter(party_a__lt=F("party_b"), **{f"{weight}__gte": min_weight})
    if among is not None:
        ids = list(among)
        pairs = pairs.filter(party_a__in=ids, party_b__in=ids)
    rows = pairs.values_list("party_a__slug", "party_b__slug", weight).order_by(
        f"-{weight}", "party_a__slug", "party_b__slug"
    )
    return [Edge(source, target, count) for source, target, count in rows[:limit]]


def _live_edges(
    agreements: QuerySet[Agreement],
    *,
    min_weight: int,
    among: Collection[int] | None,
    limit: int | None,
) -> list[Edge]:
    """The agreements' links paired with each other directly (the ORM would join the
    agreements table between the two), counted by party ids; slugs only for the pairs
    kept. On PostgreSQL and SQLite alike."""
    ids_sql, params = agreements.order_by().values("pk").query.get_compiler(agreements.db).as_sql()
    links = AgreementParty._meta.db_table
    parties = Party._meta.db_table
    where = [f"x.agreement_id IN ({ids_sql})"]
    values: list[Any] = list(params)
    if among is not None:
        ids = list(among) or [0]
        marks = ", ".join(["%s"] * len(ids))
        where.append(f"x.party_id IN ({marks}) AND y.party_id IN ({marks})")
        values += ids + ids
    values.append(min_weight)
    sql = (
        "SELECT s.slug, t.slug, p.weight FROM ("
        f"SELECT x.party_id AS a, y.party_id AS b, COUNT(*) AS weight FROM {links} x "
        f"JOIN {links} y ON y.agreement_id = x.agreement_id AND y.party_id > x.party_id "
        f"WHERE {' AND '.join(where)} GROUP BY x.party_id, y.party_id HAVING COUNT(*) >= %s"
        f") p JOIN {parties} s ON s.id = p.a JOIN {parties} t ON t.id = p.b "
        "ORDER BY p.weight DESC, s.slug, t.slug"
    )
    if limit is not None:
        sql += " LIMIT %s"
        values.append(limit)
    with connections[agreements.db].cursor() as cursor:
        cursor.execute(sql, values)
        return [Edge(source, target, weight) for source, target, weight in cursor.fetchall()]
