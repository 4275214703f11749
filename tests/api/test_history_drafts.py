"""The API history and drafts: what was recorded while an agreement was a draft is for
callers who may see drafts only."""

from __future__ import annotations

from django.test import Client

from agreements.models import Agreement
from tests.factories import AgreementFactory, AgreementPartyFactory, PartyFactory


def drafted_then_published() -> Agreement:
    """An agreement written as a draft (renamed, given a party), then published."""
    agreement = AgreementFactory(slug="later-public", title="Working title", published=False)
    AgreementPartyFactory(agreement=agreement, party=PartyFactory(name="Early Party"))
    agreement.title = "Final title"
    agreement.save()
    AgreementPartyFactory(agreement=agreement, party=PartyFactory(name="Second Party"))
    agreement.published = True
    agreement.save()
    return agreement


def test_anonymous_callers_see_the_publication_as_the_first_entry(client: Client, db: None) -> None:
    drafted_then_published()
    history = client.get("/api/agreements/later-public/history/").json()
    assert [(e["part"], e["type"], e["changed_fields"]) for e in history] == [
        ("agreement", "~", ["published"])
    ]
    assert history[0]["user"] is None


def test_staff_and_tokens_see_the_draft_period_too(
    analyst_client: Client, viewer_client: Client, db: None
) -> None:
    drafted_then_published()
    for caller in (analyst_client, viewer_client):
        history = caller.get("/api/agreements/later-public/history/").json()
        assert [e["part"] for e in history].count("parties") == 2
        assert history[0]["changed_fields"] == ["published"]
        assert [e["type"] for e in history if e["part"] == "agreement"] == ["~", "~", "+"]


def test_changes_after_publication_are_public(client: Client, db: None) -> None:
    agreement = drafted_then_published()
    agreement.summary = "Now public."
    agreement.save()
    history = client.get("/api/agreements/later-public/history/").json()
    assert [e["changed_fields"] for e in history] == [["summary"], ["published"]]
