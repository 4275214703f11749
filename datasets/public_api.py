"""The API's lists as the anonymous public reads them, without a request: the rows the
dataset files are written from, so each file has the API's columns and visibility."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from rest_framework.request import Request

from agreements.api.views import AgreementViewSet, EventViewSet
from kernel.api.views import RegistryViewSet
from parties.api.views import PartyViewSet, PersonViewSet

# The files' resources and the API lists they copy (the same names as under /api/).
RESOURCES: dict[str, type[RegistryViewSet]] = {
    "agreements": AgreementViewSet,
    "parties": PartyViewSet,
    "people": PersonViewSet,
    "events": EventViewSet,
}


class SiteRequest(HttpRequest):
    """A GET of the API at ``settings.SITE_URL`` by no one: the anonymous public. The
    serializers build their absolute URLs from it, as from a visitor's request."""

    def __init__(self) -> None:
        super().__init__()
        self.site_url = urlsplit(settings.SITE_URL)
        self.method = "GET"
        self.path = self.path_info = "/api/"
        self.user = AnonymousUser()

    def get_host(self) -> str:
        return self.site_url.netloc

    def _get_scheme(self) -> str:
        return self.site_url.scheme or "http"


def public_view(resource: str) -> RegistryViewSet:
    """The list view of ``resource`` as an anonymous caller with no parameters has it."""
    request = Request(SiteRequest())
    request.user = AnonymousUser()
    request.auth = None
    view = RESOURCES[resource](
        request=request, action="list", detail=False, format_kwarg=None, args=(), kwargs={}
    )
    view.request = request
    return view


def public_chunks(resource: str) -> Iterator[list[dict[str, Any]]]:
    """Every published record of ``resource`` as the API's list shows it, a chunk at a
    time (the streamed CSV's path: constant memory)."""
    view = public_view(resource)
    return view.stream_chunks(view.filter_queryset(view.get_queryset()))


def public_rows(resource: str) -> Iterator[dict[str, Any]]:
    for chunk in public_chunks(resource):
        yield from chunk
