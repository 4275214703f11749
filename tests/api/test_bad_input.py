"""Every invalid request gets a 400 naming the offending field path, and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError
from django.test import Client

from agreements.models import Agreement, AgreementParty, Source

from .conftest import AGREEMENTS, agreement_payload, agreement_url, send


def fields_named(response: Any) -> list[str]:
    return [error["field"] for error in response.json()["errors"]]


def assert_nothing_written() -> None:
    assert list(Agreement.objects.values_list("slug", flat=True)) == ["older-slug"]
    assert not AgreementParty.objects.exists()
    assert not Source.objects.exists()


def assert_rejected(client: Client, overrides: dict[str, Any], field: str) -> None:
    """POSTing the example with ``overrides`` gets a 400 naming ``field`` only, and no write."""
    response = send(client, "post", AGREEMENTS, agreement_payload(**overrides))
    assert response.status_code == 400
    assert fields_named(response) == [field]
    assert_nothing_written()


def test_malformed_json_is_rejected(feeder_client: Client, world: dict[str, Any]) -> None:
    response = send(feeder_client, "post", AGREEMENTS, '{"title": "x",')
    assert response.status_code == 400
    assert fields_named(response) == ["body"]
    assert "Malformed JSON" in response.json()["errors"][0]["message"]
    assert_nothing_written()


def test_a_body_that_is_not_an_object_is_rejected(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    response = send(feeder_client, "post", AGREEMENTS, [1, 2])
    assert response.status_code == 400
    assert fields_named(response) == ["non_field_errors"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ["a", "list"]}, "title"),
        ({"published": "perhaps"}, "published"),
        ({"parties": {"party": "cas"}}, "parties"),
        ({"parties": ["cas"]}, "parties[0].non_field_errors"),
        ({"fields": "science"}, "fields"),
        ({"signed_on": 2017}, "signed_on"),
        ({"commitments": [{"title": "x", "due_on": ["2020"]}]}, "commitments[0].due_on"),
    ],
)
def test_wrong_types_are_rejected(
    feeder_client: Client, world: dict[str, Any], overrides: dict[str, Any], field: str
) -> None:
    response = send(feeder_client, "post", AGREEMENTS, agreement_payload(**overrides))
    assert response.status_code == 400
    assert field.removesuffix(".non_field_errors") in fields_named(response)
    assert_nothing_written()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"signed_on": "2017-13-45"}, "signed_on"),
        ({"expires_on": "2017-02-30"}, "expires_on"),
        ({"signed_on": "17/07/2017"}, "signed_on"),
        ({"commitments": [{"title": "x", "due_on": "2020-00"}]}, "commitments[0].due_on"),
        (
            {"sources": [{**agreement_payload()["sources"][0], "published_on": "2019-9-2"}]},
            "sources[0].published_on",
        ),
    ],
)
def test_impossible_dates_are_rejected(
    feeder_client: Client, world: dict[str, Any], overrides: dict[str, Any], field: str
) -> None:
    assert_rejected(feeder_client, overrides, field)


def test_an_expiry_before_the_signing_is_rejected(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    payload = agreement_payload(signed_on="2017-07", expires_on="2016")
    response = send(feeder_client, "post", AGREEMENTS, payload)
    assert response.status_code == 400
    assert fields_named(response) == ["expires_on"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "treaty"}, "kind"),
        ({"status": "dead"}, "status"),
        ({"parties": [{"party": "cas", "role": "boss"}]}, "parties[0].role"),
        (
            {"signatories": [{"person": "bai-chunli", "on_behalf_of": "cas", "role": "notary"}]},
            "signatories[0].role",
        ),
        ({"relations": [{"kind": "replaces", "agreement": "older-slug"}]}, "relations[0].kind"),
        ({"commitments": [{"title": "x", "status": "someday"}]}, "commitments[0].status"),
    ],
)
def test_unknown_choices_are_rejected(
    feeder_client: Client, world: dict[str, Any], overrides: dict[str, Any], field: str
) -> None:
    assert_rejected(feeder_client, overrides, field)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"parties": [{"party": "cas"}, {"party": "xyz"}]}, "parties[1].party"),
        ({"signatories": [{"person": "nobody", "on_behalf_of": "cas"}]}, "signatories[0].person"),
        ({"fields": ["science", "astrology"]}, "fields[1]"),
        ({"regions": ["atlantis"]}, "regions[0]"),
        ({"relations": [{"kind": "renews", "agreement": "no-such"}]}, "relations[0].agreement"),
    ],
)
def test_unknown_slugs_are_rejected(
    feeder_client: Client, world: dict[str, Any], overrides: dict[str, Any], field: str
) -> None:
    assert_rejected(feeder_client, overrides, field)


def test_the_unknown_slug_is_named_in_the_message(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    payload = agreement_payload(parties=[{"party": "cas"}, {"party": "xyz"}])
    response = send(feeder_client, "post", AGREEMENTS, payload)
    assert response.json()["errors"] == [
        {"field": "parties[1].party", "message": "unknown slug 'xyz'"}
    ]


def test_duplicate_parties_are_rejected(feeder_client: Client, world: dict[str, Any]) -> None:
    payload = agreement_payload(
        parties=[{"party": "cas"}, {"party": "shenzhen"}, {"party": "cas", "role": "lead"}]
    )
    response = send(feeder_client, "post", AGREEMENTS, payload)
    assert response.status_code == 400
    assert fields_named(response) == ["parties[2].party"]
    assert_nothing_written()


def test_a_signatory_for_a_body_that_is_no_party_is_rejected(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    # siat is an institute of cas: signing for siat when only cas is a party is not allowed.
    payload = agreement_payload(
        parties=[{"party": "cas"}, {"party": "shenzhen"}],
        signatories=[
            {"person": "wang-weizhong", "on_behalf_of": "shenzhen"},
            {"person": "bai-chunli", "on_behalf_of": "siat"},
        ],
    )
    response = send(feeder_client, "post", AGREEMENTS, payload)
    assert response.status_code == 400
    assert fields_named(response) == ["signatories[1].on_behalf_of"]
    assert_nothing_written()


def test_a_signatory_for_the_parent_of_a_party_is_accepted(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    payload = agreement_payload(
        parties=[{"party": "siat"}, {"party": "shenzhen"}],
        signatories=[{"person": "bai-chunli", "on_behalf_of": "cas"}],
    )
    assert send(feeder_client, "post", AGREEMENTS, payload).status_code == 201


def test_removing_the_party_a_signature_depends_on_is_rejected(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    send(feeder_client, "post", AGREEMENTS, agreement_payload())
    patch = {"parties": [{"party": "shenzhen"}]}
    response = send(feeder_client, "patch", agreement_url("cas-shenzhen-2017"), patch)
    assert response.status_code == 400
    assert fields_named(response) == ["parties"]
    assert AgreementParty.objects.filter(party__slug="siat").exists()


def test_a_relation_to_itself_is_rejected_on_create(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    payload = agreement_payload(relations=[{"kind": "amends", "agreement": "cas-shenzhen-2017"}])
    response = send(feeder_client, "post", AGREEMENTS, payload)
    assert response.status_code == 400
    assert fields_named(response) == ["relations[0].agreement"]
    assert_nothing_written()


def test_a_relation_to_itself_is_rejected_on_update(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    patch = {"relations": [{"kind": "amends", "agreement": "older-slug"}]}
    response = send(feeder_client, "patch", agreement_url("older-slug"), patch)
    assert response.status_code == 400
    assert fields_named(response) == ["relations[0].agreement"]


@pytest.mark.parametrize("slug", ["Has-Capitals", "under_score", "-leading", "double--hyphen"])
def test_a_malformed_slug_is_rejected(
    feeder_client: Client, world: dict[str, Any], slug: str
) -> None:
    response = send(feeder_client, "post", AGREEMENTS, agreement_payload(slug=slug))
    assert response.status_code == 400
    assert fields_named(response) == ["slug"]


def test_a_taken_slug_is_rejected(feeder_client: Client, world: dict[str, Any]) -> None:
    response = send(
        feeder_client, "post", AGREEMENTS, agreement_payload(slug="older-slug", relations=[])
    )
    assert response.status_code == 400
    assert fields_named(response) == ["slug"]


def test_an_oversize_body_gets_a_clear_413(
    feeder_client: Client, world: dict[str, Any], settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    payload = agreement_payload(summary="x" * 20_000)
    response = send(feeder_client, "post", AGREEMENTS, payload)
    assert response.status_code == 413
    assert fields_named(response) == ["body"]
    assert "10000 bytes" in response.json()["detail"]
    assert_nothing_written()


def test_an_oversize_body_without_a_length_is_cut_off(
    feeder_client: Client, world: dict[str, Any], settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = agreement_payload(summary="x" * 20_000)
    import json

    response = feeder_client.post(
        AGREEMENTS, json.dumps(body), content_type="application/json", CONTENT_LENGTH="1"
    )
    # A lying Content-Length makes the body unreadable as JSON; it still is a clear 4xx.
    assert response.status_code == 400
    assert fields_named(response) == ["body"]


def test_a_database_rule_violation_is_a_400_naming_a_field(
    feeder_client: Client, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def violate(*args: Any, **kwargs: Any) -> None:
        raise IntegrityError(
            'new row for relation "agreements_agreement" violates check constraint '
            '"agreements_agreement_expires_after_signing"'
        )

    monkeypatch.setattr(Agreement, "save", violate)
    response = send(feeder_client, "post", AGREEMENTS, agreement_payload())
    assert response.status_code == 400
    assert fields_named(response) == ["expires_on"]


def test_a_model_validation_error_is_a_400_naming_a_field(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    # cas is siat's parent: making cas a child of siat would be a cycle (Party.save refuses).
    response = send(feeder_client, "patch", "/api/parties/cas/", {"parent": "siat"})
    assert response.status_code == 400
    assert fields_named(response) == ["parent"]
    assert world["cas"].__class__.objects.get(slug="cas").parent is None


def test_a_body_django_refused_as_too_big_is_a_413_not_a_500(settings: Any) -> None:
    from django.core.exceptions import RequestDataTooBig

    from kernel.api.errors import api_exception_handler

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api_exception_handler(RequestDataTooBig("too big"), {})
    assert response is not None and response.status_code == 413
    assert response.data["errors"] == [
        {"field": "body", "message": "The request body is larger than the limit of 1000 bytes."}
    ]


def test_a_body_that_is_not_json_gets_415(feeder_client: Client, world: dict[str, Any]) -> None:
    response = feeder_client.post(AGREEMENTS, {"title": "x"})  # a form, not JSON
    assert response.status_code == 415
    assert_nothing_written()


def test_a_signatory_for_a_grandparent_of_a_party_is_accepted(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    from tests.factories import PartyFactory

    PartyFactory(slug="siat-lab", name="A SIAT laboratory", parent=world["siat"])
    payload = agreement_payload(
        parties=[{"party": "siat-lab"}, {"party": "shenzhen"}],
        signatories=[{"person": "bai-chunli", "on_behalf_of": "cas"}],
    )
    response = send(feeder_client, "post", AGREEMENTS, payload)
    assert response.status_code == 201, response.json()
    assert response.json()["signatories"][0]["on_behalf_of"] == "cas"
