"""On PostgreSQL a detail request reads the agreement in one query, and shows the same."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from agreements.api.reading import agreement_representation
from agreements.api.serializers import AgreementSerializer
from agreements.api.single import read_agreement, single_representation
from agreements.models import Agreement
from tests.factories import AgreementFactory

from .conftest import AGREEMENTS

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the one-query read is PostgreSQL SQL"
)


def assert_one_query_equals_prefetched(slug: str, drafts: bool) -> dict[str, Any]:
    request = Request(APIRequestFactory().get(AGREEMENTS))
    context = {"request": request, "can_see_drafts": drafts}
    prefetched = Agreement.objects.with_api_relations().get(slug=slug)
    expected = agreement_representation(AgreementSerializer(context=context), prefetched, drafts)
    single = read_agreement(Agreement.objects.all(), slug, drafts)
    assert single is not None
    shown = single_representation(AgreementSerializer(context=context), single)
    assert shown == expected
    assert list(shown) == list(expected)
    for name in ("parties", "signatories", "commitments", "sources", "documents"):
        for one, other in zip(shown[name], expected[name], strict=True):
            assert list(one) == list(other), name
    return shown


@pytest.mark.parametrize("drafts", [True, False])
def test_a_connected_agreement_reads_the_same_in_one_query(
    connected: Agreement, drafts: bool
) -> None:
    shown = assert_one_query_equals_prefetched("connected", drafts)
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
def test_the_founding_record_reads_the_same_in_one_query(
    founding_record: Agreement, drafts: bool
) -> None:
    shown = assert_one_query_equals_prefetched(founding_record.slug, drafts)
    assert shown["sources"]


@pytest.mark.parametrize("drafts", [True, False])
def test_an_agreement_with_nothing_related_reads_the_same_in_one_query(
    db: None, drafts: bool
) -> None:
    shown = assert_one_query_equals_prefetched(AgreementFactory(slug="bare").slug, drafts)
    assert shown["parties"] == shown["events"] == shown["documents"] == []


def test_a_hidden_or_unknown_agreement_is_not_read(db: None) -> None:
    AgreementFactory(slug="hidden", published=False)
    assert read_agreement(Agreement.objects.published(), "hidden", drafts=False) is None
    assert read_agreement(Agreement.objects.all(), "unknown", drafts=True) is None
    assert read_agreement(Agreement.objects.all(), "hidden", drafts=True) is not None


def test_the_detail_endpoint_takes_one_query_for_the_agreement(
    connected: Agreement,
    analyst_client: Client,
    client: Client,
    django_assert_num_queries: Any,
) -> None:
    analyst_client.get(f"{AGREEMENTS}connected/")  # the token's first use is recorded
    # The analyst's token costs one query (token and user joined); the agreement one.
    with django_assert_num_queries(2):
        response = analyst_client.get(f"{AGREEMENTS}connected/")
    assert response.status_code == 200
    assert response.json()["amended_by"] == ["draft-renewal"]
    with django_assert_num_queries(1):
        anonymous = client.get(f"{AGREEMENTS}connected/")
    assert anonymous.json()["amended_by"] == []
    assert anonymous["ETag"] != response["ETag"]
    with django_assert_num_queries(1):
        again = client.get(f"{AGREEMENTS}connected/", headers={"if-none-match": anonymous["ETag"]})
    assert again.status_code == 304
    hidden = client.get(f"{AGREEMENTS}draft-renewal/")
    assert hidden.status_code == 404
    assert hidden.json()["detail"] == "No Agreement matches the given query."
