"""Long lists on record pages: a party's ranked partners and the agreements of a party,
field or region and the signatures of a person, fifty a page, each list paging under its
own parameter while the others are kept."""

from __future__ import annotations

import re

import pytest
from django.test import Client

import public.paging
from agreements.models import Agreement
from parties.models import Party
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    CooperationFieldFactory,
    PartyFactory,
    PersonFactory,
    SignatureFactory,
)

from .helpers import hrefs, html_of, text


def agreement_of(*parties: Party, published: bool = True, signed_on: str = "2019") -> Agreement:
    agreement = AgreementFactory(published=published, signed_on=signed_on)
    for position, party in enumerate(parties):
        AgreementPartyFactory(agreement=agreement, party=party, position=position)
    return agreement


def section(html: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by ``heading_id``."""
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", start)]


def partner_rows(html: str) -> list[str]:
    table = section(html, "partners-heading")
    return [text(row) for row in re.findall(r"<tbody>.*?</tbody>", table, re.S)[0].split("</tr>")][
        :-1
    ]


@pytest.fixture
def lab(db: None) -> Party:
    """A lab with partners: often, once, only in a draft, and through a sub-unit."""
    lab = PartyFactory(slug="lab", name="Lab")
    often = PartyFactory(name="Frequent Partner")
    for year in ("2015", "2018-05", "2021-03-04"):
        agreement_of(lab, often, signed_on=year)
    agreement_of(lab, often, signed_on="2024", published=False)
    agreement_of(lab, PartyFactory(name="Occasional Partner"), signed_on="2019")
    agreement_of(lab, PartyFactory(name="Hidden Partner"), published=False)
    unit = PartyFactory(slug="lab-unit", name="Lab Unit", parent=lab)
    agreement_of(unit, PartyFactory(name="Partner Of The Unit"), signed_on="2020")
    return lab


def test_partners_are_ranked_by_agreements_together_with_first_and_last_year(
    client: Client, lab: Party
) -> None:
    html = html_of(client.get("/en/parties/lab/"))
    # The draft of 2024 counts neither in the number nor in the last year.
    assert partner_rows(html) == ["Frequent Partner 3 2015 2021", "Occasional Partner 1 2019 2019"]
    assert "Hidden Partner" not in html
    assert "Showing 1–2 of 2" in text(section(html, "partners-heading"))


def test_staff_see_the_partners_of_drafts_too(viewer_client: Client, lab: Party) -> None:
    rows = partner_rows(html_of(viewer_client.get("/en/parties/lab/")))
    assert rows[0] == "Frequent Partner 4 2015 2024"
    assert "Hidden Partner 1 2019 2019" in rows


def test_partners_of_sub_units_are_included_when_asked(client: Client, lab: Party) -> None:
    rows = partner_rows(html_of(client.get("/en/parties/lab/", {"include_subunits": "1"})))
    assert "Partner Of The Unit 1 2020 2020" in rows
    # The sub-unit itself is not its parent's partner.
    assert not any(row.startswith("Lab Unit") for row in rows)


def test_the_partner_table_pages_on_its_own_keeping_the_other_parameters(
    client: Client, db: None
) -> None:
    lab = PartyFactory(slug="lab", name="Lab")
    for n in range(53):
        agreement_of(lab, PartyFactory(name=f"Partner {n:02d}"), signed_on=str(1970 + n))
    html = html_of(client.get("/en/parties/lab/", {"include_subunits": "1", "page": "2"}))
    partners = section(html, "partners-heading")
    assert "Showing 1–50 of 53" in text(partners)
    assert len(partner_rows(html)) == 50
    assert "?include_subunits=1&page=2&partners_page=2#partners-heading" in hrefs(partners)
    # The agreements list is on its page 2 meanwhile; its own links keep partners_page.
    second = html_of(
        client.get("/en/parties/lab/", {"include_subunits": "1", "page": "2", "partners_page": "2"})
    )
    assert "Showing 51–53 of 53" in text(section(second, "partners-heading"))
    assert len(partner_rows(second)) == 3
    agreements = section(second, "agreements-heading")
    assert "Showing 51–53 of 53" in text(agreements)
    assert agreements.count('class="record"') == 3
    assert "?include_subunits=1&page=1&partners_page=2#agreements-heading" in hrefs(agreements)


def test_a_bad_partner_page_number_shows_a_page_not_an_error(client: Client, lab: Party) -> None:
    for value in ("abc", "-1", "999"):
        html = html_of(client.get("/en/parties/lab/", {"partners_page": value}))
        assert partner_rows(html)[0] == "Frequent Partner 3 2015 2021"


def test_a_party_page_pages_its_agreements(client: Client, db: None) -> None:
    lab, other = PartyFactory(slug="lab"), PartyFactory()
    for n in range(52):
        agreement_of(lab, other, signed_on=str(1950 + n))
    first = html_of(client.get("/en/parties/lab/"))
    agreements = section(first, "agreements-heading")
    assert "52 agreements" in text(agreements) and "Showing 1–50 of 52" in text(agreements)
    assert agreements.count('class="record"') == 50
    second = section(html_of(client.get("/en/parties/lab/?page=2")), "agreements-heading")
    assert second.count('class="record"') == 2 and "Showing 51–52 of 52" in text(second)


def test_a_field_page_pages_its_agreements(client: Client, db: None) -> None:
    field = CooperationFieldFactory(slug="energy")
    for n in range(51):
        AgreementFactory(signed_on=str(1950 + n)).fields.add(field)
    AgreementFactory(published=False).fields.add(field)
    first = html_of(client.get("/en/fields/energy/"))
    assert "Showing 1–50 of 51" in text(first) and first.count('class="record"') == 50
    last = html_of(client.get("/en/fields/energy/?page=2"))
    assert last.count('class="record"') == 1 and "?page=1#agreements-heading" in hrefs(last)


def test_a_person_page_pages_the_signatures(client: Client, db: None) -> None:
    person = PersonFactory(slug="signer")
    for n in range(51):
        SignatureFactory(person=person, agreement=AgreementFactory(signed_on=str(1950 + n)))
    SignatureFactory(person=person, agreement=AgreementFactory(published=False))
    first = section(html_of(client.get("/en/people/signer/")), "signatures-heading")
    assert "Showing 1–50 of 51" in text(first)
    second = section(html_of(client.get("/en/people/signer/?page=2")), "signatures-heading")
    assert "Showing 51–51 of 51" in text(second)
    assert second.count("/en/agreements/") == 1


def test_the_agreement_list_stops_its_numbered_pages_and_says_how_to_see_the_rest(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Numbered pages reach 40 rows here (10,000 in production): two pages of twenty.
    monkeypatch.setattr(public.paging, "MAX_OFFSET_ROWS", 40)
    for n in range(45):
        AgreementFactory(title=f"Accord {n:02}", signed_on=str(1950 + n))
    second = html_of(client.get("/en/agreements/?page=2"))
    assert "Showing 21–40 of 45" in text(second)
    assert "Numbered pages show the first 40 of 45" in text(second)
    assert "?page=3" not in hrefs(second)
    # A page past them is the last numbered one (rows 21 to 40), not an error.
    deep = html_of(client.get("/en/agreements/?page=200"))
    assert "Showing 21–40 of 45" in text(deep) and "Accord 24" in deep
    first = html_of(client.get("/en/agreements/"))
    assert "Numbered pages show" not in text(first)
