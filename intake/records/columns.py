"""The flat columns of agreements, parties and people, declared once for export and import.

Every cell is text. Empty means empty (no value, an empty list). Encodings:

- dates (``signed_on``...): ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, as precise as known;
- ``published``: ``true`` or ``false`` (``yes``/``no``/``1``/``0`` are read too);
- lists are joined with ``"; "``: ``fields``, ``regions`` (slugs), ``sources`` (URLs),
  ``aliases`` (names);
- ``parties``: party slugs in the agreement's order, ``slug:role`` when the role is not
  ``party`` (``cas:lead; shenzhen``);
- ``signatories``: ``person@body``, then ``:witness`` for a witness, then ``(title held)``
  when known: ``bai-chunli@cas (President); wang-weizhong@shenzhen:witness``;
- ``identifiers``: ``scheme:value`` (``wikidata:Q530471; ror:034t30j35``);
- ``parent``: the slug of the body the party belongs to.

Each column names the API field it is written through (the same name throughout), so an
import is validated by the API's serializers and written by the one write service.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Prefetch, QuerySet
from rest_framework import serializers

from agreements.api.serializers import AgreementSerializer
from agreements.choices import PartyRole, SignatureRole
from agreements.models import Agreement, AgreementParty, AgreementSource, Signature, Source
from kernel.streaming import stream
from parties.api.serializers import PartySerializer, PersonSerializer
from parties.models import Party, Person

SEPARATOR = "; "
TEXT, DATE, BOOL, LIST, SET = "text", "date", "bool", "list", "set"
# An unknown source URL becomes a source titled by its URL, in an undetermined language.
NEW_SOURCE_LANGUAGE = "und"
SIGNATORY = re.compile(
    r"^(?P<person>[^@\s]+)@(?P<body>[^:(\s]+)(?::(?P<role>[a-z_]+))?\s*(?:\((?P<title>.*)\))?$"
)
TRUE_WORDS = {"true", "yes", "1", "y", "t"}
FALSE_WORDS = {"false", "no", "0", "n", "f"}


class CellError(ValueError):
    """A cell that cannot be read in its column's encoding."""


def split_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(";") if item.strip()]


def normal(shape: str, text: str) -> str:
    """A cell as export writes it, so two spellings of one value compare equal."""
    text = text.strip()
    if shape == BOOL:
        word = text.lower()
        return "true" if word in TRUE_WORDS else "false" if word in FALSE_WORDS else text
    if shape == LIST:
        return SEPARATOR.join(split_list(text))
    if shape == SET:
        return SEPARATOR.join(sorted(set(split_list(text))))
    return text


@dataclass(frozen=True)
class Column:
    """One cell of a record: how export reads it and how import turns it into API input."""

    name: str
    read: Callable[[Any], str]
    to_api: Callable[[str, Any], Any]
    shape: str = TEXT


def text(name: str) -> Column:
    return Column(name, lambda obj: str(getattr(obj, name) or ""), lambda value, obj: value)


def date(name: str) -> Column:
    def read(obj: Any) -> str:
        value = getattr(obj, name)
        return value.isoformat() if value else ""

    return Column(name, read, lambda value, obj: value or None, DATE)


def slugs(name: str, related: str) -> Column:
    def read(obj: Any) -> str:
        return SEPARATOR.join(sorted(item.slug for item in getattr(obj, related).all()))

    return Column(name, read, lambda value, obj: split_list(value), SET)


# Agreements


def read_parties(agreement: Agreement) -> str:
    return SEPARATOR.join(
        ap.party.slug if ap.role == PartyRole.PARTY else f"{ap.party.slug}:{ap.role}"
        for ap in agreement.agreement_parties.all()
    )


def parties_to_api(value: str, agreement: Any) -> list[dict[str, str]]:
    items = []
    for item in split_list(value):
        slug, _, role = item.partition(":")
        items.append({"party": slug.strip(), "role": role.strip() or PartyRole.PARTY})
    return items


def read_signatories(agreement: Agreement) -> str:
    cells = []
    for signature in agreement.signatures.all():
        cell = f"{signature.person.slug}@{signature.on_behalf_of.slug}"
        if signature.role != SignatureRole.SIGNATORY:
            cell += f":{signature.role}"
        if signature.title:
            cell += f" ({signature.title})"
        cells.append(cell)
    return SEPARATOR.join(cells)


def signatories_to_api(value: str, agreement: Any) -> list[dict[str, str]]:
    items = []
    for item in split_list(value):
        match = SIGNATORY.match(item)
        if match is None:
            raise CellError(f"{item!r} is not person@body, person@body:witness or (title).")
        items.append(
            {
                "person": match["person"],
                "on_behalf_of": match["body"],
                "role": match["role"] or SignatureRole.SIGNATORY,
                "title": (match["title"] or "").strip(),
            }
        )
    return items


def read_sources(agreement: Agreement) -> str:
    return SEPARATOR.join(sorted(c.source.url for c in agreement.citations.all()))


