"""Query-string filters for parties and people (``?kind=university&country=CN``).

Repeating a parameter means "any of". Unknown slugs, choices or malformed values make the
form invalid, so the API answers 400 naming the parameter. The filter types defined here
are shared with agreements/filtersets.py (agreements may import parties, never the reverse).
"""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django import forms
from django.apps import apps
from django.db.models import Model, Q, QuerySet
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .choices import PartyKind
from .models import Party, Person, Post

BOOLEAN_CHOICES = [("true", "true"), ("false", "false"), ("1", "1"), ("0", "0")]


class BooleanChoiceField(forms.ChoiceField):
    """``true``/``false`` (or ``1``/``0``) cleaned to a bool; anything else is invalid."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["choices"] = BOOLEAN_CHOICES
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> bool | None:  # type: ignore[override]
        text = super().clean(value)
        return None if text in ("", None) else text in ("true", "1")


@extend_schema_field(OpenApiTypes.BOOL)
class BooleanChoiceFilter(filters.Filter):
    """A strict boolean: django-filter's own ignores values it cannot read."""

    field_class = BooleanChoiceField


class IntegerFilter(filters.NumberFilter):
    """A whole number (django-filter's NumberFilter would accept ``2.5``)."""

    field_class = forms.IntegerField


class SlugsFilter(filters.ModelMultipleChoiceFilter):
    """One or more objects named by slug; an unknown slug is invalid."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)

    def get_filter_predicate(self, v: Model) -> dict[str, Model]:
        # Compare the foreign key with the object found by slug: no join on its table.
        return {self.field_name: v}


class UpperMultipleChoiceField(filters.fields.MultipleChoiceField):
    """Country codes are matched in upper case whatever case the caller wrote."""

    def to_python(self, value: Any) -> list[str]:
        return [str(v).upper() for v in super().to_python(value)]


def country_choices() -> list[tuple[str, str]]:
    return [(country.code, str(country.name)) for country in countries]


class CountryFilter(filters.MultipleChoiceFilter):
    """One or more ISO 3166 alpha-2 codes, in any case."""

    field_class = UpperMultipleChoiceField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("choices", country_choices)
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


def visible_agreements(request: Any) -> QuerySet[Any]:
    """Agreements the caller (the request; None for the schema) may see. Looked up through
    the app registry because parties never imports agreements; the rule itself is
    registry/visibility.py's. Also a request-dependent choice queryset for filters."""
    return apps.get_model("agreements", "Agreement").objects.visible_to(request)


class PartyFilterSet(filters.FilterSet):
    """``kind``, ``country``, ``parent`` (slug), ``has_agreements``, ``q``."""

    kind = filters.MultipleChoiceFilter(choices=PartyKind.choices, distinct=False)
    country = CountryFilter()
    parent = SlugsFilter(field_name="parent", queryset=Party.objects.all())
    has_agreements = BooleanChoiceFilter(method="filter_has_agreements")
    q = filters.CharFilter(method="search", label="Search")

    class Meta:
        model = Party
        fields: list[str] = []

    def filter_has_agreements(
        self, queryset: QuerySet[Party], name: str, value: bool
    ) -> QuerySet[Party]:
        """Parties to at least one agreement the caller can see (or to none)."""
        with_agreements = Q(
            pk__in=visible_agreements(self.request).values("agreement_parties__party_id")
        )
        return queryset.filter(with_agreements if value else ~with_agreements)

    def search(self, queryset: QuerySet[Party], name: str, value: str) -> QuerySet[Party]:
        """Names in every script, abbreviations and aliases."""
        if not value.strip():
            return queryset
        return queryset.filter(pk__in=Party.objects.search(value.strip()).values("pk"))


class PersonFilterSet(filters.FilterSet):
    """``q`` (name in any script) and ``party``: people who held a post at the party or
    signed on its behalf an agreement the caller can see."""

    party = SlugsFilter(queryset=Party.objects.all(), method="filter_party")
    q = filters.CharFilter(method="search", label="Search")

    class Meta:
        model = Person
        fields: list[str] = []

    def filter_party(
        self, queryset: QuerySet[Person], name: str, value: list[Party]
    ) -> QuerySet[Person]:
        if not value:
            return queryset
        signers = (
            visible_agreements(self.request)
            .filter(signatures__on_behalf_of__in=value)
            .values("signatures__person_id")
        )
        officers = Post.objects.filter(party__in=value).values("person_id")
        return queryset.filter(Q(pk__in=signers) | Q(pk__in=officers))

    def search(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(Q(name__icontains=text) | Q(name_local__icontains=text))
