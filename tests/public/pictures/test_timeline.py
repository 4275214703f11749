"""Agreements per year as stacked bars on the home, party, field and region pages, and an
agreement's lifecycle on its page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from agreements import lifecycle
from agreements.choices import RelationKind
from agreements.models import Agreement, AgreementRelation
from parties.models import Party
from public.pictures import timeline
from tests.factories import AgreementFactory, CooperationFieldFactory, PartyFactory, RegionFactory

from .helpers import pictures

pytestmark = pytest.mark.django_db


@pytest.fixture
def lab() -> Party:
    """A lab's agreements: 2018 (one in force, one expired), none in 2019, 2020 (in force),
    one undated, and a draft of 2021."""
    lab, other = PartyFactory(slug="lab", name="Lab"), PartyFactory(slug="other")
    field, region = CooperationFieldFactory(slug="energy"), RegionFactory(slug="north")
    made = [
        AgreementFactory(parties=[lab, other], signed_on="2018-03", status="in_force"),
        AgreementFactory(parties=[lab, other], signed_on="2018", status="expired", kind="contract"),
        AgreementFactory(parties=[lab, other], signed_on="2020-05-01", status="in_force"),
        AgreementFactory(parties=[lab, other], signed_on=None, status="negotiating"),
        AgreementFactory(parties=[lab, other], signed_on="2021", published=False),
    ]
    for agreement in made:
        agreement.fields.add(field)
        agreement.regions.add(region)
    return lab


@pytest.mark.parametrize("path", ["/en/parties/lab/", "/en/fields/energy/", "/en/regions/north/"])
def test_each_year_from_the_first_to_the_last_is_a_bar_stacked_by_status(
    client: Client, lab: Party, path: str
) -> None:
    drawn = pictures(client.get(path))["years"]
    bars = drawn.all("rect")
    # 2018: in force and expired; 2019: nothing; 2020: in force. The draft's 2021 is not.
    assert [" ".join(r.itertext()) for r in bars] == [
        "2018 · in force: 1",
        "2018 · expired: 1",
        "2020 · in force: 1",
    ]
    assert drawn.rows == [["2018", "1", "1", "2"], ["2019", "0", "0", "0"], ["2020", "1", "0", "1"]]
    headings = ["".join(th.itertext()) for th in drawn.table.iter("th") if th.get("scope") == "col"]
    assert headings == ["Year", "In force", "Expired", "Total"]
    assert drawn.texts("tick")[-3:] == ["2018", "2019", "2020"]


def test_the_legend_the_undated_and_the_bars_link_to_the_search(client: Client, lab: Party) -> None:
    response = client.get("/en/parties/lab/")
    html = response.content.decode()
    assert '<span class="swatch series-2" aria-hidden="true"></span>In force</li>' in html
    assert '<span class="swatch series-3" aria-hidden="true"></span>Expired</li>' in html
    assert "1 agreement has no known signing date." in html
    links = pictures(response)["years"].links()
    assert links == [
        "/en/agreements/?party=lab&signed_year=2018",
        "/en/agreements/?party=lab&signed_year=2020",
    ]


def test_the_home_page_stacks_by_kind_and_staff_see_drafts(
    client: Client, viewer_client: Client, lab: Party
) -> None:
    public = pictures(client.get("/en/"))["years"]
    # Kinds in their fixed order: cooperation agreement, contract; then the total.
    assert public.rows[-1] == ["2020", "1", "0", "1"]
    staff = pictures(viewer_client.get("/en/"))["years"]
    assert staff.rows[-1][0] == "2021"


def test_chinese_pages_label_the_series_in_chinese(client: Client, lab: Party) -> None:
    html = client.get("/zh-hans/parties/lab/").content.decode()
    assert "生效中" in html  # in force


def test_no_dated_agreement_no_bars(client: Client) -> None:
    PartyFactory(slug="lonely")
    assert "years" not in pictures(client.get("/en/parties/lonely/"))


def test_a_long_history_draws_its_latest_years_and_counts_the_rest(db: None) -> None:
    AgreementFactory(signed_on="1900")
    AgreementFactory(signed_on="2020")
    drawn = timeline.per_year(Agreement.objects.all(), ident="years")
    assert drawn is not None
    assert len(drawn.table.rows) == timeline.MAX_YEARS
    assert drawn.note == "1 agreement signed before 1961 is not drawn."


@pytest.mark.parametrize("count", [1, 30])
def test_agreements_per_year_cost_one_query(
    django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    for n in range(count):
        AgreementFactory(signed_on=str(1990 + n))
    with django_assert_num_queries(1):
        drawn = timeline.per_year(Agreement.objects.all(), ident="years")
    assert drawn is not None and len(drawn.table.rows) == count


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    day = dt.date(2024, 6, 1)
    monkeypatch.setattr(lifecycle, "today", lambda: day)
    return day


def test_an_agreement_page_draws_its_lifecycle_up_to_its_renewal(
    client: Client, today: dt.date
) -> None:
    first = AgreementFactory(
        slug="first", signed_on="2015-03-01", effective_on="2015-06", expires_on="2020"
    )
    renewal = AgreementFactory(slug="renewal", title="The renewal", signed_on="2019-12-01")
    AgreementRelation.objects.create(agreement=renewal, kind=RelationKind.RENEWS, other=first)
    draft = AgreementFactory(slug="draft", title="Hidden", signed_on="2021", published=False)
    AgreementRelation.objects.create(agreement=draft, kind=RelationKind.SUPERSEDES, other=first)

    drawn = pictures(client.get("/en/agreements/first/"))["lifecycle"]
    assert drawn.rows == [
        ["1 March 2015", "signed"],
        ["June 2015", "in force from"],
        ["1 December 2019", "renewed by: The renewal"],
        ["2020", "expires"],
    ]
    assert drawn.links() == ["/en/agreements/renewal/"]
    band = [r for r in drawn.all("rect") if r.get("class") == "in-force-band"]
    assert len(band) == 1  # from June 2015 to the renewal


def test_an_agreement_with_one_date_has_no_lifecycle_picture(client: Client) -> None:
    AgreementFactory(slug="once", signed_on="2019")
    assert "lifecycle" not in pictures(client.get("/en/agreements/once/"))
