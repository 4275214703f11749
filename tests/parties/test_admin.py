"""Party and person admin: rules are form errors on their fields; slugs derive themselves."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from parties.models import Party, PartyIdentifier, Person
from tests.admin_forms import change_form_data
from tests.factories import PartyFactory, PostFactory

pytestmark = pytest.mark.django_db


def _inline_errors(response: Any, prefix: str) -> list[dict[str, list[str]]]:
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == prefix:
            return [dict(form.errors) for form in inline.formset.forms]
    raise AssertionError(f"no inline {prefix}")


def test_it_derives_the_slug_of_a_new_party_and_person_left_without_one(
    editor_client: Client,
) -> None:
    PartyFactory(name="Shenzhen Municipal People's Government", slug="")
    url = reverse("admin:parties_party_add")
    data = change_form_data(editor_client.get(url))
    data.update(name="Shenzhen Municipal People's Government", kind="government")
    assert editor_client.post(url, data).status_code == 302

    url = reverse("admin:parties_person_add")
    data = change_form_data(editor_client.get(url))
    data.update(name="BAI Chunli")
    assert editor_client.post(url, data).status_code == 302

    slugs = set(Party.objects.values_list("slug", flat=True))
    assert slugs == {
        "shenzhen-municipal-peoples-government",
        "shenzhen-municipal-peoples-government-2",
    }
    assert Person.objects.get(name="BAI Chunli").slug == "bai-chunli"


def test_it_shows_a_post_ending_before_it_starts_on_its_end_date(editor_client: Client) -> None:
    post = PostFactory(started_on="2011-03")
    url = reverse("admin:parties_person_change", args=[post.person.pk])
    data = change_form_data(editor_client.get(url))
    data["posts-0-ended_on"] = "2010"
    data["name"] = "A name typed just now"

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert _inline_errors(response, "posts")[0]["ended_on"] == [
        "A post cannot end before it starts."
    ]
    assert "A name typed just now" in response.content.decode()
    post.refresh_from_db()
    assert post.ended_on is None


def test_it_shows_a_second_identifier_in_one_scheme_on_the_scheme(editor_client: Client) -> None:
    party = PartyFactory()
    PartyIdentifier.objects.create(party=party, scheme="wikidata", value="Q1")
    url = reverse("admin:parties_party_change", args=[party.pk])
    data = change_form_data(editor_client.get(url))
    data.update(
        {
            "identifiers-TOTAL_FORMS": "2",
            "identifiers-1-scheme": "wikidata",
            "identifiers-1-value": "Q2",
        }
    )

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert _inline_errors(response, "identifiers")[1]["scheme"] == [
        "The party already has an identifier in this scheme."
    ]
    assert list(party.identifiers.values_list("value", flat=True)) == ["Q1"]


def test_it_shows_an_identifier_held_by_another_party_on_the_value(editor_client: Client) -> None:
    PartyIdentifier.objects.create(party=PartyFactory(), scheme="ror", value="034t30j02")
    party = PartyFactory()
    url = reverse("admin:parties_party_change", args=[party.pk])
    data = change_form_data(editor_client.get(url))
    data.update(
        {
            "identifiers-TOTAL_FORMS": "1",
            "identifiers-0-scheme": "ror",
            "identifiers-0-value": "034t30j02",
        }
    )

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "already exists" in _inline_errors(response, "identifiers")[0]["value"][0]
    assert not party.identifiers.exists()
