"""Playwright for Python driving Debian's Chromium against pytest-django's live server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import ConsoleMessage, Page, Route, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def demo_data(transactional_db: None) -> None:
    """The founding record, loaded inside the test's own (transactional) database."""
    call_command("load_demo_data", verbosity=0)


@pytest.fixture
def console_errors() -> list[str]:
    return []


@pytest.fixture
def page(
    live_server: object, monkeypatch: pytest.MonkeyPatch, console_errors: list[str]
) -> Iterator[Page]:
    """A fresh browser page; requests to other hosts never leave the machine."""
    # Playwright's sync API keeps an event loop in this thread; the test's own database
    # calls are still synchronous, so Django's guard against that is lifted for this test.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
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
        yield browser_page
        # Database work done while Playwright's loop ran used a connection of that context;
        # left open, it would keep the test database from being dropped at the end.
        connections.close_all()
        context.close()
        browser.close()
