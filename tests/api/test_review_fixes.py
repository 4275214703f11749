"""Bugs found by the API review, each pinned by a test that failed before its fix."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from wsgiref.util import setup_testing_defaults
from wsgiref.validate import validator

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from agreements.models import Agreement, CooperationField, Region
from agreements.models.agreement import SIGNING_BODY_RULE
from parties.models import Party
from registry.settings import cache_from_url
from tests.factories import CooperationFieldFactory

from .conftest import AGREEMENTS, agreement_payload, agreement_url, send


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


def test_an_agreement_posted_with_neither_parties_nor_signatories_is_created(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    payload = without(agreement_payload(), "parties", "signatories")
    assert send(feeder_client, "post", AGREEMENTS, payload).status_code == 201


RESOURCES_POSTED = [
    (
        "/api/parties/",
        {"slug": "nus", "name": "National University of Singapore", "kind": "university"},
    ),
    ("/api/people/", {"slug": "tan-eng-chye", "name": "TAN Eng Chye"}),
    ("/api/events/", {"slug": "a-symposium", "title": "A symposium", "kind": "symposium"}),
    ("/api/fields/", {"slug": "physics", "name": "Physics", "parent": "science"}),
    ("/api/regions/", {"slug": "asean", "name": "ASEAN"}),
    (AGREEMENTS, agreement_payload()),
]


@pytest.mark.parametrize(("url", "payload"), RESOURCES_POSTED)
def test_the_location_of_a_created_record_is_a_plain_string(
    feeder_client: Client, world: dict[str, Any], url: str, payload: dict[str, Any]
) -> None:
    response = send(feeder_client, "post", url, payload)
    assert response.status_code == 201
    assert type(response["Location"]) is str
    assert response["Location"] == f"http://testserver{url}{payload['slug']}/"


@contextmanager
def database_connection_kept_open() -> Iterator[None]:
    """A bare WSGI handler closes the connection after a request, as the test client does
    not; that would end the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_a_post_passes_the_wsgi_validator_of_the_development_server(
    feeder_token: str, world: dict[str, Any]
) -> None:
    body = json.dumps(
        {"slug": "nus", "name": "National University of Singapore", "kind": "university"}
    ).encode()
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "SCRIPT_NAME": "",
        "PATH_INFO": "/api/parties/",
        "QUERY_STRING": "",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_AUTHORIZATION": f"Token {feeder_token}",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(),
    }
    setup_testing_defaults(environ)
    started: list[str] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        started.append(status)
        return lambda data: None

    with database_connection_kept_open():
        result = validator(WSGIHandler())(environ, start_response)
        b"".join(result)
        result.close()
    assert started == ["201 Created"]
    assert Party.objects.filter(slug="nus").exists()


@pytest.fixture
def two_a_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})


def test_a_forged_forwarded_for_header_does_not_reset_the_anonymous_limit(
    anonymous_client: Client, db: None, two_a_minute: None
) -> None:
    statuses = [
        anonymous_client.get(AGREEMENTS, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_behind_one_proxy_the_address_it_appends_is_the_client(
    anonymous_client: Client, db: None, two_a_minute: None, settings: Any
) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    # The proxy appends the real address last; what the caller sent before it is ignored.
    forged = [
        anonymous_client.get(AGREEMENTS, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 198.51.100.7")
        for n in range(3)
    ]
    other = anonymous_client.get(AGREEMENTS, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert [r.status_code for r in forged] == [200, 200, 429]
    assert other.status_code == 200


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("", "django.core.cache.backends.locmem.LocMemCache"),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache"),
        ("redis://127.0.0.1:6379/1", "django.core.cache.backends.redis.RedisCache"),
        ("rediss://cache.example.org:6380/0", "django.core.cache.backends.redis.RedisCache"),
    ],
)
def test_the_cache_comes_from_a_url(url: str, backend: str) -> None:
    assert cache_from_url(url)["BACKEND"] == backend
    if "redis" in backend:
        assert cache_from_url(url)["LOCATION"] == url


def test_an_unknown_cache_url_stops_the_server() -> None:
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_from_url("memcached://127.0.0.1:11211")


REDIS = "redis://127.0.0.1:6379/2"


def redis_is_up() -> bool:
    try:
        return bool(RedisCache(REDIS, {})._cache.get_client().ping())
    except Exception:
        return False


@pytest.mark.skipif(not redis_is_up(), reason="needs Redis on 127.0.0.1:6379")
def test_with_redis_the_count_is_shared_between_processes(
    anonymous_client: Client,
    db: None,
    two_a_minute: None,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from registry.api.throttling import FixedWindowRateThrottle

    monkeypatch.setattr(FixedWindowRateThrottle, "timer", staticmethod(lambda: 6_000.0))
    prefix = f"test-throttle-{id(settings)}"
    settings.CACHES = {"default": {**cache_from_url(REDIS), "KEY_PREFIX": prefix}}
    # Another worker process would open its own connection: this one stands in for it.
    other_worker = RedisCache(REDIS, {"KEY_PREFIX": prefix})
    key = "throttle_anon_127.0.0.1_100"  # the minute 6,000 seconds after the epoch falls in
    try:
        first_two = [anonymous_client.get(AGREEMENTS).status_code for _ in range(2)]
        assert other_worker.get(key) == 2
        assert anonymous_client.get(AGREEMENTS).status_code == 429
    finally:
        other_worker.delete(key)
        caches.close_all()
    assert first_two == [200, 200]


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
    anonymous_client: Client,
    analyst_client: Client,
    feeder_client: Client,
    world: dict[str, Any],
    two_a_minute: None,
    status: int,
) -> None:
    response = error_cases(anonymous_client, analyst_client, feeder_client)[status]()
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["errors"] == [{"field": "non_field_errors", "message": body["detail"]}]


@pytest.mark.parametrize("url", [AGREEMENTS, "/api/parties/", "/api/fields/"])
def test_unknown_names_in_fields_are_a_400_naming_them(
    anonymous_client: Client, world: dict[str, Any], url: str
) -> None:
    response = anonymous_client.get(url, {"fields": "slug,nothing,nor-this"})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "fields"
    assert error["message"].startswith("Unknown field(s): nothing, nor-this. Known: slug, url,")


def test_known_names_in_fields_still_select_them(
    anonymous_client: Client, world: dict[str, Any]
) -> None:
    response = anonymous_client.get("/api/fields/", {"fields": "slug, name"})
    assert response.json()["results"][0] == {"slug": "education", "name": "Education"}


def test_the_schema_declares_fields_and_brief_on_every_list(
    anonymous_client: Client, db: None
) -> None:
    paths = anonymous_client.get("/api/schema/", {"format": "json"}).json()["paths"]
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
