"""Every model rule broken in the agreement admin is a form error on its field, never a 500,
and the page comes back with everything that was typed."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from agreements.models import Agreement, AgreementRelation, Commitment, CooperationField, Event
from kernel.rule_forms import RuleCheckedModelForm
from parties.models import Party
from tests.admin_forms import change_form_data
from tests.factories import AgreementFactory, CommitmentFactory

pytestmark = pytest.mark.django_db


def _change(client: Client, agreement: Agreement) -> tuple[str, dict[str, Any]]:
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    return url, change_form_data(client.get(url))


def _inline_errors(response: Any, prefix: str) -> list[dict[str, list[str]]]:
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == prefix:
            return [dict(form.errors) for form in inline.formset.forms]
    raise AssertionError(f"no inline {prefix}")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"expires_on": "2001-01-01"}, "expires_on", "cannot expire before it is signed"),
        (
            {"effective_on": "2018-03", "expires_on": "2018-02-28"},
            "expires_on",
            "cannot expire before it takes effect",
        ),
        ({"terminated_on": "2016"}, "terminated_on", "cannot end before it is signed"),
    ],
)
def test_it_shows_a_broken_date_rule_on_its_field_and_keeps_what_was_typed(
    editor_client: Client,
    founding_record: Agreement,
    changes: dict[str, str],
    field: str,
    message: str,
) -> None:
    url, data = _change(editor_client, founding_record)
    data.update(changes, title="A title typed just now", summary="Typed, not to be lost.")

    response = editor_client.post(url, data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert message in " ".join(form.errors[field])
    assert "__all__" not in form.errors
    page = response.content.decode()
    assert "A title typed just now" in page and "Typed, not to be lost." in page
    assert 'value="2017-12-03"' in page  # the signing date as entered
    founding_record.refresh_from_db()
    assert (founding_record.title, founding_record.expires_on) != ("A title typed just now", None)
    assert founding_record.terminated_on is None


def test_it_shows_a_completion_date_of_an_unfinished_commitment_on_that_field_of_the_inline(
    editor_client: Client, founding_record: Agreement
) -> None:
    CommitmentFactory(agreement=founding_record, title="Build the campus")
    url, data = _change(editor_client, founding_record)
    index = next(i for i in range(10) if data.get(f"commitments-{i}-title") == "Build the campus")
    data[f"commitments-{index}-status"] = "in_progress"
    data[f"commitments-{index}-completed_on"] = "2020"

    response = editor_client.post(url, data)

    assert response.status_code == 200
    errors = _inline_errors(response, "commitments")[index]
    assert errors["completed_on"] == ["Only a commitment that is done has a completion date."]
    assert Commitment.objects.get(title="Build the campus").completed_on is None


def test_it_shows_a_relation_of_an_agreement_to_itself_on_the_other_agreement(
    editor_client: Client, founding_record: Agreement
) -> None:
    url, data = _change(editor_client, founding_record)
    data.update(
        {
            "relations-TOTAL_FORMS": "1",
            "relations-0-kind": "renews",
            "relations-0-other": str(founding_record.pk),
            "relations-0-note": "",
        }
    )

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert _inline_errors(response, "relations")[0]["other"] == [
        "An agreement cannot relate to itself."
    ]
    assert not AgreementRelation.objects.exists()


def test_it_derives_the_slug_of_a_new_agreement_left_without_one(
    editor_client: Client, founding_record: Agreement
) -> None:
    url = reverse("admin:agreements_agreement_add")
    data = change_form_data(editor_client.get(url))
    data.update(title="Cooperation on Oceans", kind="cooperation_agreement", signed_on="2021-05")
    AgreementFactory(title="Cooperation on Oceans", signed_on="2021", slug="")

    response = editor_client.post(url, data)

    assert response.status_code == 302
    oceans = Agreement.objects.filter(title="Cooperation on Oceans")
    slugs = set(oceans.values_list("slug", flat=True))
    assert slugs == {"cooperation-on-oceans-2021", "cooperation-on-oceans-2021-2"}


def test_it_derives_the_slug_of_an_event_and_a_field_left_without_one(
    editor_client: Client,
) -> None:
    url = reverse("admin:agreements_event_add")
    data = change_form_data(editor_client.get(url))
    data.update(title="Shenzhen Symposium", kind="symposium", date="2018")
    assert editor_client.post(url, data).status_code == 302

    url = reverse("admin:agreements_cooperationfield_add")
    data = change_form_data(editor_client.get(url))
    data.update(name="Marine Biology")
    assert editor_client.post(url, data).status_code == 302

    assert Event.objects.get(title="Shenzhen Symposium").slug.startswith("shenzhen-symposium")
    assert CooperationField.objects.get(name="Marine Biology").slug == "marine-biology"


def test_it_creates_a_party_from_an_add_another_popup_without_a_slug(
    editor_client: Client,
) -> None:
    url = reverse("admin:parties_party_add") + "?_to_field=id&_popup=1"
    data = change_form_data(editor_client.get(url))
    data.update(name="Chinese Academy of Sciences", abbreviation="CAS", kind="academy")
    data.update(_popup="1", _to_field="id")

    response = editor_client.post(url, data)

    assert response.status_code == 200
    party = Party.objects.get(name="Chinese Academy of Sciences")
    assert party.slug == "cas"
    assert "popup_response" in [t.name.split("/")[-1].split(".")[0] for t in response.templates]
    assert str(party.pk) in response.content.decode()


def test_every_admin_form_checks_model_rules() -> None:
    site_admins = [
        a for m, a in admin.site._registry.items() if m._meta.app_label in {"parties", "agreements"}
    ]
    inlines = [inline for a in site_admins for inline in a.inlines]
    unchecked = [
        type(a).__name__ if not isinstance(a, type) else a.__name__
        for a in [*site_admins, *inlines]
        if not issubclass(a.form, RuleCheckedModelForm)
    ]
    assert unchecked == []


def test_it_lets_a_party_be_removed_and_added_again_on_the_same_page(
    editor_client: Client, founding_record: Agreement
) -> None:
    url, data = _change(editor_client, founding_record)
    party = data["agreement_parties-0-party"]
    total = int(data["agreement_parties-TOTAL_FORMS"])
    data.update(
        {
            "agreement_parties-0-DELETE": "on",
            "agreement_parties-TOTAL_FORMS": str(total + 1),
            f"agreement_parties-{total}-party": party,
            f"agreement_parties-{total}-role": "lead",
            f"agreement_parties-{total}-position": "5",
        }
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302
    row = founding_record.agreement_parties.get(party_id=int(party))
    assert (row.role, row.position) == ("lead", 5)
