"""Lifecycle on the public pages: the point-in-time filters of the search, what a party
has in force and expiring soon, and an agreement's renewals and amendments."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from agreements import lifecycle
from agreements.models import AgreementRelation
from tests.factories import AgreementFactory, AgreementPartyFactory, PartyFactory

from .helpers import hrefs, html_of, text

LIST = "/en/agreements/"
TODAY = dt.date(2024, 1, 15)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr(lifecycle, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def lab(db: None) -> dict[str, object]:
    """A party with agreements in force, expiring soon, expired, and a draft in force."""
    party = PartyFactory(slug="lab", name="Lab")

    def agreement(title: str, **kwargs: object) -> None:
        AgreementPartyFactory(agreement=AgreementFactory(title=title, **kwargs), party=party)

    agreement("Running", signed_on="2015", expires_on="2030")
    agreement("Ending soon", signed_on="2015", expires_on="2024-03")
    agreement("Long over", signed_on="2010", expires_on="2012")
    agreement("Secret plan", signed_on="2015", expires_on="2024-02", published=False)
    return {"party": party}


def test_the_search_page_filters_by_the_period_an_agreement_was_in_force(
    client: Client, lab: dict[str, object]
) -> None:
    html = html_of(client.get(LIST, {"in_force_on": "2011"}))
    assert "Long over" in html
    assert "Running" not in html
    html = html_of(client.get(LIST, {"in_force_on": "2020-05"}))
    assert "Running" in html and "Ending soon" in html and "Long over" not in html


def test_the_search_page_reports_a_bad_point_in_time_value(client: Client, db: None) -> None:
    for params, name in (
        ({"in_force_on": "2017-13"}, "in_force_on"),
        ({"expiring_within": "abc"}, "expiring_within"),
    ):
        html = html_of(client.get(LIST, params))
        assert "Some of the filters in this address are not valid" in html
        assert f"<code>{name}</code>" in html


def test_the_party_page_shows_what_is_in_force_and_what_expires_soon(
    client: Client, lab: dict[str, object], today: dt.date
) -> None:
    html = html_of(client.get("/en/parties/lab/"))
    section = html[html.index('id="in-force-heading"') :]
    assert "2 agreements in force today" in text(section)
    assert "1 expiring in the next 180 days" in text(section)
    assert "Running" in section and "Ending soon" in section
    assert "Secret plan" not in html  # a draft, even one expiring soon
    links = hrefs(section)
    in_force_link = next(link for link in links if "in_force_on" in link and "expiring" not in link)
    expiring_link = next(link for link in links if "expiring_within=180" in link)
    assert in_force_link == "/en/agreements/?party=lab&in_force_on=2024-01-15"
    # The links find what the page counted.
    in_force = html_of(client.get(in_force_link))
    assert "Running" in in_force and "Ending soon" in in_force
    assert "Long over" not in in_force and "Secret plan" not in in_force
    listed = html_of(client.get(expiring_link))
    assert "Ending soon" in listed and "Running" not in listed and "Secret plan" not in listed


def test_staff_see_drafts_in_force_on_the_party_page(
    viewer_client: Client, lab: dict[str, object], today: dt.date
) -> None:
    html = html_of(viewer_client.get("/en/parties/lab/"))
    assert "3 agreements in force today" in text(html)
    assert "2 expiring in the next 180 days" in text(html)


@pytest.fixture
def chain(db: None) -> None:
    first = AgreementFactory(
        slug="first", title="First term", signed_on="2012", status="superseded"
    )
    second = AgreementFactory(
        slug="second", title="Second term", signed_on="2017", status="in_force"
    )
    draft = AgreementFactory(
        slug="draft", title="Third term draft", signed_on="2022", published=False
    )
    AgreementRelation.objects.create(agreement=second, kind="renews", other=first)
    AgreementRelation.objects.create(agreement=draft, kind="renews", other=second)


def test_the_agreement_page_lists_its_renewals_and_marks_the_current_one(
    client: Client, chain: None
) -> None:
    html = html_of(client.get("/en/agreements/first/"))
    start = html.index('id="chain-heading"')
    section = html[start : html.index("</ol>", start)]
    assert "Renewals and amendments" in section
    items = re.findall(r"<li( class=\"current\")?>(.*?)</li>", section, re.S)
    assert [(bool(current), text(item).split(" (")[0]) for current, item in items] == [
        (False, "First term"),
        (True, "Second term"),
    ]
    assert "Third term draft" not in html


def test_staff_see_a_draft_renewal_in_the_chain(viewer_client: Client, chain: None) -> None:
    html = html_of(viewer_client.get("/en/agreements/first/"))
    assert "Third term draft" in html[html.index('id="chain-heading"') :]
