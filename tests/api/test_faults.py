"""Faults: hostile bodies, a lost cache or database, and floods get a clear answer, never a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from agreements.models import Agreement
from registry.api.parsers import MAX_JSON_DEPTH, nesting_depth

from .conftest import AGREEMENTS, agreement_payload, send


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [100_000, 900, MAX_JSON_DEPTH + 1])
def test_it_refuses_a_deeply_nested_body_with_a_400_naming_body(
    feeder_client: Client, world: dict[str, Any], depth: int
) -> None:
    response = send(feeder_client, "post", AGREEMENTS, nested(depth))
    assert response.status_code == 400
    message = f"The JSON body is nested more than {MAX_JSON_DEPTH} levels deep."
    assert response.json() == {"detail": message, "errors": [{"field": "body", "message": message}]}
    assert list(Agreement.objects.values_list("slug", flat=True)) == ["older-slug"]


def test_it_refuses_a_deep_value_inside_a_real_agreement(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    body = json.dumps(agreement_payload(summary="x"))
    body = body.replace('"x"', nested(5_000), 1)
    response = send(feeder_client, "post", AGREEMENTS, body)
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["body"]
    assert not Agreement.objects.filter(slug="cas-shenzhen-2017").exists()


def test_it_still_accepts_an_agreement_nested_as_deep_as_a_real_one(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    response = send(feeder_client, "post", AGREEMENTS, agreement_payload())
    assert response.status_code == 201, response.json()


def test_it_measures_nesting_without_recursing() -> None:
    assert [nesting_depth(value) for value in (1, [], {"a": [1, {"b": []}]})] == [0, 1, 4]
    deep: list[Any] = []
    for _ in range(50_000):
        deep = [deep]
    assert nesting_depth(deep) == 50_001
