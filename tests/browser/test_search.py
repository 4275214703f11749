"""A reader's searches from the header's box, in a real browser: a misspelt name, a name in
Traditional characters, pinyin for a name recorded in characters and the reverse, each
reaching its record by clicking; the suggestions chosen with the keyboard; and the same
form with JavaScript switched off."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PHONE, csp_violations, open_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHENZHEN = "Shenzhen Municipal People's Government"


@pytest.mark.parametrize(
    ("lang", "query", "group", "label", "record", "heading"),
    [
        # A letter missing.
        ("en", "Shenzen", "Parties", SHENZHEN, "parties/shenzhen/", SHENZHEN),
        # Recorded in Simplified characters, asked in Traditional.
        ("zh-hans", "中國科學院", "当事方", "中国科学院", "parties/cas/", "中国科学院 (CAS)"),
        # Recorded as BAI Chunli and 白春礼: pinyin reaches the characters, and back.
        ("zh-hans", "Bai Chunli", "人物", "白春礼", "people/bai-chunli/", "白春礼"),
        ("en", "白春禮", "People", "BAI Chunli", "people/bai-chunli/", "BAI Chunli"),
    ],
)
def test_a_loosely_typed_name_leads_to_its_record(
    page: Page,
    live_server: object,
    demo_data: None,
    console_errors: list[str],
    lang: str,
    query: str,
    group: str,
    label: str,
    record: str,
    heading: str,
) -> None:
    page.goto(f"{live_server}/{lang}/")
    box = page.locator("#header-q")
    box.fill(query)
    # Enter with no suggestion chosen submits the search.
    box.press("Enter")
    expect(page).to_have_url(re.compile(rf"/{lang}/search/\?q="))
    section = page.locator(".search-group").filter(
        has=page.get_by_role("heading", name=re.compile(f"^{group}"))
    )
    section.get_by_role("link", name=label, exact=True).click()
    expect(page).to_have_url(f"{live_server}/{lang}/{record}")
    expect(page.locator("h1")).to_have_text(heading)
    assert csp_violations(page) == []
    assert console_errors == []


def test_the_suggestions_are_chosen_with_the_arrow_keys(
    page: Page, live_server: object, demo_data: None, console_errors: list[str]
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/en/agreements/")
    box = page.get_by_role("combobox", name="Search the registry")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press_sequentially("Shenz", delay=30)
    listbox = page.get_by_role("listbox", name="Search the registry")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    labels = options.locator(".suggestion-label").all_inner_texts()
    assert SHENZHEN in labels
    assert labels[-1] == "All results for “Shenz”"
    # The screen reader is told how many there are.
    expect(page.locator(".header-search [role=status]")).to_have_text(
        f"{len(labels) - 1} suggestions; use the arrow keys to choose."
    )

    # Down to the party, one option at a time; the box keeps the focus throughout.
    for index in range(labels.index(SHENZHEN) + 1):
        box.press("ArrowDown")
        expect(options.nth(index)).to_have_attribute("aria-selected", "true")
        expect(box).to_have_attribute(
            "aria-activedescendant", options.nth(index).get_attribute("id") or ""
        )
    expect(box).to_be_focused()
    # Escape closes the list and keeps what was typed.
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("Shenz")
    # Down opens it again; up from nothing chosen wraps round to "all results", and back.
    box.press("ArrowDown")
    expect(listbox).to_be_visible()
    box.press("ArrowUp")
    expect(options.last).to_have_attribute("aria-selected", "true")
    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    for _ in range(labels.index(SHENZHEN)):
        box.press("ArrowDown")
    box.press("Enter")
    expect(page).to_have_url(f"{live_server}/en/parties/shenzhen/")
    expect(page.locator("h1")).to_have_text(SHENZHEN)
    assert csp_violations(page) == []
    assert console_errors == []


def test_the_search_works_with_javascript_switched_off(
    browser: Browser, live_server: object, demo_data: None, console_errors: list[str]
) -> None:
    page = open_page(browser, live_server, console_errors, java_script_enabled=False)
    page.goto(f"{live_server}/zh-hans/")
    box = page.locator("#header-q")
    # A plain search box: no script made it a combobox.
    assert box.get_attribute("role") is None
    box.fill("Shenzen")
    page.locator(".header-search").get_by_role("button").click()
    expect(page).to_have_url(f"{live_server}/zh-hans/search/?q=Shenzen")
    page.get_by_role("link", name="深圳市人民政府", exact=True).click()
    expect(page).to_have_url(f"{live_server}/zh-hans/parties/shenzhen/")
    expect(page.locator("h1")).to_have_text("深圳市人民政府")
    assert console_errors == []
