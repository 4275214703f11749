"""/api/stats/agreements/ and /api/network/: counts and co-signature weights, same filters,
same visibility as /api/agreements/, a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from agreements.models import Agreement, Partnership
from parties.models import Party
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    CooperationFieldFactory,
    PartyFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db
STATS = "/api/stats/agreements/"
NETWORK = "/api/network/"


def agreement(*parties: Party, **fields: Any) -> Agreement:
    made = AgreementFactory(**fields)
    for party in parties:
        AgreementPartyFactory(agreement=made, party=party)
    return made


@pytest.fixture
def parties() -> dict[str, Party]:
    return {
        "cas": PartyFactory(slug="cas", name="CAS", country="CN", kind="academy"),
        "sz": PartyFactory(slug="shenzhen", name="Shenzhen", country="CN", kind="government"),
        "mpg": PartyFactory(slug="mpg", name="Max Planck", country="DE", kind="academy"),
        "un": PartyFactory(slug="unesco", name="UNESCO", country="", kind="other"),
    }


@pytest.fixture
def corpus(parties: dict[str, Party]) -> None:
    cas, sz, mpg, un = parties["cas"], parties["sz"], parties["mpg"], parties["un"]
    agreement(cas, sz, signed_on="2017-07", kind="framework_agreement", status="in_force")
    agreement(cas, sz, signed_on="2019", kind="contract", status="expired")
    agreement(cas, mpg, sz, signed_on="2019-03-02", kind="contract", status="in_force")
    agreement(un, signed_on=None, kind="protocol", status="signed")
    # A draft: counted for staff only.
    agreement(mpg, sz, signed_on="2020", kind="contract", status="signed", published=False)


def stats(client: Client, **params: str) -> dict[str, Any]:
    response = client.get(STATS, params)
    assert response.status_code == 200, response.content
    return response.json()


def counts(client: Client, **params: str) -> dict[str | None, int]:
    return {row["key"]: row["count"] for row in stats(client, **params)["results"]}


def test_it_counts_by_year_in_order_with_undated_last(client: Client, corpus: None) -> None:
    body = stats(client, group_by="year")
    assert body["group_by"] == "year"
    assert body["total"] == 4
    assert body["results"] == [
        {"key": "2017", "label": "2017", "count": 1},
        {"key": "2019", "label": "2019", "count": 2},
        {"key": None, "label": "undated", "count": 1},
    ]


def test_it_counts_by_year_when_no_grouping_is_given(client: Client, corpus: None) -> None:
    assert stats(client)["group_by"] == "year"


def test_it_counts_by_kind_with_labels(client: Client, corpus: None) -> None:
    results = stats(client, group_by="kind")["results"]
    assert results == [
        {"key": "contract", "label": "contract", "count": 2},
        {"key": "framework_agreement", "label": "framework agreement", "count": 1},
        {"key": "protocol", "label": "protocol", "count": 1},
    ]


def test_it_counts_by_status(client: Client, corpus: None) -> None:
    assert counts(client, group_by="status") == {"in_force": 2, "expired": 1, "signed": 1}


def test_it_counts_by_field_as_tagged(client: Client, corpus: None) -> None:
    science = CooperationFieldFactory(slug="science", name="Science")
    physics = CooperationFieldFactory(slug="physics", name="Physics", parent=science)
    first, second, third = Agreement.objects.filter(published=True).order_by("pk")[:3]
    first.fields.add(science)
    second.fields.add(science, physics)
    third.fields.add(physics)
    results = stats(client, group_by="field")["results"]
    assert results == [
        {"key": "physics", "label": "Physics", "count": 2},
        {"key": "science", "label": "Science", "count": 2},
    ]


def test_it_counts_each_agreement_once_per_country(client: Client, corpus: None) -> None:
    results = stats(client, group_by="country")["results"]
    # Three published agreements have a Chinese party (two each); UNESCO has no country.
    assert results == [
        {"key": "CN", "label": "China", "count": 3},
        {"key": "DE", "label": "Germany", "count": 1},
    ]


def test_it_counts_by_party(client: Client, corpus: None) -> None:
    assert stats(client, group_by="party")["results"] == [
        {"key": "cas", "label": "CAS", "count": 3},
        {"key": "shenzhen", "label": "Shenzhen", "count": 3},
        {"key": "mpg", "label": "Max Planck", "count": 1},
        {"key": "unesco", "label": "UNESCO", "count": 1},
    ]


def test_stats_take_the_agreement_filters(client: Client, corpus: None) -> None:
    assert counts(client, group_by="kind", signed_year="2019") == {"contract": 2}
    assert counts(client, group_by="party", international="true") == {
        "cas": 1,
        "mpg": 1,
        "shenzhen": 1,
    }


def test_stats_count_drafts_for_staff_only(
    client: Client, viewer_client: Client, corpus: None
) -> None:
    assert counts(client, group_by="year").get("2020") is None
    assert counts(viewer_client, group_by="year")["2020"] == 1


@pytest.mark.parametrize(
    ("url", "params", "bad"),
    [
        (STATS, {"group_by": "month"}, "group_by"),
        (STATS, {"group_by": "year", "signed_after": "2017-13-45"}, "signed_after"),
        (STATS, {"party": "no-such-party"}, "party"),
        (NETWORK, {"kind": "treaty"}, "kind"),
        (NETWORK, {"min_weight": "0"}, "min_weight"),
        (NETWORK, {"min_weight": "many"}, "min_weight"),
    ],
)
def test_it_rejects_bad_parameters_naming_them(
    client: Client, url: str, params: dict[str, str], bad: str
) -> None:
    response = client.get(url, params)
    assert response.status_code == 400
    assert bad in {error["field"] for error in response.json()["errors"]}


def test_stats_answer_in_two_queries_whatever_the_data(
    client: Client, parties: dict[str, Party], django_assert_num_queries: Any
) -> None:
    for size in (1, 20):
        for _ in range(size):
            agreement(parties["cas"], parties["sz"], signed_on="2018")
        for group_by in ("year", "kind", "status", "field", "region", "country", "party"):
            # 1: the total; 2: the groups.
            with django_assert_num_queries(2):
                stats(client, group_by=group_by)


def test_network_weights_edges_by_shared_agreements(client: Client, corpus: None) -> None:
    body = client.get(NETWORK).json()
    assert body["nodes"] == [
        {"slug": "cas", "name": "CAS", "country": "CN", "kind": "academy", "agreements": 3},
        {
            "slug": "shenzhen",
            "name": "Shenzhen",
            "country": "CN",
            "kind": "government",
            "agreements": 3,
        },
        {"slug": "mpg", "name": "Max Planck", "country": "DE", "kind": "academy", "agreements": 1},
        {"slug": "unesco", "name": "UNESCO", "country": "", "kind": "other", "agreements": 1},
    ]
    edges = {frozenset((e["source"], e["target"])): e["weight"] for e in body["edges"]}
    assert edges == {
        frozenset({"cas", "shenzhen"}): 3,
        frozenset({"cas", "mpg"}): 1,
        frozenset({"mpg", "shenzhen"}): 1,
    }
    assert len(body["edges"]) == 3  # each pair once


def test_network_takes_filters_min_weight_and_visibility(
    client: Client, viewer_client: Client, corpus: None
) -> None:
    filtered = client.get(NETWORK, {"signed_year": "2017"}).json()
    assert [n["slug"] for n in filtered["nodes"]] == ["cas", "shenzhen"]
    assert filtered["edges"] == [{"source": "cas", "target": "shenzhen", "weight": 1}]
    strong = client.get(NETWORK, {"min_weight": "2"}).json()["edges"]
    assert [(e["source"], e["target"], e["weight"]) for e in strong] == [("cas", "shenzhen", 3)]
    staff_edges = viewer_client.get(NETWORK).json()["edges"]
    weights = {frozenset((e["source"], e["target"])): e["weight"] for e in staff_edges}
    assert weights[frozenset({"mpg", "shenzhen"})] == 2  # the draft counts for staff


def test_network_answers_in_two_queries_whatever_the_data(
    client: Client, parties: dict[str, Party], django_assert_num_queries: Any
) -> None:
    for size in (1, 20):
        for _ in range(size):
            agreement(parties["cas"], parties["sz"], parties["mpg"])
        # 1: the weighted edges; 2: the nodes.
        with django_assert_num_queries(2):
            body = client.get(NETWORK).json()
        assert len(body["edges"]) == 3


def test_network_answers_only_the_heaviest_edges_up_to_the_limit(
    client: Client, corpus: None
) -> None:
    body = client.get(NETWORK, {"limit": "1"}).json()

    assert body["edges"] == [{"source": "cas", "target": "shenzhen", "weight": 3}]
    assert [n["slug"] for n in body["nodes"]] == ["cas", "shenzhen"]
    assert body["truncated"] is True


def test_network_says_when_nothing_was_left_out(client: Client, corpus: None) -> None:
    body = client.get(NETWORK, {"limit": "3"}).json()

    assert len(body["edges"]) == 3
    assert len(body["nodes"]) == 4  # unesco too, though it shares no agreement
    assert body["truncated"] is False


@pytest.mark.parametrize(
    ("value", "message"),
    [("0", "at least 1"), ("10001", "at most 10000"), ("many", "whole number")],
)
def test_network_refuses_a_limit_out_of_range_naming_it(
    client: Client, corpus: None, value: str, message: str
) -> None:
    response = client.get(NETWORK, {"limit": value})

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "limit"
    assert message in error["message"]


def test_it_counts_by_region_as_tagged(client: Client, corpus: None) -> None:
    asia = RegionFactory(slug="asia", name="Asia")
    first, second = Agreement.objects.filter(published=True).order_by("pk")[:2]
    first.regions.add(asia)
    second.regions.add(asia)
    assert stats(client, group_by="region")["results"] == [
        {"key": "asia", "label": "Asia", "count": 2}
    ]


def test_it_answers_stats_that_match_nothing_as_a_csv_with_its_header(
    client: Client,
) -> None:
    AgreementFactory(signed_on="2017")
    response = client.get(STATS, {"signed_year": "14887", "format": "csv"})
    assert response.status_code == 200
    assert response.content.decode() == "key,label,count\n"


def test_it_answers_stats_as_a_csv_row_per_group(client: Client) -> None:
    AgreementFactory(signed_on="2017")
    response = client.get(STATS, {"format": "csv"})
    assert response.content.decode() == "key,label,count\n2017,2017,1\n"


def test_the_unfiltered_network_reads_the_pair_table(
    client: Client, viewer_client: Client, parties: dict[str, Party], corpus: None
) -> None:
    pair = Partnership.objects.get(party_a=parties["cas"], party_b=parties["sz"])
    pair.agreements, pair.with_drafts = 30, 31
    pair.save()

    public = client.get(NETWORK).json()["edges"][0]
    staff = viewer_client.get(NETWORK).json()["edges"][0]

    assert (public["source"], public["target"], public["weight"]) == ("cas", "shenzhen", 30)
    assert staff["weight"] == 31
    # Any other filter pairs the matching agreements themselves.
    filtered = client.get(NETWORK, {"kind": "contract"}).json()["edges"][0]
    assert filtered["weight"] == 2


def test_a_one_party_network_takes_its_nodes_from_the_pair_table(
    client: Client, corpus: None, django_assert_num_queries: Any
) -> None:
    # 1: the party named by the filter; 2: the edges, paired live (between its partners,
    # only its agreements count); 3: the nodes, from the pair table.
    with django_assert_num_queries(3):
        body = client.get(NETWORK, {"party": "cas"}).json()

    assert [(n["slug"], n["agreements"]) for n in body["nodes"]] == [
        ("cas", 3),
        ("shenzhen", 3),
        ("mpg", 1),
    ]
    assert [(e["source"], e["target"], e["weight"]) for e in body["edges"]] == [
        ("cas", "shenzhen", 3),
        ("cas", "mpg", 1),
        ("shenzhen", "mpg", 1),  # source: the party with the lower id
    ]
