"""Entering agreements in the admin: labels that tell records apart, defaults, empty rows
ready, links to the public pages, and the publishing rule (two parties)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from agreements.models import Agreement
from agreements.models.agreement import PUBLISHING_RULE
from tests.admin_forms import change_form_data
from tests.factories import (
    AgreementFactory,
    EventFactory,
    PartyAliasFactory,
    PartyFactory,
    PersonFactory,
    PostFactory,
    SourceFactory,
)

AUTOCOMPLETE = "/admin/autocomplete/"


def autocomplete(client: Client, model: str, field: str, term: str) -> list[str]:
    response = client.get(
        AUTOCOMPLETE,
        {"app_label": "agreements", "model_name": model, "field_name": field, "term": term},
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_a_party_is_labelled_with_its_parent_and_country(editor_client: Client) -> None:
    cas = PartyFactory(name="Chinese Academy of Sciences", abbreviation="CAS")
    PartyFactory(name="Shenzhen Institute of Advanced Technology", parent=cas, country="CN")
    texts = autocomplete(editor_client, "agreementparty", "party", "Shenzhen Institute")
    assert texts == ["Shenzhen Institute of Advanced Technology — CAS · China"]


def test_a_person_is_labelled_with_their_current_post(editor_client: Client) -> None:
    cas = PartyFactory(name="Chinese Academy of Sciences", abbreviation="CAS")
    bai = PersonFactory(name="BAI Chunli", name_local="白春礼")
    PostFactory(person=bai, party=cas, title="Vice-President", started_on="2004", ended_on="2011")
    PostFactory(person=bai, party=cas, title="President", started_on="2011")
    texts = autocomplete(editor_client, "signature", "person", "BAI")
    assert texts == ["BAI Chunli (白春礼) — President, CAS"]


def test_a_source_is_labelled_with_its_publisher_date_and_host(editor_client: Client) -> None:
    SourceFactory(
        title="CAS and Shenzhen sign",
        publisher="SIAT",
        published_on="2017-12-05",
        url="https://english.siat.ac.cn/news/1.html",
    )
    texts = autocomplete(editor_client, "agreementsource", "source", "Shenzhen")
    assert texts == ["CAS and Shenzhen sign — SIAT · 2017-12-05 · english.siat.ac.cn"]


@pytest.mark.parametrize(
    ("model", "field", "make", "queries"),
    [
        (
            "agreementparty",
            "party",
            lambda n: PartyFactory(name=f"Lab {n}", parent=PartyFactory()),
            6,
        ),
        ("signature", "person", lambda n: PostFactory(person=PersonFactory(name=f"Lab {n}")), 7),
        ("agreementsource", "source", lambda n: SourceFactory(title=f"Lab {n}"), 6),
    ],
)
def test_autocomplete_labels_cost_no_query_per_result(
    editor_client: Client,
    django_assert_num_queries: Any,
    model: str,
    field: str,
    make: Any,
    queries: int,
) -> None:
    # Session, user, the user's permissions and group permissions, the count for the
    # pager, the page of results with parents; people add one query for all their posts
    # with the posts' parties. One result costs what ten cost.
    make(0)
    with django_assert_num_queries(queries):
        assert len(autocomplete(editor_client, model, field, "Lab")) == 1
    for n in range(1, 10):
        make(n)
    with django_assert_num_queries(queries):
        assert len(autocomplete(editor_client, model, field, "Lab")) == 10


@pytest.mark.parametrize("term", ["中国科学院", "CAS", "Academia Sinica Mainland"])
def test_autocomplete_finds_a_party_by_local_name_abbreviation_and_alias(
    editor_client: Client, term: str
) -> None:
    cas = PartyFactory(
        name="Chinese Academy of Sciences", name_local="中国科学院", abbreviation="CAS"
    )
    PartyAliasFactory(party=cas, name="Academia Sinica Mainland")
    texts = autocomplete(editor_client, "agreementparty", "party", term)
    assert texts == ["Chinese Academy of Sciences (CAS) — China"]


def test_the_selected_party_on_a_change_page_carries_the_same_label(
    editor_client: Client,
) -> None:
    cas = PartyFactory(name="Chinese Academy of Sciences", abbreviation="CAS")
    siat = PartyFactory(name="Shenzhen Institute of Advanced Technology", parent=cas)
    agreement = AgreementFactory(parties=[siat, PartyFactory()])
    page = editor_client.get(reverse("admin:agreements_agreement_change", args=[agreement.pk]))
    assert "Shenzhen Institute of Advanced Technology — CAS · China" in page.content.decode()


def add_page_data(client: Client, **fields: str) -> dict[str, Any]:
    data = change_form_data(client.get(reverse("admin:agreements_agreement_add")))
    data.update(fields)
    return data


def party_rows(*parties: Any) -> dict[str, str]:
    rows = {}
    for index, party in enumerate(parties):
        rows[f"agreement_parties-{index}-party"] = str(party.pk)
    return rows


def test_the_add_page_has_empty_rows_ready_that_may_stay_empty(editor_client: Client) -> None:
    data = add_page_data(editor_client, title="A draft with nothing yet")
    assert data["agreement_parties-TOTAL_FORMS"] == 2
    assert data["signatures-TOTAL_FORMS"] == 1
    assert data["citations-TOTAL_FORMS"] == 1 or data.get("agreementsource_set-TOTAL_FORMS") == 1
    response = editor_client.post(reverse("admin:agreements_agreement_add"), data)
    assert response.status_code == 302
    agreement = Agreement.objects.get(title="A draft with nothing yet")
    assert agreement.agreement_parties.count() == 0
    assert agreement.published is False


def test_kind_and_language_left_empty_are_guessed_from_the_titles(editor_client: Client) -> None:
    data = add_page_data(
        editor_client,
        title="Memorandum of Understanding on marine science",
        title_local="海洋科学合作谅解备忘录",
        kind="",
        language="",
    )
    assert editor_client.post(reverse("admin:agreements_agreement_add"), data).status_code == 302
    agreement = Agreement.objects.get(title__startswith="Memorandum")
    assert (agreement.kind, agreement.language) == ("memorandum_of_understanding", "zh")


def test_publishing_with_one_party_is_refused_on_the_published_field(
    editor_client: Client,
) -> None:
    data = add_page_data(editor_client, title="Half an agreement", published="on")
    data.update(party_rows(PartyFactory()))
    response = editor_client.post(reverse("admin:agreements_agreement_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["published"] == [PUBLISHING_RULE]
    assert not Agreement.objects.filter(title="Half an agreement").exists()


def test_publishing_with_two_parties_entered_on_the_same_page_passes(
    editor_client: Client,
) -> None:
    data = add_page_data(editor_client, title="A whole agreement", published="on")
    data.update(party_rows(PartyFactory(), PartyFactory()))
    response = editor_client.post(reverse("admin:agreements_agreement_add"), data)
    assert response.status_code == 302
    agreement = Agreement.objects.get(title="A whole agreement")
    assert agreement.published is True
    assert agreement.agreement_parties.count() == 2


def test_deleting_a_published_agreements_second_party_in_the_admin_is_refused(
    editor_client: Client,
) -> None:
    agreement = AgreementFactory(parties=PartyFactory.create_batch(2))
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    data = change_form_data(editor_client.get(url))
    data["agreement_parties-1-DELETE"] = "on"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["published"] == [PUBLISHING_RULE]
    assert agreement.agreement_parties.count() == 2


def test_the_publish_action_skips_agreements_with_fewer_than_two_parties(
    editor_client: Client,
) -> None:
    lonely = AgreementFactory(published=False, parties=[PartyFactory()])
    ready = AgreementFactory(published=False, parties=PartyFactory.create_batch(2))
    url = reverse("admin:agreements_agreement_changelist")
    editor_client.post(url, {"action": "publish", "_selected_action": [lonely.pk, ready.pk]})
    lonely.refresh_from_db()
    ready.refresh_from_db()
    assert (lonely.published, ready.published) == (False, True)


def test_a_published_record_links_its_public_page(editor_client: Client) -> None:
    agreement = AgreementFactory(slug="cas-sz")
    page = editor_client.get(reverse("admin:agreements_agreement_change", args=[agreement.pk]))
    assert "View on site" in page.content.decode()
    assert agreement.get_absolute_url() == "/en/agreements/cas-sz/"
    party = PartyFactory(slug="cas")
    person = PersonFactory(slug="bai")
    event = EventFactory(slug="forum")
    assert party.get_absolute_url() == "/en/parties/cas/"
    assert person.get_absolute_url() == "/en/people/bai/"
    assert event.get_absolute_url() == "/en/events/forum/"


def test_a_draft_links_a_preview_that_staff_can_open_and_the_public_cannot(
    editor_client: Client, client: Client, draft_agreement: Agreement
) -> None:
    page = editor_client.get(
        reverse("admin:agreements_agreement_change", args=[draft_agreement.pk])
    )
    assert "Preview draft" in page.content.decode()
    assert "View on site" not in page.content.decode()
    preview = editor_client.get(draft_agreement.get_absolute_url())
    assert preview.status_code == 200
    assert "This record is a draft" in preview.content.decode()
    assert client.get(draft_agreement.get_absolute_url()).status_code == 404


def test_the_admin_header_names_the_registry(editor_client: Client, settings: Any) -> None:
    page = editor_client.get(reverse("admin:index")).content.decode()
    assert "Cooperation Agreement Registry" in page
    settings.REGISTRY_NAME = "Test Registry"
    assert "Test Registry" in editor_client.get(reverse("admin:index")).content.decode()
