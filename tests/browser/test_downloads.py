"""A reader downloads every file offered on /<lang>/data/ in a real browser and checks it:
the checksum, size and count the page states, CSV headers that are the API's columns,
Popolo JSON against the Popolo schemas, the OCDS package's required fields and their
formats; and no draft in any of them."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from datasets.files import FILES
from parties.models import Party
from tests.browser.conftest import PHONE, csp_violations
from tests.datasets.helpers import ocds_problems, popolo_validator
from tests.factories import AgreementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAFT_TITLE = "Zyxquor draft accord"
POPOLO_SECTIONS = {
    "organizations": "organization",
    "persons": "person",
    "posts": "post",
    "memberships": "membership",
}
# The column that follows slug and url (README "Downloads"; docs/api.md).
NAME_COLUMN = {"agreements": "title", "parties": "name", "people": "name", "events": "title"}


@pytest.fixture
def downloads(demo_data: None, live_server: Any, settings: Any, tmp_path: Path) -> None:
    """The founding record and a draft between its parties; the files built by the
    management command the README gives, naming the live server."""
    settings.DATASETS_ROOT = tmp_path / "datasets"
    settings.SITE_URL = str(live_server)
    cas, shenzhen = Party.objects.get(slug="cas"), Party.objects.get(slug="shenzhen")
    AgreementFactory(title=DRAFT_TITLE, parties=[cas, shenzhen], published=False)
    call_command("generate_downloads", stdout=io.StringIO())


def api_columns(page: Page, live_server: object, resource: str) -> list[str]:
    """The fields of a record in the API's own list, in order."""
    answer = page.request.get(f"{live_server}/api/{resource}/?page_size=1")
    assert answer.ok
    return list(answer.json()["results"][0])


def check_csv(page: Page, live_server: object, name: str, text: str, records: int) -> None:
    resource = name.removesuffix(".csv")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    header = rows[0]
    assert header[:3] == ["slug", "url", NAME_COLUMN[resource]], name
    assert header == api_columns(page, live_server, resource), name
    assert len(rows) - 1 == records, name


def check_jsonl(page: Page, live_server: object, name: str, text: str, records: int) -> None:
    resource = name.removesuffix(".jsonl")
    lines = [json.loads(line) for line in text.splitlines()]
    assert len(lines) == records, name
    assert all(list(line) == api_columns(page, live_server, resource) for line in lines), name


def check_popolo(text: str) -> None:
    popolo = json.loads(text)
    for section, schema in POPOLO_SECTIONS.items():
        validator = popolo_validator(schema)
        assert popolo[section], section
        for item in popolo[section]:
            assert [error.message for error in validator.iter_errors(item)] == [], item
    organizations = {item["id"] for item in popolo["organizations"]}
    persons = {item["id"] for item in popolo["persons"]}
    for membership in popolo["memberships"]:
        assert membership["organization_id"] in organizations
        assert membership["person_id"] in persons


def check_ocds(text: str, records: int) -> None:
    package = json.loads(text)
    assert ocds_problems(package) == []
    assert len(package["releases"]) == records


def test_every_file_downloads_whole_and_follows_its_standard(
    page: Page, live_server: object, downloads: None, console_errors: list[str]
) -> None:
    page.goto(f"{live_server}/en/data/")
    rows = page.locator("table.data-files tbody tr")
    expect(rows).to_have_count(len(FILES))
    assert csp_violations(page) == []
    checked = []
    for row in rows.all():
        link = row.get_by_role("link")
        with page.expect_download() as started:
            link.click()
        download = started.value
        name = download.suggested_filename
        assert name == link.inner_text()
        body = Path(download.path()).read_bytes()
        cells = row.locator("td")
        # The checksum and count the page states are the file's.
        assert hashlib.sha256(body).hexdigest() == row.locator("code.checksum").inner_text()
        records = int(cells.nth(1).inner_text())
        text = body.decode("utf-8")
        assert DRAFT_TITLE not in text, name
        if name.endswith(".csv"):
            check_csv(page, live_server, name, text, records)
        elif name.endswith(".jsonl"):
            check_jsonl(page, live_server, name, text, records)
        elif name == "popolo.json":
            check_popolo(text)
        elif name == "ocds.json":
            check_ocds(text, records)
        checked.append(name)
    assert checked == [data_file.name for data_file in FILES]
    assert console_errors == []


def test_the_chinese_page_offers_the_same_files_and_fits_a_phone(
    page: Page, live_server: object, downloads: None, console_errors: list[str]
) -> None:
    page.goto(f"{live_server}/en/data/")
    english = page.locator("code.checksum").all_inner_texts()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/zh-hans/data/")
    expect(page.locator("h1")).to_have_text("下载数据")
    assert page.locator("code.checksum").all_inner_texts() == english
    # On a phone every fact of a file is on screen, labelled, with no sideways scrolling.
    last = page.locator("table.data-files tbody tr").last
    checksum = last.locator("td").last
    box = checksum.bounding_box()
    assert box and box["x"] + box["width"] <= PHONE["width"]
    assert checksum.evaluate("td => getComputedStyle(td, '::before').content") == '"SHA-256: "'
    links = page.locator("table.data-files tbody a[download]")
    assert links.evaluate_all("links => links.map(a => a.getAttribute('href'))") == [
        f"/data/{data_file.name}" for data_file in FILES
    ]
    assert csp_violations(page) == []
    assert console_errors == []
