"""Serializer fields for the registry's own value types: partial dates and slug references."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kernel.partial_date import PartialDate


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
        "example": "2017-07",
        "description": "ISO 8601 at the precision known: YYYY, YYYY-MM or YYYY-MM-DD.",
    }
)
class PartialDateSerializerField(serializers.Field):
    """A date written and read back at its precision: "2017", "2017-07" or "2017-07-15"."""

    default_error_messages = {
        "invalid_type": "Expected a string such as '2017', '2017-07' or '2017-07-15'.",
        "invalid": "{message}",
    }

    def to_internal_value(self, data: Any) -> PartialDate | None:
        if not isinstance(data, str):
            self.fail("invalid_type")
        if data == "":
            return None
        try:
            return PartialDate.parse(data)
        except ValueError as exc:
            self.fail("invalid", message=str(exc))
        return None  # pragma: no cover - fail() raises

    def to_representation(self, value: Any) -> str | None:
        partial = PartialDate.coerce(value)
        return None if partial is None else partial.isoformat()


@extend_schema_field(OpenApiTypes.STR)
class SlugReference(serializers.SlugRelatedField):
    """A reference to another record by its slug; unknown slugs are named in the error."""

    default_error_messages = {
        "does_not_exist": "unknown slug '{value}'",
        "invalid": "Expected a slug (a string).",
    }

    def __init__(self, queryset: models.QuerySet[Any] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("slug_field", "slug")
        super().__init__(queryset=queryset, **kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid")
        found = getattr(self.root, "slug_lookups", {}).get(self)
        if found is not None and data in found.wanted:
            if data not in found.rows:
                self.fail("does_not_exist", slug_name=self.slug_field, value=data)
            return found.rows[data]
        return super().to_internal_value(data)


class SlugLookup:
    """The rows a request names by slug through one queryset, read in one query."""

    def __init__(self) -> None:
        self.wanted: set[str] = set()
        self.rows: dict[str, Any] = {}


def look_up_slugs(serializer: serializers.Serializer, data: Any) -> dict[Any, SlugLookup]:
    """Read every row ``data`` names by slug before validation: one query per queryset
    (parties, people...) rather than one per reference. Validation then takes each row
    from here (``SlugReference``), and names an unknown slug as it always did."""
    fields: dict[Any, set[str]] = {}
    _collect(serializer, data, fields)
    lookups: dict[Any, SlugLookup] = {}
    by_query: dict[tuple[Any, ...], SlugLookup] = {}
    for field, slugs in fields.items():
        queryset = field.get_queryset()
        key = (queryset.model, field.slug_field, str(queryset.query))
        lookup = by_query.setdefault(key, SlugLookup())
        lookup.wanted |= slugs
        lookups[field] = lookup
    for (_model, slug_field, _sql), lookup in by_query.items():
        field = next(f for f, found in lookups.items() if found is lookup)
        rows = field.get_queryset().filter(**{f"{slug_field}__in": lookup.wanted})
        lookup.rows = {getattr(row, slug_field): row for row in rows}
    return lookups


def _collect(field: Any, data: Any, found: dict[Any, set[str]]) -> None:
    """The slugs ``data`` gives each SlugReference under ``field``, by field."""
    if getattr(field, "read_only", False):
        return
    if isinstance(field, SlugReference):
        # PostgreSQL refuses a NUL byte in a query: such a value is left to the field's own
        # lookup, which answers it as not a slug, as it did before lookups were batched.
        if isinstance(data, str) and "\x00" not in data:
            found.setdefault(field, set()).add(data)
    elif isinstance(field, serializers.ListSerializer | serializers.ListField):
        if isinstance(data, list):
            for item in data:
                _collect(field.child, item, found)
    elif isinstance(field, serializers.Serializer) and isinstance(data, Mapping):
        for child in field.fields.values():
            if child.field_name in data:
                _collect(child, data[child.field_name], found)


def related_items(instance: models.Model, relation: str) -> Any:
    """The rows of a to-many relation: the list a ``with_api_relations()`` queryset put in
    ``prefetched_<relation>``, or else the related manager's rows."""
    cached = instance.__dict__.get(f"prefetched_{relation}")
    return cached if cached is not None else getattr(instance, relation).all()


class PrefetchedListSerializer(serializers.ListSerializer):
    """A nested list that reads the rows ``with_api_relations()`` prefetched."""

    def get_attribute(self, instance: Any) -> Any:
        return related_items(instance, self.source)


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class SlugListField(serializers.ListField):
    """A to-many relation as a list of slugs, each checked, errors naming its index."""

    def __init__(self, queryset: models.QuerySet[Any], **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(child=SlugReference(queryset=queryset), **kwargs)

    def get_attribute(self, instance: Any) -> Any:
        return related_items(instance, self.source)

    def to_representation(self, data: Any) -> list[str]:
        return [item.slug for item in data]


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class NameListField(serializers.ListField):
    """Related rows shown and written as a list of their names (a party's aliases)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("child", serializers.CharField(max_length=300))
        super().__init__(**kwargs)

    def to_representation(self, data: Any) -> list[str]:
        items = data.all() if hasattr(data, "all") else data
        return [item.name for item in items]


# One name in the OpenAPI schema for the ISO 3166 list, wherever a country appears.
COUNTRY_CHOICES = list(countries)
