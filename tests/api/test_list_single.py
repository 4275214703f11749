"""A list shows the same whichever way its page's lists are read: as arrays on the rows
(PostgreSQL) or prefetched."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from agreements.api.output import with_prefetched_output
from agreements.models import Agreement
from tests.factories import AgreementFactory, AgreementPartyFactory, PartyFactory

from .conftest import AGREEMENTS


def listed_both_ways(client: Client, params: dict[str, Any]) -> tuple[Any, Any]:
    """The list read as in production, and read with prefetching."""
    client.get(AGREEMENTS)  # a token's first use is recorded
    # A CSV list streams: its rows are read while the body is, so inside each context.
    with CaptureQueriesContext(connection) as one_query:
        new = client.get(AGREEMENTS, params)
        new_body = new.getvalue()
    with (
        patch("agreements.api.views.with_output_relations", with_prefetched_output),
        CaptureQueriesContext(connection) as prefetching,
    ):
        old = client.get(AGREEMENTS, params)
        old_body = old.getvalue()
    if connection.vendor == "postgresql":
        assert len(one_query) < len(prefetching)  # no prefetch queries
    assert new.status_code == old.status_code == 200
    if params.get("format") == "csv":
        return new_body.decode(), old_body.decode()
    return new.json(), old.json()


@pytest.fixture
def several(connected: Agreement) -> None:
    """The connected agreement among others: solar ones (one a draft), some with CAS."""
    cas = connected.parties.get(slug="cas")
    for index, published in enumerate([True, True, False, True]):
        solar = AgreementFactory(
            slug=f"solar-{index}", title=f"Solar energy pact {index}", published=published
        )
        if index % 2:
            AgreementPartyFactory(agreement=solar, party=cas)
    AgreementPartyFactory(agreement=AgreementFactory(slug="wind"), party=PartyFactory())


PARAMS = [
    {},
    {"page_size": 2, "page": 2},
    {"q": "solar"},
    {"q": "solar energy", "party": "cas"},
    {"party": "cas", "ordering": "-signed_on"},
    {"fields": "slug,events,relations,amended_by"},
    {"brief": "1"},
    {"format": "csv"},
]


@pytest.mark.parametrize("params", PARAMS)
@pytest.mark.parametrize("drafts", [True, False])
def test_a_list_reads_the_same_every_way(
    several: None,
    analyst_client: Client,
    client: Client,
    drafts: bool,
    params: dict[str, Any],
) -> None:
    new, old = listed_both_ways(analyst_client if drafts else client, params)
    assert new == old
    if isinstance(new, dict):
        assert new["count"] > 0


def test_drafts_and_search_order_show_as_before(
    several: None, analyst_client: Client, client: Client
) -> None:
    staff, _ = listed_both_ways(analyst_client, {"q": "solar"})
    anonymous, _ = listed_both_ways(client, {"q": "solar"})
    assert staff["count"] == 4
    assert anonymous["count"] == 3
    assert "solar-2" not in [row["slug"] for row in anonymous["results"]]
    connected, _ = listed_both_ways(analyst_client, {"party": "siat"})
    assert connected["results"][0]["amended_by"] == ["draft-renewal"]
    hidden, _ = listed_both_ways(client, {"party": "siat"})
    assert hidden["results"][0]["amended_by"] == []
    assert hidden["results"][0]["events"] == ["symposium"]
