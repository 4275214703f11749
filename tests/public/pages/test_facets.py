"""The search page's facets: several values each (any of them), counts that leave out the
facet's own choice, a chip per chosen value, the signing-date range, the party facet's
search and "more", and drafts counted by no one who may not see them."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from agreements.models import Agreement
from public.facets import PARTY_FACET_SIZE
from tests.factories import AgreementFactory, PartyFactory

from .helpers import hrefs, html_of, text
from .test_search import LIST, facet_values, titles


@pytest.fixture
def three_years(db: None) -> dict[str, Agreement]:
    """Agreements signed in 2017 (a memorandum), 2019 and 2021, each with its own party;
    the 2019 one also with a German party."""
    german = PartyFactory(name="Max Planck Society", slug="mpg", country="DE")
    return {
        "2017": AgreementFactory(
            title="Seventeen",
            signed_on="2017-03-01",
            kind="memorandum_of_understanding",
            parties=[PartyFactory(name="Alpha Institute", slug="alpha")],
        ),
        "2019": AgreementFactory(
            title="Nineteen",
            signed_on="2019-07",
            parties=[PartyFactory(name="Beta University", slug="beta"), german],
        ),
        "2021": AgreementFactory(
            title="Twenty-one",
            signed_on="2021",
            parties=[PartyFactory(name="Gamma Lab", name_local="伽马实验室", slug="gamma")],
        ),
    }


def checked(html: str, parameter: str) -> set[str]:
    """The values of a facet's ticked checkboxes."""
    pattern = rf'name="{parameter}" value="([^"]*)" form="agreement-search" checked>'
    return set(re.findall(pattern, html))


def chips(html: str) -> dict[str, str]:
    """{chip text: removal link} of the active filters above the results."""
    block = re.search(r'<ul class="active-filters"[^>]*>(.*?)</ul>', html, re.S)
    assert block, "no active filters"
    links = re.findall(r'<a [^>]*?href="([^"]*)"[^>]*>(.*?)</a>', block.group(1), re.S)
    return {text(label).rstrip(" ×"): href.replace("&amp;", "&") for href, label in links}


def test_several_values_of_one_facet_find_agreements_with_any_of_them(
    client: Client, three_years: dict[str, Agreement]
) -> None:
    html = html_of(client.get(LIST, {"signed_year": ["2017", "2019"]}))
    assert set(titles(html)) == {"Seventeen", "Nineteen"}
    assert "2 agreements" in text(html)
    assert checked(html, "signed_year") == {"2017", "2019"}
    # The facet's own counts leave out its choice: 2021 stays reachable.
    assert facet_values(html, "Year signed") == {"2021": 1, "2019": 1, "2017": 1}
    # The other facets count within the two years chosen.
    assert facet_values(html, "Kind") == {
        "Cooperation agreement": 1,
        "Memorandum of understanding": 1,
    }
    assert facet_values(html, "Country") == {"China": 2, "Germany": 1}


def test_values_of_different_facets_must_all_match(
    client: Client, three_years: dict[str, Agreement]
) -> None:
    params = {"party": ["alpha", "beta", "gamma"], "party_country": ["DE"]}
    html = html_of(client.get(LIST, params))
    assert titles(html) == ["Nineteen"]
    assert checked(html, "party") == {"alpha", "beta", "gamma"}
    # Parties counted among the German-party agreements, their own choice left out.
    assert facet_values(html, "Party") == {
        "Alpha Institute": 0,
        "Gamma Lab": 0,
        "Beta University": 1,
        "Max Planck Society": 1,
    }
    assert facet_values(html, "Country") == {"China": 3, "Germany": 1}


def test_the_page_and_the_api_find_the_same_agreements(
    client: Client, three_years: dict[str, Agreement]
) -> None:
    query = "signed_year=2017&signed_year=2021&kind=cooperation_agreement"
    page = html_of(client.get(f"{LIST}?{query}"))
    api = client.get(f"/api/agreements/?{query}").json()
    assert titles(page) == [a["title"] for a in api["results"]] == ["Twenty-one"]


