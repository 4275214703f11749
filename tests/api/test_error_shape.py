"""Every error's shape, ?fields= validation, the schema's list parameters, slug messages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from .conftest import AGREEMENTS, agreement_url, send


def error_cases(anonymous: Client, analyst: Client, feeder: Client) -> dict[int, Any]:
    """One request per error status that is about the request rather than a value in it."""
    older = agreement_url("older-slug")
    return {
        401: lambda: anonymous.get(AGREEMENTS, HTTP_AUTHORIZATION="Token not-a-key"),
        403: lambda: send(analyst, "patch", older, {"title": "x"}),
        404: lambda: anonymous.get(agreement_url("no-such-agreement")),
        405: lambda: send(feeder, "post", older, {"title": "x"}),
        412: lambda: send(feeder, "patch", older, {"title": "x"}, HTTP_IF_MATCH='"stale"'),
        415: lambda: feeder.post(AGREEMENTS, "title=x", content_type="text/plain"),
        429: lambda: [anonymous.get(AGREEMENTS) for _ in range(3)][-1],
    }


@pytest.mark.parametrize("status", [401, 403, 404, 405, 412, 415, 429])
def test_every_error_carries_detail_and_errors(
    client: Client,
    analyst_client: Client,
    feeder_client: Client,
    world: dict[str, Any],
    two_a_minute: None,
    status: int,
) -> None:
    response = error_cases(client, analyst_client, feeder_client)[status]()
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["errors"] == [{"field": "non_field_errors", "message": body["detail"]}]


@pytest.mark.parametrize("url", [AGREEMENTS, "/api/parties/", "/api/fields/"])
def test_unknown_names_in_fields_are_a_400_naming_them(
    client: Client, world: dict[str, Any], url: str
) -> None:
    response = client.get(url, {"fields": "slug,nothing,nor-this"})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "fields"
    assert error["message"].startswith("Unknown field(s): nothing, nor-this. Known: slug, url,")


def test_known_names_in_fields_still_select_them(client: Client, world: dict[str, Any]) -> None:
    response = client.get("/api/fields/", {"fields": "slug, name"})
    assert response.json()["results"][0] == {"slug": "education", "name": "Education"}


def test_the_schema_declares_fields_and_brief_on_every_list(client: Client, db: None) -> None:
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    for resource in ["agreements", "parties", "people", "events", "fields", "regions"]:
        listed = {p["name"]: p for p in paths[f"/api/{resource}/"]["get"]["parameters"]}
        assert listed["fields"]["schema"] == {"type": "string"}
        assert listed["brief"]["schema"] == {"type": "boolean"}
        detail = paths[f"/api/{resource}/{{slug}}/"]["get"].get("parameters", [])
        assert "fields" not in {p["name"] for p in detail}
    regions = paths["/api/regions/"]["get"]["parameters"]
    [fields] = [p for p in regions if p["name"] == "fields"]
    assert fields["description"].endswith("description, parent, countries.")


@pytest.mark.parametrize(
    ("url", "payload"),
    [
        (AGREEMENTS, {"title": "An agreement", "kind": "other"}),
        ("/api/parties/", {"name": "A party", "kind": "other"}),
        ("/api/people/", {"name": "A person"}),
        ("/api/fields/", {"name": "A field"}),
    ],
)
def test_a_malformed_slug_gets_one_message(
    feeder_client: Client, world: dict[str, Any], url: str, payload: dict[str, Any]
) -> None:
    response = send(feeder_client, "post", url, {**payload, "slug": "Bad Slug!"})
    assert response.status_code == 400
    message = "Use lowercase letters, digits and single hyphens, e.g. 'cas-shenzhen-2017'."
    assert response.json()["errors"] == [{"field": "slug", "message": message}]
