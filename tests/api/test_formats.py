"""CSV, ?fields= and ?brief=1 on lists; the schema, the docs and the change history."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.test import Client

from .conftest import AGREEMENTS, agreement_payload, send


def test_lists_come_as_csv_one_flat_row_per_object(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    send(feeder_client, "post", AGREEMENTS, agreement_payload())
    response = feeder_client.get(
        AGREEMENTS, {"format": "csv", "kind": "memorandum_of_understanding"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert [row["slug"] for row in rows] == ["cas-shenzhen-2017"]
    row = rows[0]
    assert row["signed_on"] == "2017-07"
    assert row["parties"] == "siat (party); shenzhen (party)"
    assert row["fields"] == "science"
    assert row["title_local"] == "共同推进建设深圳国际科技产业创新中心合作协议书"
    assert row["published"] == "true"


def test_every_list_offers_csv(client: Client, world: dict[str, Any]) -> None:
    for resource in ["parties", "people", "agreements", "events", "fields", "regions"]:
        response = client.get(f"/api/{resource}/", {"format": "csv"})
        assert response.status_code == 200, resource
        assert response.getvalue().decode().splitlines()[0].startswith("slug,url,"), resource


def test_fields_keeps_only_the_named_fields(client: Client, world: dict[str, Any]) -> None:
    results = client.get(AGREEMENTS, {"fields": "slug,signed_on"}).json()["results"]
    assert results == [{"slug": "older-slug", "signed_on": "2012"}]


def test_brief_keeps_slug_url_and_name(client: Client, world: dict[str, Any]) -> None:
    agreements = client.get(AGREEMENTS, {"brief": "1"}).json()["results"]
    assert agreements == [
        {
            "slug": "older-slug",
            "url": "http://testserver/api/agreements/older-slug/",
            "title": "Older agreement",
        }
    ]
    party = client.get("/api/parties/", {"brief": "1", "page_size": 1}).json()["results"][0]
    assert set(party) == {"slug", "url", "name"}


def test_page_size_is_capped_at_500(client: Client, world: dict[str, Any]) -> None:
    data = client.get("/api/parties/", {"page_size": 2}).json()
    assert set(data) == {"count", "next", "previous", "results"}
    assert data["count"] == 3 and len(data["results"]) == 2
    assert "page=2" in data["next"] and "page_size=2" in data["next"]
    from kernel.api.pagination import RegistryPagination

    assert (RegistryPagination.page_size, RegistryPagination.max_page_size) == (50, 500)


def test_the_schema_is_openapi_3_and_names_every_resource(client: Client, db: None) -> None:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for resource in ["parties", "people", "agreements", "events", "fields", "regions"]:
        assert f"/api/{resource}/{{slug}}/" in schema["paths"]
    assert "/api/agreements/{slug}/history/" in schema["paths"]
    agreement = schema["components"]["schemas"]["Agreement"]["properties"]
    assert agreement["signed_on"]["pattern"] == r"^\d{4}(-\d{2}(-\d{2})?)?$"
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_the_docs_load_their_assets_from_this_server(client: Client, db: None) -> None:
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "<script>" not in html  # no inline script: the CSP forbids it
    csp = dict(d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";"))
    assert (csp["script-src"], csp["style-src"]) == ("'self'", "'self' 'unsafe-inline'")
    script = client.get("/api/docs/", {"script": ""})
    assert script.status_code == 200 and b"SwaggerUIBundle" in script.content


def test_the_api_root_links_every_resource(client: Client, db: None) -> None:
    links = client.get("/api/").json()
    assert links["agreements"] == "http://testserver/api/agreements/"
    assert set(links) >= {"parties", "people", "agreements", "events", "fields", "regions"}


def test_the_history_lists_each_change_with_its_fields(
    feeder_client: Client, client: Client, world: dict[str, Any]
) -> None:
    send(feeder_client, "post", AGREEMENTS, agreement_payload())
    send(
        feeder_client,
        "patch",
        "/api/agreements/cas-shenzhen-2017/",
        {
            "status": "terminated",
            "status_fixed": True,
            "status_note": "Ended by letter; no date given.",
            "summary": "Now",
        },
    )
    history = feeder_client.get("/api/agreements/cas-shenzhen-2017/history/").json()
    own = [entry for entry in history if entry["part"] == "agreement"]
    # Newest first; the nested write recorded the new agreement, then its fields (m2m).
    assert [entry["type"] for entry in own][0 :: len(own) - 1] == ["~", "+"]
    assert own[0]["changed_fields"] == ["status", "status_fixed", "status_note", "summary"]
    assert own[0]["user"] == "feeder"
    assert {entry["part"] for entry in history} >= {"parties", "signatories", "sources"}
    public = client.get("/api/agreements/cas-shenzhen-2017/history/").json()
    assert public[0]["user"] is None
