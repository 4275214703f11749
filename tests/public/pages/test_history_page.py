"""An agreement's public change history: what changed and when, for the facts its page
shows, newest first, paginated; nothing from before publication, no staff names."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from agreements.models import Agreement
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    CooperationFieldFactory,
    PartyFactory,
)

from .helpers import hrefs, html_of, text

HISTORY = "/{lang}/agreements/{slug}/history/"


def edit(agreement: Agreement, by: User | None = None, **values: Any) -> None:
    for name, value in values.items():
        setattr(agreement, name, value)
    agreement._history_user = by  # type: ignore[attr-defined]  # read by simple-history
    agreement.save()


@pytest.fixture
def drafted(db: None, staff_editor: User) -> Agreement:
    """Written as a draft by an editor (a working title, a party, a summary), then
    published under its final title."""
    agreement = AgreementFactory(
        slug="drafted", title="Zanzibar working title", summary="", published=False
    )
    AgreementPartyFactory(agreement=agreement, party=PartyFactory(name="Early Institute"))
    edit(agreement, staff_editor, summary="Draft-time summary")
    edit(agreement, staff_editor, title="Final title", published=True)
    return agreement


def test_the_agreement_page_links_its_history(client: Client, founding_record: Agreement) -> None:
    html = html_of(client.get("/en/agreements/cas-shenzhen-2017/"))
    assert HISTORY.format(lang="en", slug="cas-shenzhen-2017") in hrefs(html)


def test_it_shows_old_and_new_values_of_public_fields_newest_first(
    client: Client, drafted: Agreement, staff_editor: User
) -> None:
    edit(drafted, staff_editor, signed_place="Shenzhen", kind="memorandum_of_understanding")
    edit(drafted, staff_editor, signed_place="Beijing")
    html = html_of(client.get(HISTORY.format(lang="en", slug="drafted")))
    rows = [text(row) for row in re.findall(r'<tr><th scope="row">.*?</tr>', html, re.S)]
    assert rows == [
        "Place of signing Shenzhen Beijing",
        "Kind Cooperation agreement Memorandum of understanding",
        "Place of signing (none) Shenzhen",
    ]


def test_it_hides_what_was_recorded_while_the_agreement_was_a_draft(
    client: Client, drafted: Agreement
) -> None:
    html = html_of(client.get(HISTORY.format(lang="en", slug="drafted")))
    for draft_time in ("Zanzibar working title", "Draft-time summary", "Early Institute"):
        assert draft_time not in html
    entries = html.count('class="history-entry"')
    assert entries == 1 and "<strong>Published</strong>" in html


def test_it_never_names_who_made_a_change(
    client: Client, viewer_client: Client, drafted: Agreement, staff_editor: User
) -> None:
    edit(drafted, staff_editor, summary="Public summary")
    for reader in (client, viewer_client):
        html = html_of(reader.get(HISTORY.format(lang="en", slug="drafted")))
        assert "Public summary" in html
        assert staff_editor.get_username() not in html.split("<main")[1]


def test_internal_fields_are_not_shown(client: Client, drafted: Agreement) -> None:
    edit(drafted, status_note="Quietly noted by staff", full_text="Internal full text")
    html = html_of(client.get(HISTORY.format(lang="en", slug="drafted")))
    assert "Quietly noted" not in html and "Internal full text" not in html
    # The only change was internal: it is not listed at all.
    assert html.count('class="history-entry"') == 1


def test_the_public_gets_404_for_a_draft_history(
    client: Client, viewer_client: Client, draft: Agreement
) -> None:
    assert client.get(HISTORY.format(lang="en", slug="secret-draft")).status_code == 404
    assert client.get(HISTORY.format(lang="zh-hans", slug="secret-draft")).status_code == 404
    staff_html = html_of(viewer_client.get(HISTORY.format(lang="en", slug="secret-draft")))
    assert "Recorded as a draft" in staff_html


def test_nested_rows_added_after_publication_are_listed_in_the_readers_language(
    client: Client, drafted: Agreement
) -> None:
    party = PartyFactory(name="Late Institute", name_local="后来研究所")
    AgreementPartyFactory(agreement=drafted, party=party)
    assert "Party: Late Institute added" in text(
        html_of(client.get(HISTORY.format(lang="en", slug="drafted")))
    )
    assert "后来研究所" in html_of(client.get(HISTORY.format(lang="zh-hans", slug="drafted")))


def test_it_pages_through_a_long_history(client: Client, drafted: Agreement) -> None:
    for n in range(25):
        edit(drafted, summary=f"Summary number {n}")
    first = html_of(client.get(HISTORY.format(lang="en", slug="drafted")))
    assert "Showing 1–20 of 26 changes" in text(first)
    assert "Summary number 24" in first and "Summary number 3" not in first
    second = html_of(client.get(HISTORY.format(lang="en", slug="drafted"), {"page": "2"}))
    assert "Summary number 3" in second and "<strong>Published</strong>" in second
    # A page that is not a number, or past the end, is still a page.
    assert client.get(HISTORY.format(lang="en", slug="drafted"), {"page": "x"}).status_code == 200
    assert client.get(HISTORY.format(lang="en", slug="drafted"), {"page": "99"}).status_code == 200


@pytest.mark.parametrize("changes", [1, 30])
def test_the_history_page_costs_the_same_queries_whatever_its_length(
    client: Client, django_assert_num_queries: Callable[..., Any], drafted: Agreement, changes: int
) -> None:
    science = CooperationFieldFactory(name="Science")
    drafted.fields.set([science])
    for n in range(changes):
        edit(drafted, summary=f"Summary {n}")
        drafted.fields.set([] if n % 2 else [science])
    # 1 the agreement; 1 its records (with their users); 5 the nested parts' records, and
    # 1 the parties they name (no person or source is named here); 1 the relations'
    # titles; 2 the recorded fields and regions, and 1 the fields' names (no region).
    with django_assert_num_queries(12):
        response = client.get(HISTORY.format(lang="en", slug="drafted"))
    assert response.status_code == 200
