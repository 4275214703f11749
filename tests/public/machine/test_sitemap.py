"""sitemap.xml (an index of paginated sections) and robots.txt."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

import pytest
from django.test import Client

from agreements.models import Agreement
from tests.factories import (
    AgreementFactory,
    CooperationFieldFactory,
    EventFactory,
    PartyFactory,
    PersonFactory,
    RegionFactory,
)

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
HOST = "http://testserver"


def read_index(client: Client) -> list[str]:
    """The section addresses /sitemap.xml lists, without the host."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    locs = [sitemap.findtext("s:loc", namespaces=NS) or "" for sitemap in root]
    assert all(loc.startswith(f"{HOST}/sitemap-") for loc in locs)
    return [loc.removeprefix(HOST) for loc in locs]


def read_section(client: Client, address: str) -> dict[str, dict[str, str]]:
    """Each page a section lists with its hreflang alternates ({lang: url})."""
    response = client.get(address)
    assert response.status_code == 200, address
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return {
        url.findtext("s:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        for url in root.findall("s:url", NS)
    }


def read_sitemap(client: Client) -> dict[str, dict[str, str]]:
    """Every page of every section the index lists."""
    pages: dict[str, dict[str, str]] = {}
    for address in read_index(client):
        pages.update(read_section(client, address))
    return pages


def test_it_lists_the_founding_record_in_both_languages(
    client: Client, founding_record: Agreement
) -> None:
    pages = read_sitemap(client)

    for path in [
        "agreements/cas-shenzhen-2017",
        "parties/cas",
        "parties/siat",
        "people/bai-chunli",
        "events/cas-shenzhen-symposium-2017",
        "fields/science",
        "regions/greater-bay-area",
    ]:
        assert f"{HOST}/en/{path}/" in pages
        assert f"{HOST}/zh-hans/{path}/" in pages
    assert pages[f"{HOST}/zh-hans/agreements/cas-shenzhen-2017/"] == {
        "en": f"{HOST}/en/agreements/cas-shenzhen-2017/",
        "zh-hans": f"{HOST}/zh-hans/agreements/cas-shenzhen-2017/",
        "x-default": f"{HOST}/agreements/cas-shenzhen-2017/",
    }


def test_it_leaves_out_draft_agreements_and_events(
    client: Client, draft_agreement: Agreement
) -> None:
    EventFactory(slug="draft-event", published=False)

    pages = read_sitemap(client)

    assert f"{HOST}/en/agreements/{draft_agreement.slug}/" not in pages
    assert f"{HOST}/en/events/draft-event/" not in pages


def test_the_x_default_page_redirects_by_the_browsers_language(client: Client, db: None) -> None:
    agreement = AgreementFactory()

    response = client.get(f"/agreements/{agreement.slug}/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")

    assert response.status_code == 302
    assert response["Location"] == f"/zh-hans/agreements/{agreement.slug}/"


def test_the_index_lists_sections_of_at_most_the_configured_number_of_urls(
    client: Client, db: None, settings: Any
) -> None:
    settings.SITEMAP_SECTION_SIZE = 3
    for n in range(4):  # 8 pages: each agreement in two languages
        AgreementFactory(slug=f"a{n}")
    PartyFactory(slug="only-party")

    index = read_index(client)

    assert index == [
        "/sitemap-agreements.xml",
        "/sitemap-agreements.xml?p=2",
        "/sitemap-agreements.xml?p=3",
        "/sitemap-parties.xml",
        "/sitemap-people.xml",
        "/sitemap-events.xml",
        "/sitemap-fields.xml",
        "/sitemap-regions.xml",
    ]
    sections = [list(read_section(client, address)) for address in index[:4]]
    assert sections == [
        [
            f"{HOST}/en/agreements/a0/",
            f"{HOST}/zh-hans/agreements/a0/",
            f"{HOST}/en/agreements/a1/",
        ],
        [
            f"{HOST}/zh-hans/agreements/a1/",
            f"{HOST}/en/agreements/a2/",
            f"{HOST}/zh-hans/agreements/a2/",
        ],
        [f"{HOST}/en/agreements/a3/", f"{HOST}/zh-hans/agreements/a3/"],
        [f"{HOST}/en/parties/only-party/", f"{HOST}/zh-hans/parties/only-party/"],
    ]
    assert client.get("/sitemap-agreements.xml?p=4").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_a_section_page_carries_its_latest_change(client: Client, db: None) -> None:
    AgreementFactory(slug="a")

    response = client.get("/sitemap-agreements.xml")

    assert response.status_code == 200
    assert response["Last-Modified"].endswith("GMT")
    root = ElementTree.fromstring(response.content)
    lastmods = [url.findtext("s:lastmod", namespaces=NS) or "" for url in root]
    assert len(lastmods) == 2
    assert all(lastmod.startswith("20") for lastmod in lastmods)


@pytest.mark.parametrize("count", [1, 20])
def test_the_index_costs_one_query_per_kind_whatever_the_number_of_records(
    client: Client, db: None, django_assert_num_queries: Any, count: int
) -> None:
    for factory in [
        AgreementFactory,
        PartyFactory,
        PersonFactory,
        EventFactory,
        CooperationFieldFactory,
        RegionFactory,
    ]:
        factory.create_batch(count)

    # One count (with the latest change where records have one) per kind: agreements,
    # parties, people, events, fields, regions.
    with django_assert_num_queries(6):
        index = read_index(client)
    assert len(index) == 6


@pytest.mark.parametrize("count", [1, 20])
def test_a_section_costs_two_queries_whatever_the_number_of_records(
    client: Client,
    db: None,
    django_assert_num_queries: Any,
    settings: Any,
    count: int,
) -> None:
    settings.SITEMAP_SECTION_SIZE = 10
    AgreementFactory.create_batch(count)

    # 1 count of the section's records, 1 the records of the page asked for (never all).
    with django_assert_num_queries(2):
        pages = read_section(client, "/sitemap-agreements.xml")
    assert len(pages) == min(10, 2 * count)
    with django_assert_num_queries(2):
        last = read_section(client, f"/sitemap-agreements.xml?p={-(-2 * count // 10)}")
    assert len(last) == ((2 * count) % 10 or 10)


def test_the_index_and_its_sections_are_built_once_for_anonymous_callers(
    client: Client, db: None, django_assert_num_queries: Any
) -> None:
    AgreementFactory(slug="cached")
    first_index = client.get("/sitemap.xml").content
    first_section = client.get("/sitemap-agreements.xml").content

    with django_assert_num_queries(0):
        again_index = client.get("/sitemap.xml")
        again_section = client.get("/sitemap-agreements.xml")

    assert again_index.content == first_index
    assert again_section.content == first_section
    assert again_section["Content-Type"].startswith("application/xml")
    assert f"{HOST}/en/agreements/cached/".encode() in again_section.content


def test_an_agreement_made_a_draft_leaves_the_cached_sitemap_at_once(
    client: Client, db: None
) -> None:
    agreement = AgreementFactory(slug="soon-a-draft")
    assert f"{HOST}/en/agreements/soon-a-draft/" in read_sitemap(client)

    agreement.published = False
    agreement.save()

    assert f"{HOST}/en/agreements/soon-a-draft/" not in read_sitemap(client)


def test_robots_txt_points_to_the_sitemap(client: Client) -> None:
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode().splitlines()
