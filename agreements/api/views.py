"""Agreements, events, cooperation fields and regions."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, ProtectedError, QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.api.views import RegistryViewSet, lock_row
from kernel.visibility import can_see_drafts

from .. import services
from ..filtersets import (
    AgreementFilterSet,
    CooperationFieldFilterSet,
    EventFilterSet,
    RegionFilterSet,
)
from ..models import Agreement, CooperationField, Event, EventParticipant, Region
from .history import agreement_history
from .output import read_one, with_output_relations
from .serializers import (
    AgreementSerializer,
    CooperationFieldSerializer,
    EventSerializer,
    RegionSerializer,
)

HISTORY_ENTRIES = inline_serializer(
    "HistoryEntry",
    many=True,
    fields={
        "date": serializers.DateTimeField(),
        "user": serializers.CharField(allow_null=True),
        "type": serializers.ChoiceField(choices=["+", "~", "-"]),
        "part": serializers.CharField(),
        "object": serializers.CharField(allow_null=True),
        "changed_fields": serializers.ListField(child=serializers.CharField()),
        "reason": serializers.CharField(),
    },
)


class DraftAwareViewSet(RegistryViewSet):
    """Tells serializers whether the caller may see unpublished related records."""

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["can_see_drafts"] = can_see_drafts(self.request)
        return context


class AgreementViewSet(DraftAwareViewSet):
    """Agreements; anonymous callers see published ones only."""

    serializer_class = AgreementSerializer
    filterset_class = AgreementFilterSet

    def get_queryset(self) -> QuerySet[Agreement]:
        visible = Agreement.objects.visible_to(self.request)
        return with_output_relations(
            visible, AgreementSerializer, drafts=can_see_drafts(self.request)
        )

    def get_object(self) -> Agreement:
        visible = Agreement.objects.visible_to(self.request)
        slug = self.kwargs[self.lookup_field]
        drafts = can_see_drafts(self.request)
        agreement = read_one(visible, AgreementSerializer, drafts=drafts, slug=slug)
        if agreement is None:
            raise Http404(f"No {Agreement._meta.object_name} matches the given query.")
        self.check_object_permissions(self.request, agreement)
        return agreement

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        # A single agreement's answer (read or written: its ETag hashes the same shape).
        context["with_chain"] = bool(self.detail) or self.action == "create"
        return context

    def perform_destroy(self, instance: Agreement) -> None:
        services.agreement_delete(agreement=instance, user=self.request.user)

    @extend_schema(responses={200: OpenApiResponse(HISTORY_ENTRIES)}, filters=False)
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def history(self, request: Request, slug: str | None = None) -> Response:
        """The change history: date, user (for staff and tokens), type +/~/-, fields."""
        agreement = self.get_object()
        return Response(agreement_history(agreement, viewer=request))


class EventViewSet(DraftAwareViewSet):
    """Symposia, signing ceremonies, visits; anonymous callers see published ones only."""

    serializer_class = EventSerializer
    filterset_class = EventFilterSet

    def get_queryset(self) -> QuerySet[Event]:
        participants = EventParticipant.objects.select_related("person", "party")
        return Event.objects.visible_to(self.request).prefetch_related(
            "parties",
            Prefetch("agreements", queryset=Agreement.objects.only("slug", "published")),
            Prefetch("participants", queryset=participants),
            "sources",
        )


def listed(slugs: list[str], most: int = 20) -> str:
    shown = ", ".join(slugs[:most])
    return shown + (f" and {len(slugs) - most} more" if len(slugs) > most else "")


class VocabularyViewSet(RegistryViewSet):
    """Fields and regions: one that tags agreements or has narrower terms is not deleted
    (409), since deleting it would silently untag agreements without history."""

    tag: str  # the agreements' many-to-many field holding the term

    def perform_destroy(self, instance: CooperationField | Region) -> None:
        # Locked first: on PostgreSQL tagging an agreement with it now waits for us.
        lock_row(instance)
        users = []
        tagged = list(
            Agreement.objects.filter(**{self.tag: instance})
            .order_by("slug")
            .values_list("slug", flat=True)
        )
        if tagged:
            users.append(f"agreements tagged with it: {listed(tagged)}")
        narrower = list(instance.children.order_by("slug").values_list("slug", flat=True))
        if narrower:
            users.append(f"narrower terms: {listed(narrower)}")
        if users:
            message = f"'{instance.slug}' is in use ({'; '.join(users)})."
            raise ProtectedError(message, set())
        instance.delete()


class CooperationFieldViewSet(VocabularyViewSet):
    """Fields of cooperation: education, science, technology..."""

    serializer_class = CooperationFieldSerializer
    tag = "fields"
    filterset_class = CooperationFieldFilterSet

    def get_queryset(self) -> QuerySet[CooperationField]:
        return CooperationField.objects.select_related("parent")


class RegionViewSet(VocabularyViewSet):
    """Regions agreements target (they may overlap)."""

    serializer_class = RegionSerializer
    tag = "regions"
    filterset_class = RegionFilterSet

    def get_queryset(self) -> QuerySet[Region]:
        return Region.objects.select_related("parent")
