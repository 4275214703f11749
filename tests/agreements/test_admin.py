"""The staff admin: every page loads with few queries; edits keep history; rules hold."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from agreements.models import Agreement, AgreementRelation, Document, Signature
from tests.admin_forms import change_form_data
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    AgreementSourceFactory,
    CommitmentFactory,
    EventFactory,
    PartyAliasFactory,
    PartyFactory,
    PostFactory,
    SignatureFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


REGISTRY_MODELS = [
    model for model in admin.site._registry if model._meta.app_label in {"parties", "agreements"}
]


def _more_records(n: int) -> None:
    """Records of every registered kind, so list pages have more rows to show."""
    previous = None
    for _ in range(n):
        agreement = AgreementFactory()
        if previous is not None:
            AgreementRelation.objects.create(agreement=agreement, other=previous, kind="renews")
        previous = agreement
        document = Document(agreement=agreement, kind="full_text", language="en")
        document.file.save(f"{agreement.slug}.txt", ContentFile(agreement.title.encode()))
        parent = PartyFactory(parent=PartyFactory())
        AgreementPartyFactory(agreement=agreement, party=parent)
        SignatureFactory(agreement=agreement, on_behalf_of=parent.parent)
        AgreementSourceFactory(agreement=agreement)
        CommitmentFactory(agreement=agreement)
        PartyAliasFactory(party=parent)
        PostFactory(party=parent)
        EventFactory().agreements.add(agreement)


def _changelist(client: Client, model: type) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")


@pytest.mark.parametrize("model", REGISTRY_MODELS, ids=lambda m: m.__name__)
def test_every_changelist_loads_with_the_same_queries_for_more_rows(
    superuser_client: Client, founding_record: Agreement, model: type, django_assert_num_queries
) -> None:
    url = _changelist(superuser_client, model)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert superuser_client.get(url).status_code == 200
    _more_records(4)
    # Session, user, list filters' choices, the page of rows and its count: no query per row.
    with django_assert_num_queries(len(few.captured_queries)):
        response = superuser_client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("model", REGISTRY_MODELS, ids=lambda m: m.__name__)
def test_every_change_page_and_add_page_loads(
    superuser_client: Client, founding_record: Agreement, model: type, django_assert_max_num_queries
) -> None:
    _more_records(2)
    meta = model._meta
    obj = model._default_manager.first()
    # Autocomplete widgets fetch their selected option one query per inline row, so the
    # ceiling is generous but finite; the founding record's page stays well under it.
    with django_assert_max_num_queries(60):
        change = superuser_client.get(
            reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
        )
    assert change.status_code == 200
    add = superuser_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
    assert add.status_code == 200


def test_the_history_page_lists_admin_edits(
    editor_client: Client, staff_editor, founding_record: Agreement
) -> None:
    url = reverse("admin:agreements_agreement_change", args=[founding_record.pk])
    data = change_form_data(editor_client.get(url))
    data["signed_place"] = "Shenzhen, Guangdong"

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    latest = founding_record.history.latest()
    assert (latest.history_type, latest.history_user, latest.signed_place) == (
        "~",
        staff_editor,
        "Shenzhen, Guangdong",
    )
    history = editor_client.get(
        reverse("admin:agreements_agreement_history", args=[founding_record.pk])
    )
    assert "Shenzhen, Guangdong" in history.content.decode() or history.status_code == 200
    assert staff_editor.username in history.content.decode()


def test_a_month_precision_date_entered_in_the_admin_stays_a_month(
    editor_client: Client, founding_record: Agreement
) -> None:
    url = reverse("admin:agreements_agreement_change", args=[founding_record.pk])
    data = change_form_data(editor_client.get(url))
    data["expires_on"] = "2027-07"

    assert editor_client.post(url, data).status_code == 302
    founding_record.refresh_from_db()
    assert str(founding_record.expires_on) == "2027-07"


def test_the_admin_names_the_field_of_an_impossible_date(
    editor_client: Client, founding_record: Agreement
) -> None:
    url = reverse("admin:agreements_agreement_change", args=[founding_record.pk])
    data = change_form_data(editor_client.get(url))
    data["expires_on"] = "2017-13-45"

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "expires_on" in response.context["adminform"].form.errors
    founding_record.refresh_from_db()
    assert founding_record.expires_on is None


def test_the_admin_refuses_a_signature_for_a_body_outside_the_agreement(
    editor_client: Client, founding_record: Agreement
) -> None:
    url = reverse("admin:agreements_agreement_change", args=[founding_record.pk])
    data = change_form_data(editor_client.get(url))
    outsider = PartyFactory(name="Unrelated Institute")
    person = PostFactory().person
    data.update(
        {
            "signatures-TOTAL_FORMS": "1",
            "signatures-0-person": str(person.pk),
            "signatures-0-role": "signatory",
            "signatures-0-on_behalf_of": str(outsider.pk),
            "signatures-0-title": "",
        }
    )

    response = editor_client.post(url, data)

    assert response.status_code == 200
    errors = [e for fs in response.context["inline_admin_formsets"] for e in fs.formset.errors]
    assert any("on_behalf_of" in e for e in errors)
    assert not Signature.objects.filter(agreement=founding_record).exists()


def test_the_admin_accepts_a_signature_for_a_parent_of_a_party_added_on_the_same_page(
    editor_client: Client, founding_record: Agreement
) -> None:
    url = reverse("admin:agreements_agreement_change", args=[founding_record.pk])
    data = change_form_data(editor_client.get(url))
    academy = PartyFactory(name="Academy of Examples")
    institute = PartyFactory(name="Example Institute", parent=academy)
    person = PostFactory().person
    total = int(data["agreement_parties-TOTAL_FORMS"])
    data.update(
        {
            "agreement_parties-TOTAL_FORMS": str(total + 1),
            f"agreement_parties-{total}-party": str(institute.pk),
            f"agreement_parties-{total}-role": "party",
            f"agreement_parties-{total}-position": "2",
            "signatures-TOTAL_FORMS": "1",
            "signatures-0-person": str(person.pk),
            "signatures-0-role": "witness",
            "signatures-0-on_behalf_of": str(academy.pk),
            "signatures-0-title": "President",
        }
    )

    assert editor_client.post(url, data).status_code == 302
    signature = Signature.objects.get(agreement=founding_record)
    assert (signature.on_behalf_of, signature.role) == (academy, "witness")


def test_the_admin_refuses_a_duplicate_party(
    editor_client: Client, founding_record: Agreement
) -> None:
    url = reverse("admin:agreements_agreement_change", args=[founding_record.pk])
    data = change_form_data(editor_client.get(url))
    total = int(data["agreement_parties-TOTAL_FORMS"])
    data.update(
        {
            "agreement_parties-TOTAL_FORMS": str(total + 1),
            f"agreement_parties-{total}-party": data["agreement_parties-0-party"],
            f"agreement_parties-{total}-role": "party",
            f"agreement_parties-{total}-position": "3",
        }
    )

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert founding_record.agreement_parties.count() == 2


def test_publish_and_unpublish_actions_record_history(
    editor_client: Client, draft_agreement: Agreement
) -> None:
    AgreementPartyFactory.create_batch(2, agreement=draft_agreement)
    url = reverse("admin:agreements_agreement_changelist")
    response = editor_client.post(
        url, {"action": "publish", "_selected_action": [draft_agreement.pk]}
    )
    assert response.status_code == 302
    draft_agreement.refresh_from_db()
    assert draft_agreement.published is True
    assert draft_agreement.history.latest().published is True

    editor_client.post(url, {"action": "unpublish", "_selected_action": [draft_agreement.pk]})
    draft_agreement.refresh_from_db()
    assert draft_agreement.published is False


def test_search_finds_an_agreement_by_party_alias_and_chinese_title(
    viewer_client: Client, founding_record: Agreement
) -> None:
    url = reverse("admin:agreements_agreement_changelist")
    for term in ["Chinese Academy of Science", "深圳国际科技", "CAS"]:
        response = viewer_client.get(url, {"q": term})
        assert list(response.context["cl"].result_list) == [founding_record], term


def test_search_finds_an_agreement_by_its_slug_or_its_reference_number_in_any_case(
    viewer_client: Client, founding_record: Agreement
) -> None:
    other = AgreementFactory(title="Water treaty", reference_number="WT-2020/7")
    url = reverse("admin:agreements_agreement_changelist")
    for term, found in [("cas-shenzhen-2017", founding_record), ("wt-2020/7", other)]:
        response = viewer_client.get(url, {"q": term})
        assert list(response.context["cl"].result_list) == [found], term


def test_the_list_counts_no_further_than_its_limit_and_says_so(
    viewer_client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("agreements.admin.ADMIN_COUNT_LIMIT", 2)
    url = reverse("admin:agreements_agreement_changelist")
    AgreementFactory.create_batch(2, title="Solar pact")
    exactly = viewer_client.get(url, {"q": "solar"}).content.decode()
    AgreementFactory(title="Solar pact")
    beyond = viewer_client.get(url, {"q": "solar"})

    assert "2 agreements" in exactly
    assert "more than" not in exactly
    assert beyond.context["cl"].result_count == 2
    assert "more than 2 agreements" in beyond.content.decode()


def test_a_signing_year_in_the_address_still_filters_the_list(
    viewer_client: Client, founding_record: Agreement
) -> None:
    AgreementFactory(signed_on="2019-07")
    url = reverse("admin:agreements_agreement_changelist")
    listed = viewer_client.get(url, {"signed_on__year": "2017"}).context["cl"].result_list
    assert list(listed) == [founding_record]


def test_list_filters_by_year_and_party_country(
    viewer_client: Client, founding_record: Agreement
) -> None:
    AgreementFactory(signed_on="2019-07", parties=PartyFactory.create_batch(2, country="FR"))
    url = reverse("admin:agreements_agreement_changelist")
    by_year = viewer_client.get(url, {"signed_year": "2017"}).context["cl"].result_list
    assert list(by_year) == [founding_record]
    by_country = viewer_client.get(url, {"party_country": "CN"}).context["cl"].result_list
    assert list(by_country) == [founding_record]


def test_viewers_read_but_cannot_change(viewer_client: Client, founding_record: Agreement) -> None:
    url = reverse("admin:agreements_agreement_change", args=[founding_record.pk])
    assert viewer_client.get(url).status_code == 200
    response = viewer_client.post(url, {"title": "Vandalised"})
    assert response.status_code == 403
    founding_record.refresh_from_db()
    assert founding_record.title != "Vandalised"


def test_editors_cannot_manage_users(editor_client: Client) -> None:
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:parties_party_add")).status_code == 200
