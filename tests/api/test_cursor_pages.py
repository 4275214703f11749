"""Deep pages: numbered pages for the first rows, then cursors, and every row exactly once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from kernel.api import pagination
from kernel.partial_date import PartialDate
from tests.factories import AgreementFactory, PartyFactory

AGREEMENTS = "/api/agreements/"


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    """Each test walks many pages; the anonymous throttle counts from zero in each."""
    cache.clear()


@pytest.fixture
def shallow_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Numbered pages stop after four rows, so a dozen rows need cursors."""
    monkeypatch.setattr(pagination, "MAX_OFFSET_ROWS", 4)


@pytest.fixture
def twelve(db: None) -> list[str]:
    """Twelve published agreements with ties on every key the orderings use: three undated,
    titles repeated, dates repeated; and two drafts among them."""
    dates = ["2017-12-03", "2017-12-03", "2017", None, "2019-05", None, "2017-12-03", None,
             "2020-01-01", "2018", "2019-05", "2016-02-29"]  # fmt: skip
    slugs = []
    for number, date in enumerate(dates):
        agreement = AgreementFactory(
            slug=f"a{number:02}",
            title=f"Accord {'energy' if number % 2 else 'water'} {number % 3}",
            signed_on=PartialDate.coerce(date) if date else None,
            published=True,
        )
        slugs.append(agreement.slug)
    AgreementFactory(slug="zz-draft-1", title="Accord water 0", published=False)
    AgreementFactory(slug="zz-draft-2", title="Accord energy 1", signed_on=None, published=False)
    return slugs


def walk(client: Client, params: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Every slug met following ``next`` from the first page, and the links followed."""
    response = client.get(AGREEMENTS, {**params, "page_size": 2, "fields": "slug"})
    seen: list[str] = []
    links: list[str] = []
    while True:
        assert response.status_code == 200, response.json()
        data = response.json()
        seen += [row["slug"] for row in data["results"]]
        if not data["next"]:
            return seen, links
        links.append(data["next"])
        assert len(links) < 20, "the links go round in a circle"
        response = client.get(data["next"])


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"ordering": "title"},
        {"ordering": "-updated_at"},
        {"ordering": "signed_on,-title"},
        {"q": "accord"},
        {"q": "energy", "ordering": "-signed_on"},
    ],  # fmt: skip
    ids=["default", "title", "updated", "two-keys", "relevance", "search-by-date"],
)
def test_following_next_reads_every_row_once_in_order(
    client: Client, twelve: list[str], shallow_pages: None, params: dict[str, Any]
) -> None:
    whole = client.get(AGREEMENTS, {**params, "page_size": 500, "fields": "slug"}).json()
    expected = [row["slug"] for row in whole["results"]]
    seen, links = walk(client, params)
    assert seen == expected
    assert any("cursor=" in link and "page=" not in link for link in links)
    assert not any("draft" in slug for slug in seen)


def test_a_cursor_page_has_the_contract_shape_without_a_count(
    client: Client, twelve: list[str], shallow_pages: None
) -> None:
    second = client.get(AGREEMENTS, {"page_size": 2, "page": 2}).json()
    assert second["count"] == 12 and "cursor=" in second["next"]
    cursor_page = client.get(second["next"]).json()
    assert set(cursor_page) == {"count", "next", "previous", "results"}
    assert cursor_page["count"] is None and cursor_page["previous"] is None
    assert len(cursor_page["results"]) == 2


def test_a_numbered_page_past_the_first_rows_is_a_400_naming_page(
    client: Client, twelve: list[str], shallow_pages: None
) -> None:
    response = client.get(AGREEMENTS, {"page_size": 2, "page": 3})
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["page"]


@pytest.mark.parametrize("cursor", ["x", "!!!", "eyJrIjpbXX0", "e30"])
def test_a_cursor_altered_by_hand_is_a_400_naming_cursor(
    client: Client, twelve: list[str], cursor: str
) -> None:
    response = client.get(AGREEMENTS, {"cursor": cursor})
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["cursor"]


def test_a_cursor_from_another_ordering_is_a_400(
    client: Client, twelve: list[str], shallow_pages: None
) -> None:
    next_link = client.get(AGREEMENTS, {"page_size": 2, "page": 2}).json()["next"]
    cursor = next_link.split("cursor=")[1].split("&")[0]
    response = client.get(AGREEMENTS, {"cursor": cursor, "ordering": "title"})
    assert response.status_code == 400


def test_a_cursor_page_costs_the_queries_of_a_first_page_less_the_count(
    client: Client, twelve: list[str], shallow_pages: None, django_assert_num_queries: Any
) -> None:
    from django.db import connection

    first = 2 if connection.vendor == "postgresql" else 13
    with django_assert_num_queries(first):
        next_link = client.get(AGREEMENTS, {"page_size": 2, "page": 2}).json()["next"]
    with django_assert_num_queries(first - 1):
        assert client.get(next_link).status_code == 200


def test_parties_page_by_cursor_too(client: Client, db: None, shallow_pages: None) -> None:
    for number in range(7):
        PartyFactory(slug=f"p{number}", name=f"Party {number % 2}")
    whole = client.get("/api/parties/", {"page_size": 500}).json()["results"]
    response = client.get("/api/parties/", {"page_size": 2})
    seen: list[str] = []
    while True:
        data = response.json()
        seen += [row["slug"] for row in data["results"]]
        if not data["next"]:
            break
        response = client.get(data["next"])
    assert seen == [row["slug"] for row in whole]


def test_cursor_values_round_trip_dates_times_and_nulls() -> None:
    keys = [pagination.Key("a", False)]
    for value in [dt.date(2017, 12, 3), dt.datetime(2026, 1, 1, 8, tzinfo=dt.UTC), None, 1.5]:
        assert pagination._decode(pagination._encode(value)) == value
    with pytest.raises(Exception, match="cursor"):
        pagination.decode_cursor(keys, "bm90IGpzb24")
