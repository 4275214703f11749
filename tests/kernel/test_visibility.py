"""Who sees drafts: the one rule (kernel/visibility.py) as history, filters and tokens use it."""

from __future__ import annotations

from django.test import Client

from agreements.choices import RelationKind
from agreements.models import AgreementRelation
from tests.factories import AgreementFactory, EventFactory


def relate(published_title: str, other_title: str, *, other_published: bool) -> tuple:  # type: ignore[type-arg]
    """A published agreement that renews another (a draft or not)."""
    survivor = AgreementFactory(title=published_title)
    other = AgreementFactory(title=other_title, published=other_published)
    AgreementRelation.objects.create(agreement=survivor, kind=RelationKind.RENEWS, other=other)
    return survivor, other


def history_objects(client: Client, slug: str) -> list[str]:
    response = client.get(f"/api/agreements/{slug}/history/")
    assert response.status_code == 200
    return [entry["object"] for entry in response.json() if entry["part"] == "relations"]


def test_history_does_not_name_a_draft_to_anonymous_callers(client: Client, db: None) -> None:
    survivor, _ = relate("Renewal", "Secret Zanzibar plan", other_published=False)
    assert history_objects(client, survivor.slug) == ["Renewal renews (an agreement not shown)"]


def test_history_names_a_draft_to_staff_and_tokens(
    viewer_client: Client, analyst_client: Client, db: None
) -> None:
    survivor, _ = relate("Renewal", "Secret Zanzibar plan", other_published=False)
    for client in (viewer_client, analyst_client):
        assert history_objects(client, survivor.slug) == ["Renewal renews Secret Zanzibar plan"]


def test_history_renders_after_a_related_agreement_is_deleted(client: Client, db: None) -> None:
    survivor, other = relate("Renewal", "Old agreement", other_published=True)
    # A referenced agreement is protected (409 in the API): the relation goes first.
    survivor.relations.all().delete()
    other.delete()
    # The relation's addition and its deletion, by the other's last title.
    assert history_objects(client, survivor.slug) == [
        "Renewal renews Old agreement",
        "Renewal renews Old agreement",
    ]


def test_a_deleted_draft_reads_like_a_live_one_in_history(client: Client, db: None) -> None:
    survivor, other = relate("Renewal", "Secret Zanzibar plan", other_published=False)
    survivor.relations.all().delete()
    other.delete()
    assert set(history_objects(client, survivor.slug)) == {
        "Renewal renews (an agreement not shown)"
    }


def test_the_event_filter_answers_a_draft_slug_like_an_unknown_one(
    client: Client, db: None
) -> None:
    draft = AgreementFactory(title="Secret Zanzibar plan", published=False)
    EventFactory().agreements.add(draft)
    guess = draft.slug + "-x"
    as_draft = client.get("/api/events/", {"agreement": draft.slug})
    as_guess = client.get("/api/events/", {"agreement": guess})
    assert (as_draft.status_code, as_guess.status_code) == (400, 400)
    assert as_draft.content == as_guess.content.replace(guess.encode(), draft.slug.encode())


def test_a_token_still_filters_events_by_a_draft(analyst_client: Client, db: None) -> None:
    draft = AgreementFactory(published=False)
    event = EventFactory()
    event.agreements.add(draft)
    response = analyst_client.get("/api/events/", {"agreement": draft.slug})
    assert [e["slug"] for e in response.json()["results"]] == [event.slug]


def test_the_browsable_filter_form_lists_no_draft_to_anonymous_callers(
    client: Client, viewer_client: Client, db: None
) -> None:
    draft = AgreementFactory(title="Secret Zanzibar plan", published=False)
    public = client.get("/api/events/", HTTP_ACCEPT="text/html")
    staff = viewer_client.get("/api/events/", HTTP_ACCEPT="text/html")
    assert public.status_code == staff.status_code == 200
    assert b"Zanzibar" not in public.content and draft.slug.encode() not in public.content
    assert b"Zanzibar" in staff.content


def test_tokens_and_staff_see_a_draft_and_other_callers_do_not(
    client: Client,
    analyst_client: Client,
    feeder_client: Client,
    viewer_client: Client,
    editor_client: Client,
    db: None,
) -> None:
    from django.contrib.auth.models import User

    draft = AgreementFactory(published=False)
    # Logged in, but neither staff nor holding a token: the public's view.
    member = Client()
    member.force_login(User.objects.create_user("member"))
    url = f"/api/agreements/{draft.slug}/"
    seen = {
        name: caller.get(url).status_code
        for name, caller in {
            "anonymous": client,
            "member": member,
            "analyst": analyst_client,
            "feeder": feeder_client,
            "viewer": viewer_client,
            "editor": editor_client,
        }.items()
    }
    assert seen == {
        "anonymous": 404,
        "member": 404,
        "analyst": 200,
        "feeder": 200,
        "viewer": 200,
        "editor": 200,
    }


def test_a_revoked_token_sees_no_draft(db: None) -> None:
    from django.contrib.auth.models import User

    from access.models import ApiToken

    token, key = ApiToken.issue(User.objects.create_user("gone"), "read")
    token.revoke()
    assert not token.reads_drafts
    draft = AgreementFactory(published=False)
    response = Client(HTTP_AUTHORIZATION=f"Token {key}").get(f"/api/agreements/{draft.slug}/")
    assert response.status_code == 401
