"""Writing an agreement (or an event) with everything nested in it.

Called inside the view's transaction, after validation: a nested list that is given
replaces the stored one, a list that is left out stays as it is. Rows are saved one by one
(not bulk-created) so that each change gets its history record."""

from __future__ import annotations

from typing import Any

from kernel.api.serializers import replace_rows, save_plain_fields
from kernel.writes import Conflict, User, lock_row

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
from .models.source import identity_of, source_identity

SOURCE_FIELDS = ["title", "publisher", "published_on", "language", "excerpt"]
IDENTITY_FIELDS = ("title", "publisher", "published_on")
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
        source = find_source(given) or Source(url=given["url"])
        if source.pk is not None:
            lock_row(source)
            source.refresh_from_db()
        identity = identity_of(source)
        # A source without a URL was found by its identity, spelled as first written.
        kept = IDENTITY_FIELDS if source.pk is not None and not source.url else ()
        differing = [
            name
            for name in SOURCE_FIELDS
            if name in given and name not in kept and getattr(source, name) != given[name]
        ]
        if source.pk is None or differing:
            if source.pk is not None and cited_elsewhere(source, agreement):
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
            for name in differing or SOURCE_FIELDS:
                if name in given:
                    setattr(source, name, given[name])
            source.save()
        citation = existing.pop(identity, None) or AgreementSource(
            agreement=agreement, source=source
        )
        if citation.pk is None or ("supports" in item and citation.supports != item["supports"]):
            citation.supports = item.get("supports", citation.supports)
            citation.save()
    for citation in existing.values():
        citation.delete()


def find_source(given: dict[str, Any]) -> Source | None:
    """The stored source ``given`` names: by URL, else by publisher, title and date."""
    if given["url"]:
        return Source.objects.filter(url=given["url"]).first()
    wanted = source_identity(
        "", given.get("publisher", ""), given["title"], given.get("published_on")
    )
    published_on = given.get("published_on")
    candidates = Source.objects.filter(url="").order_by("pk")
    if published_on is None:
        candidates = candidates.filter(published_on__isnull=True)
    else:
        candidates = candidates.filter(published_on=published_on)
    return next((source for source in candidates if identity_of(source) == wanted), None)


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
