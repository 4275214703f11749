"""A reader's paths through the public pages, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from agreements.models import Agreement
from parties.models import Party
from tests.factories import AgreementFactory, AgreementPartyFactory

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data. No serialized rollback: it reloads the database's
    # initial rows over whatever earlier tests left (a restored backup, new content types)
    # and fails on the duplicates; these tests need only the demo record they load.
    pytest.mark.django_db(transaction=True),
]

TITLE_EN = (
    "Agreement to jointly promote the Construction of Shenzhen International Science "
    "and Technology Industry Innovation Center"
)
TITLE_ZH = "共同推进建设深圳国际科技产业创新中心合作协议书"
PRESS_RELEASE = "http://english.siat.ac.cn/News2017/SN2017/201712/t20171205_187123.html"


def test_a_reader_searches_for_shenzhen_and_opens_the_founding_agreement(
    page: Page, live_server: object, demo_data: None, console_errors: list[str]
) -> None:
    page.goto(f"{live_server}/en/")
    page.get_by_label("Search agreements, parties and places").fill("Shenzhen")
    # The home page's own box (the site header has one for everything).
    page.locator("#main").get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/en/agreements/\?q=Shenzhen$"))
    expect(page.get_by_role("heading", name="1 agreement")).to_be_visible()
    page.get_by_role("link", name=TITLE_EN).click()
    expect(page).to_have_url(f"{live_server}/en/agreements/cas-shenzhen-2017/")
    expect(page.locator("h1")).to_have_text(TITLE_EN)
    expect(page.locator(".title-alt")).to_have_text(TITLE_ZH)
    expect(page.get_by_text("Who signed is not stated in the sources")).to_be_visible()
    # The stylesheet loaded and nothing broke the content security policy.
    page.wait_for_load_state("load")
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
    assert console_errors == []


def test_a_reader_filters_by_field_then_by_party_with_its_sub_units(
    page: Page, live_server: object, demo_data: None, console_errors: list[str]
) -> None:
    siat = AgreementFactory(title="SIAT robotics agreement", signed_on="2019-07")
    AgreementPartyFactory(agreement=siat, party=Party.objects.get(slug="siat"))
    siat.fields.set(Agreement.objects.get(slug="cas-shenzhen-2017").fields.filter(slug="science"))
    results = page.locator(".records .record-title")

    page.goto(f"{live_server}/en/agreements/")
    expect(results).to_have_count(2)
    filters = page.get_by_role("complementary", name="Filters")
    apply = filters.get_by_role("button", name="Apply filters").first
    filters.get_by_role("checkbox", name="Capital (1)").check()
    apply.click()
    expect(page).to_have_url(re.compile(r"\?ordering=-signed_on&field=capital$"))
    expect(results).to_have_text([TITLE_EN])

    filters.get_by_role("checkbox", name="Capital (1)").uncheck()
    filters.get_by_role("checkbox", name="Science (2)").check()
    apply.click()
    expect(page).to_have_url(re.compile(r"\?ordering=-signed_on&field=science$"))
    expect(results).to_have_count(2)
    filters.get_by_role("checkbox", name="Chinese Academy of Sciences (1)").check()
    apply.click()
    expect(page).to_have_url(re.compile(r"\?ordering=-signed_on&field=science&party=cas$"))
    expect(results).to_have_text([TITLE_EN])

    filters.get_by_role("link", name="Include its sub-units").click()
    expect(page).to_have_url(
        re.compile(r"\?ordering=-signed_on&field=science&party=cas&include_subunits=1$")
    )
    expect(results).to_have_count(2)
    expect(page.get_by_role("link", name="SIAT robotics agreement")).to_be_visible()
    csv = page.get_by_role("link", name="CSV")
    expect(csv).to_have_attribute(
        "href",
        "/api/agreements/?ordering=-signed_on&field=science&party=cas&include_subunits=1"
        "&format=csv",
    )
    assert console_errors == []


def test_a_reader_switches_to_chinese_and_sees_the_chinese_title_first(
    page: Page, live_server: object, demo_data: None
) -> None:
    page.goto(f"{live_server}/en/agreements/cas-shenzhen-2017/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="简体中文").click()
    expect(page).to_have_url(f"{live_server}/zh-hans/agreements/cas-shenzhen-2017/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator("h1")).to_have_text(TITLE_ZH)
    expect(page.locator(".title-alt")).to_have_text(TITLE_EN)
    expect(page.get_by_text("2017年12月3日").first).to_be_visible()
    expect(page.get_by_role("heading", name="来源")).to_be_visible()


def test_a_reader_follows_a_source_link_to_the_press_release(
    page: Page, live_server: object, demo_data: None
) -> None:
    page.goto(f"{live_server}/en/agreements/cas-shenzhen-2017/")
    link = page.locator("a.source-title", has_text="CAS and Shenzhen government signed")
    expect(link).to_have_attribute("href", PRESS_RELEASE)
    link.click()  # answered by the fixture's stand-in: this machine has no network
    expect(page).to_have_url(PRESS_RELEASE)


def test_a_draft_is_not_visible_to_the_public(
    page: Page, live_server: object, demo_data: None
) -> None:
    AgreementFactory(title="Secret draft agreement", slug="secret-draft", published=False)
    page.goto(f"{live_server}/en/agreements/?q=Secret")
    expect(page.get_by_role("heading", name="0 agreements")).to_be_visible()
    expect(page.get_by_text("Secret draft agreement")).to_have_count(0)
    response = page.goto(f"{live_server}/en/agreements/secret-draft/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")


def test_the_keyboard_reaches_the_skip_link_first(
    page: Page, live_server: object, demo_data: None
) -> None:
    page.goto(f"{live_server}/en/agreements/cas-shenzhen-2017/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
