"""Sources without a URL (a printed communiqué, a gazette page) in an agreement's nested
write: identified by publisher, title and publication date together, so writing the same
one again, or citing it from another agreement, reuses the stored source."""

from __future__ import annotations

from typing import Any

from django.test import Client

from agreements.models import Source

from .conftest import AGREEMENTS, agreement_payload, agreement_url, send

COMMUNIQUE = {
    "title": "Joint communiqué on scientific cooperation",
    "publisher": "People's Daily (print edition)",
    "published_on": "2017-07-14",
    "language": "en",
}


def test_it_creates_an_agreement_citing_a_source_without_a_url(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    response = send(feeder_client, "post", AGREEMENTS, agreement_payload(sources=[COMMUNIQUE]))
    assert response.status_code == 201, response.content
    cited = response.json()["sources"]
    assert [(s["url"], s["title"], s["published_on"]) for s in cited] == [
        ("", COMMUNIQUE["title"], "2017-07-14")
    ]
    assert Source.objects.filter(url="").count() == 1


def test_the_same_printed_source_is_found_again_whatever_its_case_and_spacing(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    send(feeder_client, "post", AGREEMENTS, agreement_payload(sources=[COMMUNIQUE]))
    again = {
        **COMMUNIQUE,
        "title": "  joint communiqué on  scientific cooperation",
        "publisher": "PEOPLE'S DAILY (print edition)",
    }
    other = agreement_payload(slug="second", title="Second", sources=[again])
    response = send(feeder_client, "post", AGREEMENTS, other)
    assert response.status_code == 201, response.content
    assert Source.objects.filter(url="").count() == 1
    # A PATCH sending the list again keeps the citation rather than replacing it.
    patch = {"sources": [{**COMMUNIQUE, "supports": "signing date"}]}
    response = send(feeder_client, "patch", agreement_url("cas-shenzhen-2017"), patch)
    assert response.status_code == 200, response.content
    assert response.json()["sources"][0]["supports"] == "signing date"
    assert Source.objects.filter(url="").count() == 1


def test_a_different_date_or_publisher_is_a_different_source(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    sources = [
        COMMUNIQUE,
        {**COMMUNIQUE, "published_on": "2017-07"},
        {**COMMUNIQUE, "publisher": "Guangming Daily"},
    ]
    response = send(feeder_client, "post", AGREEMENTS, agreement_payload(sources=sources))
    assert response.status_code == 201, response.content
    assert Source.objects.filter(url="").count() == 3


def test_it_refuses_the_same_printed_source_twice_in_one_list(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    twice = [COMMUNIQUE, {**COMMUNIQUE, "title": COMMUNIQUE["title"].upper()}]
    response = send(feeder_client, "post", AGREEMENTS, agreement_payload(sources=twice))
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["sources[1].title"]


def test_a_source_without_a_url_needs_its_publisher_and_date(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    bare = {"title": "A communiqué", "language": "en"}
    response = send(feeder_client, "post", AGREEMENTS, agreement_payload(sources=[bare]))
    assert response.status_code == 400
    fields = sorted(e["field"] for e in response.json()["errors"])
    assert fields == ["sources[0].published_on", "sources[0].publisher"]
    assert not Source.objects.exists()
