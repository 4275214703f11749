"""Summaries and places of signing in Chinese: the Chinese page shows them, the English
page the English ones, each falling back to the other when one is blank."""

from __future__ import annotations

import re

from django.test import Client

from agreements.models import Agreement

from .helpers import html_of, jsonld_blocks

PAGE = "/{lang}/agreements/cas-shenzhen-2017/"
SUMMARY_ZH = "中国科学院与深圳市人民政府同意在教育、科技、产业和资本方面合作。"


def chinese_texts(agreement: Agreement) -> None:
    agreement.summary_local = SUMMARY_ZH
    agreement.signed_place_local = "深圳"
    agreement.save()


def test_the_chinese_page_shows_the_chinese_summary_and_place(
    client: Client, founding_record: Agreement
) -> None:
    chinese_texts(founding_record)
    html = html_of(client.get(PAGE.format(lang="zh-hans")))
    assert f'<div class="prose" lang="zh-Hans"><p>{SUMMARY_ZH}</p></div>' in html
    assert '<span lang="zh-Hans">深圳</span>' in html
    visible_part = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
    assert "The Chinese Academy of Sciences and the Shenzhen" not in visible_part


def test_the_english_page_keeps_the_english_summary_and_place(
    client: Client, founding_record: Agreement
) -> None:
    chinese_texts(founding_record)
    html = html_of(client.get(PAGE.format(lang="en")))
    assert "The Chinese Academy of Sciences and the Shenzhen" in html
    assert '<span lang="en">Shenzhen</span>' in html
    assert SUMMARY_ZH not in html.split('<script type="application/ld+json">')[0]


def test_each_page_falls_back_to_the_text_it_has(
    client: Client, founding_record: Agreement
) -> None:
    # Only English: the Chinese page shows it, marked as English.
    html = html_of(client.get(PAGE.format(lang="zh-hans")))
    assert '<div class="prose" lang="en"><p>The Chinese Academy' in html
    # Only Chinese: the English page shows it, marked as Chinese.
    founding_record.summary = ""
    chinese_texts(founding_record)
    html = html_of(client.get(PAGE.format(lang="en")))
    assert f'<div class="prose" lang="zh-Hans"><p>{SUMMARY_ZH}</p></div>' in html


def test_the_jsonld_gives_both_summaries_with_language_tags(
    client: Client, founding_record: Agreement
) -> None:
    chinese_texts(founding_record)
    html = html_of(client.get(PAGE.format(lang="en")))
    (data,) = jsonld_blocks(html)
    assert data["abstract"][1] == {"@value": SUMMARY_ZH, "@language": "zh-Hans"}
    assert data["abstract"][0]["@language"] == "en"
    assert data["locationCreated"]["name"] == [
        {"@value": "Shenzhen", "@language": "en"},
        {"@value": "深圳", "@language": "zh-Hans"},
    ]
