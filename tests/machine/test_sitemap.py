"""sitemap.xml and robots.txt."""

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


def read_sitemap(client: Client) -> dict[str, dict[str, str]]:
    """Each listed page with its hreflang alternates ({lang: url})."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return {
        url.findtext("s:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        for url in root.findall("s:url", NS)
    }


def test_it_lists_the_founding_record_in_both_languages(
    anonymous_client: Client, founding_record: Agreement
) -> None:
    pages = read_sitemap(anonymous_client)

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
    anonymous_client: Client, draft_agreement: Agreement
) -> None:
    EventFactory(slug="draft-event", published=False)

    pages = read_sitemap(anonymous_client)

    assert f"{HOST}/en/agreements/{draft_agreement.slug}/" not in pages
    assert f"{HOST}/en/events/draft-event/" not in pages


def test_the_x_default_page_redirects_by_the_browsers_language(
    anonymous_client: Client, db: None
) -> None:
    agreement = AgreementFactory()

    response = anonymous_client.get(
        f"/agreements/{agreement.slug}/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9"
    )

    assert response.status_code == 302
    assert response["Location"] == f"/zh-hans/agreements/{agreement.slug}/"


@pytest.mark.parametrize("count", [1, 20])
def test_the_sitemap_query_count_does_not_grow_with_the_number_of_records(
    anonymous_client: Client, db: None, django_assert_num_queries: Any, count: int
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

    # One query per kind: agreements, parties, people, events, fields, regions.
    with django_assert_num_queries(6):
        pages = read_sitemap(anonymous_client)
    assert len(pages) == 6 * count * 2


def test_robots_txt_points_to_the_sitemap(anonymous_client: Client) -> None:
    response = anonymous_client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode().splitlines()
