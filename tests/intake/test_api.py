"""POST /api/intake/: who may call it, what it answers, and the 400s naming the field."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from agreements.models import Agreement

URL = reverse("intake")
TEXT = (
    "NAIROBI, Aug. 9 (Xinhua) -- The Chinese Academy of Sciences and the Kenya Medical "
    "Research Institute signed a memorandum of understanding on Friday."
)


def post(client: Client, body: Any) -> Any:
    return client.post(URL, body, content_type="application/json")


def test_it_proposes_agreements_to_a_write_token(
    feeder_client: Client, registry_world: dict[str, Any]
) -> None:
    response = post(feeder_client, {"text": TEXT, "published_on": "2019-08-09", "language": "en"})
    assert response.status_code == 200
    (agreement,) = response.json()["agreements"]
    assert [p["party"] for p in agreement["parties"]] == ["cas", "kemri"]
    assert agreement["kind"] == "memorandum_of_understanding"
    assert agreement["signed_on"] == "2019-08-09"
    assert agreement["signed_place"] == "Nairobi"
    for claim in agreement["claims"]:
        assert TEXT[claim["start"] : claim["end"]] == claim["quote"]


def test_it_refuses_a_read_token(analyst_client: Client, registry_world: dict[str, Any]) -> None:
    assert post(analyst_client, {"text": TEXT}).status_code == 403


def test_it_refuses_anonymous_callers(client: Client, registry_world: dict[str, Any]) -> None:
    assert post(client, {"text": TEXT}).status_code == 401


def test_a_get_is_not_allowed(feeder_client: Client, db: None) -> None:
    assert feeder_client.get(URL).status_code == 405


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": "   \n "}, "text"),
        ({"text": "x" * 11}, "text"),
        ({"text": TEXT, "language": "English!"}, "language"),
        ({"text": TEXT, "published_on": "13/09/2019"}, "published_on"),
        ({"text": TEXT, "published_on": "2019-02-30"}, "published_on"),
        ({"text": TEXT, "url": "not a url"}, "url"),
        ({"text": 12}, "text"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(
    feeder_client: Client, db: None, settings: Any, body: dict[str, Any], field: str
) -> None:
    settings.INTAKE_MAX_TEXT_CHARS = 10
    if body.get("text") == TEXT:
        settings.INTAKE_MAX_TEXT_CHARS = 100_000
    response = post(feeder_client, body)
    assert response.status_code == 400
    assert field in {error["field"] for error in response.json()["errors"]}


def test_a_text_reporting_no_signing_proposes_nothing(
    feeder_client: Client, registry_world: dict[str, Any]
) -> None:
    text = "CAS will sign an agreement with KEMRI next year; the two sides held a symposium."
    response = post(feeder_client, {"text": text})
    assert response.json() == {"agreements": []}


def test_the_schema_describes_the_operation(client: Client) -> None:
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/intake/"]["post"]
    assert "200" in operation["responses"]
    assert "IntakeRequest" in str(operation["requestBody"])


def test_an_unknown_language_is_refused_naming_it(feeder_client: Client, db: None) -> None:
    response = post(feeder_client, {"text": TEXT, "language": "xx"})
    assert response.status_code == 400
    assert "language" in str(response.json())


def test_save_creates_drafts_citing_the_text_and_answers_their_slugs(
    feeder_client: Client, registry_world: dict[str, Any], client: Client
) -> None:
    body = {"text": TEXT, "url": "https://news.example.org/kemri", "published_on": "2019-08-09"}

    response = client_post_save(feeder_client, body, "true")

    assert response.status_code == 201
    (item,) = response.json()["agreements"]
    draft = Agreement.objects.get(slug=item["slug"])
    assert item["url"].endswith(f"/api/agreements/{draft.slug}/")
    assert draft.published is False
    assert [p.slug for p in draft.parties.all()] == ["cas", "kemri"]
    source = draft.sources.get()
    assert (source.url, source.text) == ("https://news.example.org/kemri", TEXT)
    assert draft.claims.filter(path="signed_on", value="2019-08-09", held=True).exists()
    for claim in draft.claims.all():
        assert TEXT[claim.start : claim.end] == claim.quote
    # Nothing is published by intake: the public does not see the draft.
    assert client.get(f"/api/agreements/{draft.slug}/").status_code == 404


def test_save_must_be_a_boolean(feeder_client: Client, registry_world: dict[str, Any]) -> None:
    response = client_post_save(feeder_client, {"text": TEXT}, "perhaps")
    assert response.status_code == 400
    assert "save" in response.json()["errors"] or "save" in str(response.json())
    assert not Agreement.objects.exists()


def test_save_false_only_proposes(feeder_client: Client, registry_world: dict[str, Any]) -> None:
    assert client_post_save(feeder_client, {"text": TEXT}, "false").status_code == 200
    assert not Agreement.objects.exists()


def client_post_save(client: Client, body: Any, save: str) -> Any:
    return client.post(f"{URL}?save={save}", body, content_type="application/json")
