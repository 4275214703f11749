"""Every list endpoint takes the same number of queries at page sizes 1, 50 and 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from agreements.models import (
    Agreement,
    AgreementParty,
    AgreementRelation,
    AgreementSource,
    Commitment,
    CooperationField,
    Event,
    EventParticipant,
    Region,
    Signature,
    Source,
)
from parties.models import Party, PartyAlias, PartyIdentifier, Person, Post

N = 500  # enough rows for a full page at the largest page size


@pytest.fixture
def many(db: None) -> None:
    """N of everything, each with its related rows, bulk-created (no history, no signals)."""
    root = Party.objects.create(slug="root", name="Root", kind="academy")
    parties = Party.objects.bulk_create(
        Party(slug=f"party-{i}", name=f"Party {i}", kind="university", parent=root)
        for i in range(N)
    )
    PartyAlias.objects.bulk_create(PartyAlias(party=p, name=f"Alias of {p.name}") for p in parties)
    PartyIdentifier.objects.bulk_create(
        PartyIdentifier(party=p, scheme="ror", value=f"ror-{p.pk}") for p in parties
    )
    people = Person.objects.bulk_create(
        Person(slug=f"person-{i}", name=f"PERSON {i}") for i in range(N)
    )
    Post.objects.bulk_create(Post(person=p, party=root, title="President") for p in people)
    field_root = CooperationField.objects.create(slug="science", name="Science")
    fields = CooperationField.objects.bulk_create(
        CooperationField(slug=f"field-{i}", name=f"Field {i}", parent=field_root) for i in range(N)
    )
    region_root = Region.objects.create(slug="asia", name="Asia")
    Region.objects.bulk_create(
        Region(slug=f"region-{i}", name=f"Region {i}", parent=region_root) for i in range(N)
    )
    agreements = Agreement.objects.bulk_create(
        Agreement(
            slug=f"agreement-{i}",
            title=f"Agreement {i}",
            kind="contract",
            published=True,
            first_published_at=timezone.now(),  # save() sets it; bulk_create does not
        )
        for i in range(N)
    )
    AgreementParty.objects.bulk_create(
        AgreementParty(agreement=a, party=parties[i]) for i, a in enumerate(agreements)
    )
    Signature.objects.bulk_create(
        Signature(agreement=a, person=people[i], on_behalf_of=parties[i])
        for i, a in enumerate(agreements)
    )
    Agreement.fields.through.objects.bulk_create(
        Agreement.fields.through(agreement=a, cooperationfield=fields[i])
        for i, a in enumerate(agreements)
    )
    AgreementRelation.objects.bulk_create(
        AgreementRelation(agreement=a, kind="renews", other=agreements[i - 1])
        for i, a in enumerate(agreements)
        if i
    )
    commitments = Commitment.objects.bulk_create(
        Commitment(agreement=a, title="Build a campus") for a in agreements
    )
    Commitment.responsible_parties.through.objects.bulk_create(
        Commitment.responsible_parties.through(commitment=c, party=parties[i])
        for i, c in enumerate(commitments)
    )
    sources = Source.objects.bulk_create(
        Source(url=f"https://example.org/{i}", title=f"Release {i}", language="en")
        for i in range(N)
    )
    AgreementSource.objects.bulk_create(
        AgreementSource(agreement=a, source=sources[i]) for i, a in enumerate(agreements)
    )
    events = Event.objects.bulk_create(
        Event(slug=f"event-{i}", title=f"Event {i}", kind="meeting", published=True)
        for i in range(N)
    )
    Event.agreements.through.objects.bulk_create(
        Event.agreements.through(event=e, agreement=agreements[i]) for i, e in enumerate(events)
    )
    Event.parties.through.objects.bulk_create(
        Event.parties.through(event=e, party=parties[i]) for i, e in enumerate(events)
    )
    Event.sources.through.objects.bulk_create(
        Event.sources.through(event=e, source=sources[i]) for i, e in enumerate(events)
    )
    EventParticipant.objects.bulk_create(
        EventParticipant(event=e, person=people[i], party=parties[i]) for i, e in enumerate(events)
    )


def assert_constant_queries(
    client: Client, url: str, expected: int, django_assert_num_queries: Callable[..., Any]
) -> None:
    for page_size in [1, 50, 500]:
        with django_assert_num_queries(expected):
            response = client.get(url, {"page_size": page_size})
        assert response.status_code == 200
        assert len(response.json()["results"]) == page_size


def test_the_agreement_list_takes_constant_queries_at_any_page_size(
    client: Client, many: None, django_assert_num_queries: Callable[..., Any]
) -> None:
    if connection.vendor == "postgresql":
        # 1 count, 2 the page of agreements with every relation as an array on its row.
        expected = 2
    else:
        # 1 count, 2 the page of agreements, 3 parties (with party), 4 signatures (with
        # person and body), 5 fields, 6 regions, 7 relations (with the other agreement),
        # 8 inverse relations (with the agreement), 9 commitments, 10 their responsible
        # parties, 11 cited sources (with source), 12 events, 13 documents, 14 claims
        # (with source).
        expected = 14
    assert_constant_queries(client, "/api/agreements/", expected, django_assert_num_queries)


def test_the_party_list_takes_4_queries_at_any_page_size(
    client: Client, many: None, django_assert_num_queries: Callable[..., Any]
) -> None:
    # 1 count, 2 the page of parties (with parent), 3 aliases, 4 identifiers.
    assert_constant_queries(client, "/api/parties/", 4, django_assert_num_queries)


def test_the_people_list_takes_3_queries_at_any_page_size(
    client: Client, many: None, django_assert_num_queries: Callable[..., Any]
) -> None:
    # 1 count, 2 the page of people, 3 posts (with party).
    assert_constant_queries(client, "/api/people/", 3, django_assert_num_queries)


def test_the_event_list_takes_6_queries_at_any_page_size(
    client: Client, many: None, django_assert_num_queries: Callable[..., Any]
) -> None:
    # 1 count, 2 the page of events, 3 parties, 4 agreements, 5 participants (with person
    # and party), 6 sources.
    assert_constant_queries(client, "/api/events/", 6, django_assert_num_queries)


@pytest.mark.parametrize("resource", ["fields", "regions"])
def test_vocabulary_lists_take_2_queries_at_any_page_size(
    client: Client,
    many: None,
    django_assert_num_queries: Callable[..., Any],
    resource: str,
) -> None:
    # 1 count, 2 the page of terms (with parent).
    assert_constant_queries(client, f"/api/{resource}/", 2, django_assert_num_queries)


def test_a_read_token_adds_only_its_own_lookup(
    analyst_client: Client, many: None, django_assert_num_queries: Callable[..., Any]
) -> None:
    analyst_client.get("/api/regions/")  # the first use records last_used_at
    # 1 the token (with its user), 2 count, 3 the page of terms (with parent).
    assert_constant_queries(analyst_client, "/api/regions/", 3, django_assert_num_queries)
