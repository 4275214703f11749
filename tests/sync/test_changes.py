"""GET /api/changes/: every write path enters the feed, in order, as the caller may see it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from sync.changes import record
from sync.models import Change, Pruned
from sync.tasks import prune_changes
from tests.api.conftest import AGREEMENTS, agreement_payload, agreement_url, send
from tests.factories import AgreementFactory, AgreementPartyFactory, PartyFactory

from .conftest import CHANGES, feed, seen

# Each request commits, as in production: what one transaction recorded (a creation
# covers its later updates) does not hide what the next one does.
pytestmark = pytest.mark.django_db(transaction=True)


def latest(client: Client) -> str:
    return client.get(CHANGES, {"since": "latest"}).json()["next"].split("since=")[1]


def test_it_lists_api_creations_updates_and_deletions_in_order(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    start = latest(feeder_client)
    party = send(feeder_client, "post", "/api/parties/", {"name": "Feed U", "kind": "university"})
    slug = party.json()["slug"]
    send(feeder_client, "patch", f"/api/parties/{slug}/", {"description": "Changed."})
    feeder_client.delete(f"/api/parties/{slug}/")

    entries = feed(feeder_client, start)

    assert seen(entries) == [
        ("parties", slug, "created"),
        ("parties", slug, "updated"),
        ("parties", slug, "deleted"),
    ]
    cursors = [int(e["cursor"]) for e in entries]
    assert cursors == sorted(cursors) and len(set(cursors)) == 3
    assert entries[0]["url"] == f"http://testserver/api/parties/{slug}/"
    assert entries[2]["url"] is None  # a tombstone names the slug that went, nothing more


def test_it_records_a_nested_write_once_as_an_update_of_the_agreement(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    send(feeder_client, "post", AGREEMENTS, agreement_payload())
    start = latest(feeder_client)

    payload = {"parties": [{"party": "cas"}, {"party": "shenzhen"}], "fields": ["education"]}
    send(feeder_client, "patch", agreement_url("cas-shenzhen-2017"), payload)

    assert seen(feed(feeder_client, start)) == [("agreements", "cas-shenzhen-2017", "updated")]


def test_child_rows_written_outside_the_services_update_their_agreement(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    start = latest(feeder_client)
    AgreementPartyFactory(agreement=world["older"], party=world["cas"])
    world["older"].regions.add(world["gba"])
    world["gba"].agreements.remove(world["older"])  # from the other side of the link

    assert seen(feed(feeder_client, start)) == [("agreements", "older-slug", "updated")] * 3


@pytest.mark.django_db  # the staff groups come from migrations: kept by a rolled-back test
def test_the_public_never_hears_of_a_draft_and_sees_publishing_as_creation(
    client: Client, feeder_client: Client, editor_client: Client, db: None
) -> None:
    start = latest(feeder_client)
    draft = AgreementFactory(slug="quiet-draft", published=False)
    for party in (PartyFactory(), PartyFactory()):
        AgreementPartyFactory(agreement=draft, party=party)
    changelist = reverse("admin:agreements_agreement_changelist")
    for action in ("publish", "unpublish"):
        response = editor_client.post(changelist, {"action": action, "_selected_action": draft.pk})
        assert response.status_code == 302

    public = [e for e in feed(client, start) if e["collection"] == "agreements"]
    tokens = [e for e in feed(feeder_client, start) if e["collection"] == "agreements"]

    assert seen(public) == [
        ("agreements", "quiet-draft", "created"),
        ("agreements", "quiet-draft", "deleted"),
    ]
    assert public[1]["url"] is None
    assert seen(tokens) == [
        ("agreements", "quiet-draft", "created"),
        ("agreements", "quiet-draft", "updated"),
        ("agreements", "quiet-draft", "updated"),
    ]


def test_a_draft_deleted_leaves_no_tombstone_for_the_public(
    client: Client, feeder_client: Client, db: None
) -> None:
    start = latest(feeder_client)
    draft = AgreementFactory(slug="gone-draft", published=False)
    draft.delete()

    assert seen(feed(client, start)) == []
    assert seen(feed(feeder_client, start))[-1] == ("agreements", "gone-draft", "deleted")


def test_a_rename_carries_the_previous_slug(
    client: Client, feeder_client: Client, world: dict[str, Any]
) -> None:
    start = latest(feeder_client)
    shenzhen = world["shenzhen"]  # renamed as the admin does (the API keeps slugs)
    shenzhen.slug = "shenzhen-government"
    shenzhen.save()

    (entry,) = feed(client, start)
    assert (entry["slug"], entry["previous_slug"], entry["action"]) == (
        "shenzhen-government",
        "shenzhen",
        "updated",
    )
    assert entry["url"] == "http://testserver/api/parties/shenzhen-government/"


def test_unpublishing_while_renaming_tombstones_the_slug_the_public_knew(
    client: Client, feeder_client: Client, db: None
) -> None:
    agreement = AgreementFactory(slug="old-name")
    start = latest(feeder_client)
    agreement.slug, agreement.published = "new-name", False
    agreement.save()

    (entry,) = feed(client, start)
    assert (entry["slug"], entry["action"], entry["previous_slug"]) == ("old-name", "deleted", None)


def test_bulk_writes_enter_the_feed_through_record(client: Client, db: None) -> None:
    published = AgreementFactory(slug="bulk-public")
    AgreementFactory(slug="bulk-draft", published=False)
    start = latest(client)
    with transaction.atomic():
        Agreement.objects.filter(slug__startswith="bulk-").update(status="expired")
        record("agreements", ["bulk-public", "bulk-draft"], "updated")

    assert seen(feed(client, start)) == [("agreements", published.slug, "updated")]
    assert Change.objects.filter(slug="bulk-draft", public_action="").exists()


def test_a_rolled_back_savepoint_does_not_swallow_later_changes(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    start = latest(feeder_client)
    older = world["older"]
    with transaction.atomic():
        try:
            with transaction.atomic():
                older.summary = "Never kept."
                older.save()
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        older.fields.add(world["science"])

    assert seen(feed(feeder_client, start)) == [("agreements", "older-slug", "updated")]


def test_it_pages_with_a_next_link_carrying_the_cursor(client: Client, db: None) -> None:
    start = latest(client)
    slugs = [PartyFactory().slug for _ in range(5)]

    first = client.get(CHANGES, {"since": start, "page_size": 2}).json()
    assert [e["slug"] for e in first["results"]] == slugs[:2]
    assert f"since={first['results'][-1]['cursor']}" in first["next"]
    second = client.get(first["next"]).json()
    assert [e["slug"] for e in second["results"]] == slugs[2:4]


@pytest.mark.parametrize("since", ["abc", "-1", "1.5", "１２", "9" * 40])
def test_it_rejects_a_malformed_cursor_naming_since(client: Client, db: None, since: str) -> None:
    response = client.get(CHANGES, {"since": since})

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["since"]


def test_it_rejects_a_bad_page_size_naming_it(client: Client, db: None) -> None:
    response = client.get(CHANGES, {"page_size": "0"})
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["page_size"]


def test_a_cursor_older_than_the_pruned_entries_is_gone(
    client: Client, db: None, settings: Any
) -> None:
    settings.CHANGES_RETENTION_DAYS = 30
    old = PartyFactory()
    Change.objects.filter(slug=old.slug).update(at=timezone.now() - dt.timedelta(days=31))
    cursor = str(Change.objects.get(slug=old.slug).pk - 1)
    fresh = PartyFactory()

    assert prune_changes.call() == 1
    response = client.get(CHANGES, {"since": cursor})

    assert response.status_code == 410
    assert response.json()["errors"][0]["field"] == "since"
    assert "read the full lists again" in response.json()["errors"][0]["message"]
    kept = client.get(CHANGES, {"since": str(Pruned.objects.get().up_to)}).json()["results"]
    assert [e["slug"] for e in kept] == [fresh.slug]
    # Without a cursor: from the oldest entry kept.
    assert [e["slug"] for e in client.get(CHANGES).json()["results"]] == [fresh.slug]


def test_entries_wait_until_their_transaction_has_surely_committed(
    client: Client, db: None, settings: Any
) -> None:
    settings.CHANGES_SETTLE_SECONDS = 60
    start = latest(client)
    PartyFactory()

    assert client.get(CHANGES, {"since": start}).json()["results"] == []
    Change.objects.update(at=timezone.now() - dt.timedelta(seconds=61))
    assert len(client.get(CHANGES, {"since": start}).json()["results"]) == 1


@pytest.mark.parametrize("count", [1, 50])
def test_the_feed_takes_the_same_queries_for_any_page(
    client: Client, db: None, django_assert_num_queries: Any, count: int
) -> None:
    for _ in range(count):
        PartyFactory()
    # 1 the pruning mark, 2 the page of entries.
    with django_assert_num_queries(2):
        response = client.get(CHANGES, {"page_size": count})
    assert len(response.json()["results"]) == count
