"""The parties API with the filters that go through agreements (``has_agreements``, a
person's signatures): routed by registry/api_urls.py in place of the parties app's own.
Same class names and docstrings, so the API's titles and schema read as before."""

from __future__ import annotations

from parties.api import views

from ..filtersets import PartyWithAgreementsFilterSet, PersonWithAgreementsFilterSet


class PartyViewSet(views.PartyViewSet):
    __doc__ = views.PartyViewSet.__doc__
    filterset_class = PartyWithAgreementsFilterSet


class PersonViewSet(views.PersonViewSet):
    __doc__ = views.PersonViewSet.__doc__
    filterset_class = PersonWithAgreementsFilterSet
