"""The admin's "New from press release": paste, review beside the passages, save drafts."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from django.urls import reverse

from agreements.models import Agreement

URL = reverse("intake-press-release")
TEXT = (
    "NAIROBI, Aug. 9 (Xinhua) -- The Chinese Academy of Sciences and the Kenya Medical "
    "Research Institute signed a memorandum of understanding on Friday."
)
GIVEN = {"text": TEXT, "url": "https://news.example.org/kemri", "published_on": "2019-08-09"}


def review_form(editor_client: Client) -> dict[str, Any]:
    """The review page's form as a person would submit it, every proposed fact kept."""
    response = editor_client.post(URL, {**GIVEN, "action": "propose"})
    assert response.status_code == 200
    proposals = response.context["proposals"]
    data: dict[str, Any] = {**GIVEN, "action": "save", "count": len(proposals)}
    for a, proposal in enumerate(proposals):
        data[f"a{a}-keep"] = "1"
        data[f"a{a}-claims"] = proposal["claims_json"]
        for fact in proposal["facts"]:
            data[f"a{a}-{fact['name']}"] = fact["value"]
        data[f"a{a}-party-count"] = len(proposal["party_rows"])
        for i, row in enumerate(proposal["party_rows"]):
            data.update({f"a{a}-party-{i}-keep": "1", f"a{a}-party-{i}-name": row["name"]})
            data[f"a{a}-party-{i}-party"] = row["party"] or ""
        data[f"a{a}-signatory-count"] = 0
    return data


def test_the_review_shows_each_fact_beside_its_highlighted_passage(
    editor_client: Client, registry_world: dict[str, Any]
) -> None:
    response = editor_client.post(URL, {**GIVEN, "action": "propose"})
    page = response.content.decode()

    (proposal,) = response.context["proposals"]
    quotes = {c["path"]: c["quote"] for c in json.loads(proposal["claims_json"])}
    for path in ("kind", "parties[0]", "parties[1]", "signed_on"):
        assert f"<mark>{quotes[path]}</mark>" in page
    assert 'name="a0-signed_on" value="2019-08-09"' in page
    assert not Agreement.objects.exists()  # proposing writes nothing


def test_saving_the_review_creates_drafts_with_claims(
    editor_client: Client, registry_world: dict[str, Any]
) -> None:
    data = review_form(editor_client)
    data["a0-signed_place"] = "Nairobi, Kenya"  # corrected by the editor

    response = editor_client.post(URL, data)

    assert response.status_code == 302
    draft = Agreement.objects.get()
    assert (draft.published, draft.signed_place) == (False, "Nairobi, Kenya")
    assert [p.slug for p in draft.parties.all()] == ["cas", "kemri"]
    assert draft.claims.filter(path="parties").count() == 2
    # The corrected place keeps the passage, which no longer states the value held.
    place = draft.claims.get(path="signed_place")
    assert (place.value, place.held) == ("Nairobi", False)
    assert TEXT[place.start : place.end] == place.quote


def test_a_dropped_party_takes_its_claim_with_it(
    editor_client: Client, registry_world: dict[str, Any]
) -> None:
    data = review_form(editor_client)
    del data["a0-party-1-keep"]

    editor_client.post(URL, data)

    draft = Agreement.objects.get()
    assert [p.slug for p in draft.parties.all()] == ["cas"]
    assert list(draft.claims.filter(path="parties").values_list("value", flat=True)) == ["cas"]


def test_a_bad_correction_is_shown_not_saved(
    editor_client: Client, registry_world: dict[str, Any]
) -> None:
    data = review_form(editor_client)
    data["a0-signed_on"] = "2019-13"

    response = editor_client.post(URL, data)

    assert response.status_code == 200
    assert "agreements[0]" in response.content.decode()
    assert not Agreement.objects.exists()


def test_viewers_may_not_use_it(viewer_client: Client, db: None) -> None:
    assert viewer_client.get(URL).status_code == 403


def test_the_agreement_list_links_to_it(editor_client: Client, db: None) -> None:
    page = editor_client.get(reverse("admin:agreements_agreement_changelist")).content.decode()
    assert URL in page
