"""Routes under /api/ for the parties app.

The project's URL conf (registry/api_urls.py) includes ``routes(...)`` with viewsets
whose filtersets add the filters through agreements; parties never imports agreements.
"""

from __future__ import annotations

from django.urls import URLPattern
from rest_framework.routers import SimpleRouter

from .views import PartyViewSet, PersonViewSet

app_name = "parties-api"


def routes(
    parties: type[PartyViewSet] = PartyViewSet, people: type[PersonViewSet] = PersonViewSet
) -> tuple[list[URLPattern], str]:
    """``/parties/`` and ``/people/`` served by these viewsets, for ``include()``."""
    router = SimpleRouter()
    router.register("parties", parties, basename="party")
    router.register("people", people, basename="person")
    return router.urls, app_name


urlpatterns = routes()[0]
