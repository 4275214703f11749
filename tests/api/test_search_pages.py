"""A search's pages at scale: only the first matches are ranked, the count is bounded, and
following ``next`` still meets every match once (agreements/search.py, RANKED).

RANKED is lowered to three so a handful of agreements shows what a million would."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from agreements import search
from kernel.api import pagination
from kernel.partial_date import PartialDate
from tests.factories import AgreementFactory

AGREEMENTS = "/api/agreements/"
postgres = connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def _few_ranked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "RANKED", 3)
    cache.clear()  # the anonymous throttle counts from zero in each test


@pytest.fixture
def six(db: None) -> list[str]:
    """Six published matches for "energy", newest first: the word in the title of the
    third and the two oldest, in the summary of the others; and one agreement without it."""
    slugs = []
    for number, (year, in_title) in enumerate(
        [(2024, False), (2023, False), (2022, True), (2021, False), (2020, True), (2019, True)]
    ):
        AgreementFactory(
            slug=f"m{number}",
            title="Energy accord" if in_title else "Accord",
            summary="" if in_title else "Clean energy.",
            signed_on=PartialDate.coerce(str(year)),
            published=True,
        )
        slugs.append(f"m{number}")
    AgreementFactory(slug="other", title="Water accord", published=True)
    return slugs


def slugs_of(response: Any) -> list[str]:
    assert response.status_code == 200, response.json()
    return [row["slug"] for row in response.json()["results"]]


def test_the_newest_matches_are_ranked_and_the_rest_follow_newest_first(
    client: Client, six: list[str]
) -> None:
    found = slugs_of(client.get(AGREEMENTS, {"q": "energy", "fields": "slug"}))
    # m2 (title) outranks m0 and m1 among the three newest; the older title matches m4
    # and m5 are not ranked: they follow m3 by date.
    assert found == ["m2", "m0", "m1", "m3", "m4", "m5"]


def test_a_search_with_few_matches_is_ranked_whole_and_counted_exactly(
    client: Client, six: list[str]
) -> None:
    data = client.get(AGREEMENTS, {"q": "energy accord -clean", "fields": "slug"}).json()
    assert [row["slug"] for row in data["results"]] == ["m2", "m4", "m5"]
    assert data["count"] == 3 and data["count_exact"] is True


def test_a_large_match_set_is_counted_up_to_the_limit_then_estimated(
    client: Client, six: list[str]
) -> None:
    data = client.get(AGREEMENTS, {"q": "energy", "fields": "slug"}).json()
    if postgres:  # the planner's estimate, at least one more than were counted
        assert data["count"] >= 4 and data["count_exact"] is False
    else:  # SQLite has no estimate: it counts
        assert data["count"] == 6 and data["count_exact"] is True


def test_an_unsearched_list_has_no_count_exact(client: Client, six: list[str]) -> None:
    assert "count_exact" not in client.get(AGREEMENTS, {"fields": "slug"}).json()


@pytest.mark.parametrize("size", ["1", "2", "4", "50"])
def test_following_next_meets_every_match_once_in_order(
    client: Client, six: list[str], size: str
) -> None:
    """Pages within the ranked matches, across their end and past it agree."""
    seen: list[str] = []
    response = client.get(AGREEMENTS, {"q": "energy", "fields": "slug", "page_size": size})
    while True:
        seen += slugs_of(response)
        if not response.json()["next"]:
            break
        response = client.get(response.json()["next"])
    assert seen == ["m2", "m0", "m1", "m3", "m4", "m5"]


def test_pages_continue_by_cursor_after_the_numbered_ones(
    client: Client, six: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pagination, "MAX_OFFSET_ROWS", 2)
    seen: list[str] = []
    response = client.get(AGREEMENTS, {"q": "energy", "fields": "slug", "page_size": "1"})
    while True:
        seen += slugs_of(response)
        if not response.json()["next"]:
            break
        response = client.get(response.json()["next"])
    assert seen == ["m2", "m0", "m1", "m3", "m4", "m5"]


def test_a_page_past_the_end_of_an_estimated_count_is_not_found(
    client: Client, six: list[str]
) -> None:
    response = client.get(AGREEMENTS, {"q": "energy", "page_size": "2", "page": "4"})
    assert response.status_code == 404


def test_an_explicit_ordering_ranks_nothing(client: Client, six: list[str]) -> None:
    found = slugs_of(
        client.get(AGREEMENTS, {"q": "energy", "fields": "slug", "ordering": "signed_on"})
    )
    assert found == ["m5", "m4", "m3", "m2", "m1", "m0"]


def queries_of(client: Client, params: dict[str, Any]) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(AGREEMENTS, {**params, "fields": "slug"})
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize("size", [1, 50])
def test_a_search_page_takes_the_queries_of_the_plain_list(
    client: Client, six: list[str], size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plain list: its count, its page (and on SQLite a query per relation). A search
    with fewer matches than RANKED: the ids of the ranked matches (also its count, and the
    check for a misspelling), then its page read by those ids and ranked by ts_rank alone,
    with no subquery per row."""
    monkeypatch.setattr(search, "RANKED", 500)
    plain = queries_of(client, {"page_size": size})
    searched = queries_of(client, {"q": "energy accord", "page_size": size})
    assert len(searched) == len(plain)
    assert "COUNT(" not in " ".join(searched)
    assert "LIMIT 500" not in searched[1] and "search_rank" in searched[1]


def test_an_estimated_count_costs_one_query_more(client: Client, six: list[str]) -> None:
    """The estimate of all matches (on SQLite, their count) once more than RANKED match."""
    plain = queries_of(client, {"page_size": 1})
    searched = queries_of(client, {"q": "energy", "page_size": 1})
    assert len(searched) == len(plain) + 1
    assert ("EXPLAIN" if postgres else "COUNT(") in searched[1]