def sources_to_api(value: str, agreement: Any) -> list[dict[str, Any]]:
    """Known sources keep their stored metadata (and what they support here); a new URL
    becomes a source titled by its URL, to be described in the admin."""
    urls = split_list(value)
    stored = {source.url: source for source in Source.objects.filter(url__in=urls)}
    supports: dict[str, str] = {}
    if agreement is not None:
        supports = dict(agreement.citations.values_list("source__url", "supports"))
    items: list[dict[str, Any]] = []
    for url in urls:
        source = stored.get(url)
        if source is None:
            items.append({"url": url, "title": url[:500], "language": NEW_SOURCE_LANGUAGE})
            continue
        items.append(
            {
                "url": url,
                "title": source.title,
                "publisher": source.publisher,
                "published_on": source.published_on.isoformat() if source.published_on else None,
                "language": source.language or NEW_SOURCE_LANGUAGE,
                "excerpt": source.excerpt,
                "supports": supports.get(url, ""),
            }
        )
    return items


def read_published(agreement: Agreement) -> str:
    return "true" if agreement.published else "false"


def read_status_fixed(agreement: Agreement) -> str:
    return "true" if agreement.status_fixed else "false"


# Parties


def read_aliases(party: Party) -> str:
    return SEPARATOR.join(sorted(alias.name for alias in party.aliases.all()))


def read_identifiers(party: Party) -> str:
    return SEPARATOR.join(sorted(f"{i.scheme}:{i.value}" for i in party.identifiers.all()))


def identifiers_to_api(value: str, party: Any) -> list[dict[str, str]]:
    items = []
    for item in split_list(value):
        scheme, colon, rest = item.partition(":")
        if not colon:
            raise CellError(f"{item!r} is not scheme:value (e.g. wikidata:Q530471).")
        items.append({"scheme": scheme.strip(), "value": rest.strip()})
    return items


def read_country(party: Party) -> str:
    # CountryField gives a Country object (django-stubs types it as text).
    return str(getattr(party.country, "code", "") or "")


def read_parent(party: Party) -> str:
    return party.parent.slug if party.parent_id else ""


@dataclass(frozen=True)
class Resource:
    """A kind of record as rows: its columns in order, the columns that find a stored
    record ("slug" first), the API serializer that validates a row, and its records with
    what export reads prefetched."""

    name: str
    model: type[models.Model]
    serializer: type[serializers.ModelSerializer]
    columns: tuple[Column, ...]
    keys: tuple[str, ...]
    prefetch: Callable[[QuerySet[Any]], QuerySet[Any]] = field(default=lambda qs: qs)

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    def row(self, obj: Any) -> dict[str, str]:
        return {column.name: column.read(obj) for column in self.columns}

    def rows(self, queryset: QuerySet[Any], chunk_size: int = 500) -> Iterable[dict[str, str]]:
        """Rows in chunks: memory stays flat however many records there are."""
        for obj in stream(self.prefetch(queryset), chunk_size):
            yield self.row(obj)


def agreement_relations(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.prefetch_related(
        Prefetch(
            "agreement_parties",
            queryset=AgreementParty.objects.select_related("party").order_by("position", "pk"),
        ),
        Prefetch(
            "signatures",
            queryset=Signature.objects.select_related("person", "on_behalf_of").order_by(
                "role", "pk"
            ),
        ),
        Prefetch("citations", queryset=AgreementSource.objects.select_related("source")),
        "fields",
        "regions",
    )


AGREEMENTS = Resource(
    name="agreements",
    model=Agreement,
    serializer=AgreementSerializer,
    columns=(
        text("slug"),
        text("reference_number"),
        text("title"),
        text("title_local"),
        text("language"),
        text("kind"),
        text("status"),
        # A status set by hand (agreements/lifecycle.py), and why; else the dates decide.
        Column("status_fixed", read_status_fixed, lambda value, obj: value, BOOL),
        text("status_note"),
        date("signed_on"),
        text("signed_place"),
        date("effective_on"),
        date("expires_on"),
        date("terminated_on"),
        text("summary"),
        Column("published", read_published, lambda value, obj: value, BOOL),
        Column("parties", read_parties, parties_to_api, LIST),
        Column("signatories", read_signatories, signatories_to_api, LIST),
        slugs("fields", "fields"),
        slugs("regions", "regions"),
        Column("sources", read_sources, sources_to_api, SET),
    ),
    keys=("slug", "reference_number"),
    prefetch=agreement_relations,
)

PARTIES = Resource(
    name="parties",
    model=Party,
    serializer=PartySerializer,
    columns=(
        text("slug"),
        text("name"),
        text("name_local"),
        text("abbreviation"),
        text("kind"),
        Column("country", read_country, lambda value, obj: value.upper()),
        Column("parent", read_parent, lambda value, obj: value or None),
        text("website"),
        Column("aliases", read_aliases, lambda value, obj: split_list(value), SET),
        Column("identifiers", read_identifiers, identifiers_to_api, SET),
    ),
    keys=("slug", "identifiers"),
    prefetch=lambda qs: qs.select_related("parent").prefetch_related("aliases", "identifiers"),
)

PEOPLE = Resource(
    name="people",
    model=Person,
    serializer=PersonSerializer,
    columns=(text("slug"), text("name"), text("name_local"), text("description")),
    keys=("slug",),
)

RESOURCES = {resource.name: resource for resource in (AGREEMENTS, PARTIES, PEOPLE)}
