"""Webhooks end to end: a receiver on a local HTTP server, the immediate task backend."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from access.models import ApiToken
from agreements.models import Agreement
from agreements.statuses import refresh_statuses
from sync import webhooks
from sync.choices import DeliveryStatus
from sync.models import Change, Delivery, Webhook
from sync.tasks import retry_due_deliveries, send_expiring_notices
from tests.api.conftest import AGREEMENTS, agreement_payload, send
from tests.factories import AgreementFactory, AgreementPartyFactory, PartyFactory

WEBHOOKS = "/api/webhooks/"
SECRET = "s3cret-shared-with-the-receiver"
ALL_EVENTS = [
    "agreement.created",
    "agreement.updated",
    "agreement.published",
    "agreement.unpublished",
    "agreement.deleted",
    "agreement.expiring",
    "agreement.expired",
]


class Receiver:
    """A tiny HTTP server in a thread: records each POST, answers the scripted statuses
    (then 200), sleeping ``delay`` seconds first when set."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.statuses: list[int] = []
        self.delay = 0.0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append({"headers": dict(self.headers), "body": body})
                if receiver.delay:
                    time.sleep(receiver.delay)
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(f"answered {status}".encode())

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def events(self) -> list[str]:
        return [r["headers"]["X-Registry-Event"] for r in self.received]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings: Any) -> Iterator[Receiver]:
    settings.WEBHOOKS_ALLOW_PRIVATE = True  # the receiver is on 127.0.0.1
    settings.WEBHOOKS_TIMEOUT_SECONDS = 1
    server = Receiver()
    yield server
    server.stop()


def register(client: Client, url: str, events: list[str] | None = None) -> Any:
    body = {"url": url, "secret": SECRET, "events": events or ALL_EVENTS}
    return send(client, "post", WEBHOOKS, body)


def public_receiver(url: str) -> Webhook:
    """A receiver without draft access: its token was revoked, its owner is not staff."""
    owner = User.objects.create_user("former-partner")
    token, _ = ApiToken.issue(owner, "write")
    token.revoke()
    return Webhook.objects.create(
        user=owner, token=token, url=url, secret=SECRET, events=ALL_EVENTS
    )


def test_a_write_token_registers_lists_and_deletes_its_own_receivers(
    feeder_client: Client, analyst_client: Client, client: Client, receiver: Receiver
) -> None:
    response = register(feeder_client, receiver.url, ["agreement.created"])
    assert response.status_code == 201, response.json()
    created = response.json()
    assert "secret" not in created and created["events"] == ["agreement.created"]
    public_receiver("https://elsewhere.example/")  # someone else's: not listed

    listed = feeder_client.get(WEBHOOKS).json()["results"]
    assert [hook["id"] for hook in listed] == [created["id"]]
    assert client.get(WEBHOOKS).status_code == 401
    assert register(analyst_client, receiver.url).status_code == 403
    assert feeder_client.delete(f"{WEBHOOKS}{created['id']}/").status_code == 204
    assert Webhook.objects.filter(pk=created["id"]).exists() is False


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "ftp://example.org/hook"}, "url"),
        ({"url": "http://user@[not-an-ip/hook"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"url": "http://127.0.0.1:8000/hook"}, "url"),
        ({"url": "http://localhost/hook"}, "url"),
        ({"url": "http://10.1.2.3/hook"}, "url"),
        ({"url": "http://169.254.169.254/latest"}, "url"),
        ({"url": "http://[::1]/hook"}, "url"),
        ({"events": ["agreement.exploded"]}, "events"),
        ({"events": []}, "events"),
        ({"secret": ""}, "secret"),
        ({"secret": "   "}, "secret"),
    ],
)
def test_it_refuses_a_bad_receiver_naming_the_field(
    feeder_client: Client, body: dict[str, Any], field: str
) -> None:
    payload = {"url": "http://93.184.215.14/hook", "secret": SECRET, "events": ALL_EVENTS, **body}

    response = send(feeder_client, "post", WEBHOOKS, payload)

    assert response.status_code == 400
    assert field in {error["field"].split("[")[0] for error in response.json()["errors"]}
    assert not Webhook.objects.exists()


def test_an_upper_case_scheme_is_stored_in_lower_case(feeder_client: Client) -> None:
    response = register(feeder_client, "HTTPS://93.184.215.14/Hook")
    assert response.status_code == 201
    assert response.json()["url"] == "https://93.184.215.14/Hook"


