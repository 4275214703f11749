"""The agreement search page: full text, facets that combine, sorting, paging, links."""

from __future__ import annotations

import re

from django.test import Client

from agreements.models import Agreement
from tests.factories import AgreementFactory, AgreementPartyFactory, PartyFactory

from .helpers import hrefs, html_of, text

LIST = "/en/agreements/"


def titles(html: str) -> list[str]:
    return [text(t) for t in re.findall(r'<h3 class="record-title"[^>]*>(.*?)</h3>', html, re.S)]


def facet_values(html: str, parameter_title: str) -> dict[str, int]:
    """{label: count} of one facet, e.g. facet_values(html, "Field")."""
    section = re.search(
        rf'<fieldset class="facet"[^>]*>\s*<legend><h2>{parameter_title}</h2></legend>'
        r"(.*?)</fieldset>",
        html,
        re.S,
    )
    assert section, parameter_title
    items = re.findall(
        r'<label for="f-[^"]*">(.*?) <span class="count">(\d+)</span></label>', section.group(1)
    )
    return {text(label): int(n) for label, n in items}


def test_search_finds_the_founding_record_by_english_and_chinese_words(
    client: Client, founding_record: Agreement
) -> None:
    for q in ("Shenzhen", "深圳", "中国科学院", "innovation center"):
        html = html_of(client.get(LIST, {"q": q}))
        assert titles(html) == [founding_record.title], q
    assert titles(html_of(client.get(LIST, {"q": "Atlantis"}))) == []


def test_an_empty_result_says_so_and_how_to_widen_it(
    client: Client, founding_record: Agreement
) -> None:
    page = text(html_of(client.get(LIST, {"q": "Atlantis"})))
    assert "0 agreements" in page
    assert "No agreement matches this search." in page
    assert "Show all agreements" in page


def test_facets_combine_and_count_the_alternatives(
    client: Client, founding_record: Agreement, siat_agreement: Agreement
) -> None:
    html = html_of(client.get(LIST))
    assert facet_values(html, "Field")["Science"] == 2
    assert facet_values(html, "Field")["Capital"] == 1
    assert facet_values(html, "Year signed") == {"2019": 1, "2017": 1}

    by_field = html_of(client.get(LIST, {"field": "science"}))
    assert set(titles(by_field)) == {founding_record.title, siat_agreement.title}
    # Within a facet the counts ignore its own choice: the other fields stay reachable.
    assert facet_values(by_field, "Field")["Capital"] == 1
    # Other facets count within the chosen field.
    assert facet_values(by_field, "Party") == {
        "Chinese Academy of Sciences": 1,
        "Shenzhen Municipal People's Government": 1,
        "Shenzhen Institutes of Advanced Technology": 1,
    }

    both = html_of(client.get(LIST, {"field": "science", "signed_year": "2019"}))
    assert titles(both) == [siat_agreement.title]
    assert facet_values(both, "Field") == {"Science": 1}
    assert facet_values(both, "Year signed") == {"2019": 1, "2017": 1}

    none = html_of(client.get(LIST, {"field": "capital", "signed_year": "2019"}))
    assert titles(none) == []


def test_the_party_facet_includes_sub_units_on_request(
    client: Client, founding_record: Agreement, siat_agreement: Agreement
) -> None:
    own = html_of(client.get(LIST, {"party": "cas"}))
    assert titles(own) == [founding_record.title]
    assert "?party=cas&include_subunits=1" in hrefs(own)
    units = html_of(client.get(LIST, {"party": "cas", "include_subunits": "1"}))
    assert set(titles(units)) == {founding_record.title, siat_agreement.title}
    assert "Party: Chinese Academy of Sciences (with sub-units)" in text(units)
    with_field = html_of(
        client.get(LIST, {"party": "cas", "include_subunits": "1", "field": "capital"})
    )
    assert titles(with_field) == [founding_record.title]


