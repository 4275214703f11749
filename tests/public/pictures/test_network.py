"""A party's network on its page: partners drawn around it, weighted by the agreements
signed together, with the same figures in a table; drafts never counted or named."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from agreements.models import Agreement, Partnership
from agreements.network import Counted
from parties.models import Party
from public.pictures import network
from tests.factories import AgreementFactory, PartyFactory

from .helpers import SVG, pictures

pytestmark = pytest.mark.django_db


@pytest.fixture
def lab() -> Party:
    """A lab with three partners: Alpha (3 agreements together), Beta (2, one also with
    Alpha) and Gamma (1); a draft with a secret partner; and a sub-unit with its own."""
    lab = PartyFactory(slug="lab", name="Lab", name_local="实验室")
    alpha = PartyFactory(slug="alpha", name="Alpha Institute", name_local="阿尔法研究所")
    beta = PartyFactory(slug="beta", name="Beta University")
    gamma = PartyFactory(slug="gamma", name="Gamma <Corp> & Sons")
    AgreementFactory(parties=[lab, alpha], signed_on="2018")
    AgreementFactory(parties=[lab, alpha, beta], signed_on="2019")
    AgreementFactory(parties=[lab, alpha], signed_on="2020")
    AgreementFactory(parties=[lab, beta], signed_on="2020")
    AgreementFactory(parties=[lab, gamma], signed_on="2021")
    secret = PartyFactory(slug="secret", name="Secret Partner")
    AgreementFactory(parties=[lab, secret, alpha], published=False)
    unit = PartyFactory(slug="unit", name="Lab Unit", parent=lab)
    AgreementFactory(parties=[unit, PartyFactory(slug="delta", name="Delta Works")])
    return lab


def test_it_draws_each_partner_as_a_linked_node_ranked_by_agreements_together(
    client: Client, lab: Party
) -> None:
    drawn = pictures(client.get("/en/parties/lab/"))["network"]
    nodes = [c for c in drawn.all("circle") if c.get("class") == "node"]
    assert len(nodes) == 3
    assert drawn.texts("label") == ["Alpha Institute", "Beta University", "Gamma <Corp> & Sons"]
    assert drawn.links() == ["/en/parties/alpha/", "/en/parties/beta/", "/en/parties/gamma/"]
    # Spokes from the centre are as thick as the agreements signed together.
    widths = [float(line.get("stroke-width") or 0) for line in drawn.all("line")]
    assert widths == [8.0, pytest.approx(1 + 7 * 2 / 3, abs=0.05), pytest.approx(1 + 7 / 3, 0.05)]
    assert drawn.texts("weight") == ["3", "2", "1"]
    # Alpha and Beta signed one of the lab's agreements together: one chord between them.
    chords = [p for p in drawn.all("path") if p.get("class") == "edge-peer"]
    assert len(chords) == 1
    assert "".join(chords[0].itertext()) == "Alpha Institute – Beta University: 1"


def test_the_table_says_what_the_picture_shows(client: Client, lab: Party) -> None:
    drawn = pictures(client.get("/en/parties/lab/"))["network"]
    assert drawn.rows == [
        ["Alpha Institute", "3"],
        ["Beta University", "2"],
        ["Gamma <Corp> & Sons", "1"],
    ]
    assert drawn.svg.get("role") == "img"
    title = drawn.svg.find(SVG + "title")
    assert title is not None and title.text == "The partners of Lab"


def test_drafts_are_neither_counted_nor_named_for_the_public(
    client: Client, viewer_client: Client, lab: Party
) -> None:
    public = client.get("/en/parties/lab/")
    assert "Secret Partner" not in public.content.decode()
    assert pictures(public)["network"].rows[0] == ["Alpha Institute", "3"]
    # Staff who may see drafts see it in the picture too.
    staff = pictures(viewer_client.get("/en/parties/lab/"))["network"]
    assert ["Secret Partner", "1"] in staff.rows
    assert staff.rows[0] == ["Alpha Institute", "4"]


def test_it_includes_the_sub_units_partners_on_request(client: Client, lab: Party) -> None:
    own = pictures(client.get("/en/parties/lab/"))["network"]
    assert "Delta Works" not in own.texts()
    with_units = pictures(client.get("/en/parties/lab/?include_subunits=1"))["network"]
    assert ["Delta Works", "1"] in with_units.rows
    # The sub-unit is part of the centre, not a partner.
    assert "Lab Unit" not in with_units.texts("label")


def test_the_same_data_draws_the_same_picture(client: Client, lab: Party) -> None:
    first = client.get("/en/parties/lab/").content.decode()
    second = client.get("/en/parties/lab/").content.decode()
    start, end = first.index("<svg"), first.index("</svg>")
    assert first[start:end] == second[start:end]


def test_chinese_pages_name_partners_in_chinese(client: Client, lab: Party) -> None:
    drawn = pictures(client.get("/zh-hans/parties/lab/"))["network"]
    labels = [t for t in drawn.all("text") if t.get("class") == "label"]
    assert labels[0].text == "阿尔法研究所"
    assert labels[0].get("lang") == "zh-Hans"
    assert drawn.texts("centre-label") == ["实验室"]
    assert drawn.rows[0] == ["阿尔法研究所", "3"]


def test_a_party_without_partners_gets_a_sentence_not_a_picture(client: Client) -> None:
    PartyFactory(slug="alone")
    response = client.get("/en/parties/alone/")
    assert "network" not in pictures(response)
    assert "No partner recorded yet, so there is no network to draw." in response.content.decode()


def test_partners_past_the_cap_are_counted_in_a_note(client: Client) -> None:
    hub = PartyFactory(slug="hub", name="Hub")
    for n in range(network.CAP + 2):
        AgreementFactory(parties=[hub, PartyFactory(slug=f"p{n:02d}")])
    response = client.get("/en/parties/hub/")
    drawn = pictures(response)["network"]
    assert len(drawn.links()) == network.CAP == len(drawn.rows)
    assert "and 2 more partners, in the list below" in response.content.decode()


@pytest.mark.parametrize("partners", [1, 12])
def test_the_network_costs_two_queries_whatever_its_size(
    django_assert_num_queries: DjangoAssertNumQueries, partners: int
) -> None:
    hub = PartyFactory(slug="hub")
    others = [PartyFactory() for _ in range(partners)]
    for other in others:
        AgreementFactory(parties=[hub, other, others[0]] if other != others[0] else [hub, other])
    agreements = Agreement.objects.visible_to(None).filter(agreement_parties__party=hub)
    # 1 partners with their agreements together, 1 the links between them.
    with django_assert_num_queries(2):
        drawn = network.party_network(hub, agreements, [hub.pk])
    assert drawn is not None and len(drawn.table.rows) == partners


def test_the_partners_of_a_party_come_from_the_pair_table(client: Client, lab: Party) -> None:
    alpha = Party.objects.get(slug="alpha")
    Partnership.objects.filter(party_a=lab, party_b=alpha).update(agreements=9, with_drafts=9)

    drawn = pictures(client.get("/en/parties/lab/"))["network"]

    assert drawn.rows[0] == ["Alpha Institute", "9"]
    # With its sub-units, an agreement of two of them would count twice there: live.
    with_units = pictures(client.get("/en/parties/lab/?include_subunits=1"))["network"]
    assert with_units.rows[0] == ["Alpha Institute", "3"]


@pytest.mark.parametrize("partners", [1, 12])
def test_the_counted_network_costs_two_queries_whatever_its_size(
    django_assert_num_queries: DjangoAssertNumQueries, partners: int
) -> None:
    hub = PartyFactory(slug="hub")
    others = [PartyFactory() for _ in range(partners)]
    for other in others:
        AgreementFactory(parties=[hub, other, others[0]] if other != others[0] else [hub, other])
    agreements = Agreement.objects.visible_to(None).filter(agreement_parties__party=hub)
    # 1 partners with their agreements together (the pair table), 1 the links between them.
    with django_assert_num_queries(2):
        drawn = network.party_network(
            hub, agreements, [hub.pk], counted=Counted(drafts=False, party=hub.pk)
        )
    assert drawn is not None and len(drawn.table.rows) == partners
    assert drawn.table.rows[0][1].text == str(partners)
