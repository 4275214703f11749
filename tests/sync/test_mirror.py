"""Mirroring by the feed: writes through the API, the admin and a bulk job, then the feed
replayed into an empty registry, writing through the API, gives the same records."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from agreements.models import (
    Agreement,
    AgreementRelation,
    CooperationField,
    Event,
    Region,
    Source,
)
from parties.models import Party, Person
from sync.changes import record
from tests.admin_forms import change_form_data
from tests.api.conftest import AGREEMENTS, agreement_payload, send
from tests.factories import AgreementPartyFactory

from .conftest import feed

COLLECTIONS = ["fields", "regions", "parties", "people", "agreements", "events"]
# Kept by each registry for itself: not part of what a mirror copies.
OWN = {"created_at", "updated_at"}


def export(client: Client) -> dict[str, dict[str, Any]]:
    """Every record of every collection, all pages, as the API shows them."""
    records: dict[str, dict[str, Any]] = {}
    for collection in COLLECTIONS:
        url: str | None = f"/api/{collection}/?page_size=2"
        while url:
            page = client.get(url).json()
            for item in page["results"]:
                records[f"{collection}/{item['slug']}"] = {
                    k: v for k, v in item.items() if k not in OWN
                }
            url = page["next"]
    return records


def write(client: Client, collection: str, slug: str, body: dict[str, Any]) -> int:
    """Create or replace a record in the mirror; the status code."""
    exists = client.get(f"/api/{collection}/{slug}/").status_code == 200
    if exists:
        response = send(client, "put", f"/api/{collection}/{slug}/", body)
    else:
        response = send(client, "post", f"/api/{collection}/", body)
    return int(response.status_code)


def replay(client: Client, entries: list[dict[str, Any]], snapshot: dict[str, Any]) -> None:
    """What a mirror does (docs/api.md): in order, a tombstone deletes; a creation or
    update writes the record as read (here: from the snapshot); a rename moves it. A
    write naming a record the mirror does not have yet waits for a later pass."""
    waiting: list[dict[str, Any]] = []
    for entry in entries:
        collection, slug = entry["collection"], entry["slug"]
        if entry["previous_slug"]:
            client.delete(f"/api/{collection}/{entry['previous_slug']}/")
        if entry["action"] == "deleted":
            client.delete(f"/api/{collection}/{slug}/")
            continue
        body = snapshot.get(f"{collection}/{slug}")
        if body is None:
            continue  # gone since: a later tombstone says so
        if write(client, collection, slug, body) == 400:
            waiting.append(entry)
    while waiting:
        left = []
        for entry in waiting:
            body = snapshot[f"{entry['collection']}/{entry['slug']}"]
            if write(client, entry["collection"], entry["slug"], body) == 400:
                left.append(entry)
        assert len(left) < len(waiting), [(e["slug"], e["action"]) for e in left]
        waiting = left


def empty_registry() -> None:
    """Delete every record, leaves of the hierarchies first."""
    AgreementRelation.objects.all().delete()
    Event.objects.all().delete()
    Agreement.objects.all().delete()
    Source.objects.all().delete()
    Person.objects.all().delete()
    for model in (Party, CooperationField, Region):
        while model.objects.exists():
            model.objects.filter(children__isnull=True).delete()


@pytest.mark.parametrize("reader", ["feeder", "public"])
def test_replaying_the_feed_into_an_empty_registry_reproduces_it(
    feeder_client: Client, editor_client: Client, world: dict[str, Any], reader: str
) -> None:
    """The feed and the records read by a token (drafts included) or by the public (no
    draft, and nothing of one, in either); written by a write token into the mirror."""
    # The older agreement gets the two parties a published one needs (outside the API).
    for party in (world["cas"], world["shenzhen"]):
        AgreementPartyFactory(agreement=world["older"], party=party)
    # Through the API: new records, changes, deletions.
    post = lambda url, body: send(feeder_client, "post", url, body)  # noqa: E731
    assert post("/api/fields/", {"name": "Marine", "parent": "science"}).status_code == 201
    assert post("/api/regions/", {"name": "South China Sea"}).status_code == 201
    assert post("/api/parties/", {"name": "Alpha U", "kind": "university"}).status_code == 201
    assert post("/api/parties/", {"name": "Short-lived", "kind": "enterprise"}).status_code == 201
    assert feeder_client.delete("/api/parties/short-lived/").status_code == 204
    assert post("/api/people/", {"name": "LI Hua"}).status_code == 201
    assert post(AGREEMENTS, agreement_payload()).status_code == 201
    draft = agreement_payload(
        slug="draft-accord",
        title="A draft accord",
        published=False,
        parties=[{"party": "alpha-u"}, {"party": "cas"}],
        relations=[],
        signatories=[],
        sources=[],
        commitments=[],
        reference_number="",
    )
    assert post(AGREEMENTS, draft).status_code == 201
    patch = {"summary": "Changed summary.", "fields": ["science", "marine"]}
    assert send(feeder_client, "patch", "/api/agreements/cas-shenzhen-2017/", patch).status_code
    event = {
        "title": "Signing ceremony",
        "kind": "signing_ceremony",
        "date": "2017-07-20",
        "published": True,
        "agreements": ["cas-shenzhen-2017", "draft-accord"],
        "parties": ["siat"],
    }
    assert post("/api/events/", event).status_code == 201
    temporary = agreement_payload(slug="temporary", relations=[], sources=[], commitments=[])
    assert post(AGREEMENTS, {**temporary, "reference_number": ""}).status_code == 201
    assert feeder_client.delete("/api/agreements/temporary/").status_code == 204

    # Through the admin: publishing, an edited party, a renamed region.
    changelist = reverse("admin:agreements_agreement_changelist")
    draft_pk = Agreement.objects.get(slug="draft-accord").pk
    published = {"action": "publish", "_selected_action": draft_pk}
    assert editor_client.post(changelist, published).status_code == 302
    url = reverse("admin:parties_party_change", args=[world["shenzhen"].pk])
    data = change_form_data(editor_client.get(url))
    data["description"] = "Edited in the admin."
    assert editor_client.post(url, data).status_code == 302
    url = reverse(
        "admin:agreements_region_change", args=[Region.objects.get(name="South China Sea").pk]
    )
    data = change_form_data(editor_client.get(url))
    data["slug"] = "scs"
    assert editor_client.post(url, data).status_code == 302

    # A bulk job, which sends no signals and records its changes itself.
    with transaction.atomic():
        Agreement.objects.filter(slug="older-slug").update(
            status="terminated", status_fixed=True, status_note="Ended early by both sides."
        )
        record("agreements", ["older-slug"], "updated")

    # A draft made and never published, which the public must not hear of.
    hidden = {**draft, "slug": "hidden-draft", "title": "Hidden", "parties": []}
    assert post(AGREEMENTS, hidden).status_code == 201

    source = feeder_client if reader == "feeder" else Client()
    entries = feed(source)
    snapshot = export(source)
    assert "regions/scs" in snapshot and "agreements/temporary" not in snapshot
    assert ("agreements/hidden-draft" in snapshot) is (reader == "feeder")
    assert any(e["slug"] == "hidden-draft" for e in entries) is (reader == "feeder")
    empty_registry()
    assert export(feeder_client) == {}

    replay(feeder_client, entries, snapshot)

    assert export(source) == snapshot
    assert export(feeder_client) == snapshot  # nothing more, drafts included
