"""The base serializer every resource uses: partial dates, ``?fields=`` and ``?brief=1``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django_countries.serializers import CountryFieldMixin
from rest_framework import serializers

from kernel.api.fields import PartialDateSerializerField, look_up_slugs
from kernel.partial_date import PartialDateField
from kernel.writes import User, assign_changed, save_changed

_PLAIN_FIELD_KWARGS = {"required", "allow_null", "read_only", "label", "help_text", "default"}


def api_url(view_name: str) -> serializers.HyperlinkedIdentityField:
    """The ``url`` field: the object's address in the API, by slug."""
    return serializers.HyperlinkedIdentityField(view_name=view_name, lookup_field="slug")


class RegistrySerializer(CountryFieldMixin, serializers.ModelSerializer):
    """Addressed by slug; ``Meta.brief_fields`` are what ``?brief=1`` keeps.

    ``fields=[...]`` (from ``?fields=a,b``) keeps only the named fields."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        PartialDateField: PartialDateSerializerField,
    }

    def __init__(self, *args: Any, fields: Iterable[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requested_fields: list[str] | None = None
        if fields is not None:
            wanted = set(fields)
            self.requested_fields = [name for name in self.Meta.fields if name in wanted]
            for name in list(self.fields):
                if name not in wanted:
                    self.fields.pop(name)

    def to_internal_value(self, data: Any) -> Any:
        if self.parent is None:
            # Every record the request names by slug, one query per kind (fields.py).
            self.slug_lookups = look_up_slugs(self, data)
        return super().to_internal_value(data)

    def validate_slug(self, value: str) -> str:
        # A blank slug would be replaced by a new one made from the name: a change too.
        if self.instance is not None and value != self.instance.slug:
            raise serializers.ValidationError("A slug is a permanent address; it cannot change.")
        return value

    def build_field(
        self, field_name: str, info: Any, model_class: Any, nested_depth: int
    ) -> tuple[type[serializers.Field], dict[str, Any]]:
        field_class, kwargs = super().build_field(field_name, info, model_class, nested_depth)
        if field_class is PartialDateSerializerField:
            # DateField's date-only keyword arguments mean nothing to a partial date.
            kwargs = {k: v for k, v in kwargs.items() if k in _PLAIN_FIELD_KWARGS}
        if field_class is serializers.SlugField:
            # The model's stricter slug validator alone checks it: DRF's SlugField would
            # add a second message about the same mistake.
            field_class = serializers.CharField
            kwargs.pop("allow_unicode", None)
        return field_class, kwargs


class WholeRowSerializer(serializers.Serializer):
    """One row of a nested list. Sending the list replaces all its rows, so each row needs
    its required fields even in a PATCH (where DRF skips every missing field)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            missing = {
                name: [field.error_messages["required"]]
                for name, field in self.fields.items()
                if field.required and not field.read_only and name not in data
            }
            if missing:
                raise serializers.ValidationError(missing)
        return super().to_internal_value(data)


def duplicate_errors(
    items: list[Any], key: Any, subfield: str | None = None, what: str = "value"
) -> dict[int, Any]:
    """Errors by index for each item whose ``key(item)`` repeats an earlier one."""
    seen: set[Any] = set()
    errors: dict[int, Any] = {}
    for index, item in enumerate(items):
        value = key(item)
        if value in seen:
            message = [f"duplicate {subfield or what}: {value}"]
            errors[index] = {subfield: message} if subfield else message
        seen.add(value)
    return errors


def unique_items(items: list[Any], key: Any, what: str = "value") -> list[Any]:
    """A field validator's answer: ``items``, or a ValidationError naming each repeat's index."""
    errors = duplicate_errors(items, key, what=what)
    if errors:
        raise serializers.ValidationError(errors)
    return items


def save_plain_fields(
    instance: models.Model, data: dict[str, Any], nested: tuple[str, ...], *, user: User = None
) -> dict[str, Any]:
    """Save the values of ``data`` that differ from ``instance``'s (only those columns),
    except the ``nested`` lists, which come back (None for each one the request left out,
    so that it stays as it is)."""
    lists = {name: data.pop(name, None) for name in nested}
    touch = any(value is not None for value in lists.values())
    save_changed(instance, assign_changed(instance, data), user=user, touch=touch)
    return lists


def replace_rows(
    manager: Any, model: type[models.Model], owner: dict[str, Any], rows: list[dict[str, Any]]
) -> None:
    """Delete ``manager``'s rows and save one ``model`` per item, so each gets history."""
    manager.all().delete()
    for row in rows:
        model(**owner, **row).save()


def reject_duplicates(items: list[Any], key: Any, field: str, subfield: str | None = None) -> None:
    """Raise a ValidationError naming ``field[i].subfield`` for each repeated ``key(item)``."""
    errors = duplicate_errors(items, key, subfield)
    if errors:
        raise serializers.ValidationError({field: errors})
