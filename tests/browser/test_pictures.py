"""A reader's walk through the pictures, in a real browser: from the home page to a
party's network and timeline, to a partner (a node of the network), to an agreement, in
three clicks; at desktop and phone widths, in both languages, under the strict
Content-Security-Policy."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from parties.models import Party
from tests.browser.conftest import DESKTOP, PHONE, csp_violations
from tests.factories import AgreementFactory, PartyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
NAMES = {
    "en": {
        "cas": "Chinese Academy of Sciences",
        "agreement": "Agreement to jointly promote the Construction of Shenzhen International "
        "Science and Technology Industry Innovation Center",
    },
    "zh-hans": {
        "cas": "中国科学院",
        "agreement": "共同推进建设深圳国际科技产业创新中心合作协议书",
    },
}


@pytest.fixture
def partners(demo_data: None) -> None:
    """More partners of CAS over several years, so its network and timeline have content."""
    cas = Party.objects.get(slug="cas")
    for year, name in [("2018", "Tsinghua University"), ("2020", "Max Planck Society")]:
        AgreementFactory(parties=[cas, PartyFactory(name=name)], signed_on=year)


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_a_reader_walks_from_home_to_a_network_to_a_partner_to_an_agreement(
    page: Page,
    live_server: object,
    partners: None,
    console_errors: list[str],
    lang: str,
    width: str,
) -> None:
    names = NAMES[lang]
    page.set_viewport_size(VIEWPORTS[width])
    page.goto(f"{live_server}/{lang}/")
    expect(page.locator("svg.chart-years")).to_be_visible()
    expect(page.locator("svg.chart-countries")).to_be_visible()
    assert csp_violations(page) == []

    # Click 1: the party, from the home page's list of parties.
    page.locator(".entry-list a", has_text=names["cas"]).first.click()
    expect(page).to_have_url(f"{live_server}/{lang}/parties/cas/")
    network = page.locator("svg.chart-network")
    expect(network).to_be_visible()
    expect(page.locator("svg.chart-years")).to_be_visible()
    expect(network.locator("a.node-link")).to_have_count(3)
    assert network.get_attribute("role") == "img"
    table_id = network.get_attribute("aria-describedby")
    expect(page.locator(f"table#{table_id} tbody tr")).to_have_count(3)
    assert csp_violations(page) == []

    # Click 2: the partner's node in the network.
    network.locator(f'a[href="/{lang}/parties/shenzhen/"] circle').click()
    expect(page).to_have_url(f"{live_server}/{lang}/parties/shenzhen/")
    expect(page.locator("svg.chart-network a.node-link")).to_have_count(1)
    assert csp_violations(page) == []

    # Click 3: the agreement, from the partner's list.
    page.locator(".records a", has_text=names["agreement"]).first.click()
    expect(page).to_have_url(f"{live_server}/{lang}/agreements/cas-shenzhen-2017/")
    expect(page.locator("h1")).to_have_text(names["agreement"])

    assert csp_violations(page) == []
    assert console_errors == []
