"""Agreements counted by year, kind, status, field, region, country or party: the one
aggregation behind the search page's facets (public/facets.py) and the stats API
(agreements/api/analytics.py). One query per grouping, whatever the number of agreements.

An agreement counts once in each group it belongs to: once per field, region, country
and party it has (so the counts of a grouping can add up to more than the agreements).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractYear
from django_countries import countries

from .choices import AgreementKind, AgreementStatus
from .models import Agreement, AgreementParty

UNDATED = "undated"


@dataclass(frozen=True)
class Group:
    """One group: its key (a slug, choice value, country code or year; None for
    undated), its label, the label in the local language if any, and its count."""

    key: str | None
    label: str
    label_local: str
    count: int


def _by_column(column: Any) -> Callable[[QuerySet[Any]], QuerySet[Any]]:
    def rows(ids: QuerySet[Any]) -> QuerySet[Any]:
        return Agreement.objects.filter(pk__in=ids).values(key=column).annotate(count=Count("pk"))

    return rows


def _by_term(through: Any, term: str) -> Callable[[QuerySet[Any]], QuerySet[Any]]:
    def rows(ids: QuerySet[Any]) -> QuerySet[Any]:
        return (
            through.objects.filter(agreement_id__in=ids)
            .values(
                key=F(f"{term}__slug"),
                label=F(f"{term}__name"),
                label_local=F(f"{term}__name_local"),
            )
            .annotate(count=Count("agreement_id", distinct=True))
        )

    return rows


def _by_country(ids: QuerySet[Any]) -> QuerySet[Any]:
    """Parties without a country (international bodies) are left out."""
    return (
        AgreementParty.objects.filter(agreement_id__in=ids)
        .exclude(party__country="")
        .values(key=F("party__country"))
        .annotate(count=Count("agreement_id", distinct=True))
    )


def _by_party(ids: QuerySet[Any]) -> QuerySet[Any]:
    return (
        AgreementParty.objects.filter(agreement_id__in=ids)
        .values(key=F("party__slug"), label=F("party__name"), label_local=F("party__name_local"))
        .annotate(count=Count("agreement_id", distinct=True))
    )


def _choice_label(labels: dict[str, Any]) -> Callable[[Any], str]:
    return lambda key: str(labels.get(key, key))


# Each grouping: the rows ({key, count} and maybe label, label_local) for a subquery of
# agreement ids, and the label of a key when the rows have none.
GROUPINGS: dict[str, tuple[Callable[[QuerySet[Any]], QuerySet[Any]], Callable[[Any], str]]] = {
    "year": (
        _by_column(ExtractYear("signed_on")),
        lambda key: UNDATED if key is None else str(key),
    ),
    "kind": (_by_column(F("kind")), _choice_label(dict(AgreementKind.choices))),
    "status": (_by_column(F("status")), _choice_label(dict(AgreementStatus.choices))),
    "field": (_by_term(Agreement.fields.through, "cooperationfield"), str),
    "region": (_by_term(Agreement.regions.through, "region"), str),
    "country": (_by_country, lambda key: str(countries.name(key))),
    "party": (_by_party, str),
}


def count_by(
    grouping: str,
    agreements: QuerySet[Agreement],
    *,
    limit: int | None = None,
    keys: Iterable[str] | None = None,
    label_contains: str = "",
) -> list[Group]:
    """The ``agreements`` counted by ``grouping`` (a key of GROUPINGS), largest first and
    ties by key; with ``limit``, only that many of the largest; with ``keys``, only those
    groups; with ``label_contains``, only groups whose label (in either language) contains
    it (groupings with labels: field, region, party). One query."""
    rows_of, label_of = GROUPINGS[grouping]
    rows = rows_of(agreements.order_by().values("pk"))
    if keys is not None:
        rows = rows.filter(key__in=list(keys))
    if label_contains:
        rows = rows.filter(
            Q(label__icontains=label_contains) | Q(label_local__icontains=label_contains)
        )
    rows = rows.order_by(F("count").desc(), F("key").asc(nulls_last=True))
    if limit is not None:
        rows = rows[:limit]
    return [
        Group(
            key=None if row["key"] is None else str(row["key"]),
            label=row["label"] if "label" in row else label_of(row["key"]),
            label_local=row.get("label_local") or "",
            count=row["count"],
        )
        for row in rows
    ]
