"""Publishing needs at least two parties; drafts may be incomplete (the write service, so
SQLite and PostgreSQL alike)."""

from __future__ import annotations

from typing import Any

from django.test import Client

from agreements.models import Agreement, AgreementParty
from agreements.models.agreement import PUBLISHING_RULE

from .conftest import AGREEMENTS, agreement_payload, agreement_url, send

ONE_PARTY = [{"party": "shenzhen", "role": "party"}]


def errors(response: Any) -> list[dict[str, str]]:
    return response.json()["errors"]  # type: ignore[no-any-return]


def test_creating_a_published_agreement_with_one_party_is_a_400_naming_published(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    payload = agreement_payload(parties=ONE_PARTY, signatories=[])
    response = send(feeder_client, "post", AGREEMENTS, payload)
    assert response.status_code == 400
    assert errors(response) == [{"field": "published", "message": PUBLISHING_RULE}]
    assert not Agreement.objects.filter(slug="cas-shenzhen-2017").exists()


def test_a_draft_may_have_one_party_or_none(feeder_client: Client, world: dict[str, Any]) -> None:
    payload = agreement_payload(published=False, parties=ONE_PARTY, signatories=[])
    assert send(feeder_client, "post", AGREEMENTS, payload).status_code == 201
    payload = agreement_payload(slug="empty", published=False, parties=[], signatories=[])
    assert send(feeder_client, "post", AGREEMENTS, payload).status_code == 201


def test_publishing_a_draft_with_one_party_is_refused(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    payload = agreement_payload(published=False, parties=ONE_PARTY, signatories=[])
    send(feeder_client, "post", AGREEMENTS, payload)
    response = send(feeder_client, "patch", agreement_url("cas-shenzhen-2017"), {"published": True})
    assert response.status_code == 400
    assert errors(response) == [{"field": "published", "message": PUBLISHING_RULE}]
    assert Agreement.objects.get(slug="cas-shenzhen-2017").published is False


def test_publishing_a_draft_with_two_parties_passes(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    send(feeder_client, "post", AGREEMENTS, agreement_payload(published=False))
    response = send(feeder_client, "patch", agreement_url("cas-shenzhen-2017"), {"published": True})
    assert response.status_code == 200
    assert Agreement.objects.get(slug="cas-shenzhen-2017").published is True


def test_shrinking_the_parties_of_a_published_agreement_below_two_is_refused(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    send(feeder_client, "post", AGREEMENTS, agreement_payload(signatories=[]))
    response = send(
        feeder_client, "patch", agreement_url("cas-shenzhen-2017"), {"parties": ONE_PARTY}
    )
    assert response.status_code == 400
    assert errors(response) == [{"field": "published", "message": PUBLISHING_RULE}]
    assert AgreementParty.objects.filter(agreement__slug="cas-shenzhen-2017").count() == 2


def test_unpublishing_and_shrinking_together_pass(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    send(feeder_client, "post", AGREEMENTS, agreement_payload(signatories=[]))
    response = send(
        feeder_client,
        "patch",
        agreement_url("cas-shenzhen-2017"),
        {"published": False, "parties": ONE_PARTY},
    )
    assert response.status_code == 200