def test_it_delivers_signed_events_after_the_write_commits(
    feeder_client: Client,
    receiver: Receiver,
    world: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    register(feeder_client, receiver.url)

    with django_capture_on_commit_callbacks(execute=True):
        send(feeder_client, "post", AGREEMENTS, agreement_payload())

    (request,) = receiver.received
    headers, body = request["headers"], request["body"]
    expected = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Registry-Signature"] == f"sha256={expected}"
    assert headers["X-Registry-Event"] == "agreement.created"
    delivery = Delivery.objects.get()
    assert headers["X-Registry-Delivery"] == str(delivery.uuid)
    data = json.loads(body)
    assert data["event"] == "agreement.created"
    assert data["agreement"] == {
        "slug": "cas-shenzhen-2017",
        "url": f"{settings.SITE_URL}/api/agreements/cas-shenzhen-2017/",
    }
    assert (delivery.status, delivery.status_code, delivery.attempts) == ("delivered", 200, 1)


def test_drafts_reach_only_receivers_that_may_see_them(
    feeder_client: Client,
    receiver: Receiver,
    db: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    register(feeder_client, receiver.url)
    public = Receiver()
    try:
        public_receiver(public.url)
        with django_capture_on_commit_callbacks(execute=True):
            draft = AgreementFactory(slug="secret-plan", published=False)
        for party in (PartyFactory(), PartyFactory()):
            AgreementPartyFactory(agreement=draft, party=party)
        with django_capture_on_commit_callbacks(execute=True):
            draft.published = True
            draft.save()
        with django_capture_on_commit_callbacks(execute=True):
            draft.published = False
            draft.save()
    finally:
        public.stop()

    assert receiver.events() == [
        "agreement.created",
        "agreement.published",
        "agreement.unpublished",
    ]
    assert public.events() == ["agreement.published", "agreement.unpublished"]
    unpublished = json.loads(public.received[1]["body"])
    assert unpublished["agreement"] == {"slug": "secret-plan", "url": None}


def make_delivery(url: str, feeder: User) -> Delivery:
    hook = Webhook.objects.create(user=feeder, url=url, secret=SECRET, events=ALL_EVENTS)
    body = webhooks.payload("agreement.updated", "some-slug", listed=True)
    return Delivery.objects.create(webhook=hook, event="agreement.updated", payload=body)


def test_failed_deliveries_are_retried_with_exponential_backoff(
    receiver: Receiver, db: None, settings: Any
) -> None:
    settings.WEBHOOKS_RETRY_BASE_SECONDS = 60
    receiver.statuses = [500, 503]
    delivery = make_delivery(receiver.url, User.objects.create_user("owner"))
    start = timezone.now()

    webhooks.attempt(delivery, now=start)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.status_code) == (DeliveryStatus.RETRYING, 500)
    assert delivery.next_attempt_at == start + dt.timedelta(seconds=60)
    assert delivery.response_excerpt == "answered 500"

    assert retry_due_deliveries.call((start + dt.timedelta(seconds=59)).isoformat()) == 0
    assert retry_due_deliveries.call((start + dt.timedelta(seconds=60)).isoformat()) == 1
    delivery.refresh_from_db()
    assert delivery.next_attempt_at == start + dt.timedelta(seconds=60 + 120)

    assert retry_due_deliveries.call((start + dt.timedelta(seconds=180)).isoformat()) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 3)
    assert delivery.webhook.consecutive_failures == 0
    assert len(receiver.received) == 3
    uuids = {r["headers"]["X-Registry-Delivery"] for r in receiver.received}
    assert uuids == {str(delivery.uuid)}  # the same delivery id on every attempt


def test_a_receiver_that_times_out_has_failed(receiver: Receiver, db: None) -> None:
    receiver.delay = 1.5  # longer than WEBHOOKS_TIMEOUT_SECONDS
    delivery = make_delivery(receiver.url, User.objects.create_user("owner"))

    webhooks.attempt(delivery)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING
    assert "Timeout" in delivery.error
    assert delivery.webhook.consecutive_failures == 1


def test_a_receiver_that_keeps_failing_is_paused_and_staff_see_why(
    receiver: Receiver, db: None, settings: Any, superuser_client: Client
) -> None:
    settings.WEBHOOKS_PAUSE_AFTER = 2
    receiver.statuses = [500] * 10
    delivery = make_delivery(receiver.url, User.objects.create_user("owner"))
    start = timezone.now()

    webhooks.attempt(delivery, now=start)
    retry_due_deliveries.call((start + dt.timedelta(hours=1)).isoformat())
    hook = Webhook.objects.get()
    assert hook.paused_at is not None and "2 consecutive failed attempts" in hook.paused_reason
    # Paused: the retry job leaves its deliveries alone.
    assert retry_due_deliveries.call((start + dt.timedelta(days=1)).isoformat()) == 0
    assert len(receiver.received) == 2

    page = superuser_client.get(reverse("admin:sync_webhook_changelist")).content.decode()
    assert "2 consecutive failed attempts" in page
    deliveries = superuser_client.get(reverse("admin:sync_delivery_changelist"))
    assert "answered 500" in deliveries.content.decode()


def test_a_client_error_is_not_retried(receiver: Receiver, db: None) -> None:
    receiver.statuses = [410]
    delivery = make_delivery(receiver.url, User.objects.create_user("owner"))

    webhooks.attempt(delivery)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.status_code, delivery.next_attempt_at) == (
        DeliveryStatus.FAILED,
        410,
        None,
    )


