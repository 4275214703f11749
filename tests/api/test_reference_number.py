"""An agreement's reference number: a registry's citation number, unique when given."""

from __future__ import annotations

from typing import Any

from django.test import Client

from agreements.models import Agreement
from tests.factories import AgreementFactory

from .conftest import AGREEMENTS, agreement_payload, agreement_url, send


def test_it_writes_and_shows_the_reference_number(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    created = send(
        feeder_client, "post", AGREEMENTS, agreement_payload(reference_number="CAS-SZ-2017-004")
    )
    assert created.status_code == 201, created.content
    assert created.json()["reference_number"] == "CAS-SZ-2017-004"
    shown = feeder_client.get(agreement_url("cas-shenzhen-2017")).json()
    assert shown["reference_number"] == "CAS-SZ-2017-004"
    listed = feeder_client.get(AGREEMENTS, {"fields": "slug,reference_number"}).json()
    assert {"slug": "cas-shenzhen-2017", "reference_number": "CAS-SZ-2017-004"} in listed["results"]


def test_it_refuses_a_reference_number_another_agreement_has(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    AgreementFactory(slug="first", reference_number="CAS-SZ-2017-004")
    response = send(
        feeder_client, "post", AGREEMENTS, agreement_payload(reference_number="CAS-SZ-2017-004")
    )
    assert response.status_code == 400, response.content
    assert not Agreement.objects.filter(slug="cas-shenzhen-2017").exists()


def test_many_agreements_may_have_no_reference_number(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    AgreementFactory(slug="first", reference_number="")
    response = send(feeder_client, "post", AGREEMENTS, agreement_payload(reference_number=""))
    assert response.status_code == 201, response.content
    assert response.json()["reference_number"] == ""


def test_the_list_filters_by_reference_number(client: Client, db: None) -> None:
    AgreementFactory(slug="numbered", reference_number="CAS-SZ-2017-004")
    AgreementFactory(slug="other", reference_number="CAS-SZ-2017-005")
    found = client.get(AGREEMENTS, {"reference_number": "cas-sz-2017-004"}).json()
    assert [row["slug"] for row in found["results"]] == ["numbered"]


def test_staff_find_an_agreement_by_reference_number(superuser_client: Client, db: None) -> None:
    AgreementFactory(title="The numbered one", reference_number="CAS-SZ-2017-004")
    AgreementFactory(title="Another one")
    page = superuser_client.get("/admin/agreements/agreement/", {"q": "CAS-SZ-2017-004"})
    assert page.status_code == 200
    assert "The numbered one" in page.content.decode()
    assert "Another one" not in page.content.decode()
