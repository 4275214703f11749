"""What any HTTP client relies on: Location headers and WSGI compliance."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from wsgiref.util import setup_testing_defaults
from wsgiref.validate import validator

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from parties.models import Party

from .conftest import AGREEMENTS, agreement_payload, send

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
