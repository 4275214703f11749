"""An agreement as the API shows it, built directly from the rows ``with_api_relations()``
prefetched.

The same output DRF's field-by-field serialization gives (tests/api/test_reading.py holds
them equal), about five times faster on a page of 500 agreements: lists are the API's
hottest path."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from registry.api.fields import related_items

from ..choices import INVERSE_RELATION
from ..models import Agreement, Document

PLAIN_FIELDS = (
    "slug",
    "title",
    "title_local",
    "language",
    "kind",
    "status",
    "published",
    "signed_place",
    "summary",
    "full_text",
)
DATE_FIELDS = ("signed_on", "effective_on", "expires_on", "terminated_on")


def _date(value: Any) -> str | None:
    return None if value is None else str(value)


def url_prefix(serializer: serializers.Serializer) -> str:
    """``http://host/api/agreements/``, reversed once per serializer rather than per row."""
    cache = serializer.context.setdefault("_url_prefix", {})
    if "agreement" not in cache:
        path = reverse("agreements-api:agreement-list")
        request = serializer.context.get("request")
        cache["agreement"] = request.build_absolute_uri(path) if request is not None else path
    return str(cache["agreement"])


# Read-only timestamps, rendered as DRF renders them, without binding a serializer field.
_DATETIME = serializers.DateTimeField()


def _document(row: Document, request: Any) -> dict[str, Any]:
    url = row.file.url if row.file else None
    if url is not None and request is not None:
        url = request.build_absolute_uri(url)
    return {
        "kind": row.kind,
        "title": row.title,
        "language": row.language,
        "file": url,
        "sha256": row.sha256,
        "uploaded_at": _DATETIME.to_representation(row.uploaded_at),
    }


def agreement_representation(
    serializer: serializers.Serializer, agreement: Agreement, drafts: bool
) -> dict[str, Any]:
    # The output names come from Meta (or ?fields=), not from serializer.fields: building
    # the bound fields costs more than a detail request's whole representation.
    names = getattr(serializer, "requested_fields", None) or serializer.Meta.fields
    data: dict[str, Any] = {name: getattr(agreement, name) for name in PLAIN_FIELDS}
    data["url"] = f"{url_prefix(serializer)}{agreement.slug}/"
    for name in DATE_FIELDS:
        data[name] = _date(getattr(agreement, name))
    data["parties"] = [
        {"party": row.party.slug, "role": row.role}
        for row in related_items(agreement, "agreement_parties")
    ]
    data["signatories"] = [
        {
            "person": row.person.slug,
            "on_behalf_of": row.on_behalf_of.slug,
            "role": row.role,
            "title": row.title,
        }
        for row in related_items(agreement, "signatures")
    ]
    data["fields"] = [term.slug for term in related_items(agreement, "fields")]
    data["regions"] = [term.slug for term in related_items(agreement, "regions")]
    data["relations"] = [
        {"kind": row.kind, "agreement": row.other.slug, "note": row.note}
        for row in related_items(agreement, "relations")
        if drafts or row.other.published
    ]
    inverse: dict[str, list[str]] = {name: [] for name, _label in INVERSE_RELATION.values()}
    for row in related_items(agreement, "inverse_relations"):
        if drafts or row.agreement.published:
            inverse[INVERSE_RELATION[row.kind][0]].append(row.agreement.slug)
    data.update(inverse)
    data["commitments"] = [
        {
            "title": row.title,
            "title_local": row.title_local,
            "description": row.description,
            "status": row.status,
            "due_on": _date(row.due_on),
            "completed_on": _date(row.completed_on),
            "responsible_parties": [p.slug for p in related_items(row, "responsible_parties")],
        }
        for row in related_items(agreement, "commitments")
    ]
    data["sources"] = [
        {
            "url": row.source.url,
            "title": row.source.title,
            "publisher": row.source.publisher,
            "published_on": _date(row.source.published_on),
            "language": row.source.language,
            "excerpt": row.source.excerpt,
            "supports": row.supports,
        }
        for row in related_items(agreement, "citations")
    ]
    data["events"] = [
        event.slug for event in related_items(agreement, "events") if drafts or event.published
    ]
    request = serializer.context.get("request")
    data["documents"] = [_document(row, request) for row in related_items(agreement, "documents")]
    for name in ("created_at", "updated_at"):
        data[name] = _DATETIME.to_representation(getattr(agreement, name))
    return {name: data[name] for name in names}
