"""Counts and the co-signature network of the agreements matching the agreement filters.

``/api/stats/agreements/?group_by=...`` and ``/api/network/`` take every filter of
``/api/agreements/`` and see what the caller may see there (anonymous: published only).
Each answers in a fixed number of queries, whatever the number of agreements.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, QuerySet
from django.db.models.functions import ExtractYear
from django_countries import countries
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from ..choices import AgreementKind, AgreementStatus
from ..filtersets import AgreementFilterSet
from ..models import Agreement, AgreementParty

GROUPS = ("year", "kind", "status", "field", "country", "party")


class FilteredAgreementsView(GenericAPIView):  # type: ignore[type-arg]
    """A read-only view over the agreements the filters select."""

    filterset_class = AgreementFilterSet
    filter_backends = [DjangoFilterBackend]
    pagination_class = None

    def get_queryset(self) -> QuerySet[Agreement]:
        return Agreement.objects.visible_to(self.request)

    def matching_ids(self) -> QuerySet[Agreement]:
        """The ids of the matching agreements, as a subquery (invalid filters: 400)."""
        return self.filter_queryset(self.get_queryset()).order_by().values("pk")

    def integer_param(self, name: str, default: int, minimum: int) -> int:
        text = self.request.query_params.get(name, "").strip()
        if not text:
            return default
        try:
            value = int(text)
        except ValueError:
            raise ValidationError({name: ["Enter a whole number."]}) from None
        if value < minimum:
            raise ValidationError({name: [f"Enter a number of at least {minimum}."]})
        return value


STATS_RESPONSE = inline_serializer(
    "AgreementStats",
    fields={
        "group_by": serializers.ChoiceField(choices=GROUPS),
        "total": serializers.IntegerField(help_text="Agreements matching the filters."),
        "results": inline_serializer(
            "AgreementStatsGroup",
            many=True,
            fields={
                "key": serializers.CharField(allow_null=True),
                "label": serializers.CharField(),
                "count": serializers.IntegerField(),
            },
        ),
    },
)


class AgreementStatsView(FilteredAgreementsView):
    """Agreements matching the filters, counted by year, kind, status, field, country or
    party. An agreement counts once in each field, country and party it has."""

    @extend_schema(
        parameters=[OpenApiParameter("group_by", OpenApiTypes.STR, enum=GROUPS, default="year")],
        responses={200: STATS_RESPONSE},
        filters=True,
    )
    def get(self, request: Request) -> Response:
        group_by = request.query_params.get("group_by", "year").strip() or "year"
        if group_by not in GROUPS:
            raise ValidationError(
                {"group_by": [f"Unknown grouping {group_by!r}; use one of {', '.join(GROUPS)}."]}
            )
        ids = self.matching_ids()
        # Query 1: the total. Query 2: the groups.
        total = Agreement.objects.filter(pk__in=ids).count()
        results = getattr(self, f"by_{group_by}")(ids)
        return Response({"group_by": group_by, "total": total, "results": results})

    def by_year(self, ids: QuerySet[Agreement]) -> list[dict[str, Any]]:
        rows = (
            Agreement.objects.filter(pk__in=ids)
            .values(year=ExtractYear("signed_on"))
            .annotate(count=Count("pk"))
            .order_by(F("year").asc(nulls_last=True))
        )
        return [
            {
                "key": None if row["year"] is None else str(row["year"]),
                "label": "undated" if row["year"] is None else str(row["year"]),
                "count": row["count"],
            }
            for row in rows
        ]

    def by_kind(self, ids: QuerySet[Agreement]) -> list[dict[str, Any]]:
        return self._by_choice(ids, "kind", dict(AgreementKind.choices))

    def by_status(self, ids: QuerySet[Agreement]) -> list[dict[str, Any]]:
        return self._by_choice(ids, "status", dict(AgreementStatus.choices))

    def _by_choice(
        self, ids: QuerySet[Agreement], column: str, labels: dict[str, Any]
    ) -> list[dict[str, Any]]:
        rows = Agreement.objects.filter(pk__in=ids).values(column).annotate(count=Count("pk"))
        return largest_first(
            {
                "key": row[column],
                "label": str(labels.get(row[column], row[column])),
                "count": row["count"],
            }
            for row in rows
        )

    def by_field(self, ids: QuerySet[Agreement]) -> list[dict[str, Any]]:
        """Fields as tagged: an agreement tagged "physics" does not count under "science"."""
        through: Any = Agreement.fields.through
        rows = (
            through.objects.filter(agreement_id__in=ids)
            .values(key=F("cooperationfield__slug"), label=F("cooperationfield__name"))
            .annotate(count=Count("agreement_id"))
        )
        return largest_first(dict(row) for row in rows)

    def by_country(self, ids: QuerySet[Agreement]) -> list[dict[str, Any]]:
        """Countries of the parties; parties without one (international bodies) are left out."""
        rows = (
            AgreementParty.objects.filter(agreement_id__in=ids)
            .exclude(party__country="")
            .values(key=F("party__country"))
            .annotate(count=Count("agreement_id", distinct=True))
        )
        return largest_first(
            {"key": row["key"], "label": countries.name(row["key"]), "count": row["count"]}
            for row in rows
        )

    def by_party(self, ids: QuerySet[Agreement]) -> list[dict[str, Any]]:
        rows = (
            AgreementParty.objects.filter(agreement_id__in=ids)
            .values(key=F("party__slug"), label=F("party__name"))
            .annotate(count=Count("agreement_id"))
        )
        return largest_first(dict(row) for row in rows)


def largest_first(rows: Any) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda row: (-row["count"], row["key"]))


NETWORK_RESPONSE = inline_serializer(
    "PartyNetwork",
    fields={
        "nodes": inline_serializer(
            "PartyNetworkNode",
            many=True,
            fields={
                "slug": serializers.CharField(),
                "name": serializers.CharField(),
                "country": serializers.CharField(),
                "kind": serializers.CharField(),
                "agreements": serializers.IntegerField(),
            },
        ),
        "edges": inline_serializer(
            "PartyNetworkEdge",
            many=True,
            fields={
                "source": serializers.CharField(),
                "target": serializers.CharField(),
                "weight": serializers.IntegerField(help_text="Agreements both are party to."),
            },
        ),
    },
)


class PartyNetworkView(FilteredAgreementsView):
    """Parties to the matching agreements as nodes; two parties are linked by the number of
    those agreements both are party to. ``min_weight`` drops weaker links."""

    @extend_schema(
        parameters=[OpenApiParameter("min_weight", OpenApiTypes.INT, default=1)],
        responses={200: NETWORK_RESPONSE},
        filters=True,
    )
    def get(self, request: Request) -> Response:
        min_weight = self.integer_param("min_weight", default=1, minimum=1)
        ids = self.matching_ids()
        roles = AgreementParty.objects.filter(agreement_id__in=ids)
        # Query 1: each party with its number of matching agreements.
        nodes = [
            {
                "slug": row["party__slug"],
                "name": row["party__name"],
                "country": row["party__country"],
                "kind": row["party__kind"],
                "agreements": row["agreements"],
            }
            for row in roles.values("party__slug", "party__name", "party__country", "party__kind")
            .annotate(agreements=Count("agreement_id"))
            .order_by("-agreements", "party__slug")
        ]
        # Query 2: each pair of parties to the same agreement (once: lower id first), counted.
        pairs = (
            roles.filter(agreement__agreement_parties__party_id__gt=F("party_id"))
            .values(source=F("party__slug"), target=F("agreement__agreement_parties__party__slug"))
            .annotate(weight=Count("agreement_id"))
            .filter(weight__gte=min_weight)
        )
        edges = sorted(
            ({"source": p["source"], "target": p["target"], "weight": p["weight"]} for p in pairs),
            key=lambda edge: (-edge["weight"], edge["source"], edge["target"]),
        )
        return Response({"nodes": nodes, "edges": edges})
