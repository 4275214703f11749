"""``GET /api/``: links to every resource and to the documentation."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

RESOURCES = {
    "parties": "parties-api:party-list",
    "people": "parties-api:person-list",
    "agreements": "agreements-api:agreement-list",
    "events": "agreements-api:event-list",
    "fields": "agreements-api:field-list",
    "regions": "agreements-api:region-list",
    "changes": "sync-api:changes",
    "stats": "agreement-stats",
    "network": "party-network",
    "schema": "api-schema",
    "docs": "api-docs",
}


class ApiRootView(APIView):
    """The registry's API: each resource is a paginated list at its address."""

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        return Response({name: reverse(view, request=request) for name, view in RESOURCES.items()})
