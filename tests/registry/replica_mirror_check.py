"""Run by test_replicas.py in a process whose settings have a replica (DATABASE_REPLICA_URLS),
which Django's test runner makes a mirror of the test database. Not collected on its own."""

from __future__ import annotations

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kernel.replicas import PIN_COOKIE
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica1"])


def reads_of(client: Client, path: str) -> tuple[int, int, int]:
    """The response's status, and the queries it sent to the primary and to the replica."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica1"]) as replica,
    ):
        status = client.get(path).status_code
    return status, len(primary), len(replica)


def test_an_anonymous_read_goes_to_the_replica() -> None:
    AgreementFactory(slug="on-both", published=True)
    status, primary, replica = reads_of(Client(), "/api/agreements/on-both/")
    assert (status, primary) == (200, 0)
    assert replica > 0


def test_a_writer_reads_the_primary_until_the_pin_expires(feeder_token: str) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Token {feeder_token}")
    AgreementFactory(slug="to-change", published=True)
    response = client.patch(
        "/api/agreements/to-change/", {"summary": "Changed."}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.cookies[PIN_COOKIE]["max-age"] == 10
    status, primary, replica = reads_of(client, "/api/agreements/to-change/")
    assert (status, replica) == (200, 0)
    assert primary > 0
    # Another caller, who wrote nothing, still reads the replica.
    assert reads_of(Client(), "/api/agreements/to-change/")[2] > 0


def test_the_staff_admin_reads_the_primary(admin_client: Client) -> None:
    status, primary, replica = reads_of(admin_client, "/admin/agreements/agreement/")
    assert (status, replica) == (200, 0)
    assert primary > 0
