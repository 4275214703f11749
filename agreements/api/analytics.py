"""Counts and the co-signature network of the agreements matching the agreement filters.

``/api/stats/agreements/?group_by=...`` and ``/api/network/`` take every filter of
``/api/agreements/`` and see what the caller may see there (anonymous: published only).
Each answers in a fixed number of queries, whatever the number of agreements.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.validators import EMPTY_VALUES
from django.db.models import QuerySet
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.visibility import can_see_drafts

from ..filtersets import AgreementFilterSet
from ..groupings import GROUPINGS, count_by, summarized_total
from ..models import Agreement
from ..network import Counted, network_edges, network_nodes
from ..summaries import public_scope

GROUPS = tuple(GROUPINGS)
# Edges /api/network/ answers by default and at most: the unfiltered network of a million
# agreements has hundreds of thousands (tens of megabytes).
EDGE_LIMIT = 1_000
EDGE_LIMIT_MAX = 10_000
# Filters that select nothing by themselves (include_subunits only widens ``party``).
NOT_SELECTING = frozenset({"ordering", "include_subunits"})


class FilteredAgreementsView(GenericAPIView):  # type: ignore[type-arg]
    """A read-only view over the agreements the filters select."""

    filterset_class = AgreementFilterSet
    filter_backends = [DjangoFilterBackend]
    pagination_class = None

    def get_queryset(self) -> QuerySet[Agreement]:
        return Agreement.objects.visible_to(self.request)

    @cached_property
    def filterset(self) -> AgreementFilterSet:
        """The filters over what the caller may see, validated once (invalid: 400)."""
        filterset = DjangoFilterBackend().get_filterset(self.request, self.get_queryset(), self)
        if not filterset.is_valid():
            raise utils.translate_validation(filterset.errors)
        return filterset

    def matching_ids(self) -> QuerySet[Agreement]:
        """The ids of the matching agreements, as a subquery."""
        return self.filterset.qs.order_by().values("pk")

    def chosen_filters(self) -> dict[str, Any]:
        """The filters given a value, as validated (a slug filter left out is an empty
        queryset, which runs no query)."""
        cleaned = self.filterset.form.cleaned_data
        return {
            name: value
            for name, value in cleaned.items()
            if value not in EMPTY_VALUES
            and not (isinstance(value, QuerySet) and value.query.is_empty())
        }

    def integer_param(
        self, name: str, default: int, minimum: int, maximum: int | None = None
    ) -> int:
        text = self.request.query_params.get(name, "").strip()
        if not text:
            return default
        try:
            value = int(text)
        except ValueError:
            raise ValidationError({name: ["Enter a whole number."]}) from None
        if value < minimum:
            raise ValidationError({name: [f"Enter a number of at least {minimum}."]})
        if maximum is not None and value > maximum:
            raise ValidationError({name: [f"Enter a number of at most {maximum}."]})
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
    """Agreements matching the filters, counted by year, kind, status, field, region,
    country or party. An agreement counts once in each field, region, country and party
    it has."""

    csv_columns = ("key", "label", "count")  # ?format=csv: one row per group

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
        scope = self.summary_scope()
        # Query 1: the total. Query 2: the groups. From the summaries for the public's
        # view of all agreements or one filter value (agreements/summaries.py).
        if scope is None:
            total = Agreement.objects.filter(pk__in=ids).count()
        else:
            total = summarized_total(scope)
        results = self.groups(group_by, ids, scope)
        return Response({"group_by": group_by, "total": total, "results": results})

    def summary_scope(self) -> str | None:
        """The summaries' scope of the matching agreements, if they have one."""
        filterset = AgreementFilterSet(
            data=self.request.query_params, queryset=self.get_queryset(), request=self.request
        )
        if not filterset.is_valid():
            return None
        return public_scope(self.request, filterset.form.cleaned_data)

    def groups(
        self, group_by: str, ids: QuerySet[Agreement], scope: str | None
    ) -> list[dict[str, Any]]:
        """Largest first (agreements/groupings.py); years in order, the undated last."""
        groups = count_by(group_by, Agreement.objects.filter(pk__in=ids), scope=scope)
        if group_by == "year":
            groups.sort(key=lambda g: (g.key is None, int(g.key or 0)))
        return [{"key": g.key, "label": g.label, "count": g.count} for g in groups]


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
        "truncated": serializers.BooleanField(
            help_text="More edges than `limit` matched; only the heaviest are listed, and "
            "only the parties they link."
        ),
    },
)


class PartyNetworkView(FilteredAgreementsView):
    """Parties to the matching agreements as nodes; two parties are linked by the number of
    those agreements both are party to. ``min_weight`` drops weaker links; at most ``limit``
    links, the heaviest, and then only the parties they link."""

    @extend_schema(
        parameters=[
            OpenApiParameter("min_weight", OpenApiTypes.INT, default=1),
            OpenApiParameter(
                "limit",
                OpenApiTypes.INT,
                default=EDGE_LIMIT,
                description=f"The most edges answered (at most {EDGE_LIMIT_MAX}), heaviest "
                "first; `truncated` tells whether there were more.",
            ),
        ],
        responses={200: NETWORK_RESPONSE},
        filters=True,
    )
    def get(self, request: Request) -> Response:
        min_weight = self.integer_param("min_weight", default=1, minimum=1)
        limit = self.integer_param("limit", default=EDGE_LIMIT, minimum=1, maximum=EDGE_LIMIT_MAX)
        ids = self.matching_ids()
        counted = self.counted()
        # Query 1: each pair of parties to the same agreement (once: lower id first), counted;
        # the heaviest, and one more to tell whether there are more.
        found = network_edges(ids, min_weight=min_weight, limit=limit + 1, counted=counted)
        truncated = len(found) > limit
        kept = found[:limit]
        edges = [{"source": e.source, "target": e.target, "weight": e.weight} for e in kept]
        # Query 2: each party with its number of matching agreements; when the edges were
        # cut, only the parties they link.
        linked = {e.source for e in kept} | {e.target for e in kept}
        nodes = [
            {
                "slug": node.slug,
                "name": node.name,
                "country": node.country,
                "kind": node.kind,
                "agreements": node.agreements,
            }
            for node in network_nodes(ids, slugs=linked if truncated else None, counted=counted)
        ]
        return Response({"nodes": nodes, "edges": edges, "truncated": truncated})

    def counted(self) -> Counted | None:
        """What the pair table answers for: no filter (every agreement the caller may see),
        or one party without its sub-units; None for any other filter."""
        chosen = self.chosen_filters()
        selecting = set(chosen) - NOT_SELECTING
        drafts = can_see_drafts(self.request)
        if not selecting:
            return Counted(drafts=drafts)
        if selecting == {"party"} and len(chosen["party"]) == 1:
            if not chosen.get("include_subunits"):
                return Counted(drafts=drafts, party=chosen["party"][0].pk)
        return None
