"""Every feed is discoverable: announced in the page head for feed readers and, on party
and field pages, a visible "Subscribe" link beside the e-mail one."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from agreements.models import Agreement

from .helpers import html_of

ALTERNATE = re.compile(r'<link rel="alternate" type="([^"]+)" href="([^"]+)"')


def announced(html: str) -> dict[str, set[str]]:
    """The feeds in the page head, by media type."""
    head = html.split("</head>")[0]
    feeds: dict[str, set[str]] = {}
    for media_type, href in ALTERNATE.findall(head):
        feeds.setdefault(media_type, set()).add(href)
    return feeds


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_every_page_announces_the_agreement_feed_and_the_events_calendar(
    client: Client, founding_record: Agreement, lang: str
) -> None:
    for path in (f"/{lang}/", f"/{lang}/agreements/cas-shenzhen-2017/"):
        feeds = announced(html_of(client.get(path)))
        assert f"/{lang}/feeds/agreements.atom" in feeds["application/atom+xml"]
        assert feeds["text/calendar"] == {f"/{lang}/events.ics"}
    assert client.get(f"/{lang}/events.ics").status_code == 200


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("/en/parties/cas/", "/en/feeds/parties/cas.atom"),
        ("/zh-hans/parties/cas/", "/zh-hans/feeds/parties/cas.atom"),
        ("/en/fields/science/", "/en/feeds/fields/science.atom"),
    ],
)
def test_party_and_field_pages_announce_and_link_their_own_feed(
    client: Client, founding_record: Agreement, page: str, feed: str
) -> None:
    html = html_of(client.get(page))
    assert feed in announced(html)["application/atom+xml"]
    assert f'<p class="feed-link"><a href="{feed}" type="application/atom+xml">' in html
    assert 'class="subscribe-link"' in html
    assert client.get(feed).status_code == 200
