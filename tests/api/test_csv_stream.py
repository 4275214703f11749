"""``?format=csv`` without ``page``/``page_size``: every matching row, streamed in chunks,
with the columns of the paged CSV; with either parameter, one page as before."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.http import StreamingHttpResponse
from django.test import Client

from kernel.api import views as api_views
from tests.factories import AgreementFactory, AgreementPartyFactory, EventFactory, PartyFactory

AGREEMENTS = "/api/agreements/"


def rows_of(response: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.getvalue().decode())))


@pytest.fixture
def many(db: None) -> dict[str, Any]:
    """60 published agreements (more than a default page of 50), half of them of CAS, and
    a draft of CAS."""
    cas = PartyFactory(slug="cas", name="Chinese Academy of Sciences")
    for number in range(60):
        agreement = AgreementFactory(slug=f"accord-{number:02d}", signed_on="2020")
        if number % 2 == 0:
            AgreementPartyFactory(agreement=agreement, party=cas)
    draft = AgreementFactory(slug="hidden-draft", title="Hidden draft", published=False)
    AgreementPartyFactory(agreement=draft, party=cas)
    return {"cas": cas, "draft": draft}


def test_csv_without_a_page_streams_every_row(client: Client, many: dict[str, Any]) -> None:
    response = client.get(AGREEMENTS, {"format": "csv"})
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="agreements.csv"'
    slugs = [row["slug"] for row in rows_of(response)]
    assert sorted(slugs) == [f"accord-{number:02d}" for number in range(60)]


@pytest.mark.parametrize("paging", [{"page": "2"}, {"page_size": "7"}])
def test_csv_with_a_page_parameter_stays_one_page(
    client: Client, many: dict[str, Any], paging: dict[str, str]
) -> None:
    response = client.get(AGREEMENTS, {"format": "csv", **paging})
    assert not isinstance(response, StreamingHttpResponse)
    assert len(rows_of(response)) == (10 if "page" in paging else 7)


def test_streamed_and_paged_csv_have_the_same_columns_and_cells(
    client: Client, many: dict[str, Any]
) -> None:
    streamed = rows_of(client.get(AGREEMENTS, {"format": "csv"}))
    paged = rows_of(client.get(AGREEMENTS, {"format": "csv", "page_size": 500}))
    assert streamed == paged


def test_the_stream_applies_the_filters_and_fields(client: Client, many: dict[str, Any]) -> None:
    response = client.get(AGREEMENTS, {"format": "csv", "party": "cas", "fields": "slug,parties"})
    rows = rows_of(response)
    assert len(rows) == 30
    assert set(rows[0]) == {"slug", "parties"}
    assert all(row["parties"] == "cas (party)" for row in rows)


def test_a_bad_filter_is_a_400_not_a_broken_stream(client: Client, many: dict[str, Any]) -> None:
    response = client.get(AGREEMENTS, {"format": "csv", "signed_after": "not a date"})
    assert response.status_code == 400


def test_anonymous_streams_never_hold_a_draft(client: Client, many: dict[str, Any]) -> None:
    draft_event = EventFactory(slug="hidden-gala", published=False)
    public_event = EventFactory(slug="open-day")
    public_event.agreements.add(many["draft"])
    agreements = client.get(AGREEMENTS, {"format": "csv", "party": "cas"}).getvalue()
    events = client.get("/api/events/", {"format": "csv"}).getvalue().decode()
    assert b"hidden-draft" not in agreements
    assert "hidden-gala" not in events and "hidden-draft" not in events
    assert draft_event.slug and "open-day" in events


def test_a_token_stream_holds_the_drafts(analyst_client: Client, many: dict[str, Any]) -> None:
    slugs = {row["slug"] for row in rows_of(analyst_client.get(AGREEMENTS, {"format": "csv"}))}
    assert "hidden-draft" in slugs and len(slugs) == 61


def test_an_empty_stream_still_has_its_header(client: Client, db: None) -> None:
    text = client.get(AGREEMENTS, {"format": "csv"}).getvalue().decode()
    assert text.splitlines()[0].startswith("slug,url,title,")
    assert len(text.splitlines()) == 1


@pytest.mark.parametrize("resource", ["agreements", "parties", "people", "events"])
def test_the_streams_queries_do_not_grow_with_the_rows(
    client: Client,
    db: None,
    resource: str,
    django_assert_max_num_queries: Any,
) -> None:
    """Queries are per chunk of STREAM_CHUNK_SIZE rows (the list's own and, on SQLite, one
    per nested list), so 3 rows and 12 rows cost the same."""
    counts = []
    for total in (3, 12):
        while AgreementFactory._meta.model.objects.count() < total:  # type: ignore[attr-defined]
            agreement = AgreementFactory()
            AgreementPartyFactory(agreement=agreement)
            EventFactory().agreements.add(agreement)
        with django_assert_max_num_queries(100) as captured:
            response = client.get(f"/api/{resource}/", {"format": "csv"})
            response.getvalue()
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_more_rows_than_a_chunk_take_another_chunk(
    client: Client, many: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api_views, "STREAM_CHUNK_SIZE", 7)
    slugs = [row["slug"] for row in rows_of(client.get(AGREEMENTS, {"format": "csv"}))]
    assert len(slugs) == 60 == len(set(slugs))
