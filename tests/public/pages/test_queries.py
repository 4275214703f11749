"""Every page's query count, the same whatever the number of items it shows."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from agreements.models import Agreement, AgreementRelation, Claim
from parties.models import Party
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    AgreementSourceFactory,
    CommitmentFactory,
    CooperationFieldFactory,
    EventFactory,
    PartyFactory,
    PersonFactory,
    PostFactory,
    RegionFactory,
    SignatureFactory,
)

Counter = Callable[..., DjangoAssertNumQueries]


def agreements_of(party: Party, count: int) -> list[Agreement]:
    """``count`` agreements of ``party`` with a new partner each, in one field and region."""
    field, region = CooperationFieldFactory(slug="energy"), RegionFactory(slug="north")
    agreements = []
    for _ in range(count):
        agreement = AgreementFactory()
        AgreementPartyFactory(agreement=agreement, party=party, position=0)
        AgreementPartyFactory(agreement=agreement, position=1)
        agreement.fields.add(field)
        agreement.regions.add(region)
        agreements.append(agreement)
    return agreements


@pytest.mark.parametrize("count", [1, 20])
def test_the_search_page_costs_ten_queries_whatever_it_lists(
    client: Client, django_assert_num_queries: Counter, db: None, count: int
) -> None:
    agreements_of(PartyFactory(slug="lab"), count)
    # 1 count of results, 7 facets (kind, status, field, region, party, country, year: one
    # grouped query each), 1 page of agreements, 1 their parties.
    with django_assert_num_queries(10):
        response = client.get("/en/agreements/")
    assert response.content.decode().count('class="record"') == count


@pytest.mark.parametrize("count", [1, 20])
def test_filters_by_slug_add_one_validation_query_each(
    client: Client, django_assert_num_queries: Counter, db: None, count: int
) -> None:
    agreements_of(PartyFactory(slug="lab"), count)
    # The ten above, plus the filter set looking up the party and the field by slug, plus
    # the search reading the ids of its first matches (the few it ranks, and whether
    # anything matches at all before trying corrected words).
    with django_assert_num_queries(13):
        response = client.get("/en/agreements/?party=lab&include_subunits=1&field=energy&q=Co")
    assert response.content.decode().count('class="record"') == count


@pytest.mark.parametrize("count", [1, 20])
def test_several_values_per_facet_a_date_range_and_a_party_search_cost_no_more(
    client: Client, django_assert_num_queries: Counter, db: None, count: int
) -> None:
    agreements = agreements_of(PartyFactory(slug="lab", name="Lab"), count)
    other = PartyFactory(slug="other", name="Other lab")
    AgreementPartyFactory(agreement=agreements[0], party=other, position=2)
    # The twelve above (the two slugs' validation query now finds two parties, the
    # field's one field): the facets' counts stay one query each, the chosen parties being
    # among the fifteen the party facet lists. (13 with the search's first matches.)
    query = (
        "/en/agreements/?party=lab&party=other&include_subunits=1&field=energy&q=Co"
        "&kind=cooperation_agreement&kind=memorandum_of_understanding"
        "&signed_after=2000&signed_before=2030&party_q=la&signed_year=2019&signed_year=2020"
    )
    with django_assert_num_queries(13):
        response = client.get(query)
    assert response.content.decode().count('class="record"') == count


@pytest.mark.parametrize("count", [1, 20])
def test_a_chosen_party_beyond_those_listed_costs_one_query_to_count(
    client: Client, django_assert_num_queries: Counter, db: None, count: int
) -> None:
    agreements_of(PartyFactory(slug="lab"), count)
    lone = AgreementFactory()
    AgreementPartyFactory(agreement=lone, party=PartyFactory(slug="lone", name="Zz lone"))
    # The ten of the plain page, the party's validation, and its count among the
    # agreements matching the other filters (the party facet lists "lab" and its
    # partners, up to fifteen, by count).
    with django_assert_num_queries(12):
        response = client.get("/en/agreements/?party=lone&party_q=lab")
    assert response.content.decode().count('class="record"') == 1


@pytest.mark.parametrize("count", [1, 5])
def test_the_agreement_page_costs_seventeen_queries_whatever_it_shows(
    client: Client, django_assert_num_queries: Counter, db: None, count: int
) -> None:
    agreement = AgreementFactory(slug="big")
    for n in range(count):
        party = AgreementPartyFactory(
            agreement=agreement, party=PartyFactory(parent=PartyFactory())
        ).party
        SignatureFactory(agreement=agreement, on_behalf_of=party, title="President")
        cited = AgreementSourceFactory(agreement=agreement)
        Claim.objects.create(
            agreement=agreement, source=cited.source, path="parties", value=party.slug, quote="x"
        )
        commitment = CommitmentFactory(agreement=agreement)
        commitment.responsible_parties.add(party)
        commitment.progress_notes.create(note=f"Started {n}", reported_on="2020")
        EventFactory().agreements.add(agreement)
        AgreementRelation.objects.create(
            agreement=AgreementFactory(), kind="renews", other=agreement
        )
        AgreementRelation.objects.create(
            agreement=agreement, kind="amends", other=AgreementFactory()
        )
    # 1 agreement, then one each: parties (with parent bodies), signatures (with people and
    # bodies), fields, regions, commitments, their responsible parties, their progress notes
    # (with sources), events, relations to and from other agreements, sources, documents,
    # claims (with their sources). Then the renewal chain (agreements/chains.py): 2 steps
    # along it (the agreements renewing it and those it amends; none further) and 1 for
    # its members.
    with django_assert_num_queries(17):
        response = client.get("/en/agreements/big/")
    assert response.content.decode().count('class="source"') == count


@pytest.mark.parametrize("count", [1, 5])
def test_the_party_page_costs_seventeen_queries_whatever_it_lists(
    client: Client, django_assert_num_queries: Counter, db: None, count: int
) -> None:
    party = PartyFactory(slug="lab")
    for _ in range(count):
        PartyFactory(parent=PartyFactory(parent=party))  # sub-units two levels deep
    agreements = agreements_of(party, count)
    for agreement in agreements:
        SignatureFactory(agreement=agreement, on_behalf_of=party)
    # 1 party (with its parent), its aliases, identifiers and sub-units, 1 count and 1 page
    # of its agreements, 1 their parties, 1 count and 1 page of partners (with their counts
    # and years), 1 people who signed for it, 1 count and 1 list of those in force today,
    # 1 count and 1 list of those expiring soon; the pictures: 1 network's partners and
    # 1 links between them, 1 agreements per year.
    with django_assert_num_queries(17):
        response = client.get("/en/parties/lab/?include_subunits=1")
    assert response.content.decode().count('class="record"') == count
    partners = response.content.decode().split('<table class="partners"')[1].split("</table>")[0]
    assert partners.count('<tr><th scope="row">') == count


@pytest.mark.parametrize("count", [1, 5])
def test_the_person_page_costs_five_queries(
    client: Client, django_assert_num_queries: Counter, db: None, count: int
) -> None:
    person = PersonFactory(slug="someone")
    for _ in range(count):
        PostFactory(person=person)
        SignatureFactory(person=person)
        EventFactory().participants.create(person=person, party=PartyFactory())
    # 1 person, 1 posts (with parties), 1 count and 1 page of signatures (with agreements
    # and bodies), 1 event participations (with events and parties).
    with django_assert_num_queries(5):
        response = client.get("/en/people/someone/")
    assert response.content.decode().count("/en/agreements/") >= count


@pytest.mark.parametrize("count", [1, 5])
def test_the_event_page_costs_five_queries(
    client: Client, django_assert_num_queries: Counter, db: None, count: int
) -> None:
    event = EventFactory(slug="meeting")
    for _ in range(count):
        event.participants.create(person=PersonFactory(), party=PartyFactory())
        event.parties.add(PartyFactory())
        event.agreements.add(AgreementFactory())
        event.sources.add(AgreementSourceFactory().source)
    # 1 event, then one each: participants (with people and parties), parties, agreements,
    # sources.
    with django_assert_num_queries(5):
        client.get("/en/events/meeting/")


@pytest.mark.parametrize("count", [1, 20])
@pytest.mark.parametrize("section", ["fields/energy", "regions/north"])
def test_field_and_region_pages_cost_seven_queries(
    client: Client, django_assert_num_queries: Counter, db: None, count: int, section: str
) -> None:
    agreements_of(PartyFactory(), count)
    # 1 term (with its parent), 1 narrower terms, 1 page of agreements, 1 their parties,
    # 1 count, the pictures: 1 agreements per year, 1 by country.
    with django_assert_num_queries(7):
        response = client.get(f"/en/{section}/")
    assert response.content.decode().count('class="record"') == count


@pytest.mark.parametrize("count", [1, 20])
def test_the_home_page_costs_eleven_queries(
    client: Client, django_assert_num_queries: Counter, db: None, count: int
) -> None:
    agreements_of(PartyFactory(), count)
    # 3 counts (agreements, parties, events), 1 latest agreements and 1 their parties,
    # 1 fields, 1 regions, 1 parties and 1 years with their counts, the pictures:
    # 1 agreements per year and kind, 1 by country.
    with django_assert_num_queries(11):
        client.get("/en/")


def test_staff_pay_four_more_queries_for_their_session_and_permissions(
    viewer_client: Client, django_assert_num_queries: Counter, founding_record: Agreement
) -> None:
    # 1 session, 1 user, 2 permissions (the user's own and its groups'), then the 14 above
    # and 1 for the renewal chain (this record has none: one step finds nothing).
    with django_assert_num_queries(19):
        viewer_client.get("/en/agreements/cas-shenzhen-2017/")
