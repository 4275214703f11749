"""Staff watches: the "Watch" button, the admin's "My watches", and drafts refused to staff
who may not see them."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from watches.choices import Kind
from watches.models import Watch

TOGGLE = "/admin/watches/watch/toggle/"


@pytest.fixture
def newcomer_client(db: None) -> Client:
    """Staff in no group: may sign in to the admin, may not see drafts."""
    user = User.objects.create_user("newcomer", password="newcomer-password-1", is_staff=True)
    client = Client()
    client.force_login(user)
    return client


def test_the_watch_button_watches_an_agreement(
    editor_client: Client, staff_editor: User, agreement: Any
) -> None:
    page = editor_client.get(f"/admin/agreements/agreement/{agreement.pk}/change/")
    assert TOGGLE in page.content.decode()

    response = editor_client.post(
        TOGGLE, {"kind": "agreement", "target": agreement.slug, "next": "/en/"}
    )
    editor_client.post(TOGGLE, {"kind": "agreement", "target": agreement.slug})

    assert response.status_code == 302 and response["Location"] == "/en/"
    watch = Watch.objects.get()
    assert (watch.user, watch.kind, watch.agreement) == (staff_editor, Kind.AGREEMENT, agreement)
    assert watch.remind_days == [180, 90, 30]


def test_the_watch_button_is_on_party_and_field_pages(
    editor_client: Client, party: Any, cooperation_field: Any
) -> None:
    for url in [
        f"/admin/parties/party/{party.pk}/change/",
        f"/admin/agreements/cooperationfield/{cooperation_field.pk}/change/",
        f"/en/parties/{party.slug}/",
        f"/en/fields/{cooperation_field.slug}/",
    ]:
        assert TOGGLE in editor_client.get(url).content.decode(), url
    editor_client.post(TOGGLE, {"kind": "party", "target": party.slug, "include_subunits": "1"})
    editor_client.post(TOGGLE, {"kind": "field", "target": cooperation_field.slug})
    assert {(w.kind, w.include_subunits) for w in Watch.objects.all()} == {
        ("party", True),
        ("field", False),
    }


def test_the_public_sees_no_watch_button(client: Client, party: Any) -> None:
    assert TOGGLE not in client.get(f"/en/parties/{party.slug}/").content.decode()


def test_a_draft_may_be_watched_by_staff_who_see_drafts(
    editor_client: Client, draft_agreement: Any
) -> None:
    editor_client.post(TOGGLE, {"kind": "agreement", "target": draft_agreement.slug})
    assert Watch.objects.get().agreement == draft_agreement


def test_a_watch_on_a_draft_is_refused_to_staff_who_may_not_see_it(
    newcomer_client: Client, draft_agreement: Any
) -> None:
    response = newcomer_client.post(TOGGLE, {"kind": "agreement", "target": draft_agreement.slug})
    unknown = newcomer_client.post(TOGGLE, {"kind": "agreement", "target": "no-such-agreement"})

    assert response.status_code == 400 and b"<strong>agreement</strong>" in response.content
    assert (unknown.status_code, unknown.content) == (response.status_code, response.content)
    assert not Watch.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [({"kind": "person", "target": "x"}, "kind"), ({"kind": "party", "target": "nobody"}, "party")],
)
def test_the_watch_button_refuses_bad_input(
    editor_client: Client, data: dict[str, str], field: str
) -> None:
    response = editor_client.post(TOGGLE, data)
    assert response.status_code == 400 and f"<strong>{field}</strong>".encode() in response.content
    assert not Watch.objects.exists()


def test_the_watch_button_needs_a_staff_login(client: Client, agreement: Any) -> None:
    response = client.post(TOGGLE, {"kind": "agreement", "target": agreement.slug})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Watch.objects.exists()


def test_my_watches_lists_only_ones_own(
    editor_client: Client, staff_editor: User, staff_viewer: User, party: Any, agreement: Any
) -> None:
    Watch.objects.create(user=staff_editor, kind=Kind.PARTY, party=party)
    Watch.objects.create(user=staff_viewer, kind=Kind.AGREEMENT, agreement=agreement)

    page = editor_client.get("/admin/watches/watch/").content.decode()

    assert "Ocean Institute" in page and "Ocean accord" not in page


def test_the_admin_form_refuses_a_draft_and_bad_remind_days(
    newcomer_client: Client, draft_agreement: Any, party: Any
) -> None:
    base = {"frequency": "daily", "language": "en", "remind_days": "[180, 90, 30]"}
    draft = newcomer_client.post(
        "/admin/watches/watch/add/", {**base, "kind": "agreement", "agreement": draft_agreement.pk}
    )
    assert "agreement" in draft.context["adminform"].form.errors
    for days in ["[0]", "[3651]", "[]", '["soon"]', "90"]:
        response = newcomer_client.post(
            "/admin/watches/watch/add/",
            {**base, "kind": "party", "party": party.pk, "remind_days": days},
        )
        assert "remind_days" in response.context["adminform"].form.errors, days
    assert not Watch.objects.exists()


def test_the_admin_form_adds_a_saved_search(newcomer_client: Client, party: Any) -> None:
    response = newcomer_client.post(
        "/admin/watches/watch/add/",
        {
            "kind": "search",
            "query": f"q=ocean&party={party.slug}&page=3",
            "frequency": "weekly",
            "language": "zh-hans",
            "remind_days": "[60, 365]",
        },
    )
    assert response.status_code == 302
    watch = Watch.objects.get()
    assert (watch.query, watch.remind_days) == (f"party={party.slug}&q=ocean", [365, 60])


def test_the_watch_button_can_stop_a_watch(
    editor_client: Client, staff_editor: User, party: Any
) -> None:
    Watch.objects.create(user=staff_editor, kind=Kind.PARTY, party=party)

    response = editor_client.post(TOGGLE, {"kind": "party", "target": party.slug, "stop": "1"})

    assert response.status_code == 302 and not Watch.objects.exists()


def test_staff_watch_a_search_from_the_search_page(
    editor_client: Client, staff_editor: User, party: Any
) -> None:
    page = editor_client.get("/en/agreements/", {"q": "ocean", "party": party.slug, "page": "1"})
    assert TOGGLE in page.content.decode()

    editor_client.post(TOGGLE, {"kind": "search", "target": f"q=ocean&party={party.slug}"})
    assert Watch.objects.get(user=staff_editor).query == f"party={party.slug}&q=ocean"

    editor_client.post(
        TOGGLE, {"kind": "search", "target": f"party={party.slug}&q=ocean", "stop": "1"}
    )
    assert not Watch.objects.exists()


def test_a_bad_search_is_refused_naming_the_query(editor_client: Client) -> None:
    response = editor_client.post(TOGGLE, {"kind": "search", "target": "signed_after=someday"})
    assert response.status_code == 400 and b"<strong>query</strong>" in response.content
    assert not Watch.objects.exists()


def test_editors_see_subscriptions_and_sent_notifications(
    editor_client: Client, party: Any
) -> None:
    from watches.models import Subscription

    Subscription.objects.create(email="reader@example.org", kind=Kind.PARTY, party=party)
    subscriptions = editor_client.get("/admin/watches/subscription/")
    notifications = editor_client.get("/admin/watches/notification/")

    assert subscriptions.status_code == 200 and b"reader@example.org" in subscriptions.content
    assert b"pending confirmation" in subscriptions.content
    assert notifications.status_code == 200


def test_the_admin_form_answers_a_draft_like_a_missing_agreement(
    newcomer_client: Client, draft_agreement: Any
) -> None:
    base = {"frequency": "daily", "language": "en", "remind_days": "[30]", "kind": "agreement"}
    missing_pk = draft_agreement.pk + 1000

    draft = newcomer_client.post(
        "/admin/watches/watch/add/", {**base, "agreement": draft_agreement.pk}
    )
    missing = newcomer_client.post("/admin/watches/watch/add/", {**base, "agreement": missing_pk})

    def errors(response: Any) -> Any:
        return response.context["adminform"].form.errors["agreement"]

    assert errors(draft) == errors(missing)
    assert draft_agreement.title not in draft.content.decode()
    assert not Watch.objects.exists()
