"""The public's counts come from the summaries (agreements/summaries.py): the pages read
them rather than counting the agreements, show what live counting gives, and are never
stale after a publish or an unpublish."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from agreements.choices import AgreementKind
from agreements.groupings import count_by
from agreements.models import Agreement
from parties.models import Party
from tests.factories import (
    AgreementFactory,
    CooperationFieldFactory,
    PartyFactory,
    RegionFactory,
)

Counter = Callable[..., DjangoAssertNumQueries]
SUMMARY_TABLE = "agreements_agreementcount"


def agreements(count: int) -> list[Agreement]:
    """``count`` published agreements of CAS and a new partner each, in one field and
    region, every other one a memorandum; and a draft."""
    cas = PartyFactory(slug="cas", name="CAS")
    energy, north = CooperationFieldFactory(slug="energy"), RegionFactory(slug="north")
    made = []
    for number in range(count):
        kind = AgreementKind.MEMORANDUM_OF_UNDERSTANDING if number % 2 else "cooperation_agreement"
        agreement = AgreementFactory(kind=kind, parties=[cas, PartyFactory(country="GB")])
        agreement.fields.add(energy)
        agreement.regions.add(north)
        made.append(agreement)
    AgreementFactory(title="Secret", published=False, parties=[cas, PartyFactory(country="FR")])
    return made


def summary_reads(queries: CaptureQueriesContext) -> int:
    return sum(SUMMARY_TABLE in q["sql"] for q in queries.captured_queries)


def test_the_home_count_drops_at_once_when_an_agreement_is_unpublished(
    client: Client, db: None
) -> None:
    made = agreements(3)
    assert "<strong>3</strong> agreements" in client.get("/en/").content.decode()

    made[0].published = False
    made[0].save()

    page = client.get("/en/").content.decode()
    assert "<strong>2</strong> agreements" in page
    # CAS, and the partners of the two agreements left: the draft's French partner is not.
    assert "<strong>3</strong> parties" in page


def test_the_search_page_count_rises_at_once_when_a_draft_is_published(
    client: Client, db: None
) -> None:
    agreements(2)
    assert "2 agreements" in client.get("/en/agreements/?party=cas").content.decode()

    secret = Agreement.objects.get(title="Secret")
    secret.published = True
    secret.save()

    assert "3 agreements" in client.get("/en/agreements/?party=cas").content.decode()


@pytest.mark.parametrize("count", [1, 20])
def test_the_home_page_reads_its_counts_from_the_summaries(
    client: Client, django_assert_num_queries: Counter, db: None, count: int
) -> None:
    agreements(count)
    # From the summaries: 1 agreements, 1 parties, 1 fields, 1 regions, 1 top parties,
    # 1 years, 1 years by kind, 1 countries. Counted: 1 events. 1 latest agreements,
    # 1 their parties.
    with CaptureQueriesContext(connection) as queries, django_assert_num_queries(11):
        response = client.get("/en/")
    assert summary_reads(queries) == 8
    assert response.context["agreement_count"] == count
    assert [(p.slug, p.n) for p in response.context["parties"]][0] == ("cas", count)


@pytest.mark.parametrize(
    "query", ["", "?kind=memorandum_of_understanding", "?party=cas&include_subunits=1"]
)
def test_the_search_page_counts_from_the_summaries_what_live_counting_gives(
    client: Client, db: None, query: str
) -> None:
    agreements(5)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/en/agreements/{query}")
    # The total and the seven facets.
    assert summary_reads(queries) == 8
    assert response.context["page_obj"].paginator.count == published_matching(query).count()
    facets = {facet.parameter: facet for facet in response.context["facets"]}
    for parameter, grouping in (("party_country", "country"), ("field", "field")):
        live = {g.key: g.count for g in count_by(grouping, published_matching(query))}
        shown = {v.value: v.count for v in facets[parameter].values}
        assert shown == live, parameter


def published_matching(query: str) -> Any:
    if "kind" in query:
        return Agreement.objects.published().filter(kind=AgreementKind.MEMORANDUM_OF_UNDERSTANDING)
    if "party" in query:
        return Agreement.objects.published().filter(parties=Party.objects.get(slug="cas"))
    return Agreement.objects.published()


def test_staff_who_see_drafts_have_them_counted_live(viewer_client: Client, db: None) -> None:
    agreements(2)
    with CaptureQueriesContext(connection) as queries:
        response = viewer_client.get("/en/")
    assert summary_reads(queries) == 0
    assert response.context["agreement_count"] == 3


def test_two_filters_are_counted_live(client: Client, db: None) -> None:
    agreements(4)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/agreements/?kind=memorandum_of_understanding&field=energy")
    # The kind and field facets count without their own filter: one value each, from
    # the summaries; the total and the five other facets are counted.
    assert summary_reads(queries) == 2
    assert response.context["page_obj"].paginator.count == 2


@pytest.mark.parametrize(
    "path", ["/en/fields/energy/", "/en/regions/north/", "/en/parties/cas/?include_subunits=1"]
)
def test_term_and_party_pages_count_from_the_summaries(client: Client, db: None, path: str) -> None:
    agreements(3)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.context["agreement_count"] == 3
    # The total and the years chart; a term page also its countries chart.
    assert summary_reads(queries) == (2 if "parties" in path else 3)
