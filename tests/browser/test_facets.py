"""Choosing several values of one facet, on a desktop and on a phone, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from parties.models import Party
from tests.browser.conftest import PHONE, csp_violations
from tests.factories import AgreementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def years(demo_data: None) -> None:
    """Besides the founding record (2017): agreements of CAS signed in 2019 and 2021."""
    cas = Party.objects.get(slug="cas")
    AgreementFactory(title="CAS agreement of 2019", signed_on="2019-07", parties=[cas])
    AgreementFactory(title="CAS agreement of 2021", signed_on="2021", parties=[cas])


def test_a_reader_on_a_desktop_chooses_two_years_then_removes_one(
    page: Page, live_server: object, years: None, console_errors: list[str]
) -> None:
    results = page.locator(".records .record-title")
    page.goto(f"{live_server}/en/agreements/")
    expect(results).to_have_count(3)
    filters = page.get_by_role("complementary", name="Filters")
    # Beside the results: the panel is open and its fold-out heading hidden.
    expect(filters.locator("summary")).to_be_hidden()
    panel = filters.bounding_box()
    listing = page.locator("#results-heading").bounding_box()
    assert panel and listing and panel["x"] + panel["width"] <= listing["x"]

    filters.get_by_role("checkbox", name="2017").check()
    filters.get_by_role("checkbox", name="2021").check()
    filters.get_by_role("button", name="Apply filters").first.click()
    # Empty fields (the search box, the date range) are left out of the address.
    expect(page).to_have_url(
        re.compile(r"\?ordering=-signed_on&signed_year=2021&signed_year=2017$")
    )
    expect(results).to_have_count(2)
    expect(page.get_by_role("heading", name="2 agreements")).to_be_visible()
    expect(filters.get_by_role("checkbox", name="2019")).not_to_be_checked()
    expect(filters.get_by_role("checkbox", name="2017")).to_be_checked()

    page.get_by_role("link", name="Remove Year signed: 2017").click()
    expect(results).to_have_text(["CAS agreement of 2021"])
    expect(filters.get_by_role("checkbox", name="2021")).to_be_checked()
    assert csp_violations(page) == []
    assert console_errors == []


def test_a_reader_on_a_phone_opens_the_filters_above_the_results_and_chooses_two_years(
    page: Page, live_server: object, years: None, console_errors: list[str]
) -> None:
    page.set_viewport_size(PHONE)
    results = page.locator(".records .record-title")
    page.goto(f"{live_server}/en/agreements/")
    filters = page.get_by_role("complementary", name="Filters")
    summary = filters.locator("summary")
    # Folded, and above the first result.
    expect(summary).to_be_visible()
    expect(filters.get_by_role("checkbox", name="2017")).to_be_hidden()
    folded = summary.bounding_box()
    first = results.first.bounding_box()
    assert folded and first and folded["y"] + folded["height"] <= first["y"]

    summary.click()
    filters.get_by_role("checkbox", name="2019").check()
    filters.get_by_role("checkbox", name="2021").check()
    filters.get_by_role("button", name="Apply filters").last.click()
    expect(page).to_have_url(re.compile(r"signed_year=2021&signed_year=2019$"))
    expect(results).to_have_count(2)
    expect(results).to_have_text(["CAS agreement of 2021", "CAS agreement of 2019"])
    expect(page.get_by_text("Filters 2 chosen")).to_be_visible()
    assert csp_violations(page) == []
    assert console_errors == []


def test_the_party_box_narrows_the_list_as_one_types_and_asks_the_server_on_enter(
    page: Page, live_server: object, years: None, console_errors: list[str]
) -> None:
    page.goto(f"{live_server}/en/agreements/")
    filters = page.get_by_role("complementary", name="Filters")
    parties = filters.locator("#party-values li")
    expect(parties).to_have_count(2)
    box = filters.get_by_label("Find a party by name")
    box.fill("shenz")
    expect(filters.get_by_role("checkbox", name="Chinese Academy of Sciences")).to_be_hidden()
    expect(filters.get_by_role("checkbox", name="Shenzhen Municipal")).to_be_visible()
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"party_q=shenz"))
    expect(parties).to_have_count(1)
    expect(page.locator(".records .record-title")).to_have_count(3)
    assert csp_violations(page) == []
    assert console_errors == []


def test_a_mistyped_date_is_reported_beside_the_field(
    page: Page, live_server: object, years: None, console_errors: list[str]
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/zh-hans/agreements/?signed_after=2017-13")
    date = page.locator("#signed_after")
    # Open on a phone too, since it holds the error.
    expect(date).to_be_visible()
    expect(date).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#signed_after-error")).to_be_visible()
    # The summary above the results names the parameter and leads to its field.
    summary = page.get_by_role("alert")
    expect(summary.locator("code")).to_have_text("signed_after")
    summary.locator('a[href="#signed_after"]').click()
    expect(date).to_be_focused()
    date.fill("2019")
    page.locator(".facet-apply button").last.click()
    expect(page.locator(".records .record-title")).to_have_count(2)
    assert csp_violations(page) == []
    assert console_errors == []