def test_each_chosen_value_has_a_chip_removing_only_it(
    client: Client, three_years: dict[str, Agreement]
) -> None:
    params = {
        "q": "Nineteen",
        "signed_year": ["2017", "2019"],
        "party_country": "de",
        "page": "1",
    }
    html = html_of(client.get(LIST, params))
    assert chips(html) == {
        "“Nineteen”": "?signed_year=2017&signed_year=2019&party_country=de",
        "Year signed: 2017": "?q=Nineteen&signed_year=2019&party_country=de",
        "Year signed: 2019": "?q=Nineteen&signed_year=2017&party_country=de",
        "Country: Germany": "?q=Nineteen&signed_year=2017&signed_year=2019",
        "Clear all": "?",
    }
    assert 'aria-label="Remove Year signed: 2017"' in html


def test_removing_the_last_party_also_removes_its_sub_units_switch(
    client: Client, three_years: dict[str, Agreement]
) -> None:
    one = html_of(client.get(LIST, {"party": "alpha", "include_subunits": "1"}))
    assert chips(one)["Party: Alpha Institute (with sub-units)"] == "?"
    two = html_of(client.get(LIST, {"party": ["alpha", "beta"], "include_subunits": "1"}))
    assert chips(two)["Party: Alpha Institute (with sub-units)"] == (
        "?party=beta&include_subunits=1"
    )


def test_a_signing_date_range_keeps_whole_periods_within_it(
    client: Client, three_years: dict[str, Agreement]
) -> None:
    later = html_of(client.get(LIST, {"signed_after": "2018"}))
    assert set(titles(later)) == {"Nineteen", "Twenty-one"}
    assert chips(later)["Signed from: 2018"] == "?"
    assert 'id="signed_after" name="signed_after" value="2018"' in later
    # July 2019 lies within 2019, not within the first half of it.
    assert titles(html_of(client.get(LIST, {"signed_after": "2019", "signed_before": "2019"})))
    assert (
        titles(html_of(client.get(LIST, {"signed_after": "2019", "signed_before": "2019-06"})))
        == []
    )
    chinese = html_of(client.get("/zh-hans/agreements/", {"signed_before": "2019-07-31"}))
    assert set(titles(chinese)) == {"Seventeen", "Nineteen"}
    assert any(label.endswith("2019年7月31日") for label in chips(chinese))


@pytest.mark.parametrize(
    ("params", "parameter", "label"),
    [
        ({"signed_after": "2017-13"}, "signed_after", "Signed from"),
        ({"signed_before": "yesterday"}, "signed_before", "Signed until"),
        ({"signed_after": "2020", "signed_before": "2018"}, "signed_before", "Signed until"),
        ({"signed_year": "nineteen"}, "signed_year", "Year signed"),
        ({"party": "nobody"}, "party", "Party"),
    ],
)
def test_a_bad_filter_is_reported_in_the_page_naming_the_field(
    client: Client,
    three_years: dict[str, Agreement],
    params: dict[str, str],
    parameter: str,
    label: str,
) -> None:
    response = client.get(LIST, params)
    html = html_of(response)  # 200, never a 500
    assert titles(html) == []
    errors = re.search(r'<div class="form-errors" role="alert">(.*?)</div>', html, re.S)
    assert errors and f"{label} ({parameter}):" in text(errors.group(1))
    if parameter in ("signed_after", "signed_before"):
        # Next to the field too, which keeps what was typed so it can be corrected.
        assert f'href="#{parameter}"' in errors.group(1)
        assert f'value="{params[parameter]}"' in html
        assert f'aria-describedby="dates-help {parameter}-error" aria-invalid="true"' in html
        assert f'<span class="field-error" id="{parameter}-error">' in html


