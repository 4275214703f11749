"""Public e-mail subscriptions: double opt-in, one-click unsubscribe, bad input, throttling."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.core import mail, signing
from django.test import Client

from watches import tokens
from watches.choices import Kind, State
from watches.models import Subscription

from .conftest import links, path_of

SUBSCRIBE = "/en/subscribe/"


def post_subscription(client: Client, **data: Any) -> Any:
    return client.post(SUBSCRIBE, {"email": "reader@example.org", "frequency": "weekly", **data})


def test_it_subscribes_to_a_party_after_the_address_confirms(client: Client, party: Any) -> None:
    page = client.get(f"/en/parties/{party.slug}/")
    assert f"/en/subscribe/?party={party.slug}" in page.content.decode()
    form = client.get(SUBSCRIBE, {"party": party.slug})
    assert form.status_code == 200 and "Ocean Institute" in form.content.decode()

    response = post_subscription(client, kind="party", party=party.slug)

    assert response.status_code == 200
    subscription = Subscription.objects.get()
    assert (subscription.state, subscription.kind, subscription.party) == (
        State.PENDING,
        Kind.PARTY,
        party,
    )
    assert subscription.frequency == "weekly" and subscription.language == "en"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reader@example.org"]
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    confirm_url = next(url for url in links(message) if "/subscribe/confirm/" in url)

    landing = client.get(path_of(confirm_url))
    assert landing.status_code == 200 and b"<form" in landing.content
    subscription.refresh_from_db()
    assert subscription.state == State.PENDING  # a GET (a mail scanner) confirms nothing

    done = client.post(path_of(confirm_url))
    assert done.status_code == 200
    subscription.refresh_from_db()
    assert subscription.state == State.CONFIRMED and subscription.confirmed_at is not None
    assert len(mail.outbox) == 1


def test_it_sends_nothing_before_confirmation_and_does_not_duplicate(
    client: Client, party: Any
) -> None:
    post_subscription(client, kind="party", party=party.slug)
    post_subscription(client, kind="party", party=party.slug, email="READER@example.org ")
    assert Subscription.objects.count() == 1
    assert len(mail.outbox) == 2  # the confirmation again, for the same row
    subscription = Subscription.objects.get()
    client.post(path_of(links(mail.outbox[-1])[0]))
    subscription.refresh_from_db()
    assert subscription.state == State.CONFIRMED

    again = post_subscription(client, kind="party", party=party.slug)

    assert again.status_code == 200
    assert Subscription.objects.count() == 1 and len(mail.outbox) == 2


def test_it_saves_a_search_normalised(client: Client, party: Any) -> None:
    page = client.get("/en/agreements/", {"q": "ocean", "party": party.slug})
    assert "/en/subscribe/?search=" in page.content.decode()

    post_subscription(
        client, kind="search", search=f"?party={party.slug}&page=2&q=ocean&ordering=title"
    )

    assert Subscription.objects.get().query == f"party={party.slug}&q=ocean"


def test_it_stores_the_language_of_the_page(client: Client, cooperation_field: Any) -> None:
    response = client.post(
        "/zh-hans/subscribe/",
        {
            "email": "duzhe@example.org",
            "frequency": "daily",
            "kind": "field",
            "field": cooperation_field.slug,
        },
    )
    assert response.status_code == 200
    assert Subscription.objects.get().language == "zh-hans"
    assert "/zh-hans/subscribe/confirm/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "not-an-address", "kind": "party", "party": "ocean-institute"}, "email"),
        ({"email": "", "kind": "party", "party": "ocean-institute"}, "email"),
        ({"kind": "agreement", "party": "ocean-institute"}, "kind"),
        ({"kind": "", "party": "ocean-institute"}, "kind"),
        ({"kind": "party", "party": "no-such-party"}, "party"),
        ({"kind": "party"}, "party"),
        ({"kind": "field", "field": "no-such-field"}, "field"),
        ({"kind": "field"}, "field"),
        ({"kind": "search", "search": "signed_after=someday"}, "search"),
        ({"kind": "search", "search": "colour=blue"}, "search"),
        ({"kind": "search", "search": "q=" + "x" * 2100}, "search"),
        ({"kind": "party", "party": "ocean-institute", "frequency": "hourly"}, "frequency"),
    ],
)
def test_it_refuses_bad_input_naming_the_field(
    client: Client, party: Any, data: dict[str, str], field: str
) -> None:
    response = client.post(SUBSCRIBE, {"email": "reader@example.org", "frequency": "daily", **data})

    assert response.status_code == 400
    assert f"<strong>{field}</strong>" in response.content.decode()
    assert not Subscription.objects.exists() and not mail.outbox


def test_the_subscribe_page_without_a_target_says_so(client: Client) -> None:
    response = client.get(SUBSCRIBE)
    assert response.status_code == 400
    assert b"does not name anything to follow" in response.content


def test_it_throttles_requests_for_one_address(client: Client, party: Any, settings: Any) -> None:
    settings.SUBSCRIBE_EMAIL_RATE = "2/hour"
    for _ in range(2):
        assert post_subscription(client, kind="party", party=party.slug).status_code == 200

    response = post_subscription(client, kind="party", party=party.slug)

    assert response.status_code == 429 and b"<strong>email</strong>" in response.content
    assert len(mail.outbox) == 2


def test_it_throttles_requests_from_one_client(client: Client, party: Any, settings: Any) -> None:
    settings.SUBSCRIBE_CLIENT_RATE = "2/hour"
    for n in range(2):
        post_subscription(client, kind="party", party=party.slug, email=f"r{n}@example.org")

    response = post_subscription(client, kind="party", party=party.slug, email="r9@example.org")

    assert response.status_code == 429 and len(mail.outbox) == 2
    assert not Subscription.objects.filter(email="r9@example.org").exists()


def test_the_subscribe_form_needs_a_csrf_token(party: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    response = post_subscription(client, kind="party", party=party.slug)
    assert response.status_code == 403 and not Subscription.objects.exists()


def test_it_refuses_a_bad_or_expired_confirmation_link(client: Client, party: Any) -> None:
    post_subscription(client, kind="party", party=party.slug)
    subscription = Subscription.objects.get()

    class OldSigner(signing.TimestampSigner):
        def timestamp(self) -> str:  # eight days ago: past SUBSCRIPTION_CONFIRM_DAYS
            return signing.b62_encode(int(time.time()) - 8 * 86400)

    expired = OldSigner(salt=tokens.CONFIRM_SALT).sign_object(
        {"s": subscription.pk, "e": subscription.email}
    )
    for token in [expired, "nonsense", tokens.confirm_token(subscription.pk, "x@example.org")]:
        for method in (client.get, client.post):
            response = method(f"/en/subscribe/confirm/{token}/")
            assert response.status_code == 400, token
            assert b"<strong>token</strong>" in response.content
    subscription.refresh_from_db()
    assert subscription.state == State.PENDING


@pytest.fixture
def confirmed(client: Client, party: Any) -> Subscription:
    post_subscription(client, kind="party", party=party.slug)
    client.post(path_of(links(mail.outbox[-1])[0]))
    return Subscription.objects.get(state=State.CONFIRMED)


def unsubscribe_path(subscription: Subscription) -> str:
    return f"/en/unsubscribe/{tokens.unsubscribe_token(subscriptions=[subscription.pk])}/"


def test_unsubscribing_shows_a_button_then_stops_on_post(client: Client, confirmed: Any) -> None:
    page = client.get(unsubscribe_path(confirmed))
    assert page.status_code == 200 and b"Ocean Institute" in page.content
    confirmed.refresh_from_db()
    assert confirmed.state == State.CONFIRMED

    done = client.post(unsubscribe_path(confirmed))

    assert done.status_code == 200
    confirmed.refresh_from_db()
    assert confirmed.state == State.UNSUBSCRIBED and confirmed.unsubscribed_at is not None


def test_it_unsubscribes_on_a_one_click_post_without_csrf(confirmed: Any) -> None:
    # RFC 8058: the mail provider POSTs the body below to the List-Unsubscribe URL.
    provider = Client(enforce_csrf_checks=True)
    response = provider.post(
        unsubscribe_path(confirmed),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    confirmed.refresh_from_db()
    assert confirmed.state == State.UNSUBSCRIBED


def test_it_refuses_a_forged_unsubscribe_link(client: Client, confirmed: Any) -> None:
    forged = signing.dumps({"s": [confirmed.pk], "w": []}, salt="another-salt")
    response = client.post(f"/en/unsubscribe/{forged}/")
    assert response.status_code == 400 and b"<strong>token</strong>" in response.content
    confirmed.refresh_from_db()
    assert confirmed.state == State.CONFIRMED


def test_subscription_pages_have_no_inline_script_or_style(client: Client, party: Any) -> None:
    for url in [f"{SUBSCRIBE}?party={party.slug}", "/zh-hans/subscribe/?party=ocean-institute"]:
        response = client.get(url)
        content = response.content.decode()
        assert response.status_code == 200
        # The site's own script files only (the header's search box), nothing inline.
        scripts = re.findall(r"<script\b[^>]*>(?:</script>)?", content)
        assert all(
            re.fullmatch(r'<script src="/static/js/[\w.-]+\.js" defer></script>', tag)
            for tag in scripts
        ), scripts
        assert "style=" not in content and "<style" not in content
        assert "Content-Security-Policy" in response


def test_it_keeps_nothing_when_the_confirmation_cannot_be_sent(
    client: Client, party: Any, monkeypatch: Any
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise ConnectionRefusedError("no SMTP server")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)

    response = post_subscription(client, kind="party", party=party.slug)

    assert response.status_code == 503 and b"<strong>email</strong>" in response.content
    assert not Subscription.objects.exists()


def test_the_confirmation_page_posts_its_own_csrf_token(party: Any) -> None:
    import re

    browser = Client(enforce_csrf_checks=True)
    form = browser.get(SUBSCRIBE, {"party": party.slug}).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None
    data = {"csrfmiddlewaretoken": token.group(1), "kind": "party", "party": party.slug}
    assert post_subscription(browser, **data).status_code == 200

    confirm_path = path_of(links(mail.outbox[0])[0])
    page = browser.get(confirm_path).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    response = browser.post(confirm_path, {"csrfmiddlewaretoken": token.group(1)})

    assert response.status_code == 200
    assert Subscription.objects.get().state == State.CONFIRMED
