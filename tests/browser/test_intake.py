"""An editor turns a press release into a reviewed draft, in a real browser; a reader
follows a fact's note to the passage that states it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from agreements.models import Agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RELEASE = (
    "SHENZHEN, Dec. 3, 2017 -- The Chinese Academy of Sciences and the Shenzhen Municipal "
    "People's Government signed a strategic cooperation agreement in Shenzhen on Sunday. "
    "BAI Chunli, President of CAS, witnessed the signing."
)


def sign_in(page: Page, live_server: object) -> None:
    # A transactional test database starts without the staff groups' rows: a superuser.
    User.objects.create_superuser("intake-editor", password="pw-intake-12345")
    page.goto(f"{live_server}/admin/login/")
    page.get_by_label("Username").fill("intake-editor")
    page.get_by_label("Password").fill("pw-intake-12345")
    page.get_by_role("button", name="Log in").click()


def test_an_editor_reviews_a_press_release_and_saves_a_draft(
    page: Page, live_server: object, demo_data: None, console_errors: list[str]
) -> None:
    sign_in(page, live_server)
    page.goto(f"{live_server}/admin/agreements/agreement/")
    page.get_by_role("link", name="New from press release").click()
    page.get_by_label("Text or HTML").fill(RELEASE)
    page.get_by_label("Published on").fill("2017-12-04")
    page.get_by_role("button", name="Propose drafts").click()

    expect(page.locator("mark").first).to_be_visible()
    expect(page.locator("input[name='a0-signed_on']")).to_have_value("2017-12-03")
    page.screenshot(path="/tmp/intake-review.png", full_page=True)
    page.locator("input[name='a0-title']").fill("Strategic cooperation agreement, 2017")
    page.get_by_role("button", name="Save as drafts").click()

    expect(page.get_by_text("Draft created")).to_be_visible()
    draft = Agreement.objects.get(title="Strategic cooperation agreement, 2017")
    assert draft.published is False
    assert {p.slug for p in draft.parties.all()} == {"cas", "shenzhen"}
    assert draft.claims.filter(path="signed_on", value="2017-12-03").exists()
    assert console_errors == []


def test_a_reader_follows_a_note_to_the_quoted_passage(
    page: Page, live_server: object, demo_data: None, console_errors: list[str]
) -> None:
    page.goto(f"{live_server}/en/agreements/cas-shenzhen-2017/")
    signed = page.locator("dt", has_text="Signed").locator("xpath=following-sibling::dd")
    signed.locator("sup.cite a").first.click()

    note = page.locator("ol.notes li:target")
    expect(note).to_contain_text("新華社深圳12月3日電")
    page.screenshot(path="/tmp/claims-notes.png", full_page=True)
    assert console_errors == []
