"""Agreements posted with parties, signatories, both or neither."""

from __future__ import annotations

from typing import Any

from django.test import Client

from agreements.models import Agreement
from agreements.models.agreement import SIGNING_BODY_RULE

from .conftest import AGREEMENTS, agreement_payload, send


def without(payload: dict[str, Any], *names: str) -> dict[str, Any]:
    return {key: value for key, value in payload.items() if key not in names}


def test_an_agreement_posted_with_parties_but_no_signatories_is_created(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    response = send(feeder_client, "post", AGREEMENTS, without(agreement_payload(), "signatories"))
    assert response.status_code == 201
    agreement = Agreement.objects.get(slug="cas-shenzhen-2017")
    assert sorted(agreement.parties.values_list("slug", flat=True)) == ["shenzhen", "siat"]
    assert not agreement.signatures.exists()


def test_an_agreement_posted_with_signatories_but_no_parties_names_the_outsider(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    response = send(feeder_client, "post", AGREEMENTS, without(agreement_payload(), "parties"))
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "signatories[0].on_behalf_of",
            "message": SIGNING_BODY_RULE,
        }
    ]
    assert not Agreement.objects.filter(slug="cas-shenzhen-2017").exists()


def test_a_draft_posted_with_neither_parties_nor_signatories_is_created(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    # A draft: publishing needs two parties (tests/api/test_publishing_rule.py).
    payload = without(agreement_payload(published=False), "parties", "signatories")
    assert send(feeder_client, "post", AGREEMENTS, payload).status_code == 201
