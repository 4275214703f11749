"""The public pages of the founding record, in English and in Chinese."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from agreements.models import Agreement

from .helpers import element_with_class, first, hrefs, html_of, jsonld_blocks, text

LANGUAGES = ["en", "zh-hans"]
FOUNDING_PAGES = [
    "",
    "agreements/",
    "agreements/?q=Shenzhen",
    "agreements/cas-shenzhen-2017/",
    "parties/cas/",
    "parties/cas/?include_subunits=1",
    "parties/shenzhen/",
    "parties/siat/",
    "people/bai-chunli/",
    "people/wang-weizhong/",
    "events/cas-shenzhen-symposium-2017/",
    "fields/science/",
    "regions/greater-bay-area/",
]
TITLE_EN = (
    "Agreement to jointly promote the Construction of Shenzhen International Science "
    "and Technology Industry Innovation Center"
)
TITLE_ZH = "共同推进建设深圳国际科技产业创新中心合作协议书"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", FOUNDING_PAGES)
def test_every_page_of_the_founding_record_renders_in_both_languages(
    client: Client, founding_record: Agreement, lang: str, path: str
) -> None:
    response = client.get(f"/{lang}/{path}")
    html = html_of(response)
    assert response["Content-Language"] == lang
    expected_lang = "zh-Hans" if lang == "zh-hans" else "en"
    assert f'<html lang="{expected_lang}">' in html


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", FOUNDING_PAGES)
def test_pages_have_no_inline_style_or_script_but_the_json_ld_block(
    client: Client, founding_record: Agreement, lang: str, path: str
) -> None:
    html = html_of(client.get(f"/{lang}/{path}"))
    assert not re.search(r"\sstyle\s*=", html)
    assert "<style" not in html
    scripts = re.findall(r"<script\b[^>]*>", html)
    # JSON-LD, or a file of this site's (the CSP's script-src 'self'), never inline code.
    allowed = re.compile(
        r'<script type="application/ld\+json">|<script src="/static/js/[\w-]+\.js" defer>'
    )
    assert all(allowed.fullmatch(tag) for tag in scripts), scripts
    assert not re.search(r"\son[a-z]+\s*=", html)  # no inline event handlers
    # Every asset is served by the app itself.
    assert not re.search(r'(src|href)="https?://(?!testserver)[^"]*\.(css|js|woff2?)"', html)


@pytest.mark.parametrize(
    ("accept_language", "target"),
    [
        ("en-GB,en;q=0.9", "/en/"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "/zh-hans/"),
        ("zh", "/zh-hans/"),
        ("fr-FR,fr;q=0.9", "/en/"),
        ("", "/en/"),
    ],
)
def test_the_root_redirects_by_the_browsers_language(
    client: Client, db: None, accept_language: str, target: str
) -> None:
    response = client.get("/", headers={"accept-language": accept_language})
    assert response.status_code == 302
    assert response["Location"] == target


def test_a_page_without_its_language_prefix_redirects_to_the_browsers_language(
    client: Client, founding_record: Agreement
) -> None:
    response = client.get("/agreements/cas-shenzhen-2017/", headers={"accept-language": "zh-CN"})
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/agreements/cas-shenzhen-2017/"


def test_the_english_page_shows_the_english_title_first(
    client: Client, founding_record: Agreement
) -> None:
    html = html_of(client.get("/en/agreements/cas-shenzhen-2017/"))
    assert first("h1", html) == TITLE_EN
    assert element_with_class("title-alt", html) == TITLE_ZH
    assert '<p class="title-alt" lang="zh">' in html


def test_the_chinese_page_shows_the_chinese_title_first(
    client: Client, founding_record: Agreement
) -> None:
    html = html_of(client.get("/zh-hans/agreements/cas-shenzhen-2017/"))
    assert first("h1", html) == TITLE_ZH
    assert element_with_class("title-alt", html) == TITLE_EN
    assert first("title", html).startswith(TITLE_ZH)


def test_the_chinese_pages_name_parties_in_chinese_first(
    client: Client, founding_record: Agreement
) -> None:
    html = html_of(client.get("/zh-hans/parties/cas/"))
    assert first("h1", html) == "中国科学院 (CAS)"
    assert element_with_class("title-alt", html) == "Chinese Academy of Sciences"
    english = html_of(client.get("/en/parties/cas/"))
    assert first("h1", english) == "Chinese Academy of Sciences (CAS)"


def test_the_interface_is_translated(client: Client, founding_record: Agreement) -> None:
    html = html_of(client.get("/zh-hans/agreements/cas-shenzhen-2017/"))
    assert "来源" in html  # "Sources"
    assert "签字人和见证人" in html  # "Signatories and witnesses"
    assert "Signatories and witnesses" not in html


@pytest.mark.parametrize(
    ("lang", "signed"),
    [("en", "3 December 2017, Shenzhen"), ("zh-hans", "2017年12月3日, Shenzhen")],
)
def test_the_signing_date_is_shown_to_the_day(
    client: Client, founding_record: Agreement, lang: str, signed: str
) -> None:
    html = html_of(client.get(f"/{lang}/agreements/cas-shenzhen-2017/"))
    assert signed in text(html)
    assert '<time datetime="2017-12-03">' in html


@pytest.mark.parametrize(
    ("signed_on", "lang", "shown"),
    [
        ("2017-07", "en", "July 2017"),
        ("2017-07", "zh-hans", "2017年7月"),
        ("2018", "en", "2018"),
        ("2018", "zh-hans", "2018年"),
    ],
)
def test_dates_known_to_the_month_or_year_are_shown_at_that_precision(
    client: Client, db: None, signed_on: str, lang: str, shown: str
) -> None:
    from tests.factories import AgreementFactory

    agreement = AgreementFactory(signed_on=signed_on)
    html = html_of(client.get(f"/{lang}/agreements/{agreement.slug}/"))
    signed = re.search(r'<time datetime="([^"]+)">([^<]+)</time>', html)
    assert signed is not None
    assert signed.groups() == (signed_on, shown)
    assert "1 July" not in html and "7月1日" not in html


def test_the_agreement_page_says_who_signed_is_not_stated(
    client: Client, founding_record: Agreement
) -> None:
    html = html_of(client.get("/en/agreements/cas-shenzhen-2017/"))
    assert "Who signed is not stated in the sources" in html


def test_the_agreement_page_lists_parties_with_the_body_they_belong_to(
    client: Client, founding_record: Agreement
) -> None:
    from parties.models import Party
    from tests.factories import AgreementFactory, AgreementPartyFactory

    agreement = AgreementFactory()
    AgreementPartyFactory(agreement=agreement, party=Party.objects.get(slug="siat"))
    html = html_of(client.get(f"/en/agreements/{agreement.slug}/"))
    assert "Part of Chinese Academy of Sciences" in text(html)
    assert "/en/parties/cas/" in hrefs(html)


def test_signatories_are_shown_with_the_title_they_held(
    client: Client, founding_record: Agreement
) -> None:
    from parties.models import Person
    from tests.factories import AgreementFactory, SignatureFactory

    agreement = AgreementFactory()
    SignatureFactory(
        agreement=agreement, person=Person.objects.get(slug="bai-chunli"), title="President"
    )
    html = html_of(client.get(f"/en/agreements/{agreement.slug}/"))
    assert "Signed by BAI Chunli, President — for" in text(html)
    assert "not stated in the sources" not in html


def test_the_timeline_puts_the_symposium_before_the_signing(
    client: Client, founding_record: Agreement
) -> None:
    html = html_of(client.get("/en/agreements/cas-shenzhen-2017/"))
    timeline = re.search(r'<ol class="timeline">(.*?)</ol>', html, re.S)
    assert timeline is not None
    items = [text(i) for i in re.findall(r"<li>(.*?)</li>", timeline.group(1), re.S)]
    assert items == [
        "3 December 2017 Symposium on science and technology cooperation between CAS and "
        "Shenzhen Symposium · Shenzhen",
        "3 December 2017 Agreement signed, Shenzhen",
    ]


def test_every_source_is_shown_with_publisher_date_language_excerpt_and_link(
    client: Client, founding_record: Agreement
) -> None:
    html = html_of(client.get("/en/agreements/cas-shenzhen-2017/"))
    page = text(html)
    assert "http://english.siat.ac.cn/News2017/SN2017/201712/t20171205_187123.html" in hrefs(html)
    assert "http://www.gov.cn/xinwen/2017-12/04/content_5244271.htm" in hrefs(html)
    assert (
        "Shenzhen Institutes of Advanced Technology, Chinese Academy of Sciences · "
        "5 December 2017 · English"
    ) in page
    assert "Xinhua News Agency, reprinted by www.gov.cn · 4 December 2017 · Chinese" in page
    assert "Two sides held a symposium before signing the Agreement." in page
    xinhua = "http://www.gov.cn/xinwen/2017-12/04/content_5244271.htm"
    assert f'<blockquote cite="{xinhua}" lang="zh"><p>{TITLE_ZH}</p></blockquote>' in html


def test_the_agreement_page_shows_fields_regions_commitments_and_last_change(
    client: Client, founding_record: Agreement
) -> None:
    page = text(html_of(client.get("/en/agreements/cas-shenzhen-2017/")))
    for field in ("Education", "Science", "Technology", "Industry", "Capital"):
        assert field in page
    assert "Guangdong–Hong Kong–Macao Greater Bay Area" in page
    assert "Pan-Pearl-River Delta region" in page
    assert (
        "Co-build the Shenzhen campus of the University of Chinese Academy of Sciences Planned"
        in page
    )
    assert f"Last changed {founding_record.updated_at:%b}" in page


def test_related_agreements_are_shown_in_both_directions(
    client: Client, founding_record: Agreement, renewal: Agreement
) -> None:
    founding = text(html_of(client.get("/en/agreements/cas-shenzhen-2017/")))
    assert "Renewed by Renewed cooperation agreement (2022)" in founding
    later = text(html_of(client.get(f"/en/agreements/{renewal.slug}/")))
    assert f"Renews {TITLE_EN} (3 December 2017)" in later
    chinese = text(html_of(client.get("/zh-hans/agreements/cas-shenzhen-2017/")))
    assert "续签为 Renewed cooperation agreement" in chinese


def test_the_party_page_toggles_the_agreements_of_its_sub_units(
    client: Client, siat_agreement: Agreement
) -> None:
    own = text(html_of(client.get("/en/parties/cas/")))
    assert "1 agreement" in own and "SIAT robotics agreement" not in own
    with_units = text(html_of(client.get("/en/parties/cas/?include_subunits=1")))
    assert "2 agreements" in with_units and "SIAT robotics agreement" in with_units


def test_the_party_page_shows_names_structure_partners(
    client: Client, founding_record: Agreement
) -> None:
    page = text(html_of(client.get("/en/parties/cas/")))
    assert "English Chinese Academy of Sciences Own language 中国科学院 Abbreviation CAS" in page
    assert "Also known as Chinese Academy of Science" in page
    assert "Sub-units Shenzhen Institutes of Advanced Technology · University of Chinese" in page
    assert "Partners Shenzhen Municipal People's Government 1 agreement" in page
    siat = text(html_of(client.get("/en/parties/siat/")))
    assert "Part of Chinese Academy of Sciences" in siat


def test_the_person_and_event_pages_tell_what_the_sources_say(
    client: Client, founding_record: Agreement
) -> None:
    person = text(html_of(client.get("/en/people/bai-chunli/")))
    assert "BAI Chunli" in person and "白春礼" in person
    assert "President, Chinese Academy of Sciences (2011 – 2020)" in person
    assert "Guest · Chinese Academy of Sciences · 3 December 2017" in person
    event = text(html_of(client.get("/zh-hans/events/cas-shenzhen-symposium-2017/")))
    assert "王伟中 WANG Weizhong 主办方 · 深圳市人民政府" in event
    assert "2017年12月3日" in event


@pytest.mark.parametrize(
    ("path", "expected_type"),
    [
        ("agreements/cas-shenzhen-2017/", "CreativeWork"),
        ("parties/cas/", "ResearchOrganization"),
        ("parties/shenzhen/", "GovernmentOrganization"),
        ("parties/ucas/", "CollegeOrUniversity"),
        ("people/bai-chunli/", "Person"),
        ("events/cas-shenzhen-symposium-2017/", "Event"),
    ],
)
def test_record_pages_carry_json_ld_of_the_expected_type(
    client: Client, founding_record: Agreement, path: str, expected_type: str
) -> None:
    (data,) = jsonld_blocks(html_of(client.get(f"/en/{path}")))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == expected_type
    assert data["url"] == f"http://testserver/en/{path}"


def test_the_agreements_json_ld_states_the_record(
    client: Client, founding_record: Agreement
) -> None:
    (data,) = jsonld_blocks(html_of(client.get("/zh-hans/agreements/cas-shenzhen-2017/")))
    assert data["name"] == TITLE_EN
    assert data["alternateName"] == [TITLE_ZH]
    assert data["dateCreated"] == "2017-12-03"
    assert [c["@id"] for c in data["creator"]] == [
        "http://testserver/zh-hans/parties/cas/",
        "http://testserver/zh-hans/parties/shenzhen/",
    ]
    assert {c["url"] for c in data["citation"]} == {
        "http://english.siat.ac.cn/News2017/SN2017/201712/t20171205_187123.html",
        "http://www.gov.cn/xinwen/2017-12/04/content_5244271.htm",
    }


def test_json_ld_cannot_be_closed_by_a_title(client: Client, db: None) -> None:
    from tests.factories import AgreementFactory

    agreement = AgreementFactory(title="Evil </script><script>alert(1)</script> & co")
    html = html_of(client.get(f"/en/agreements/{agreement.slug}/"))
    assert "<script>alert(1)" not in html
    (data,) = jsonld_blocks(html)
    assert data["name"] == "Evil </script><script>alert(1)</script> & co"


def test_pages_link_their_canonical_address_and_language_alternates(
    client: Client, founding_record: Agreement
) -> None:
    html = html_of(client.get("/zh-hans/agreements/cas-shenzhen-2017/?utm=x"))
    base = "http://testserver"
    assert f'<link rel="canonical" href="{base}/zh-hans/agreements/cas-shenzhen-2017/">' in html
    assert (
        f'<link rel="alternate" hreflang="en" href="{base}/en/agreements/cas-shenzhen-2017/?utm=x">'
        in html
    )
    assert (
        f'<link rel="alternate" hreflang="x-default" href="{base}/agreements/cas-shenzhen-2017/">'
        in html
    )  # noqa: E501
    assert '<meta property="og:locale" content="zh_CN">' in html
    assert f'<meta property="og:title" content="{TITLE_ZH}">' in html
    # The language switcher leads to the same page in English.
    assert f"{base}/en/agreements/cas-shenzhen-2017/?utm=x" in hrefs(html)


def test_an_unknown_slug_is_a_helpful_404(client: Client, db: None) -> None:
    response = client.get("/zh-hans/agreements/no-such-agreement/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面未找到" in html
    assert 'action="/zh-hans/agreements/"' in html


def test_the_partys_json_ld_states_names_country_and_structure(
    client: Client, founding_record: Agreement
) -> None:
    (data,) = jsonld_blocks(html_of(client.get("/en/parties/cas/")))
    assert data["name"] == "Chinese Academy of Sciences"
    assert data["alternateName"] == ["中国科学院", "CAS", "Chinese Academy of Science"]
    assert data["address"] == {"@type": "PostalAddress", "addressCountry": "CN"}
    assert {s["@id"] for s in data["subOrganization"]} == {
        "http://testserver/en/parties/siat/",
        "http://testserver/en/parties/ucas/",
    }


def test_party_and_field_pages_announce_their_atom_feeds(
    client: Client, founding_record: Agreement
) -> None:
    party = html_of(client.get("/zh-hans/parties/cas/"))
    assert 'type="application/atom+xml" href="/zh-hans/feeds/parties/cas.atom"' in party
    field = html_of(client.get("/en/fields/science/"))
    assert 'type="application/atom+xml" href="/en/feeds/fields/science.atom"' in field
    assert client.get("/en/feeds/fields/science.atom").status_code == 200
    assert client.get("/zh-hans/feeds/parties/cas.atom").status_code == 200
