"""Drafts: not found for the public, previewed by staff."""

from __future__ import annotations

import pytest
from django.test import Client

from agreements.models import Agreement
from tests.factories import EventFactory

from .helpers import html_of, text

PREVIEW = "This record is a draft"


def test_the_public_gets_404_for_a_draft_agreement(client: Client, draft: Agreement) -> None:
    assert client.get("/en/agreements/secret-draft/").status_code == 404
    assert client.get("/zh-hans/agreements/secret-draft/").status_code == 404


@pytest.mark.parametrize(
    "path", ["/en/", "/en/agreements/", "/en/parties/cas/", "/en/fields/science/"]
)
def test_the_public_never_sees_a_draft_in_lists(
    client: Client, draft: Agreement, path: str
) -> None:
    assert draft.title not in html_of(client.get(path))


def test_staff_see_a_draft_with_a_preview_banner(viewer_client: Client, draft: Agreement) -> None:
    html = html_of(viewer_client.get("/en/agreements/secret-draft/"))
    assert PREVIEW in text(html)
    assert 'class="preview-banner" role="status"' in html
    assert draft.title in text(html_of(viewer_client.get("/en/agreements/")))


def test_published_records_have_no_preview_banner(
    viewer_client: Client, founding_record: Agreement
) -> None:
    assert PREVIEW not in text(html_of(viewer_client.get("/en/agreements/cas-shenzhen-2017/")))


def test_draft_events_are_hidden_from_the_public_and_previewed_by_staff(
    client: Client, viewer_client: Client, founding_record: Agreement
) -> None:
    event = EventFactory(title="Unannounced visit", published=False)
    event.agreements.add(founding_record)
    assert client.get(f"/en/events/{event.slug}/").status_code == 404
    public = text(html_of(client.get("/en/agreements/cas-shenzhen-2017/")))
    assert "Unannounced visit" not in public
    assert PREVIEW in text(html_of(viewer_client.get(f"/en/events/{event.slug}/")))


def test_a_draft_related_agreement_is_not_revealed(
    client: Client, founding_record: Agreement, draft: Agreement
) -> None:
    from agreements.models import AgreementRelation

    AgreementRelation.objects.create(agreement=draft, kind="renews", other=founding_record)
    assert draft.title not in html_of(client.get("/en/agreements/cas-shenzhen-2017/"))


def test_a_party_page_names_no_one_for_a_signature_on_a_draft(client: Client, db: None) -> None:
    from tests.factories import (
        AgreementFactory,
        AgreementPartyFactory,
        PartyFactory,
        PersonFactory,
        SignatureFactory,
    )

    party, other = PartyFactory(slug="party-p"), PartyFactory(slug="party-q")
    person = PersonFactory(name="Zanzibar Signer")
    draft = AgreementFactory(published=False)
    AgreementPartyFactory(agreement=draft, party=party)
    SignatureFactory(agreement=draft, person=person, on_behalf_of=party)
    # The same person signs a published agreement, but for another party.
    public = AgreementFactory()
    AgreementPartyFactory(agreement=public, party=other)
    AgreementPartyFactory(agreement=public, party=party)
    SignatureFactory(agreement=public, person=person, on_behalf_of=other)
    response = client.get("/en/parties/party-p/")
    assert response.status_code == 200
    assert b"Zanzibar Signer" not in response.content
    assert b"Zanzibar Signer" in client.get("/en/parties/party-q/").content
