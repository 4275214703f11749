"""Writing an agreement with everything nested, in one request, and reading it back."""

from __future__ import annotations

from typing import Any

from django.test import Client

from agreements.models import Agreement, AgreementSource, Source
from tests.factories import SourceFactory

from .conftest import AGREEMENTS, agreement_payload, agreement_url, send


def test_it_creates_an_agreement_with_everything_nested(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    response = send(feeder_client, "post", AGREEMENTS, agreement_payload())
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (
        response["Location"] == data["url"] == "http://testserver/api/agreements/cas-shenzhen-2017/"
    )
    assert data["parties"] == [
        {"party": "siat", "role": "party"},
        {"party": "shenzhen", "role": "party"},
    ]
    assert data["signatories"] == [
        {"person": "bai-chunli", "on_behalf_of": "cas", "role": "witness", "title": "President"}
    ]
    assert data["fields"] == ["science"]
    assert data["regions"] == []
    assert data["relations"] == [{"kind": "renews", "agreement": "older-slug", "note": ""}]
    assert data["commitments"][0]["due_on"] == "2020"
    assert data["sources"][0]["url"] == "https://english.siat.ac.cn/news/1.html"
    assert data["sources"][0]["published_on"] == "2019-09-02"
    agreement = Agreement.objects.get(slug="cas-shenzhen-2017")
    assert agreement.title_local == "共同推进建设深圳国际科技产业创新中心合作协议书"


def test_dates_come_back_exactly_as_written(feeder_client: Client, world: dict[str, Any]) -> None:
    payload = agreement_payload(signed_on="2017", effective_on="2017-07", expires_on="2017-07-15")
    data = send(feeder_client, "post", AGREEMENTS, payload).json()
    assert (data["signed_on"], data["effective_on"], data["expires_on"]) == (
        "2017",
        "2017-07",
        "2017-07-15",
    )
    assert data["terminated_on"] is None
    again = feeder_client.get(agreement_url("cas-shenzhen-2017")).json()
    assert (again["signed_on"], again["effective_on"]) == ("2017", "2017-07")


def test_the_older_agreement_shows_the_inverse_relation(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    send(feeder_client, "post", AGREEMENTS, agreement_payload())
    older = Client().get(agreement_url("older-slug")).json()
    assert older["renewed_by"] == ["cas-shenzhen-2017"]
    assert older["amended_by"] == older["superseded_by"] == older["related"] == []


def test_it_derives_a_slug_when_none_is_given(feeder_client: Client, world: dict[str, Any]) -> None:
    payload = agreement_payload(title="Framework for Science", signed_on="2019-03")
    del payload["slug"]
    response = send(feeder_client, "post", AGREEMENTS, payload)
    assert response.status_code == 201, response.json()
    assert response.json()["slug"] == "framework-for-science-2019"


def test_put_replaces_nested_lists(feeder_client: Client, world: dict[str, Any]) -> None:
    send(feeder_client, "post", AGREEMENTS, agreement_payload())
    payload = agreement_payload(
        parties=[{"party": "cas", "role": "lead"}, {"party": "shenzhen", "role": "party"}],
        signatories=[],
        fields=["education", "science"],
        relations=[],
        commitments=[],
    )
    response = send(feeder_client, "put", agreement_url("cas-shenzhen-2017"), payload)
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["parties"] == [
        {"party": "cas", "role": "lead"},
        {"party": "shenzhen", "role": "party"},
    ]
    assert data["signatories"] == [] and data["relations"] == [] and data["commitments"] == []
    assert sorted(data["fields"]) == ["education", "science"]


def test_patch_changes_only_what_it_names(feeder_client: Client, world: dict[str, Any]) -> None:
    send(feeder_client, "post", AGREEMENTS, agreement_payload())
    response = send(
        feeder_client, "patch", agreement_url("cas-shenzhen-2017"), {"status": "in_force"}
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["status"] == "in_force"
    assert [p["party"] for p in data["parties"]] == ["siat", "shenzhen"]
    assert len(data["signatories"]) == 1


def test_sources_are_matched_by_url_and_updated(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    existing = SourceFactory(url="https://english.siat.ac.cn/news/1.html", title="Old title")
    send(feeder_client, "post", AGREEMENTS, agreement_payload())
    assert Source.objects.count() == 1
    existing.refresh_from_db()
    assert existing.title == "Press release"
    assert str(existing.published_on) == "2019-09-02"
    assert AgreementSource.objects.get().source == existing


def test_delete_removes_the_agreement(feeder_client: Client, world: dict[str, Any]) -> None:
    response = feeder_client.delete(agreement_url("older-slug"))
    assert response.status_code == 204
    assert not Agreement.objects.filter(slug="older-slug").exists()


def test_the_slug_cannot_change(feeder_client: Client, world: dict[str, Any]) -> None:
    response = send(feeder_client, "patch", agreement_url("older-slug"), {"slug": "newer"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "slug"
