"""Agreements counted by year, kind, status, field, region, country or party: the one
aggregation behind the search page's facets (public/facets.py) and the stats API
(agreements/api/analytics.py). One query per grouping, whatever the number of agreements.

An agreement counts once in each group it belongs to: once per field, region, country
and party it has (so the counts of a grouping can add up to more than the agreements).

Given the ``scope`` (agreements/summaries.py) that the agreements are exactly, the counts
are read from the summaries kept as agreements change, not counted over the agreements:
callers pass it only for the public's view of all agreements or of one filter value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BigIntegerField,
    CharField,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear, NullIf
from django_countries import countries

from parties.models import Party

from .choices import AgreementKind, AgreementStatus
from .models import Agreement, AgreementCount, AgreementParty, CooperationField, Region

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


# The groupings whose summary values are ids of these terms.
TERMS: dict[str, type[Party] | type[CooperationField] | type[Region]] = {
    "field": CooperationField,
    "region": Region,
    "party": Party,
}


def summarized(grouping: str, scope: str) -> QuerySet[Any]:
    """The rows of ``grouping`` in the summaries of ``scope``, shaped as GROUPINGS' rows:
    {key, count} and, for terms, label and label_local."""
    rows = AgreementCount.objects.filter(scope=scope, grouping=grouping, count__gt=0)
    if grouping in TERMS:
        term = (
            TERMS[grouping]
            .objects.filter(pk=Cast(OuterRef("value"), BigIntegerField()))
            .order_by()  # one row: no need for the model's ordering
        )
        return rows.values(
            "count",
            key=Subquery(term.values("slug")),
            label=Subquery(term.values("name")),
            label_local=Subquery(term.values("name_local")),
        )
    if grouping == "year":
        return rows.values("count", key=Cast(NullIf("value", Value("")), BigIntegerField()))
    return rows.values("count", key=F("value"))


def summarized_total(scope: str) -> int:
    """How many agreements ``scope`` holds, from the summaries; one query."""
    row = AgreementCount.objects.filter(scope=scope, grouping="all").values("count").first()
    return row["count"] if row else 0


def group_count(grouping: str, agreements: QuerySet[Agreement], *, scope: str | None = None) -> int:
    """How many groups of ``grouping`` the ``agreements`` fall in (with ``scope``, from
    the summaries); one query."""
    if scope is not None:
        summary = AgreementCount.objects.filter(scope=scope, grouping=grouping, count__gt=0)
        return summary.count()
    return GROUPINGS[grouping][0](agreements.order_by().values("pk")).count()


def terms_counted(
    grouping: str, agreements: QuerySet[Agreement], *, scope: str | None = None
) -> QuerySet[Any]:
    """The fields, regions or parties (``grouping``) of any of ``agreements``, each with
    ``n``, how many of them it has (with ``scope``, from the summaries); a queryset to
    order and slice."""
    model = TERMS[grouping]
    if scope is None:
        path = "agreement_roles__agreement" if grouping == "party" else "agreements"
        return model.objects.filter(**{f"{path}__in": agreements}).annotate(n=Count(path))
    summary = AgreementCount.objects.filter(
        scope=scope, grouping=grouping, value=Cast(OuterRef("pk"), CharField())
    )
    counted: QuerySet[Any] = model.objects.annotate(n=Subquery(summary.values("count")))
    return counted.filter(n__gt=0)


def largest_terms(
    grouping: str, agreements: QuerySet[Agreement], *, limit: int, scope: str | None = None
) -> QuerySet[Any]:
    """The ``limit`` terms of ``grouping`` with the most of ``agreements`` (ties by name),
    each with ``n`` (see terms_counted); one query."""
    terms = terms_counted(grouping, agreements, scope=scope)
    if scope is not None:
        # Only the terms counted at least as often as the limit-th: a few index lookups
        # rather than one per term.
        summary = AgreementCount.objects.filter(scope=scope, grouping=grouping, count__gt=0)
        nth = summary.order_by("-count").values("count")[limit - 1 : limit]
        top = summary.filter(count__gte=Coalesce(Subquery(nth), 1))
        terms = terms.filter(pk__in=top.values(pk=Cast("value", BigIntegerField())))
    return terms.order_by("-n", "name")[:limit]


def count_by(
    grouping: str,
    agreements: QuerySet[Agreement],
    *,
    limit: int | None = None,
    keys: Iterable[str] | None = None,
    label_contains: str = "",
    scope: str | None = None,
) -> list[Group]:
    """The ``agreements`` counted by ``grouping`` (a key of GROUPINGS), largest first and
    ties by key; with ``limit``, only that many of the largest; with ``keys``, only those
    groups; with ``label_contains``, only groups whose label (in either language) contains
    it (groupings with labels: field, region, party). With ``scope`` (the published
    agreements ``agreements`` are exactly), from the summaries. One query."""
    rows_of, label_of = GROUPINGS[grouping]
    if scope is not None:
        rows = summarized(grouping, scope)
    else:
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


def count_by_year_and(
    by: str, agreements: QuerySet[Agreement], *, scope: str | None = None
) -> list[tuple[int | None, str, int]]:
    """``agreements`` counted by signing year (None: undated) and ``by`` (kind or status):
    (year, value, count) rows, in no order. With ``scope``, from the summaries (the
    undated are not split by ``by``: their value is ""). One query."""
    if scope is None:
        rows = (
            Agreement.objects.filter(pk__in=agreements.order_by().values("pk"))
            .values_list(ExtractYear("signed_on"), by)
            .annotate(n=Count("pk"))
            .order_by()
        )
        return [(year, value, n) for year, value, n in rows]
    summary = AgreementCount.objects.filter(
        Q(grouping=f"year_{by}") | Q(grouping="year", value=""), scope=scope, count__gt=0
    )
    result: list[tuple[int | None, str, int]] = []
    for grouping, value, n in summary.values_list("grouping", "value", "count"):
        if grouping == "year":
            result.append((None, "", n))
        else:
            year, _, key = value.partition(":")
            result.append((int(year), key, n))
    return result
