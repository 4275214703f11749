"""Query-string filters for parties and people (``?kind=university&country=CN``) on
their own columns and posts. Filters through agreements (``has_agreements``, a person's
signatures) are declared on the agreements side, in agreements/filtersets.py, by
subclasses of these; the filter types are the kernel's (kernel/filters.py).
"""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q, QuerySet

from kernel.filters import CountryFilter, SlugsFilter, UpdatedSinceFilterSet, contains_text

from .choices import PartyKind
from .models import Party, Person, Post


class PartyFilterSet(UpdatedSinceFilterSet):
    """``kind``, ``country``, ``parent`` (slug), ``q``."""

    kind = filters.MultipleChoiceFilter(choices=PartyKind.choices, distinct=False)
    country = CountryFilter()
    parent = SlugsFilter(field_name="parent", queryset=Party.objects.all())
    q = filters.CharFilter(method="search", label="Search")

    class Meta:
        model = Party
        fields: list[str] = []

    def search(self, queryset: QuerySet[Party], name: str, value: str) -> QuerySet[Party]:
        """Names in every script, abbreviations and aliases."""
        if not value.strip():
            return queryset
        return queryset.filter(pk__in=Party.objects.search(value.strip()).values("pk"))


class PersonFilterSet(UpdatedSinceFilterSet):
    """``q`` (name in any script) and ``party``: people who held a post at the party."""

    party = SlugsFilter(queryset=Party.objects.all(), method="filter_party")
    q = filters.CharFilter(method=contains_text("name", "name_local"), label="Search")

    class Meta:
        model = Person
        fields: list[str] = []

    def filter_party(
        self, queryset: QuerySet[Person], name: str, value: list[Party]
    ) -> QuerySet[Person]:
        if not value:
            return queryset
        return queryset.filter(self.at_party(value))

    def at_party(self, parties: list[Party]) -> Q:
        """People linked to any of ``parties``: here, by a post there."""
        return Q(pk__in=Post.objects.filter(party__in=parties).values("person_id"))
