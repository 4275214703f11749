"""Parties and people; both are public records (no drafts)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from kernel.api.views import RegistryViewSet

from ..filtersets import PartyFilterSet, PersonFilterSet
from ..models import Party, Person, Post
from .serializers import PartySerializer, PersonSerializer


class PartyViewSet(RegistryViewSet):
    """Institutions: academies, institutes, universities, governments, companies..."""

    serializer_class = PartySerializer
    filterset_class = PartyFilterSet

    def get_queryset(self) -> QuerySet[Party]:
        return Party.objects.with_api_relations()


class PersonViewSet(RegistryViewSet):
    """People who sign, witness or take part for a party."""

    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet

    def get_queryset(self) -> QuerySet[Person]:
        posts = Post.objects.select_related("party").only(
            "person",
            "party__slug",
            "title",
            "title_local",
            "started_on",
            "started_on_precision",
            "ended_on",
            "ended_on_precision",
        )
        return Person.objects.prefetch_related(Prefetch("posts", queryset=posts))
