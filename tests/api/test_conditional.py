"""Optimistic concurrency: ETags on details, 412 on a stale If-Match, 304 on a fresh GET."""

from __future__ import annotations

from typing import Any

from django.test import Client

from agreements.models import Agreement

from .conftest import agreement_url, send


def test_details_carry_an_etag_that_changes_with_the_record(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    first = feeder_client.get(agreement_url("older-slug"))["ETag"]
    assert first.startswith('"') and len(first) == 34
    send(feeder_client, "patch", agreement_url("older-slug"), {"summary": "New"})
    assert feeder_client.get(agreement_url("older-slug"))["ETag"] != first


def test_a_conditional_get_with_the_current_etag_gets_304(
    client: Client, world: dict[str, Any]
) -> None:
    etag = client.get(agreement_url("older-slug"))["ETag"]
    response = client.get(agreement_url("older-slug"), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    stale = client.get(agreement_url("older-slug"), HTTP_IF_NONE_MATCH='"stale"')
    assert stale.status_code == 200


def test_a_write_with_a_stale_if_match_gets_412_and_changes_nothing(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    etag = feeder_client.get(agreement_url("older-slug"))["ETag"]
    send(feeder_client, "patch", agreement_url("older-slug"), {"summary": "Someone else"})
    for method in ["put", "patch"]:
        response = send(
            feeder_client,
            method,
            agreement_url("older-slug"),
            {"title": "Mine"},
            HTTP_IF_MATCH=etag,
        )
        assert response.status_code == 412
    response = feeder_client.delete(agreement_url("older-slug"), HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert Agreement.objects.get(slug="older-slug").title == "Older agreement"


def test_a_write_with_the_current_if_match_succeeds_and_returns_the_new_etag(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    etag = feeder_client.get(agreement_url("older-slug"))["ETag"]
    response = send(
        feeder_client, "patch", agreement_url("older-slug"), {"title": "Mine"}, HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200
    assert response["ETag"] == feeder_client.get(agreement_url("older-slug"))["ETag"] != etag
    assert (
        feeder_client.delete(
            agreement_url("older-slug"), HTTP_IF_MATCH=response["ETag"]
        ).status_code
        == 204
    )


def test_parties_have_etags_too(feeder_client: Client, world: dict[str, Any]) -> None:
    etag = feeder_client.get("/api/parties/cas/")["ETag"]
    send(feeder_client, "patch", "/api/parties/cas/", {"website": "https://www.cas.cn/"})
    response = send(feeder_client, "patch", "/api/parties/cas/", {"name": "X"}, HTTP_IF_MATCH=etag)
    assert response.status_code == 412


def test_json_and_html_have_different_etags(client: Client, world: dict[str, Any]) -> None:
    json_etag = client.get(agreement_url("older-slug"))["ETag"]
    html = client.get(agreement_url("older-slug"), HTTP_ACCEPT="text/html")
    assert html["ETag"] != json_etag
    vary = client.get(agreement_url("older-slug"))["Vary"]
    assert "Accept" in vary and "Authorization" in vary
