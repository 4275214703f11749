"""What the schema fuzzer (tests/fuzz/) found answering 500, each now a 4xx naming the field."""

from __future__ import annotations

from typing import Any

from django.test import Client

from agreements.models import Event, EventParticipant
from tests.factories import EventFactory

from .conftest import agreement_url, send


def test_it_names_the_missing_person_of_a_participant_patched_with_a_null_party(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    event = EventFactory(slug="visit")
    EventParticipant.objects.create(event=event, person=world["bai"], party=None)
    payload = {"participants": [{"party": None}]}
    response = send(feeder_client, "patch", "/api/events/visit/?format=csv", payload)
    assert response.status_code == 400
    # Asked for as CSV, the error comes as CSV: its one row names the field.
    assert "participants[0].person (This field is required.)" in response.content.decode()
    assert list(Event.objects.get(slug="visit").participants.values_list("person__slug")) == [
        ("bai-chunli",)
    ]


def test_it_names_the_missing_party_of_an_agreement_patched_with_a_partial_row(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    payload = {"parties": [{"role": "party"}], "signatories": [{"title": "President"}]}
    response = send(feeder_client, "patch", agreement_url("older-slug"), payload)
    assert response.status_code == 400
    assert {error["field"] for error in response.json()["errors"]} == {
        "parties[0].party",
        "signatories[0].person",
        "signatories[0].on_behalf_of",
    }


def test_it_names_the_missing_value_of_a_party_identifier_in_a_patch(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    payload = {"identifiers": [{"scheme": "ror"}]}
    response = send(feeder_client, "patch", "/api/parties/cas/", payload)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "identifiers[0].value", "message": "This field is required."}
    ]


def test_it_still_patches_whole_rows(feeder_client: Client, world: dict[str, Any]) -> None:
    EventFactory(slug="visit")
    payload = {"participants": [{"person": "wang-weizhong", "party": None}]}
    response = send(feeder_client, "patch", "/api/events/visit/", payload)
    assert response.status_code == 200, response.json()
    assert response.json()["participants"] == [
        {"person": "wang-weizhong", "party": None, "role": "participant", "note": ""}
    ]


def test_it_refuses_to_blank_a_slug_which_would_move_the_record(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    response = send(feeder_client, "patch", "/api/people/bai-chunli/", {"slug": ""})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "slug", "message": "A slug is a permanent address; it cannot change."}
    ]
    assert feeder_client.get("/api/people/bai-chunli/").status_code == 200
