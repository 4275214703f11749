"""Writing an agreement (or an event) with everything nested in it.

Called inside the view's transaction, after validation: a nested list that is given
replaces the stored one, a list that is left out stays as it is. Rows are saved one by one
(not bulk-created) so that each change gets its history record."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from kernel.api.serializers import replace_rows, save_plain_fields
from kernel.writes import Conflict, User

from .models import (
    Agreement,
    AgreementParty,
    AgreementRelation,
    AgreementSource,
    Commitment,
    Event,
    EventParticipant,
    Signature,
    Source,
)
from .models.source import identity_key, identity_of

SOURCE_FIELDS = ["title", "publisher", "published_on", "language", "excerpt"]
IDENTITY_FIELDS = ("title", "publisher", "published_on")  # of a source without a URL
# The nested lists of an agreement, by the names the serializer validates them under.
AGREEMENT_LISTS = (
    "agreement_parties",
    "signatures",
    "fields",
    "regions",
    "relations",
    "commitments",
    "citations",
)


def save_agreement(agreement: Agreement, data: dict[str, Any], *, user: User = None) -> Agreement:
    nested = save_plain_fields(agreement, data, AGREEMENT_LISTS, user=user)
    parties, signatures, fields, regions, relations, commitments, citations = nested.values()
    # Parties first: Signature.save() checks each signature against the (new) parties.
    if parties is not None:
        replace_parties(agreement, parties)
    if signatures is not None:
        replace_signatures(agreement, signatures)
    if fields is not None:
        agreement.fields.set(fields)
    if regions is not None:
        agreement.regions.set(regions)
    if relations is not None:
        replace_rows(agreement.relations, AgreementRelation, {"agreement": agreement}, relations)
    if commitments is not None:
        replace_commitments(agreement, commitments)
    if citations is not None:
        replace_citations(agreement, citations)
    return agreement


def replace_parties(agreement: Agreement, parties: list[dict[str, Any]]) -> None:
    existing = {ap.party_id: ap for ap in agreement.agreement_parties.all()}
    for position, item in enumerate(parties):
        row = existing.pop(item["party"].pk, None) or AgreementParty(
            agreement=agreement, party=item["party"]
        )
        role = item.get("role", row.role)
        if row.pk is None or (row.role, row.position) != (role, position):
            row.role, row.position = role, position
            row.save()
    for row in existing.values():
        row.delete()


def replace_signatures(agreement: Agreement, signatures: list[dict[str, Any]]) -> None:
    """Each saved on its own (history), checked against the bodies the agreement's parties
    allow, read once for all of them."""
    agreement.signatures.all().delete()
    allowed = agreement.signing_body_ids() if signatures else set()
    for row in signatures:
        Signature(agreement=agreement, **row).save(signing_bodies=allowed)


def replace_commitments(agreement: Agreement, commitments: list[dict[str, Any]]) -> None:
    """Matched by title, so a kept commitment keeps its progress notes."""
    existing = {c.title: c for c in agreement.commitments.all()}
    for position, item in enumerate(commitments):
        responsible = item.pop("responsible_parties", None)
        row = existing.pop(item["title"], None) or Commitment(agreement=agreement)
        for name, value in item.items():
            setattr(row, name, value)
        row.position = position
        row.save()
        if responsible is not None:
            row.responsible_parties.set(responsible)
    for row in existing.values():
        row.delete()


def replace_citations(agreement: Agreement, citations: list[dict[str, Any]]) -> None:
    """Sources are shared between agreements and events: found by their identity (the
    URL; for a source without one, its publisher, title and date: ``source_identity``),
    created if new. A source cited only here takes the metadata given; one cited
    elsewhere too is never changed by this write, so differing metadata is a conflict
    naming the field."""
    existing = {identity_of(c.source): c for c in agreement.citations.select_related("source")}
    for index, item in enumerate(citations):
        given = item["source"]
        source = find_source(**identifying(given), lock=True)
        if source is None:
            source, created = insert_source(
                Source(url=given["url"], **{n: given[n] for n in SOURCE_FIELDS if n in given})
            )
        else:
            created = False
        identity = identity_of(source)
        if not created:
            update_found_source(source, given, agreement, index)
        citation = existing.pop(identity, None) or AgreementSource(
            agreement=agreement, source=source
        )
        if citation.pk is None or ("supports" in item and citation.supports != item["supports"]):
            citation.supports = item.get("supports", citation.supports)
            citation.save()
    for citation in existing.values():
        citation.delete()


def update_found_source(
    source: Source, given: dict[str, Any], agreement: Agreement, index: int
) -> None:
    """Give a stored source the metadata sent, unless something else cites it too."""
    # A source without a URL was found by its identity, spelled as first written.
    kept = IDENTITY_FIELDS if not source.url else ()
    differing = [
        name
        for name in SOURCE_FIELDS
        if name in given and name not in kept and getattr(source, name) != given[name]
    ]
    if not differing:
        return
    if cited_elsewhere(source, agreement):
        raise Conflict(
            {
                f"sources[{index}].{name}": [
                    f"The source {source.url or source} is also cited elsewhere, "
                    f"with {name} {getattr(source, name)!s:.200}; a nested write "
                    "does not change a shared source (send its stored value, or "
                    "edit the source itself)."
                ]
                for name in differing
            }
        )
    for name in differing:
        setattr(source, name, given[name])
    source.save()


def identifying(given: dict[str, Any]) -> dict[str, Any]:
    """The parts of a nested source that identify it, as ``find_source`` takes them."""
    return {
        "url": given["url"],
        "publisher": given.get("publisher", ""),
        "title": given["title"],
        "published_on": given.get("published_on"),
    }


def find_source(
    *, url: str, publisher: str, title: str, published_on: Any, lock: bool = False
) -> Source | None:
    """The stored source these name: by URL, else by publisher, title and date
    (``source_identity``); locked for the transaction if ``lock`` (as ``lock_row`` locks:
    citations of it can still be written meanwhile)."""
    sources = Source.objects.select_for_update(no_key=True) if lock else Source.objects.all()
    if url:
        return sources.filter(url=url).first()
    return sources.filter(url="", identity_key=identity_key(publisher, title, published_on)).first()


def insert_source(source: Source) -> tuple[Source, bool]:
    """Save the new ``source``; if a concurrent write stored the same source (its URL or
    identity) first, the database's unique constraints refuse this one and the stored
    source is returned instead, locked. The second item says whether ``source`` was saved."""
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError:
        stored = find_source(
            url=source.url,
            publisher=source.publisher,
            title=source.title,
            published_on=source.published_on,
            lock=True,
        )
        if stored is None:
            raise
        return stored, False
    return source, True


def cited_elsewhere(source: Source, agreement: Agreement) -> bool:
    """Whether anything but ``agreement`` cites ``source``: another agreement, an event,
    a commitment or its progress."""
    return (
        AgreementSource.objects.filter(source=source).exclude(agreement=agreement).exists()
        or Event.objects.filter(sources=source).exists()
        or Commitment.objects.filter(sources=source).exclude(agreement=agreement).exists()
        or source.progress_notes.exclude(commitment__agreement=agreement).exists()
    )


def save_event(event: Event, data: dict[str, Any]) -> Event:
    nested = save_plain_fields(event, data, ("parties", "agreements", "participants"))
    parties, agreements, participants = nested.values()
    if parties is not None:
        event.parties.set(parties)
    if agreements is not None:
        event.agreements.set(agreements)
    if participants is not None:
        replace_rows(event.participants, EventParticipant, {"event": event}, participants)
    return event
