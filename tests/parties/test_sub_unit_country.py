"""A new sub-unit left without a country takes its parent's (service and admin)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from parties.models import Party
from parties.services import party_create
from tests.factories import PartyFactory


def test_the_service_gives_a_new_sub_unit_its_parents_country(db: None) -> None:
    cas = PartyFactory(country="CN")
    party = party_create(data={"name": "Institute", "kind": "research_institute", "parent": cas})
    assert party.country == "CN"


def test_a_country_given_is_kept_and_blank_stays_blank_without_a_parent(db: None) -> None:
    cas = PartyFactory(country="CN")
    abroad = party_create(
        data={"name": "Abroad", "kind": "research_institute", "parent": cas, "country": "FR"}
    )
    alone = party_create(data={"name": "Alone", "kind": "research_institute", "country": ""})
    assert (abroad.country, alone.country) == ("FR", "")


def test_the_admin_gives_a_new_sub_unit_its_parents_country(editor_client: Client) -> None:
    cas = PartyFactory(country="CN")
    data = {
        "name": "Shenzhen Institute",
        "kind": "research_institute",
        "country": "",
        "parent": str(cas.pk),
        "aliases-TOTAL_FORMS": "1",
        "aliases-INITIAL_FORMS": "0",
        "identifiers-TOTAL_FORMS": "1",
        "identifiers-INITIAL_FORMS": "0",
        "children-TOTAL_FORMS": "0",
        "children-INITIAL_FORMS": "0",
    }
    response = editor_client.post(reverse("admin:parties_party_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Party.objects.get(name="Shenzhen Institute").country == "CN"
