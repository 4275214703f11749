"""The iCalendar feed of published events."""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
import pytest
from django.test import Client

from agreements.models import Agreement
from tests.factories import EventFactory

SYMPOSIUM_UID = "cas-shenzhen-symposium-2017@testserver"


def read_calendar(client: Client, url: str) -> dict[str, Any]:
    """The calendar's events by UID."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_it_lists_the_symposium_on_its_day(client: Client, founding_record: Agreement) -> None:
    events = read_calendar(client, "/en/events.ics")

    symposium = events[SYMPOSIUM_UID]
    assert symposium["DTSTART"].dt == dt.date(2017, 12, 3)
    assert symposium["DTSTART"].params["VALUE"] == "DATE"
    assert symposium["DTEND"].dt == dt.date(2017, 12, 4)
    assert str(symposium["SUMMARY"]) == (
        "Symposium on science and technology cooperation between CAS and Shenzhen"
    )
    assert str(symposium["LOCATION"]) == "Shenzhen"
    assert str(symposium["DESCRIPTION"]) == "Held by both sides before signing the agreement."
    assert str(symposium["URL"]) == "http://testserver/en/events/cas-shenzhen-symposium-2017/"
    assert isinstance(symposium["DTSTAMP"].dt, dt.datetime)


def test_the_chinese_calendar_titles_events_in_chinese_and_links_chinese_pages(
    client: Client, db: None
) -> None:
    EventFactory(slug="launch", title="Launch meeting", title_local="启动会议")
    EventFactory(slug="visit", title="Visit", title_local="")

    events = read_calendar(client, "/zh-hans/events.ics")

    assert str(events["launch@testserver"]["SUMMARY"]) == "启动会议"
    assert str(events["visit@testserver"]["SUMMARY"]) == "Visit"
    assert str(events["launch@testserver"]["URL"]) == "http://testserver/zh-hans/events/launch/"


def test_it_leaves_out_drafts_and_events_not_known_to_the_day(client: Client, db: None) -> None:
    EventFactory(slug="known-day", date="2018-03-14")
    EventFactory(slug="draft", date="2018-03-14", published=False)
    EventFactory(slug="known-month", date="2018-03")
    EventFactory(slug="known-year", date="2018")
    EventFactory(slug="undated", date=None)

    events = read_calendar(client, "/en/events.ics")

    assert set(events) == {"known-day@testserver"}


@pytest.mark.parametrize("count", [1, 20])
def test_the_calendar_query_count_does_not_grow_with_the_number_of_events(
    client: Client, db: None, django_assert_num_queries: Any, count: int
) -> None:
    EventFactory.create_batch(count)

    # 1. the published events known to the day.
    with django_assert_num_queries(1):
        events = read_calendar(client, "/en/events.ics")
    assert len(events) == count
