"""Whatever the review form sends, the answer is a page or a 4xx, never a 500, and
nothing half-saved; the saved drafts follow the reviewer's choices."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from agreements.models import Agreement
from parties.models import Party, Person

URL = reverse("intake-press-release")
TEXT = "The Alpha Institute and the Beta Institute signed a memorandum on 9 May 2021."
BASE = {"text": TEXT, "action": "save", "count": "1", "a0-keep": "1"}


def claim(path: str, quote: str, **extra: Any) -> dict[str, Any]:
    start = TEXT.index(quote)
    return {"path": path, "quote": quote, "start": start, "end": start + len(quote), **extra}


def two_new_parties(**extra: str) -> dict[str, str]:
    return {
        "a0-party-count": "2",
        "a0-party-0-keep": "1",
        "a0-party-0-name": "Alpha Institute",
        "a0-party-1-keep": "1",
        "a0-party-1-name": "Beta Institute",
        **extra,
    }


@pytest.mark.parametrize(
    "changes",
    [
        {"count": "abc"},
        {"count": str(10**9)},
        {"a0-party-count": "x"},
        {"a0-claims": "5"},
        {"a0-claims": "null"},
        {"a0-claims": "{not json"},
        {"a0-claims": json.dumps([{"path": ["parties[0]"], "quote": "x", "start": 0, "end": 1}])},
        {"a0-claims": json.dumps([{"path": "signed_on", "quote": "x", "start": "a", "end": 1}])},
        {"a0-claims": json.dumps([{"path": "signed_on", "quote": "x", "start": 5, "end": 10**6}])},
        {"a0-claims": json.dumps([{"path": "signed_on", "quote": "x"}]), "a0-signed_on": "2021-13"},
        {"a0-party-count": "1", "a0-party-0-keep": "1", "a0-party-0-name": ""},
        {"a0-signatory-count": "1", "a0-signatory-0-keep": "1", "a0-signatory-0-name": ""},
        {"a0-party-count": "1", "a0-party-0-keep": "1", "a0-party-0-party": "no-such-party"},
        {
            "a0-party-count": "1",
            "a0-party-0-keep": "1",
            "a0-party-0-name": "X",
            "a0-party-0-parent": "nope",
        },
    ],
)
def test_bad_review_input_is_never_a_server_error(
    editor_client: Client, db: None, changes: dict[str, str]
) -> None:
    response = editor_client.post(URL, {**BASE, **changes})

    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert not Agreement.objects.exists()


def test_an_unknown_parent_is_named_in_the_error(editor_client: Client, db: None) -> None:
    data = {**BASE, **two_new_parties(**{"a0-party-1-parent": "no-such-body"})}

    page = editor_client.post(URL, data).content.decode()

    assert "agreements[0].parties[1].parent" in page
    assert not Party.objects.exists()


def test_one_new_institution_named_in_two_agreements_is_created_once(
    editor_client: Client, db: None
) -> None:
    data = {**BASE, "count": "2", "a1-keep": "1", **two_new_parties()}
    data.update({k.replace("a0-", "a1-"): v for k, v in two_new_parties().items()})

    assert editor_client.post(URL, data).status_code == 302

    assert Agreement.objects.count() == 2
    assert sorted(Party.objects.values_list("name", flat=True)) == [
        "Alpha Institute",
        "Beta Institute",
    ]


def test_commitments_are_reviewed_and_kept(editor_client: Client, db: None) -> None:
    data = {
        **BASE,
        **two_new_parties(),
        "a0-commitment-count": "2",
        "a0-commitment-0-keep": "1",
        "a0-commitment-0-title": "Open a joint laboratory",
        "a0-commitment-1-title": "Dropped by the reviewer",
    }

    assert editor_client.post(URL, data).status_code == 302

    draft = Agreement.objects.get()
    assert list(draft.commitments.values_list("title", flat=True)) == ["Open a joint laboratory"]


def test_a_corrected_fact_keeps_the_value_the_text_states_after_an_error(
    editor_client: Client, db: None
) -> None:
    stated = [claim("signed_on", "on 9 May 2021", value="2021-05-09")]
    first = {**BASE, **two_new_parties(), "a0-claims": json.dumps(stated)}
    first.update({"a0-signed_on": "2021-05-10", "a0-title": "x" * 600})  # the title is too long
    page = editor_client.post(URL, first)
    assert page.status_code == 200
    (shown,) = page.context["proposals"]

    again = {**first, "a0-claims": shown["claims_json"], "a0-title": "Memorandum"}
    assert editor_client.post(URL, again).status_code == 302

    draft = Agreement.objects.get()
    signed = draft.claims.get(path="signed_on")
    assert (str(draft.signed_on), signed.value, signed.held) == ("2021-05-10", "2021-05-09", False)


def test_staff_who_may_not_add_parties_cannot_create_them_here(db: None) -> None:
    user = User.objects.create_user("drafter", password="drafter-pw-123", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_agreement", "view_agreement"])
    )
    client = Client()
    client.force_login(user)

    response = client.post(URL, {**BASE, **two_new_parties()})

    assert response.status_code == 403
    assert not Party.objects.exists() and not Person.objects.exists()
