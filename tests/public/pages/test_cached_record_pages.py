"""The home page, record pages and directories are served from the public page cache to
anonymous callers, and a publish or unpublish reaches them at once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from agreements.models import Agreement
from tests.factories import (
    AgreementFactory,
    CooperationFieldFactory,
    EventFactory,
    PartyFactory,
    PersonFactory,
    RegionFactory,
    SignatureFactory,
)

TITLE = "Cached cooperation on tidal power"


@dataclass
class Record:
    agreement: Agreement
    addresses: dict[str, str]


@pytest.fixture
def record(db: None) -> Record:
    """A published agreement reachable from every cached page that lists agreements."""
    cas, city = PartyFactory(name="Academy"), PartyFactory(name="City")
    agreement = AgreementFactory(title=TITLE, parties=[cas, city])
    field, region = CooperationFieldFactory(), RegionFactory()
    agreement.fields.add(field)
    agreement.regions.add(region)
    person = PersonFactory()
    SignatureFactory(agreement=agreement, person=person, on_behalf_of=cas)
    event = EventFactory(title="Signing ceremony")
    event.agreements.add(agreement)
    return Record(
        agreement,
        {
            "home": "/en/",
            "home, Chinese": "/zh-hans/",
            "party": f"/en/parties/{cas.slug}/",
            "party with sub-units": f"/en/parties/{cas.slug}/?include_subunits=1",
            "person": f"/en/people/{person.slug}/",
            "event": f"/en/events/{event.slug}/",
            "field": f"/en/fields/{field.slug}/",
            "region": f"/en/regions/{region.slug}/",
        },
    )


PAGES = ["home", "home, Chinese", "party", "party with sub-units", "person", "event", "field"]
PAGES += ["region"]


@pytest.mark.parametrize("page", PAGES)
def test_a_listed_agreement_leaves_a_cached_page_when_unpublished_and_returns_when_published(
    client: Client, record: Record, page: str
) -> None:
    address = record.addresses[page]
    assert TITLE in client.get(address).content.decode()
    assert TITLE in client.get(address).content.decode()  # from the cache

    record.agreement.published = False
    record.agreement.save()
    unpublished = client.get(address)

    record.agreement.published = True
    record.agreement.save()
    republished = client.get(address)

    assert unpublished.status_code == 200
    assert TITLE not in unpublished.content.decode()
    assert TITLE in republished.content.decode()


def test_an_agreement_page_is_gone_at_once_when_unpublished(client: Client, record: Record) -> None:
    address = f"/en/agreements/{record.agreement.slug}/"
    assert client.get(address).status_code == 200
    assert client.get(address).status_code == 200  # from the cache

    record.agreement.published = False
    record.agreement.save()
    unpublished = client.get(address)
    record.agreement.published = True
    record.agreement.save()

    assert unpublished.status_code == 404
    assert TITLE in client.get(address).content.decode()


ADDRESSES = [
    "/en/",
    "/en/parties/",
    "/en/parties/?q=acad",
    "/en/people/",
    "/en/events/",
    "/en/events/?when=past",
    "/en/fields/",
    "/en/regions/",
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_a_page_built_once_is_then_served_without_a_query(
    client: Client, record: Record, django_assert_num_queries: Any, address: str
) -> None:
    first = client.get(address)
    assert first.status_code == 200

    with django_assert_num_queries(0):
        again = client.get(address)

    assert again.content == first.content


@pytest.mark.parametrize("page", ["agreement", *PAGES])
def test_every_record_page_is_served_without_a_query_once_built(
    client: Client, record: Record, django_assert_num_queries: Any, page: str
) -> None:
    address = record.addresses.get(page, f"/en/agreements/{record.agreement.slug}/")
    first = client.get(address)
    assert first.status_code == 200

    with django_assert_num_queries(0):
        again = client.get(address)

    assert again.content == first.content


def test_the_query_string_and_the_language_each_get_their_own_copy(
    client: Client, record: Record
) -> None:
    english = client.get("/en/events/?when=past").content.decode()
    upcoming = client.get("/en/events/?when=upcoming").content.decode()
    chinese = client.get("/zh-hans/events/?when=past").content.decode()

    assert "Signing ceremony" in english
    assert "Signing ceremony" not in upcoming
    assert 'lang="zh-Hans"' in chinese
    assert 'lang="en"' in english


def test_an_unpublished_event_leaves_the_cached_event_list(client: Client, record: Record) -> None:
    event = EventFactory(title="Closing workshop", date="2018-01-05")
    assert "Closing workshop" in client.get("/en/events/?when=past").content.decode()

    event.published = False
    event.save()

    assert "Closing workshop" not in client.get("/en/events/?when=past").content.decode()


def test_a_renamed_party_shows_its_new_name_in_the_cached_directory(
    client: Client, record: Record
) -> None:
    party = record.agreement.parties.get(name="Academy")
    assert "Academy" in client.get("/en/parties/").content.decode()

    party.name = "Renamed Academy"
    party.save()

    assert "Renamed Academy" in client.get("/en/parties/").content.decode()


def test_staff_see_a_draft_on_a_party_page_an_anonymous_caller_cached(
    client: Client, viewer_client: Client, record: Record
) -> None:
    address = record.addresses["party"]
    AgreementFactory(
        title="Draft with the academy",
        published=False,
        parties=[record.agreement.parties.get(name="Academy"), PartyFactory()],
    )
    anonymous = client.get(address).content.decode()
    staff = viewer_client.get(address).content.decode()
    anonymous_again = client.get(address).content.decode()

    assert "Draft with the academy" in staff
    assert "Draft with the academy" not in anonymous
    assert "Draft with the academy" not in anonymous_again


def test_a_party_page_counts_each_signers_signatures_for_it_in_published_agreements(
    client: Client, record: Record
) -> None:
    academy = record.agreement.parties.get(name="Academy")
    frequent = PersonFactory(name="FREQUENT Signer")
    for published in (True, True, False):
        signed = AgreementFactory(published=published, parties=[academy, PartyFactory()])
        SignatureFactory(agreement=signed, person=frequent, on_behalf_of=academy)
    SignatureFactory(person=frequent)  # for another party
    draft = AgreementFactory(published=False, parties=[academy, PartyFactory()])
    SignatureFactory(agreement=draft, person=PersonFactory(name="DRAFT Only"), on_behalf_of=academy)

    page = client.get(record.addresses["party"]).content.decode()
    signers = page.split('id="signers-heading"')[1].split("</section>")[0]

    assert re.findall(
        r'<a href="/en/people/[^"]+/">([^<]+)</a> <span class="count">(\d+)', signers
    ) == [
        ("FREQUENT Signer", "2"),
        (str(record.agreement.signatures.get().person), "1"),
    ]


def test_the_home_page_counts_each_party_field_and_region_once_per_published_agreement(
    client: Client, record: Record
) -> None:
    academy = record.agreement.parties.get(name="Academy")
    field = record.agreement.fields.get()
    second = AgreementFactory(parties=[academy, PartyFactory(name="Harbour")])
    second.fields.add(field)
    draft = AgreementFactory(published=False, parties=[academy, PartyFactory(name="Hidden")])
    draft.fields.add(field)

    page = client.get("/en/").content.decode()
    counted = dict(re.findall(r'">([^<]+)</a> <span class="count">(\d+)</span>', page))

    assert "<strong>3</strong> parties" in page  # Academy, City, Harbour
    assert "<strong>2</strong> agreements" in page
    assert (counted["Academy"], counted["City"], counted["Harbour"]) == ("2", "1", "1")
    assert counted[field.name] == "2"
    assert "Hidden" not in counted
