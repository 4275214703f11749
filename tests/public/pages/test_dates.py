"""Every date a public page shows reads alike in each language: "3 December 2017" (or
"December 2017", "2017") in English, "2017年12月3日" in Chinese; the moment a record last
changed included."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from agreements.models import Agreement

from .helpers import html_of, text

PAGES = [
    "agreements/",
    "agreements/cas-shenzhen-2017/",
    "parties/cas/",
    "parties/siat/",
    "people/bai-chunli/",
    "events/cas-shenzhen-symposium-2017/",
    "fields/science/",
]
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
ONE_FORMAT = {
    "en": re.compile(rf"(\d{{1,2}} (?:{MONTHS}) \d{{4}}|(?:{MONTHS}) \d{{4}}|\d{{4}})"),
    "zh-hans": re.compile(r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?"),
}
# What Django's own date formats would print instead: "Nov. 30, 2026", "2026-11-30".
OTHER_FORMATS = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.|\b[A-Z][a-z]+ \d{1,2}, \d{4}"
)


def shown_dates(html: str) -> list[str]:
    return [text(t) for t in re.findall(r"<time\b[^>]*>(.*?)</time>", html, re.S)]


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_every_date_of_the_public_pages_has_the_languages_one_format(
    client: Client, founding_record: Agreement, lang: str
) -> None:
    seen = 0
    for path in PAGES:
        html = html_of(client.get(f"/{lang}/{path}"))
        for shown in shown_dates(html):
            assert ONE_FORMAT[lang].fullmatch(shown), (path, shown)
            seen += 1
        assert not OTHER_FORMATS.search(text(html)), path
    assert seen >= 10


def test_last_changed_reads_like_the_signing_date_in_both_languages(
    client: Client, founding_record: Agreement
) -> None:
    moment = dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC)
    Agreement.objects.filter(pk=founding_record.pk).update(updated_at=moment)
    english = html_of(client.get("/en/agreements/cas-shenzhen-2017/"))
    chinese = html_of(client.get("/zh-hans/agreements/cas-shenzhen-2017/"))
    day = timezone.localtime(moment)
    assert f"Last changed {day.day} November 2026" in text(english)
    assert "Signed 3 December 2017" in text(english)
    assert f"2026年11月{day.day}日" in shown_dates(chinese)
    assert "2017年12月3日" in shown_dates(chinese)
