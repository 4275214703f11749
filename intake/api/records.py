"""GET /api/export/{agreements,parties,people}/?format=csv|xlsx|jsonl: every record a caller
may see, in the import's columns (intake/records/columns.py), streamed as a download.

Agreements take the list endpoint's filters (AgreementFilterSet) and pass through the one
visibility rule: an anonymous caller never gets a draft."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponseBase
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from agreements.filtersets import AgreementFilterSet
from agreements.models import Agreement
from parties.models import Party, Person

from ..records.columns import AGREEMENTS, PARTIES, PEOPLE, Resource
from ..records.writers import EXPORT_FORMATS, export_response

FORMAT_PARAMETER = OpenApiParameter(
    "format", OpenApiTypes.STR, enum=list(EXPORT_FORMATS), description="Default: csv."
)
DOWNLOAD = OpenApiResponse(OpenApiTypes.BINARY, description="The records as a file.")


class ExportView(APIView):
    """The records of ``resource`` as a file; errors answer in the API's JSON."""

    resource: Resource

    def perform_content_negotiation(
        self, request: Request, force: bool = False
    ) -> tuple[BaseRenderer, str]:
        # ?format= names the file's format here, not a DRF renderer; errors are JSON.
        return JSONRenderer(), JSONRenderer.media_type

    def records(self, request: Request) -> QuerySet[Any]:
        return self.resource.model._default_manager.order_by("slug", "pk")

    def get(self, request: Request) -> HttpResponseBase:
        fmt = request.query_params.get("format") or "csv"
        if fmt not in EXPORT_FORMATS:
            raise ValidationError({"format": [f"Choose one of {', '.join(EXPORT_FORMATS)}."]})
        return export_response(self.resource, self.records(request), fmt)


@extend_schema(
    parameters=[FORMAT_PARAMETER],
    responses={200: DOWNLOAD},
    filters=True,
    summary="Export agreements",
)
class AgreementExportView(ExportView):
    """Agreements the caller may see (drafts only with a token or a staff session), filtered
    as the agreement list is."""

    resource = AGREEMENTS
    filterset_class = AgreementFilterSet
    # Declared for the schema's parameters; records() applies the filters itself.
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self) -> QuerySet[Agreement]:
        # For the schema's filter parameters only; records() reads.
        return Agreement.objects.none()

    def records(self, request: Request) -> QuerySet[Any]:
        visible = Agreement.objects.visible_to(request).order_by("-signed_on", "title", "pk")
        filterset = AgreementFilterSet(request.query_params, queryset=visible, request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return filterset.qs


@extend_schema(parameters=[FORMAT_PARAMETER], responses={200: DOWNLOAD}, summary="Export parties")
class PartyExportView(ExportView):
    """Every party (parties are public records)."""

    resource = PARTIES
    queryset = Party.objects.none()


@extend_schema(parameters=[FORMAT_PARAMETER], responses={200: DOWNLOAD}, summary="Export people")
class PersonExportView(ExportView):
    """Every person (people are public records)."""

    resource = PEOPLE
    queryset = Person.objects.none()
