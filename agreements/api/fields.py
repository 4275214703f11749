"""Read-only fields that hide unpublished records from callers who may not see drafts."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kernel.api.fields import PrefetchedListSerializer, SlugListField, related_items

from ..choices import RelationKind


def shows_drafts(field: serializers.Field) -> bool:
    return bool(field.context.get("can_see_drafts", False))


@extend_schema_field({"type": "array", "items": {"type": "string"}, "readOnly": True})
class InverseRelationField(serializers.Field):
    """Slugs of the agreements that relate to this one by ``kind`` ("renewed_by")."""

    def __init__(self, kind: RelationKind, **kwargs: Any) -> None:
        self.kind = kind
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, value: Any) -> list[str]:
        drafts = shows_drafts(self)
        return [
            relation.agreement.slug
            for relation in related_items(value, "inverse_relations")
            if relation.kind == self.kind and (drafts or relation.agreement.published)
        ]


class VisibleSlugListField(SlugListField):
    """Slugs of related records that have a ``published`` flag, drafts only for staff."""

    def to_representation(self, data: Any) -> list[str]:
        drafts = shows_drafts(self)
        return [item.slug for item in data if drafts or item.published]


class VisibleListSerializer(PrefetchedListSerializer):
    """Nested rows pointing at another agreement (``published_via``) that may be a draft."""

    def to_representation(self, data: Any) -> list[Any]:
        drafts = shows_drafts(self)
        path = self.child.Meta.published_via  # type: ignore[union-attr]
        return [
            self.child.to_representation(item)  # type: ignore[union-attr]
            for item in data
            if drafts or getattr(getattr(item, path), "published", True)
        ]
