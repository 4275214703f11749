"""The summary and the place of signing in the original language: written and read back
through the API, and found by the search."""

from __future__ import annotations

from typing import Any

from django.test import Client

from agreements.models import Agreement

from .conftest import AGREEMENTS, agreement_payload, agreement_url, send


def test_it_writes_and_reads_back_the_chinese_summary_and_place(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    payload = agreement_payload(summary_local="双方共建创新中心。", signed_place_local="新加坡")
    response = send(feeder_client, "post", AGREEMENTS, payload)
    assert response.status_code == 201, response.content
    read = feeder_client.get(agreement_url("cas-shenzhen-2017")).json()
    assert read["summary_local"] == "双方共建创新中心。"
    assert read["signed_place_local"] == "新加坡"
    response = send(
        feeder_client, "patch", agreement_url("cas-shenzhen-2017"), {"signed_place_local": ""}
    )
    assert response.status_code == 200, response.content
    assert Agreement.objects.get(slug="cas-shenzhen-2017").signed_place_local == ""


def test_the_search_finds_an_agreement_by_its_chinese_summary_or_place(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    payload = agreement_payload(summary_local="共建量子实验室。", signed_place_local="蛇口")
    assert send(feeder_client, "post", AGREEMENTS, payload).status_code == 201
    for q in ("量子实验室", "蛇口"):
        found = feeder_client.get(AGREEMENTS, {"q": q}).json()["results"]
        assert [a["slug"] for a in found] == ["cas-shenzhen-2017"], q
