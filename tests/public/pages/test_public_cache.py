"""Heavy public pages (search, feeds, calendar): anonymous answers are cached, staff answers
never are, and an anonymous client may have only so many built per minute."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from agreements.models import Agreement
from agreements.statuses import refresh_statuses
from tests.factories import AgreementFactory, EventFactory

SEARCH = "/en/agreements/"


@pytest.mark.parametrize(
    "address", [SEARCH, "/en/feeds/agreements.atom", "/en/events.ics", "/zh-hans/events.ics"]
)
def test_an_anonymous_answer_is_built_once_and_then_served_from_the_cache(
    client: Client, db: None, django_assert_num_queries: Any, address: str
) -> None:
    AgreementFactory(title="Listed agreement")
    EventFactory(title="Listed event", date="2020-05-04")
    first = client.get(address)
    assert first.status_code == 200

    with django_assert_num_queries(0):
        again = client.get(address)

    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert b"Listed" in again.content


def test_staff_never_get_the_anonymous_copy_and_never_leave_theirs(
    client: Client, viewer_client: Client, draft_agreement: Agreement
) -> None:
    AgreementFactory(title="Public agreement")

    anonymous_before = client.get(SEARCH).content.decode()
    staff = viewer_client.get(SEARCH).content.decode()
    anonymous_after = client.get(SEARCH).content.decode()

    assert "Draft agreement" in staff
    assert "Draft agreement" not in anonymous_before
    assert "Draft agreement" not in anonymous_after
    assert "Public agreement" in anonymous_after


def test_staff_see_the_draft_even_after_an_anonymous_caller_filled_the_cache(
    client: Client, viewer_client: Client, draft_agreement: Agreement
) -> None:
    client.get(SEARCH)

    assert "Draft agreement" in viewer_client.get(SEARCH).content.decode()


def test_an_agreement_made_a_draft_leaves_the_cached_search_page_at_once(
    client: Client, db: None
) -> None:
    agreement = AgreementFactory(title="Soon a draft")
    assert "Soon a draft" in client.get(SEARCH).content.decode()

    agreement.published = False
    agreement.save()

    assert "Soon a draft" not in client.get(SEARCH).content.decode()


def test_statuses_the_daily_refresh_rewrites_leave_the_cached_search_page_at_once(
    client: Client, db: None
) -> None:
    AgreementFactory(title="Soon expired", signed_on="2010", expires_on="2011", status="in_force")
    assert "Soon expired" in client.get(SEARCH, {"status": "in_force"}).content.decode()

    assert refresh_statuses() == 1  # a bulk update: no post_save

    assert "Soon expired" not in client.get(SEARCH, {"status": "in_force"}).content.decode()


def test_an_anonymous_client_may_have_only_so_many_pages_built(
    client: Client, db: None, settings: Any
) -> None:
    settings.PUBLIC_PAGE_RATE = "2/minute"

    built = [client.get(SEARCH, {"q": word}).status_code for word in ["a", "b"]]
    refused = client.get(SEARCH, {"q": "c"})
    cached = client.get(SEARCH, {"q": "a"})
    elsewhere = Client(REMOTE_ADDR="10.0.0.2").get(SEARCH, {"q": "c"})

    assert built == [200, 200]
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many requests" in refused.content.decode()
    assert cached.status_code == 200
    assert elsewhere.status_code == 200


def test_staff_are_not_throttled(viewer_client: Client, db: None, settings: Any) -> None:
    settings.PUBLIC_PAGE_RATE = "1/minute"

    statuses = [viewer_client.get(SEARCH, {"q": word}).status_code for word in "abc"]

    assert statuses == [200, 200, 200]


def test_an_unreachable_cache_fails_neither_a_write_nor_a_cached_page(
    settings: Any, client: Client, founding_record: Agreement
) -> None:
    from registry.settings import cache_from_url

    settings.CACHES = {"default": cache_from_url("redis://127.0.0.1:6390/0")}  # nothing there
    founding_record.title = "Renamed while Redis is down"
    founding_record.save()  # starts a new page generation: must not raise
    response = client.get("/en/agreements/", {"q": "Renamed"})
    assert response.status_code == 200
    assert b"Renamed while Redis is down" in response.content
