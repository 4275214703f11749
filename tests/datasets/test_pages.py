"""/<lang>/data/, /data/<filename> and /<lang>/about/, in both languages."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.test import Client

from datasets.files import FILES
from datasets.generate import generate

from .conftest import MARKER
from .helpers import root

LANGUAGES = ["en", "zh-hans"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_data_page_says_when_nothing_is_generated_yet(
    client: Client, db: None, language: str
) -> None:
    response = client.get(f"/{language}/data/")
    assert response.status_code == 200
    assert response.context["files"] == []
    assert 'class="empty"' in response.content.decode()
    assert "<table" not in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_data_page_lists_each_file_with_its_facts(
    client: Client, world: dict[str, Any], language: str
) -> None:
    manifest = generate()
    page = client.get(f"/{language}/data/").content.decode()
    for item in manifest["files"]:
        assert f'href="/data/{item["name"]}"' in page
        assert item["sha256"] in page
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in page
    assert f'<html lang="{"zh-Hans" if language == "zh-hans" else "en"}">' in page


@pytest.mark.parametrize("path", ["/zh-hans/data/", "/zh-hans/about/"])
def test_the_chinese_pages_are_served_in_chinese(
    client: Client, world: dict[str, Any], path: str
) -> None:
    """Their own sentences are marked for translation; the catalog is regenerated and
    translated with `make messages`, so here the page's language and frame are checked."""
    generate()
    page = client.get(path).content.decode()
    assert '<html lang="zh-Hans">' in page
    assert "合作协议登记库" in page
    assert 'href="/zh-hans/about/"' in page


@pytest.mark.parametrize("data_file", FILES, ids=lambda f: f.name)
def test_a_file_downloads_as_an_attachment_of_its_type(
    client: Client, world: dict[str, Any], data_file: Any
) -> None:
    manifest = generate()
    response = client.get(f"/data/{data_file.name}")
    assert response.status_code == 200
    assert response["Content-Type"] == data_file.content_type
    assert response["Content-Disposition"] == f'attachment; filename="{data_file.name}"'
    body = response.getvalue()
    (item,) = [item for item in manifest["files"] if item["name"] == data_file.name]
    assert hashlib.sha256(body).hexdigest() == item["sha256"]
    assert MARKER.encode() not in body


@pytest.mark.parametrize("name", ["manifest.json", ".generating.lock", "secret.txt", "..%2Fdb"])
def test_only_the_listed_files_are_served(client: Client, world: dict[str, Any], name: str) -> None:
    generate()
    (root() / "secret.txt").write_text("not for you")
    assert client.get(f"/data/{name}").status_code == 404


def test_a_file_not_generated_yet_is_404(client: Client, db: None) -> None:
    assert client.get("/data/agreements.csv").status_code == 404


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_about_page_counts_published_records_only(
    client: Client, world: dict[str, Any], language: str
) -> None:
    response = client.get(f"/{language}/about/")
    assert response.status_code == 200
    # The founding record, not the draft; its signing ceremony and the symposium, not
    # the draft gala.
    assert response.context["counts"]["agreements"] == 1
    assert response.context["counts"]["events"] == 2
    page = response.content.decode()
    assert MARKER not in page
    for link in ('href="/api/docs/"', f'href="/{language}/data/"', f'href="/{language}/feeds/'):
        assert link in page


def test_staff_see_the_same_public_counts(editor_client: Client, world: dict[str, Any]) -> None:
    response = editor_client.get("/en/about/")
    assert response.context["counts"]["agreements"] == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_links_to_about_and_data_in_its_footer(
    client: Client, db: None, language: str
) -> None:
    page = client.get(f"/{language}/").content.decode()
    footer = page[page.index('<footer class="site-footer">') :]
    assert f'href="/{language}/about/"' in footer
    assert f'href="/{language}/data/"' in footer


def test_the_pages_query_counts_do_not_grow_with_the_files(
    client: Client, world: dict[str, Any], django_assert_num_queries: Any
) -> None:
    generate()
    # The data page reads the manifest, not the database (session-free anonymous page).
    with django_assert_num_queries(0):
        client.get("/en/data/")


def test_the_about_page_counts_in_a_fixed_number_of_queries(
    client: Client, world: dict[str, Any], django_assert_num_queries: Any
) -> None:
    from tests.factories import AgreementFactory

    # One count each: agreements, events, parties, people, cited sources.
    with django_assert_num_queries(5):
        client.get("/en/about/")
    AgreementFactory.create_batch(5)
    with django_assert_num_queries(5):
        client.get("/en/about/")