def test_expiring_agreements_are_announced_180_90_and_30_days_ahead(
    feeder_client: Client,
    receiver: Receiver,
    db: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    register(feeder_client, receiver.url, ["agreement.expiring"])
    public = Receiver()
    try:
        public_receiver(public.url)
        today = dt.date(2026, 3, 1)
        AgreementFactory(slug="ends-in-90", expires_on="2026-05-30")
        AgreementFactory(slug="draft-ends-in-30", expires_on="2026-03-31", published=False)
        AgreementFactory(slug="ends-in-91", expires_on="2026-05-31")
        AgreementFactory(slug="ends-that-month", expires_on="2026-05")
        with django_capture_on_commit_callbacks(execute=True):
            assert send_expiring_notices.call(today.isoformat()) == 3
    finally:
        public.stop()

    sent = sorted(json.loads(r["body"])["agreement"]["slug"] for r in receiver.received)
    assert sent == ["draft-ends-in-30", "ends-in-90"]
    (only,) = [json.loads(r["body"]) for r in public.received]
    assert (only["agreement"]["slug"], only["days"], only["expires_on"]) == (
        "ends-in-90",
        90,
        "2026-05-30",
    )


@pytest.mark.django_db(transaction=True)  # the agreement is written a day before the job
def test_the_status_job_announces_expired_agreements_and_enters_them_in_the_feed(
    feeder_client: Client, receiver: Receiver
) -> None:
    register(feeder_client, receiver.url, ["agreement.expired"])
    # Stored as in force (as it was), though its expiry has passed by the job's day.
    AgreementFactory(
        slug="just-expired",
        signed_on="2020-01-10",
        expires_on="2024-06-30",
        status="in_force",
        published=True,
    )
    Agreement.objects.filter(slug="just-expired").update(status="in_force")
    feed_before = Change.objects.count()

    assert refresh_statuses(on=dt.date(2024, 7, 1)) == 1

    assert receiver.events() == ["agreement.expired"]
    (change,) = Change.objects.all()[feed_before:]
    assert (change.collection, change.slug, change.action) == (
        "agreements",
        "just-expired",
        "updated",
    )


@pytest.mark.django_db(transaction=True)  # each request commits, as in production
def test_updates_and_deletions_are_sent_and_nothing_before_the_commit(
    feeder_client: Client, receiver: Receiver, world: dict[str, Any]
) -> None:
    register(feeder_client, receiver.url, ["agreement.updated", "agreement.deleted"])
    send(feeder_client, "post", AGREEMENTS, agreement_payload())
    # Not asked for its creation; the agreement it renews now lists it ("renewed by").
    assert [json.loads(r["body"])["agreement"]["slug"] for r in receiver.received] == ["older-slug"]
    receiver.received.clear()
    made = Delivery.objects.count()

    with transaction.atomic():
        patch = {"summary": "Revised."}
        send(feeder_client, "patch", "/api/agreements/cas-shenzhen-2017/", patch)
        assert receiver.received == [] and Delivery.objects.count() == made
    feeder_client.delete("/api/agreements/cas-shenzhen-2017/")

    bodies = [json.loads(r["body"]) for r in receiver.received]
    assert sorted((b["event"], b["agreement"]["slug"]) for b in bodies) == [
        ("agreement.deleted", "cas-shenzhen-2017"),
        ("agreement.updated", "cas-shenzhen-2017"),
        ("agreement.updated", "older-slug"),  # no longer "renewed by" it
    ]
    deleted = next(b for b in bodies if b["event"] == "agreement.deleted")
    assert deleted["agreement"] == {"slug": "cas-shenzhen-2017", "url": None}


@pytest.mark.parametrize("count", [1, 50])
def test_the_receiver_list_takes_the_same_queries_for_any_page(
    feeder_client: Client, feeder_token: str, count: int, django_assert_num_queries: Any
) -> None:
    owner = User.objects.get(username="feeder")
    for n in range(count):
        Webhook.objects.create(user=owner, url=f"https://h{n}.example/", secret=SECRET, events=[])
    feeder_client.get(WEBHOOKS)  # the token's last use is written once a minute at most

    # 1 the token, 2 the count, 3 the page of receivers.
    with django_assert_num_queries(3):
        response = feeder_client.get(WEBHOOKS, {"page_size": count})
    assert len(response.json()["results"]) == count


def test_staff_resume_a_paused_receiver_in_the_admin(editor_client: Client, db: None) -> None:
    owner = User.objects.create_user("owner")
    hook = Webhook.objects.create(
        user=owner,
        url="https://partner.example/",
        secret=SECRET,
        events=ALL_EVENTS,
        consecutive_failures=10,
        paused_at=timezone.now(),
        paused_reason="Paused after 10 consecutive failed attempts",
    )

    changelist = reverse("admin:sync_webhook_changelist")
    response = editor_client.post(changelist, {"action": "resume", "_selected_action": hook.pk})

    assert response.status_code == 302
    hook.refresh_from_db()
    assert (hook.paused_at, hook.paused_reason, hook.consecutive_failures) == (None, "", 0)