def test_the_country_kind_and_status_facets_filter(
    client: Client, founding_record: Agreement
) -> None:
    german = AgreementFactory(title="German agreement", kind="memorandum_of_understanding")
    AgreementPartyFactory(agreement=german, party=PartyFactory(country="DE"))
    html = html_of(client.get(LIST))
    assert facet_values(html, "Country") == {"China": 1, "Germany": 1}
    assert facet_values(html, "Kind") == {
        "Cooperation agreement": 1,
        "Memorandum of understanding": 1,
    }
    assert titles(html_of(client.get(LIST, {"party_country": "DE"}))) == ["German agreement"]
    assert titles(html_of(client.get(LIST, {"kind": "cooperation_agreement"}))) == [
        founding_record.title
    ]
    assert titles(html_of(client.get(LIST, {"status": "in_force", "party_country": "CN"}))) == [
        founding_record.title
    ]


def test_facet_checkboxes_submit_with_the_search_and_its_order_but_not_the_page(
    client: Client, founding_record: Agreement
) -> None:
    html = html_of(client.get(LIST, {"q": "Shenzhen", "page": "1", "ordering": "title"}))
    form = re.search(r'<form id="agreement-search".*?</form>', html, re.S)
    assert form and 'name="q" type="search" value="Shenzhen"' in form.group(0)
    assert 'name="page"' not in html
    # The checkboxes sit in the filter panel but belong to the search form.
    assert re.search(
        r'<input type="checkbox" id="f-field-\d+" name="field" value="science" '
        r'form="agreement-search">',
        html,
    )
    assert "?ordering=title" in hrefs(html)  # removing the search term


def test_an_invalid_filter_value_is_reported_not_ignored(
    client: Client, founding_record: Agreement
) -> None:
    html = html_of(client.get(LIST, {"field": "no-such-field"}))
    assert titles(html) == []
    assert "Some of the filters in this address are not valid" in html
    assert "<code>field</code>" in html


def test_results_sort_and_page(client: Client, db: None) -> None:
    for n in range(25):
        AgreementFactory(title=f"Agreement {n:02d}", signed_on=f"{2000 + n}")
    newest = html_of(client.get(LIST))
    assert titles(newest)[:2] == ["Agreement 24", "Agreement 23"]
    assert len(titles(newest)) == 20
    assert "Showing 1–20 of 25" in text(newest)
    assert "?page=2" in hrefs(newest)
    second = html_of(client.get(LIST, {"page": "2"}))
    assert "Showing 21–25 of 25" in text(second)
    assert titles(second) == [f"Agreement {n:02d}" for n in range(4, -1, -1)]
    oldest = html_of(client.get(LIST, {"ordering": "signed_on"}))
    assert titles(oldest)[:2] == ["Agreement 00", "Agreement 01"]
    by_title = html_of(client.get(LIST, {"ordering": "title", "page": "2"}))
    assert titles(by_title)[0] == "Agreement 20"
    assert "?ordering=title&page=1" in hrefs(by_title)


def test_the_results_link_to_the_same_query_as_csv_and_in_the_api(
    client: Client, founding_record: Agreement
) -> None:
    html = html_of(client.get(LIST, {"field": "science", "party": "cas", "page": "1"}))
    links = hrefs(html)
    assert "/api/agreements/?field=science&party=cas&format=csv" in links
    assert "/api/agreements/?field=science&party=cas" in links
    api = client.get("/api/agreements/?field=science&party=cas")
    assert [a["slug"] for a in api.json()["results"]] == ["cas-shenzhen-2017"]
    csv = client.get("/api/agreements/?field=science&party=cas&format=csv")
    assert csv.status_code == 200
    assert "cas-shenzhen-2017" in csv.getvalue().decode()


def test_the_home_page_counts_and_offers_entry_points(
    client: Client, founding_record: Agreement, draft: Agreement
) -> None:
    html = html_of(client.get("/en/"))
    page = text(html)
    assert "1 agreement 2 parties 1 event" in page
    assert "Latest agreements " + founding_record.title in page
    links = hrefs(html)
    for link in (
        "/en/fields/science/",
        "/en/regions/greater-bay-area/",
        "/en/parties/cas/",
        "/en/agreements/?signed_year=2017",
    ):
        assert link in links
    assert draft.title not in page
