"""What a write may and may not change, one request at a time (SQLite and PostgreSQL):
only the fields a request names, never a shared source, never a referenced agreement."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, AgreementParty, AgreementRelation
from agreements.models.agreement import SIGNING_BODY_RULE
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    AgreementSourceFactory,
    SignatureFactory,
    SourceFactory,
)

from .conftest import AGREEMENTS, agreement_payload, agreement_url, send


def fields_named(response: Any) -> list[str]:
    return [error["field"] for error in response.json()["errors"]]


def test_a_patch_writes_only_the_columns_it_names(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = send(feeder_client, "patch", agreement_url("older-slug"), {"title": "New"})
    assert response.status_code == 200
    # The agreement's own save (the search document is refreshed by a second UPDATE).
    updates = [
        q["sql"]
        for q in queries
        if q["sql"].startswith('UPDATE "agreements_agreement" SET')
        and "search_document" not in q["sql"]
    ]
    assert updates, "the title was written"
    for sql in updates:
        assert '"title"' in sql
        assert '"published"' not in sql
        assert '"summary"' not in sql


def test_a_write_without_if_match_is_a_428_when_the_setting_requires_it(
    feeder_client: Client, world: dict[str, Any], settings: Any
) -> None:
    settings.API_REQUIRE_IF_MATCH = True
    response = send(feeder_client, "patch", agreement_url("older-slug"), {"title": "New"})
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    assert feeder_client.delete(agreement_url("older-slug")).status_code == 428
    assert Agreement.objects.get(slug="older-slug").title == "Older agreement"

    etag = feeder_client.get(agreement_url("older-slug"))["ETag"]
    response = send(
        feeder_client, "patch", agreement_url("older-slug"), {"title": "New"}, HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200
    assert Agreement.objects.get(slug="older-slug").title == "New"


def test_deleting_an_agreement_another_one_renews_is_a_409_naming_it(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    send(feeder_client, "post", AGREEMENTS, agreement_payload())
    response = feeder_client.delete(agreement_url("older-slug"))
    assert response.status_code == 409
    assert "cas-shenzhen-2017 (renews it)" in response.json()["errors"][0]["message"]
    assert Agreement.objects.filter(slug="older-slug").exists()
    assert AgreementRelation.objects.filter(other__slug="older-slug", kind="renews").exists()
    # Once the renewing agreement is gone (its relations with it), the older one may go.
    assert feeder_client.delete(agreement_url("cas-shenzhen-2017")).status_code == 204
    assert not AgreementRelation.objects.exists()
    assert feeder_client.delete(agreement_url("older-slug")).status_code == 204


def test_a_nested_write_does_not_change_a_source_another_agreement_cites(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    shared = SourceFactory(url="https://english.siat.ac.cn/news/1.html", title="Stored title")
    AgreementSourceFactory(agreement=world["older"], source=shared)
    draft = agreement_payload(published=False)
    response = send(feeder_client, "post", AGREEMENTS, draft)
    assert response.status_code == 409
    assert "sources[0].title" in fields_named(response)
    shared.refresh_from_db()
    assert shared.title == "Stored title"
    assert not Agreement.objects.filter(slug="cas-shenzhen-2017").exists()
    # Sent as stored, the shared source is cited unchanged.
    draft["sources"][0].update(title="Stored title", excerpt=shared.excerpt)
    draft["sources"][0].update(publisher=shared.publisher, published_on=None)
    draft["sources"][0].update(language=shared.language)
    response = send(feeder_client, "post", AGREEMENTS, draft)
    assert response.status_code == 201
    assert Agreement.objects.get(slug="cas-shenzhen-2017").sources.get() == shared


def test_removing_a_party_a_stored_signature_is_on_behalf_of_is_refused(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    send(feeder_client, "post", AGREEMENTS, agreement_payload())
    # bai signs for cas, siat's parent: removing siat leaves cas above no party.
    response = send(
        feeder_client,
        "patch",
        agreement_url("cas-shenzhen-2017"),
        {"parties": [{"party": "shenzhen", "role": "party"}]},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "parties", "message": SIGNING_BODY_RULE}]
    assert AgreementParty.objects.filter(party__slug="siat").exists()


def test_the_trigger_migration_raises_the_models_message() -> None:
    migration = importlib.import_module(
        "agreements.migrations.0006_signing_body_trigger_guards_party_removal"
    )
    assert migration.SIGNING_BODY_RULE == SIGNING_BODY_RULE


@pytest.mark.django_db
def test_the_database_refuses_removing_a_party_a_signature_is_on_behalf_of() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's; SQLite relies on the write service")
    agreement = AgreementFactory()
    party = AgreementPartyFactory(agreement=agreement).party
    SignatureFactory(agreement=agreement, on_behalf_of=party)
    with pytest.raises(IntegrityError, match=SIGNING_BODY_RULE), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS agreements_party_keep_signing_bodies IMMEDIATE")
        AgreementParty.objects.filter(agreement=agreement).delete()
    assert AgreementParty.objects.filter(agreement=agreement).count() == 1


@pytest.mark.django_db
def test_the_database_lets_a_party_go_with_its_signatures() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    agreement = AgreementFactory()
    party = AgreementPartyFactory(agreement=agreement).party
    SignatureFactory(agreement=agreement, on_behalf_of=party)
    with transaction.atomic():
        AgreementParty.objects.filter(agreement=agreement).delete()
        agreement.signatures.all().delete()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS agreements_party_keep_signing_bodies IMMEDIATE")
    assert not AgreementParty.objects.filter(agreement=agreement).exists()


def test_a_patch_of_a_nested_list_alone_marks_the_agreement_updated(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    before = Agreement.objects.get(slug="older-slug").updated_at
    response = send(feeder_client, "patch", agreement_url("older-slug"), {"fields": ["science"]})
    assert response.status_code == 200
    after = Agreement.objects.get(slug="older-slug")
    assert after.updated_at > before
    assert list(after.fields.values_list("slug", flat=True)) == ["science"]
