"""Deleting fields and regions: refused (409) while anything uses them."""

from __future__ import annotations

from typing import Any

from django.test import Client

from agreements.models import CooperationField, Region
from tests.factories import CooperationFieldFactory


def test_a_field_that_tags_an_agreement_is_not_deleted(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    world["older"].fields.add(world["science"])
    response = feeder_client.delete("/api/fields/science/")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Other records refer to this one; change or delete them first.",
        "errors": [
            {
                "field": "body",
                "message": "'science' is in use (agreements tagged with it: older-slug).",
            }
        ],
    }
    assert list(world["older"].fields.values_list("slug", flat=True)) == ["science"]


def test_a_region_that_tags_an_agreement_is_not_deleted(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    world["older"].regions.add(world["gba"])
    response = feeder_client.delete("/api/regions/greater-bay-area/")
    assert response.status_code == 409
    assert "older-slug" in response.json()["errors"][0]["message"]
    assert list(world["older"].regions.values_list("slug", flat=True)) == ["greater-bay-area"]


def test_a_field_with_narrower_fields_is_not_deleted(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    CooperationFieldFactory(slug="physics", name="Physics", parent=world["science"])
    response = feeder_client.delete("/api/fields/science/")
    assert response.status_code == 409
    message = response.json()["errors"][0]["message"]
    assert message == "'science' is in use (narrower terms: physics)."
    assert CooperationField.objects.filter(slug="science").exists()


def test_unused_fields_and_regions_are_deleted(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    assert feeder_client.delete("/api/fields/education/").status_code == 204
    assert feeder_client.delete("/api/regions/greater-bay-area/").status_code == 204
    assert not CooperationField.objects.filter(slug="education").exists()
    assert not Region.objects.filter(slug="greater-bay-area").exists()
