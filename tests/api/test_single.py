"""A detail request shows the same whichever way its lists are read: as arrays on the
agreement's row (PostgreSQL, one query) or prefetched (one query per list)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from agreements.api.output import (
    read_one,
    with_output_arrays,
    with_output_relations,
    with_prefetched_output,
)
from agreements.api.serializers import AgreementSerializer
from agreements.models import Agreement
from tests.factories import AgreementFactory

from .conftest import AGREEMENTS

ON_POSTGRESQL = connection.vendor == "postgresql"


def shown(read: Callable[..., Any], slug: str, drafts: bool) -> dict[str, Any]:
    request = Request(APIRequestFactory().get(AGREEMENTS))
    context = {"request": request, "can_see_drafts": drafts}
    queryset = Agreement.objects.filter(slug=slug)
    agreement = read(queryset, AgreementSerializer, drafts=drafts).get()
    return AgreementSerializer(context=context).to_representation(agreement)


def assert_every_way_reads_the_same(slug: str, drafts: bool) -> dict[str, Any]:
    """The production read (arrays on PostgreSQL) equals the prefetching one, key order
    and list order included."""
    expected = shown(with_prefetched_output, slug, drafts)
    found = shown(with_output_relations, slug, drafts)
    assert found == expected
    assert list(found) == list(expected)
    for name in ("parties", "signatories", "commitments", "sources", "documents"):
        for one, other in zip(found[name], expected[name], strict=True):
            assert list(one) == list(other), name
    if ON_POSTGRESQL:
        assert shown(with_output_arrays, slug, drafts) == expected
    return found


@pytest.mark.parametrize("drafts", [True, False])
def test_a_connected_agreement_reads_the_same_every_way(connected: Agreement, drafts: bool) -> None:
    shown = assert_every_way_reads_the_same("connected", drafts)
    assert shown["signed_on"] == "2017-07"
    assert shown["commitments"][0]["due_on"] == "2019-03"
    assert shown["commitments"][0]["completed_on"] == "2020"
    assert shown["commitments"][0]["responsible_parties"] == ["cas", "siat"]
    assert shown["sources"][0]["published_on"] == "2017-07"
    assert shown["parties"] == [
        {"party": "cas", "role": "party"},
        {"party": "siat", "role": "party"},
    ]
    assert [d["kind"] for d in shown["documents"]] == ["full_text", "translation"]
    assert shown["renewed_by"] == []
    assert shown["extended_by"] == ["extension"]
    assert shown["amended_by"] == (["draft-renewal"] if drafts else [])
    assert shown["events"] == (["draft-visit", "symposium"] if drafts else ["symposium"])
    related = [r["agreement"] for r in shown["relations"]]
    assert related == (["older", "draft-renewal"] if drafts else ["older"])


@pytest.mark.parametrize("drafts", [True, False])
def test_the_founding_record_reads_the_same_every_way(
    founding_record: Agreement, drafts: bool
) -> None:
    shown = assert_every_way_reads_the_same(founding_record.slug, drafts)
    assert shown["sources"]


@pytest.mark.parametrize("drafts", [True, False])
def test_an_agreement_with_nothing_related_reads_the_same_every_way(db: None, drafts: bool) -> None:
    shown = assert_every_way_reads_the_same(AgreementFactory(slug="bare").slug, drafts)
    assert shown["parties"] == shown["events"] == shown["documents"] == []


def test_a_hidden_or_unknown_agreement_is_not_read(db: None) -> None:
    AgreementFactory(slug="hidden", published=False)
    published = Agreement.objects.published()
    assert read_one(published, AgreementSerializer, drafts=False, slug="hidden") is None
    everything = Agreement.objects.all()
    assert read_one(everything, AgreementSerializer, drafts=True, slug="unknown") is None
    found = read_one(everything, AgreementSerializer, drafts=True, slug="hidden")
    assert found is not None and found.slug == "hidden"
    # The same kind of read again, from the SQL compiled the first time.
    again = read_one(Agreement.objects.all(), AgreementSerializer, drafts=True, slug="hidden")
    assert again is not None and again.pk == found.pk


def test_lists_keep_their_one_order_after_rows_are_rewritten(
    connected: Agreement, client: Client
) -> None:
    # An UPDATE moves a PostgreSQL row to the end of its table; an unordered read of
    # relations or sources would then list it last.
    first_source = connected.citations.order_by("pk")[0]
    type(first_source).objects.filter(pk=first_source.pk).update(supports="signing date!")
    first_relation = connected.relations.order_by("pk")[0]
    type(first_relation).objects.filter(pk=first_relation.pk).update(note="rewritten")
    for drafts in (True, False):
        found = assert_every_way_reads_the_same("connected", drafts)
        assert found["sources"][0]["supports"] == "signing date!"
        assert found["relations"][0]["note"] == "rewritten"


def test_the_detail_endpoint_reads_the_agreement_in_constant_queries(
    connected: Agreement,
    analyst_client: Client,
    client: Client,
    django_assert_num_queries: Any,
) -> None:
    analyst_client.get(f"{AGREEMENTS}connected/")  # the token's first use is recorded
    # PostgreSQL: 1 the agreement with every list as an array on its row. Elsewhere: 1 the
    # agreement, 2 parties (with party), 3 signatures (with person and body), 4 fields,
    # 5 regions, 6 relations (with the other agreement), 7 inverse relations (with the
    # agreement), 8 commitments, 9 their responsible parties, 10 cited sources (with
    # source), 11 events, 12 documents, 13 claims (with source).
    # Then its renewal chain (agreements/chains.py): one query per step along it, here 2
    # (the agreements it renews or that extend or amend it; none further), and 1 for the
    # members of the chain.
    reads = (1 if ON_POSTGRESQL else 13) + 3
    # The analyst's token costs one query (token and user joined).
    with django_assert_num_queries(1 + reads):
        response = analyst_client.get(f"{AGREEMENTS}connected/")
    assert response.status_code == 200
    assert response.json()["amended_by"] == ["draft-renewal"]
    with django_assert_num_queries(reads):
        anonymous = client.get(f"{AGREEMENTS}connected/")
    assert anonymous.json()["amended_by"] == []
    assert anonymous["ETag"] != response["ETag"]
    with django_assert_num_queries(reads):
        again = client.get(f"{AGREEMENTS}connected/", headers={"if-none-match": anonymous["ETag"]})
    assert again.status_code == 304
    hidden = client.get(f"{AGREEMENTS}draft-renewal/")
    assert hidden.status_code == 404
    assert hidden.json()["detail"] == "No Agreement matches the given query."


def test_a_write_accepts_the_etag_a_read_gave(connected: Agreement, feeder_client: Client) -> None:
    # The If-Match check reads the agreement the way a GET does, so a rewritten row (which
    # PostgreSQL moves to the end of its table) cannot change the list order between them.
    first_source = connected.citations.order_by("pk")[0]
    type(first_source).objects.filter(pk=first_source.pk).update(supports="moved")
    etag = feeder_client.get(f"{AGREEMENTS}connected/")["ETag"]
    response = feeder_client.patch(
        f"{AGREEMENTS}connected/",
        {"summary": "Checked."},
        content_type="application/json",
        headers={"if-match": etag},
    )
    assert response.status_code == 200, response.content
    assert response.json()["summary"] == "Checked."
    assert response.json()["sources"][0]["supports"] == "moved"