def test_the_party_facet_lists_the_largest_then_more_on_request(client: Client, db: None) -> None:
    parties = [PartyFactory(name=f"Party {n:02d}", slug=f"p{n:02d}") for n in range(20)]
    for n, party in enumerate(parties):  # party n in 20 - n agreements
        for _ in range(20 - n):
            AgreementFactory(parties=[party])
    html = html_of(client.get(LIST))
    listed = facet_values(html, "Party")
    assert list(listed) == [f"Party {n:02d}" for n in range(PARTY_FACET_SIZE)]
    assert listed["Party 00"] == 20
    assert "?party_more=1#facet-party" in hrefs(html)

    more = html_of(client.get(LIST, {"party_more": "1"}))
    assert len(facet_values(more, "Party")) == 20
    assert "?#facet-party" in hrefs(more)  # fewer again

    # A chosen party beyond those listed is listed first, with its count.
    chosen = html_of(client.get(LIST, {"party": "p19"}))
    assert list(facet_values(chosen, "Party"))[:2] == ["Party 19", "Party 00"]
    assert facet_values(chosen, "Party")["Party 19"] == 1
    assert checked(chosen, "party") == {"p19"}


def test_the_party_facet_searches_every_party_by_either_name(
    client: Client, three_years: dict[str, Agreement]
) -> None:
    html = html_of(client.get(LIST, {"party_q": "planck"}))
    assert facet_values(html, "Party") == {"Max Planck Society": 1}
    assert len(titles(html)) == 3  # the facet's search filters the facet, not the results
    assert 'name="party_q" value="planck"' in html
    assert facet_values(html_of(client.get(LIST, {"party_q": "伽马"})), "Party") == {"Gamma Lab": 1}
    nothing = html_of(client.get(LIST, {"party_q": "zzz"}))
    assert "No party by that name among these results." in nothing
    # Not a filter: no chip, and the links to the same results as data leave it out.
    assert 'class="active-filters"' not in nothing
    assert "/api/agreements/?format=csv" in hrefs(nothing)


def test_drafts_are_counted_by_no_facet_for_the_public_but_for_staff(
    client: Client, viewer_client: Client, three_years: dict[str, Agreement]
) -> None:
    secret = PartyFactory(name="Secret Partner", slug="secret", country="FR")
    AgreementFactory(title="Draft", signed_on="2017", published=False, parties=[secret])
    public = html_of(client.get(LIST))
    assert facet_values(public, "Year signed") == {"2021": 1, "2019": 1, "2017": 1}
    assert "Secret Partner" not in public
    assert "France" not in public
    assert "Secret Partner" not in html_of(client.get(LIST, {"party_q": "secret"}))
    # Chosen, the draft's party (a public record) counts none of its agreements.
    chosen = html_of(client.get(LIST, {"party": "secret"}))
    assert titles(chosen) == []
    assert facet_values(chosen, "Party")["Secret Partner"] == 0

    staff = html_of(viewer_client.get(LIST))
    assert facet_values(staff, "Year signed") == {"2021": 1, "2019": 1, "2017": 2}
    assert facet_values(staff, "Country")["France"] == 1


def test_each_facet_explains_itself_and_the_panel_has_one_form(
    client: Client, three_years: dict[str, Agreement]
) -> None:
    html = html_of(client.get(LIST))
    # The dates, and the five facets with values (no agreement has a field or region).
    assert html.count('<p class="facet-help"') == 6
    assert "the parties with the most agreements come first" in html
    assert '<details class="filter-panel" open>' in html
    # The panel comes before the results, so phones and screen readers meet it first.
    assert html.index('class="filter-panel"') < html.index('id="results-heading"')
    # One form in the page's content (the site header has its own search box).
    assert html[html.index("<main") :].count("<form") == 1
    assert '<script src="/static/js/facets.js" defer></script>' in html


def test_country_codes_are_read_and_removed_in_any_case(
    client: Client, three_years: dict[str, Agreement]
) -> None:
    html = html_of(client.get(LIST, {"party_country": ["de", "FR"]}))
    assert titles(html) == ["Nineteen"]
    assert checked(html, "party_country") == {"DE", "FR"}
    assert chips(html)["Country: Germany"] == "?party_country=FR"
