"""Playwright for Python driving Debian's Chromium against pytest-django's live server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Every Content-Security-Policy violation a page reports, kept where the test can read it
# (run again on each page loaded). An init script is the browser's own, not the page's, so
# the policy does not apply to it.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def demo_data(transactional_db: None) -> None:
    """The founding record, loaded inside the test's own (transactional) database."""
    call_command("load_demo_data", verbosity=0)


@pytest.fixture
def console_errors() -> list[str]:
    return []


def csp_violations(page: Page) -> list[str]:
    """The Content-Security-Policy violations of the page now shown, once it has loaded."""
    page.wait_for_load_state("load")
    violations: list[str] = page.evaluate("window.__violations")
    return violations


def open_page(
    browser: Browser, live_server: object, console_errors: list[str], **options: Any
) -> Page:
    """A page in a new browser context (``options``: Playwright's context options) that
    keeps to the live server, records console errors and CSP violations."""
    context = browser.new_context(locale="en-GB", viewport=DESKTOP, **options)
    context.set_default_timeout(10_000)
    browser_page = context.new_page()

    def stay_local(route: Route) -> None:
        if route.request.url.startswith(str(live_server)):
            route.continue_()
        else:
            route.fulfill(status=200, content_type="text/html", body="<h1>elsewhere</h1>")

    def record_error(message: ConsoleMessage) -> None:
        if message.type == "error":
            console_errors.append(message.text)

    browser_page.route("**/*", stay_local)
    browser_page.on("console", record_error)
    browser_page.add_init_script(RECORD_VIOLATIONS)
    return browser_page


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    """Debian's Chromium, for this test."""
    # Playwright's sync API keeps an event loop in this thread; the test's own database
    # calls are still synchronous, so Django's guard against that is lifted for this test.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        # Database work done while Playwright's loop ran used a connection of that context;
        # left open, it would keep the test database from being dropped at the end.
        connections.close_all()
        chromium.close()


@pytest.fixture
def page(browser: Browser, live_server: object, console_errors: list[str]) -> Page:
    """A fresh browser page; requests to other hosts never leave the machine."""
    return open_page(browser, live_server, console_errors)
