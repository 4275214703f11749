"""Who may read drafts and who may write, for each persona, through the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from access.models import ApiToken
from agreements.models import Agreement
from tests.factories import AgreementFactory, EventFactory

from .conftest import AGREEMENTS, agreement_url, send


def listed_slugs(client: Client, url: str = AGREEMENTS) -> set[str]:
    return {item["slug"] for item in client.get(url).json()["results"]}


def test_it_hides_draft_agreements_from_anonymous_callers(
    client: Client, draft_agreement: Agreement
) -> None:
    published = AgreementFactory(published=True)
    assert listed_slugs(client) == {published.slug}
    assert client.get(agreement_url(draft_agreement.slug)).status_code == 404


def test_it_hides_draft_events_from_anonymous_callers(client: Client, db: None) -> None:
    draft = EventFactory(published=False)
    assert client.get(f"/api/events/{draft.slug}/").status_code == 404
    assert listed_slugs(client, "/api/events/") == set()


@pytest.mark.parametrize("persona", ["analyst_client", "feeder_client", "viewer_client"])
def test_tokens_and_staff_viewers_see_drafts(
    persona: str, draft_agreement: Agreement, request: pytest.FixtureRequest
) -> None:
    client = request.getfixturevalue(persona)
    assert listed_slugs(client) == {draft_agreement.slug}
    assert client.get(agreement_url(draft_agreement.slug)).status_code == 200


def test_a_published_agreement_does_not_reveal_a_related_draft(
    client: Client, analyst_client: Client, db: None
) -> None:
    older = AgreementFactory(slug="older", published=True)
    newer = AgreementFactory(slug="newer-draft", published=False)
    newer.relations.create(kind="renews", other=older)
    assert client.get(agreement_url("older")).json()["renewed_by"] == []
    assert analyst_client.get(agreement_url("older")).json()["renewed_by"] == ["newer-draft"]


def test_anonymous_callers_cannot_write(client: Client, world: dict[str, Any]) -> None:
    response = send(client, "patch", agreement_url("older-slug"), {"title": "Hacked"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert client.delete(agreement_url("older-slug")).status_code == 401
    assert Agreement.objects.get(slug="older-slug").title == "Older agreement"


def test_a_read_token_cannot_write(analyst_client: Client, world: dict[str, Any]) -> None:
    response = send(analyst_client, "patch", agreement_url("older-slug"), {"title": "Changed"})
    assert response.status_code == 403
    assert "read" in response.json()["detail"]
    assert analyst_client.delete(agreement_url("older-slug")).status_code == 403
    assert Agreement.objects.get(slug="older-slug").title == "Older agreement"


def test_a_write_token_writes(feeder_client: Client, world: dict[str, Any]) -> None:
    response = send(feeder_client, "patch", agreement_url("older-slug"), {"title": "Changed"})
    assert response.status_code == 200
    assert Agreement.objects.get(slug="older-slug").title == "Changed"


def test_a_wrong_token_gets_401(world: dict[str, Any]) -> None:
    client = Client(HTTP_AUTHORIZATION="Token not-a-real-key")
    assert client.get(AGREEMENTS).status_code == 401


def test_a_revoked_token_gets_401(analyst_token: str, world: dict[str, Any]) -> None:
    ApiToken.objects.get().revoke()
    client = Client(HTTP_AUTHORIZATION=f"Token {analyst_token}")
    response = client.get(AGREEMENTS)
    assert response.status_code == 401
    assert response.json()["detail"] == "This token has been revoked."


def test_a_token_of_an_inactive_user_gets_401(feeder_token: str, world: dict[str, Any]) -> None:
    ApiToken.objects.get().user.__class__.objects.filter(username="feeder").update(is_active=False)
    client = Client(HTTP_AUTHORIZATION=f"Token {feeder_token}")
    assert client.get(AGREEMENTS).status_code == 401


def test_a_staff_viewer_session_cannot_write(viewer_client: Client, world: dict[str, Any]) -> None:
    response = send(viewer_client, "patch", agreement_url("older-slug"), {"title": "Changed"})
    assert response.status_code == 403


def test_a_staff_editor_session_writes(editor_client: Client, world: dict[str, Any]) -> None:
    response = send(editor_client, "patch", agreement_url("older-slug"), {"title": "Changed"})
    assert response.status_code == 200
    assert Agreement.objects.get(slug="older-slug").title == "Changed"


def test_the_superuser_writes(superuser_client: Client, world: dict[str, Any]) -> None:
    assert superuser_client.delete(agreement_url("older-slug")).status_code == 204


def test_anonymous_callers_are_throttled(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    assert [client.get(AGREEMENTS).status_code for _ in range(3)] == [200, 200, 429]


def test_token_callers_are_not_throttled(
    analyst_client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    assert [analyst_client.get(AGREEMENTS).status_code for _ in range(3)] == [200, 200, 200]


def test_the_default_anonymous_rate_comes_from_the_environment() -> None:
    from django.conf import settings

    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"] == "120/minute"
