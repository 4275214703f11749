"""One agreement as the API shows it, read in one query on PostgreSQL.

Each relation is annotated onto the agreement's row as an array (of slugs, or of JSON
objects), instead of ``with_api_relations()``'s eleven prefetch queries: a detail request
spent most of its time compiling and running those. The output equals
``reading.agreement_representation`` (tests/api/test_single.py holds them equal)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, OuterRef, QuerySet
from django.db.models.functions import JSONObject
from rest_framework import serializers

from registry.partial_date import PartialDate

from ..choices import INVERSE_RELATION
from ..models import (
    Agreement,
    AgreementParty,
    AgreementRelation,
    AgreementSource,
    Commitment,
    CooperationField,
    Document,
    Event,
    Region,
    Signature,
)
from .reading import _DATETIME, DATE_FIELDS, PLAIN_FIELDS, url_prefix

# The relations read as arrays of JSON objects, and those read as arrays of slugs.
JSON_OBJECTS = (
    "parties",
    "signatories",
    "relations",
    "inverse",
    "commitments",
    "sources",
    "documents",
)
SLUG_LISTS = ("fields", "regions", "events")
# The annotation holding each relation; ``in instance.__dict__`` tells a one-query row.
PREFIX = "json_"


def _partial(row: dict[str, Any], name: str) -> str | None:
    """A date a JSON object carries as its first day plus ``<name>_precision``."""
    start = row[name]
    if start is None:
        return None
    return PartialDate(dt.date.fromisoformat(start), row[f"{name}_precision"]).isoformat()


def _dated(name: str) -> dict[str, F]:
    return {name: F(name), f"{name}_precision": F(f"{name}_precision")}


def with_relations_as_json(queryset: QuerySet[Agreement], drafts: bool) -> QuerySet[Agreement]:
    """``queryset`` with every relation the API shows annotated as an array, drafts among
    related agreements and events only when ``drafts`` (PostgreSQL only)."""
    agreement = OuterRef("pk")
    relations = AgreementRelation.objects.filter(agreement=agreement)
    inverse = AgreementRelation.objects.filter(other=agreement)
    events = Event.objects.filter(agreements=agreement)
    if not drafts:
        relations = relations.filter(other__published=True)
        inverse = inverse.filter(agreement__published=True)
        events = events.filter(published=True)
    responsible = (
        Commitment.responsible_parties.through.objects.filter(commitment=OuterRef("pk"))
        .order_by("party__name", "party__pk")
        .values("party__slug")
    )
    arrays = {
        "parties": AgreementParty.objects.filter(agreement=agreement)
        .order_by("position", "pk")
        .values(json=JSONObject(party=F("party__slug"), role=F("role"))),
        "signatories": Signature.objects.filter(agreement=agreement)
        .order_by("role", "pk")
        .values(
            json=JSONObject(
                person=F("person__slug"),
                on_behalf_of=F("on_behalf_of__slug"),
                role=F("role"),
                title=F("title"),
            )
        ),
        "fields": CooperationField.objects.filter(agreements=agreement)
        .order_by("name", "pk")
        .values("slug"),
        "regions": Region.objects.filter(agreements=agreement)
        .order_by("name", "pk")
        .values("slug"),
        "relations": relations.order_by("pk").values(
            json=JSONObject(kind=F("kind"), agreement=F("other__slug"), note=F("note"))
        ),
        "inverse": inverse.order_by("pk").values(
            json=JSONObject(kind=F("kind"), agreement=F("agreement__slug"))
        ),
        "commitments": Commitment.objects.filter(agreement=agreement)
        .order_by("position", "pk")
        .values(
            json=JSONObject(
                title=F("title"),
                title_local=F("title_local"),
                description=F("description"),
                status=F("status"),
                **_dated("due_on"),
                **_dated("completed_on"),
                responsible_parties=ArraySubquery(responsible),
            )
        ),
        "sources": AgreementSource.objects.filter(agreement=agreement)
        .order_by("pk")
        .values(
            json=JSONObject(
                url=F("source__url"),
                title=F("source__title"),
                publisher=F("source__publisher"),
                published_on=F("source__published_on"),
                published_on_precision=F("source__published_on_precision"),
                language=F("source__language"),
                excerpt=F("source__excerpt"),
                supports=F("supports"),
            )
        ),
        "events": events.order_by("-date", "title", "pk").values("slug"),
        "documents": Document.objects.filter(agreement=agreement)
        .order_by("kind", "language", "pk")
        .values(
            json=JSONObject(
                kind=F("kind"),
                title=F("title"),
                language=F("language"),
                file=F("file"),
                sha256=F("sha256"),
                uploaded_at=F("uploaded_at"),
            )
        ),
    }
    return queryset.defer("search_document", "search_vector").annotate(
        **{PREFIX + name: ArraySubquery(subquery) for name, subquery in arrays.items()}
    )


# The compiled SQL of each kind of read, with the index of the slug among its parameters:
# building and compiling the eleven subqueries costs more than running them.
_COMPILED: dict[tuple[Any, ...], tuple[str, list[Any], int]] = {}
_SLUG = "\x00slug"


def read_agreement(queryset: QuerySet[Agreement], slug: str, drafts: bool) -> Agreement | None:
    """The agreement of ``queryset`` with this slug, relations annotated as by
    ``with_relations_as_json()``, or None; one query, compiled once per kind of caller."""
    key = (queryset.db, queryset.query.where, drafts)
    if key not in _COMPILED:
        query = with_relations_as_json(queryset.filter(slug=_SLUG), drafts).query
        sql, compiled_params = query.sql_with_params()
        _COMPILED[key] = (sql, list(compiled_params), list(compiled_params).index(_SLUG))
    sql, template, index = _COMPILED[key]
    params = [*template[:index], slug, *template[index + 1 :]]
    found = list(Agreement.objects.db_manager(queryset.db).raw(sql, params))
    return decoded(found[0]) if found else None


def decoded(agreement: Agreement) -> Agreement:
    """``agreement`` with its relation arrays as lists of dicts (a raw query leaves JSON text)
    and of slugs, never None."""
    for name in JSON_OBJECTS:
        items = agreement.__dict__[PREFIX + name]
        agreement.__dict__[PREFIX + name] = [
            json.loads(item) if isinstance(item, str) else item for item in items or ()
        ]
    for name in SLUG_LISTS:
        agreement.__dict__[PREFIX + name] = agreement.__dict__[PREFIX + name] or []
    return agreement


_FILE_STORAGE = Document._meta.get_field("file").storage  # type: ignore[union-attr]


def _document(row: dict[str, Any], request: Any) -> dict[str, Any]:
    url = _FILE_STORAGE.url(row["file"]) if row["file"] else None
    if url is not None and request is not None:
        url = request.build_absolute_uri(url)
    return {
        "kind": row["kind"],
        "title": row["title"],
        "language": row["language"],
        "file": url,
        "sha256": row["sha256"],
        "uploaded_at": _DATETIME.to_representation(dt.datetime.fromisoformat(row["uploaded_at"])),
    }


def read_in_one_query(agreement: Agreement) -> bool:
    return PREFIX + "parties" in agreement.__dict__


def single_representation(
    serializer: serializers.Serializer, agreement: Agreement
) -> dict[str, Any]:
    """The representation of an agreement read by ``with_relations_as_json()``."""
    names = getattr(serializer, "requested_fields", None) or serializer.Meta.fields
    rows = {name: agreement.__dict__[PREFIX + name] for name in (*JSON_OBJECTS, *SLUG_LISTS)}
    data: dict[str, Any] = {name: getattr(agreement, name) for name in PLAIN_FIELDS}
    data["url"] = f"{url_prefix(serializer)}{agreement.slug}/"
    for name in DATE_FIELDS:
        value = getattr(agreement, name)
        data[name] = None if value is None else str(value)
    data["parties"] = [{"party": row["party"], "role": row["role"]} for row in rows["parties"]]
    data["signatories"] = [
        {
            "person": row["person"],
            "on_behalf_of": row["on_behalf_of"],
            "role": row["role"],
            "title": row["title"],
        }
        for row in rows["signatories"]
    ]
    data["fields"] = rows["fields"]
    data["regions"] = rows["regions"]
    data["relations"] = [
        {"kind": row["kind"], "agreement": row["agreement"], "note": row["note"]}
        for row in rows["relations"]
    ]
    inverse: dict[str, list[str]] = {name: [] for name, _label in INVERSE_RELATION.values()}
    for row in rows["inverse"]:
        inverse[INVERSE_RELATION[row["kind"]][0]].append(row["agreement"])
    data.update(inverse)
    data["commitments"] = [
        {
            "title": row["title"],
            "title_local": row["title_local"],
            "description": row["description"],
            "status": row["status"],
            "due_on": _partial(row, "due_on"),
            "completed_on": _partial(row, "completed_on"),
            "responsible_parties": row["responsible_parties"],
        }
        for row in rows["commitments"]
    ]
    data["sources"] = [
        {
            "url": row["url"],
            "title": row["title"],
            "publisher": row["publisher"],
            "published_on": _partial(row, "published_on"),
            "language": row["language"],
            "excerpt": row["excerpt"],
            "supports": row["supports"],
        }
        for row in rows["sources"]
    ]
    data["events"] = rows["events"]
    request = serializer.context.get("request")
    data["documents"] = [_document(row, request) for row in rows["documents"]]
    for name in ("created_at", "updated_at"):
        data[name] = _DATETIME.to_representation(getattr(agreement, name))
    return {name: data[name] for name in names}
