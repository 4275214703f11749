"""Filter types shared by every app's filtersets (``?kind=a&kind=b`` means "any of").

Unknown slugs, choices or malformed values make the form invalid, so the API answers
400 naming the parameter.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from kernel.params import BOOLEAN_HINT, parse_bool
from kernel.text import script_variants
from kernel.tree import subtree_ids


class BooleanField(forms.Field):
    """A boolean as kernel/params.py reads one; anything else is invalid."""

    default_error_messages = {"invalid": BOOLEAN_HINT}

    def to_python(self, value: Any) -> bool | None:
        try:
            return parse_bool(None if value is None else str(value))
        except ValueError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


@extend_schema_field(OpenApiTypes.BOOL)
class BooleanFilter(filters.Filter):
    """A strict boolean: django-filter's own ignores values it cannot read."""

    field_class = BooleanField


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


FilterMethod = Callable[[QuerySet[Any], str, Any], QuerySet[Any]]


def any_related(
    rows: type[Model], lookup: str, *, key: str, tree: type[Model] | None = None
) -> FilterMethod:
    """A filter ``method`` keeping the rows named by any of the values through related
    ``rows``: ``pk IN (SELECT key FROM rows WHERE lookup IN values)``, so results never
    repeat and two such filters need not match the same related row. With ``tree``, the
    values (nodes of that hierarchy) stand for their whole subtrees (kernel/tree.py)."""

    def method(queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if not value:
            return queryset
        wanted = subtree_ids(tree, value) if tree is not None else value
        related = rows._default_manager.filter(**{f"{lookup}__in": wanted})
        return queryset.filter(pk__in=related.values(key))

    return method


def contains_text(*fields: str) -> FilterMethod:
    """A filter ``method`` for ``q``: the text anywhere in any of ``fields``, in any case,
    in Traditional or Simplified characters (kernel/text.py)."""

    def search(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        text = value.strip()
        if not text:
            return queryset
        match = Q()
        for variant in script_variants(text):
            for field in fields:
                match |= Q(**{f"{field}__icontains": variant})
        return queryset.filter(match)

    return search


UPDATED_SINCE_HINT = (
    "Give an ISO 8601 date or date and time, e.g. 2026-05-01 or 2026-05-01T08:00:00Z."
)
# A "+08:00" offset arrives as " 08:00" when the caller did not encode the "+".
_UNENCODED_OFFSET = re.compile(r" (\d\d(?::?\d\d)?)$")


class MomentField(forms.Field):
    """An ISO date (its first moment, in the site's time zone) or date and time (a naive
    one in the site's time zone)."""

    default_error_messages = {"invalid": UPDATED_SINCE_HINT}

    def to_python(self, value: Any) -> dt.datetime | None:
        if value in self.empty_values:
            return None
        text = _UNENCODED_OFFSET.sub(r"+\1", str(value).strip())
        try:
            moment = parse_datetime(text)
            day = None if moment is not None else parse_date(text)
        except ValueError:
            moment = day = None
        if moment is None and day is not None:
            moment = dt.datetime.combine(day, dt.time.min)
        if moment is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            moment.astimezone(dt.UTC)  # stored in UTC: 0001-01-01+14:00 is not a moment
        except (OverflowError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return moment


@extend_schema_field(OpenApiTypes.STR)
class MomentFilter(filters.Filter):
    field_class = MomentField


class UpdatedSinceFilterSet(filters.FilterSet):
    """Every API list's ``updated_since``: records changed at or after the moment given
    (their ``updated_at``), for callers catching up (see also /api/changes/)."""

    updated_since = MomentFilter(field_name="updated_at", lookup_expr="gte")
