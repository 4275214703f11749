"""The one search box: /<lang>/search/, its suggestions and its Atom feed.

Run on SQLite and on PostgreSQL (DATABASE_URL): the loose matching differs underneath
(kernel/fuzzy.py) and must keep the same promises on both.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from agreements.models import Agreement
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    EventFactory,
    PartyFactory,
    PersonFactory,
    RegionFactory,
)

from .helpers import html_of, text

SEARCH = "/en/search/"
SUGGEST = "/en/search/suggest/"
FEED = "/en/feeds/search.atom"
MARKER = "Quokkamarker"

Counter = Callable[..., DjangoAssertNumQueries]


def groups(html: str) -> dict[str, list[str]]:
    """{group title: [hit labels]} of a search page."""
    found = {}
    for title, body in re.findall(
        r'<section class="search-group"[^>]*>\s*<h2[^>]*>(.*?) <span class="count">.*?</h2>'
        r"(.*?)</section>",
        html,
        re.S,
    ):
        labels = re.findall(r'<h3 class="record-title"[^>]*>(.*?)</h3>', body, re.S)
        found[text(title)] = [text(label) for label in labels]
    return found


def found(client: Client, q: str, **params: str) -> dict[str, list[str]]:
    return groups(html_of(client.get(SEARCH, {"q": q, **params})))


# Tolerance -------------------------------------------------------------------------------


def test_a_misspelt_name_finds_the_party(client: Client, founding_record: Agreement) -> None:
    assert "Shenzhen Municipal People's Government" in found(client, "Shenzen")["Parties"]
    assert found(client, "Chinse Academy")["Parties"][0] == "Chinese Academy of Sciences"


def test_traditional_script_finds_what_is_recorded_in_simplified(
    client: Client, founding_record: Agreement
) -> None:
    results = found(client, "中國科學院")
    assert results["Parties"][0] == "Chinese Academy of Sciences"
    assert results["Agreements"] == [founding_record.title]


def test_pinyin_finds_a_person_recorded_in_characters_and_back(
    client: Client, founding_record: Agreement
) -> None:
    for q in ("Bai Chunli", "chunli bai", "baichunli", "白春礼", "白春禮"):
        assert found(client, q).get("People") == ["BAI Chunli"], q
    # Someone recorded only in pinyin is found by the characters of the name.
    PersonFactory(name="LIU Yang", slug="liu-yang")
    assert found(client, "刘洋").get("People") == ["LIU Yang"]


def test_a_short_query_matches_only_as_written(client: Client, db: None) -> None:
    PartyFactory(name="Kiel University")
    assert found(client, "Kiel")["Parties"] == ["Kiel University"]
    # Too short to be taken for a misspelling of anything.
    assert found(client, "Kiex") == {}


# Grouping --------------------------------------------------------------------------------


def test_results_are_grouped_with_a_link_to_all_of_each_group(client: Client, db: None) -> None:
    for n in range(7):
        party = PartyFactory(name=f"Zephyr Institute {n}")
        agreement = AgreementFactory(title=f"Zephyr accord {n}", signed_place="Zephyr Bay")
        AgreementPartyFactory(agreement=agreement, party=party)
    EventFactory(title="Zephyr forum")
    RegionFactory(name="Zephyr coast")
    html = html_of(client.get(SEARCH, {"q": "zephyr"}))
    results = groups(html)
    assert list(results) == ["Agreements", "Parties", "Events", "Places"]
    assert len(results["Agreements"]) == len(results["Parties"]) == 5
    assert results["Events"] == ["Zephyr forum"]
    assert results["Places"] == ["Zephyr coast", "Zephyr Bay"]
    assert 'href="/en/agreements/?q=zephyr"' in html
    assert 'href="/en/search/?q=zephyr&amp;kind=parties"' in html
    assert text(html).count("See all 7 matches") == 2

    all_parties = html_of(client.get(SEARCH, {"q": "zephyr", "kind": "parties"}))
    assert len(groups(all_parties)["Parties"]) == 7
    assert 'href="/en/parties/' in all_parties


def test_the_page_says_what_to_do_when_empty_or_nothing_matches(client: Client, db: None) -> None:
    empty = text(html_of(client.get(SEARCH)))
    assert "Type a name in English or Chinese" in empty
    nothing = text(html_of(client.get(SEARCH, {"q": "Atlantis"})))
    assert "Nothing matches “Atlantis”." in nothing
    assert "Try fewer words" in nothing


def test_the_page_reads_in_chinese(client: Client, founding_record: Agreement) -> None:
    html = html_of(client.get("/zh-hans/search/", {"q": "Shenzhen"}))
    assert '<html lang="zh-Hans">' in html
    # Chinese names first, whatever the groups are called.
    assert ["深圳先进技术研究院" in labels[0] or labels[0] == "深圳市人民政府"
            for labels in groups(html).values()]  # fmt: skip
    assert "深圳市人民政府" in [label for labels in groups(html).values() for label in labels]


# Drafts ----------------------------------------------------------------------------------


@pytest.fixture
def drafts(founding_record: Agreement) -> None:
    """A draft agreement and a draft event, the marker word in every name and place."""
    draft = AgreementFactory(
        title=f"{MARKER} accord", signed_place=f"{MARKER} City", published=False
    )
    AgreementPartyFactory(agreement=draft, party=founding_record.parties.first())
    EventFactory(title=f"{MARKER} gala", place=f"{MARKER} Hall", published=False)


@pytest.mark.usefixtures("drafts")
def test_drafts_are_found_by_no_route_of_the_search(client: Client) -> None:
    for q in (MARKER, MARKER.lower(), "Quokkamarkr"):
        page = client.get(SEARCH, {"q": q}).content.decode()
        assert groups(page) == {}, q
        for kind in ("events", "places"):
            assert groups(client.get(SEARCH, {"q": q, "kind": kind}).content.decode()) == {
                kind.capitalize(): []
            }
        assert client.get(SUGGEST, {"q": q}).json()["groups"] == []
        assert f"{MARKER} accord" not in client.get(FEED, {"q": q}).content.decode()


@pytest.mark.usefixtures("drafts")
def test_staff_find_drafts(editor_client: Client) -> None:
    results = found(editor_client, MARKER)
    assert results["Agreements"] == [f"{MARKER} accord"]
    assert results["Events"] == [f"{MARKER} gala"]


# Bad input -------------------------------------------------------------------------------


def test_a_refused_query_is_a_400_naming_the_parameter(client: Client, db: None) -> None:
    for q in ("x" * 201, "Shen\x00zhen", "Shen\x1bzhen"):
        response = client.get(SEARCH, {"q": q})
        assert response.status_code == 400, repr(q)
        assert "The search (q)" in text(response.content.decode())
        assert client.get(SUGGEST, {"q": q}).status_code == 400
        assert client.get(FEED, {"q": q}).status_code == 400
    assert client.get(SEARCH, {"q": "x", "kind": "spaceships"}).status_code == 400
    assert client.get(FEED).status_code == 400
    assert client.get(SEARCH, {"q": "x" * 200}).status_code == 200


def test_search_syntax_does_not_break_the_page(client: Client, founding_record: Agreement) -> None:
    for q in ('"unclosed', "-", "or", "100%", "a_b", "\\", "'; drop table", "深圳 OR -北京"):
        assert client.get(SEARCH, {"q": q}).status_code == 200, q
        assert client.get(SUGGEST, {"q": q}).status_code == 200, q


# Suggestions and the feed ---------------------------------------------------------------


def test_suggestions_are_a_few_labelled_links_per_group(
    client: Client, founding_record: Agreement
) -> None:
    response = client.get(SUGGEST, {"q": "Shenzhen"})
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["q"] == "Shenzhen"
    assert data["search_url"] == "/en/search/?q=Shenzhen"
    kinds = [group["kind"] for group in data["groups"]]
    assert kinds == ["agreements", "parties", "events", "places"]
    for group in data["groups"]:
        assert group["title"] and 1 <= len(group["items"]) <= 3
        for item in group["items"]:
            assert set(item) == {"label", "kind", "url", "detail"}
            assert item["kind"] == group["kind"] and item["url"].startswith("/en/")
    parties = next(g for g in data["groups"] if g["kind"] == "parties")
    assert {"label": "Shenzhen Municipal People's Government", "kind": "parties",
            "url": "/en/parties/shenzhen/", "detail": ""} in parties["items"]  # fmt: skip
    assert client.get(SUGGEST).json() == {"q": "", "search_url": "/en/search/?q=", "groups": []}


def test_a_search_has_an_atom_feed_announced_on_its_page(
    client: Client, founding_record: Agreement
) -> None:
    later = AgreementFactory(title="Shenzhen follow-up accord")
    AgreementFactory(title="Unrelated accord")
    html = html_of(client.get(SEARCH, {"q": "Shenzhen"}))
    link = (
        '<link rel="alternate" type="application/atom+xml" href="/en/feeds/search.atom?q=Shenzhen"'
    )
    assert link in html
    assert "subscribe (Atom feed of matching agreements)" in text(html)

    feed = client.get(FEED, {"q": "Shenzhen"})
    assert feed["Content-Type"].startswith("application/atom+xml")
    titles = re.findall(r"<entry><title>(.*?)</title>", feed.content.decode())
    assert titles == [later.title, founding_record.title]  # newest first
    assert 'href="http://testserver/en/feeds/search.atom?q=Shenzhen" rel="self"' in (
        feed.content.decode()
    )


def test_every_page_has_the_search_box_and_its_script(client: Client, db: None) -> None:
    for path, action in (("/en/", "/en/search/"), ("/zh-hans/", "/zh-hans/search/")):
        html = html_of(client.get(path))
        assert f'<form class="header-search" action="{action}" method="get" role="search"' in (html)
        assert re.search(r'<script src="[^"]*js/search-suggest\.js" defer></script>', html)
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*ld\+json)", html)


# Query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 12])
def test_the_page_takes_the_same_queries_however_many_match(
    client: Client, django_assert_num_queries: Counter, db: None, count: int
) -> None:
    for n in range(count):
        party = PartyFactory(name=f"Zephyr Institute {n}")
        agreement = AgreementFactory(title=f"Zephyr accord {n}", signed_place=f"Zephyr {n}")
        AgreementPartyFactory(agreement=agreement, party=party)
        EventFactory(title=f"Zephyr forum {n}")
        PersonFactory(name=f"ZEPHYR Person{n}")
        RegionFactory(name=f"Zephyr coast {n}")
    # A page of hits and their count for each of parties, people, events, regions and
    # places of signing; for agreements, the ids of the ranked matches (also the count, and
    # on PostgreSQL whether anything matches exactly) and the page read by them.
    with django_assert_num_queries(12):
        html_of(client.get(SEARCH, {"q": "zephyr"}))
    # One kind in full: its page and its count.
    with django_assert_num_queries(2):
        html_of(client.get(SEARCH, {"q": "zephyr", "kind": "events"}))
    # The suggestions: a few hits of each kind, no counts (agreements: ids, then page).
    with django_assert_num_queries(7):
        client.get(SUGGEST, {"q": "zephyr"})
