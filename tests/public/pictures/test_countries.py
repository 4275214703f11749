"""Where: agreements by the countries of their parties, on the home, field and region
pages, country names in the reader's language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation
from pytest_django import DjangoAssertNumQueries

from agreements.models import Agreement
from public.pictures import countries
from tests.factories import AgreementFactory, CooperationFieldFactory, PartyFactory

from .helpers import pictures

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread() -> None:
    """Chinese parties in three agreements, a German one in two, a French one in a draft,
    and an international body (no country) in one."""
    cas = PartyFactory(slug="cas", country="CN")
    sz = PartyFactory(slug="sz", country="CN")
    mpg = PartyFactory(slug="mpg", country="DE")
    unesco = PartyFactory(slug="unesco", country="")
    field = CooperationFieldFactory(slug="energy")
    for parties in ([cas, sz], [cas, mpg], [cas, mpg, unesco]):
        AgreementFactory(parties=parties).fields.add(field)
    cnrs = PartyFactory(slug="cnrs", country="FR")
    draft = AgreementFactory(parties=[cas, cnrs], published=False)
    draft.fields.add(field)


@pytest.mark.parametrize("path", ["/en/", "/en/fields/energy/"])
def test_each_country_is_a_bar_with_its_count(client: Client, spread: None, path: str) -> None:
    drawn = pictures(client.get(path))["countries"]
    # China counts each agreement once, though two of its parties signed one of them.
    assert drawn.texts("label") == ["China", "Germany"]
    assert drawn.texts("tick") == ["3", "2"]
    widths = [float(r.get("width") or 0) for r in drawn.all("rect")]
    assert widths[1] == pytest.approx(widths[0] * 2 / 3, abs=0.1)
    assert drawn.rows == [["China", "3"], ["Germany", "2"]]
    assert drawn.links()[0].endswith("party_country=CN")


def test_drafts_are_not_counted_for_the_public(
    client: Client, viewer_client: Client, spread: None
) -> None:
    assert "France" not in client.get("/en/").content.decode()
    assert ["France", "1"] in pictures(viewer_client.get("/en/"))["countries"].rows


def test_chinese_pages_name_countries_in_chinese(client: Client, spread: None) -> None:
    drawn = pictures(client.get("/zh-hans/"))["countries"]
    assert drawn.texts("label") == ["中国", "德国"]


def test_only_the_top_countries_are_drawn_and_the_table_has_all(db: None) -> None:
    for code in ("CN", "DE", "FR", "JP"):
        AgreementFactory(parties=[PartyFactory(country=code)])
    with translation.override("en"):  # a page read before may have left Chinese active
        drawn = countries.by_country(Agreement.objects.all(), ident="countries", top=2)
    assert drawn is not None
    assert len(drawn.table.rows) == 4
    assert str(drawn.svg).count("<rect") == 2
    assert str(drawn.note) == "and 2 more countries, in the table"


def test_no_country_no_picture(client: Client) -> None:
    AgreementFactory(parties=[PartyFactory(country="")])
    assert "countries" not in pictures(client.get("/en/"))


@pytest.mark.parametrize("count", [1, 20])
def test_the_country_chart_costs_one_query(
    django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    codes = ["CN", "DE", "FR", "JP", "US", "GB", "IT", "ES", "BR", "IN"]
    for n in range(count):
        AgreementFactory(parties=[PartyFactory(country=codes[n % len(codes)])])
    with django_assert_num_queries(1):
        drawn = countries.by_country(Agreement.objects.all(), ident="countries")
    assert drawn is not None and len(drawn.table.rows) == min(count, len(codes))
