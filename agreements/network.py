"""The co-signature network of a set of agreements: parties as nodes, weighted by the
agreements they are party to; pairs of parties linked by the agreements both are party to.

The one query behind ``/api/network/`` (agreements/api/analytics.py) and the network
picture on a party's page (public/pictures/network.py). The caller passes the agreements
it may see (``Agreement.objects.visible_to(...)`` narrowed), so no draft is counted.
Two queries, whatever the number of agreements.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from .models import Agreement, AgreementParty


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


def network_nodes(
    agreements: QuerySet[Agreement],
    *,
    excluding: Any = None,
    slugs: Collection[str] | None = None,
) -> list[Node]:
    """The parties to ``agreements``, most agreements first, ties by slug; without the
    parties ``excluding`` (ids, or a subquery of them); with ``slugs``, only those. One query."""
    roles = AgreementParty.objects.filter(agreement_id__in=agreements.order_by().values("pk"))
    if excluding is not None:
        roles = roles.exclude(party_id__in=excluding)
    if slugs is not None:
        roles = roles.filter(party__slug__in=list(slugs))
    rows = (
        roles.values(
            "party_id",
            "party__slug",
            "party__name",
            "party__name_local",
            "party__country",
            "party__kind",
        )
        .annotate(agreements=Count("agreement_id"))
        .order_by("-agreements", "party__slug")
    )
    return [
        Node(
            pk=row["party_id"],
            slug=row["party__slug"],
            name=row["party__name"],
            name_local=row["party__name_local"] or "",
            country=str(row["party__country"] or ""),
            kind=row["party__kind"],
            agreements=row["agreements"],
        )
        for row in rows
    ]


def network_edges(
    agreements: QuerySet[Agreement],
    *,
    min_weight: int = 1,
    among: Collection[int] | None = None,
    limit: int | None = None,
) -> list[Edge]:
    """Each pair of parties to the same agreements (once), heaviest first, ties by slugs;
    with ``among``, only pairs of those party ids; with ``limit``, only the first so many
    (chosen by the database: the rest never leave it). One query."""
    roles = AgreementParty.objects.filter(agreement_id__in=agreements.order_by().values("pk"))
    # One filter() call: a second one would join the agreement's parties a second time.
    other = Q(agreement__agreement_parties__party_id__gt=F("party_id"))
    if among is not None:
        ids = list(among)
        other &= Q(party_id__in=ids, agreement__agreement_parties__party_id__in=ids)
    pairs = roles.filter(other)
    rows = (
        pairs.values(source=F("party__slug"), target=F("agreement__agreement_parties__party__slug"))
        .annotate(weight=Count("agreement_id"))
        .filter(weight__gte=min_weight)
    )
    if limit is not None:
        rows = rows.order_by("-weight", "source", "target")[:limit]
    edges = [Edge(row["source"], row["target"], row["weight"]) for row in rows]
    return sorted(edges, key=lambda edge: (-edge.weight, edge.source, edge.target))
