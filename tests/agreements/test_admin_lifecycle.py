"""The admin and statuses: a save stores the status the dates give, a status set by hand
needs a note, and saving a renewal supersedes what it renews."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from agreements.models import Agreement
from tests.admin_forms import change_form_data
from tests.factories import AgreementFactory


def change_url(agreement: Agreement) -> str:
    return reverse("admin:agreements_agreement_change", args=[agreement.pk])


def test_an_admin_save_stores_the_status_the_dates_give(
    editor_client: Client, founding_record: Agreement
) -> None:
    url = change_url(founding_record)
    data = change_form_data(editor_client.get(url))
    data["status"], data["expires_on"] = "negotiating", "2018-06"
    assert editor_client.post(url, data).status_code == 302
    founding_record.refresh_from_db()
    assert founding_record.status == "expired"  # signed 2017-12-03, expired after June 2018


def test_the_admin_refuses_a_fixed_status_without_a_note(
    editor_client: Client, founding_record: Agreement
) -> None:
    url = change_url(founding_record)
    data = change_form_data(editor_client.get(url))
    data["status"], data["status_fixed"], data["status_note"] = "terminated", "on", ""
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "status_note" in response.context["adminform"].form.errors
    founding_record.refresh_from_db()
    assert (founding_record.status_fixed, founding_record.status) != (True, "terminated")
    data["status_note"] = "Both parties announced the end in 2020; no date given."
    assert editor_client.post(url, data).status_code == 302
    founding_record.refresh_from_db()
    assert (founding_record.status_fixed, founding_record.status) == (True, "terminated")


@pytest.mark.django_db
def test_adding_a_renewal_in_the_admin_supersedes_the_renewed_agreement(
    editor_client: Client, founding_record: Agreement
) -> None:
    older = AgreementFactory(slug="older", signed_on="2012", status="in_force")
    url = change_url(founding_record)
    data = change_form_data(editor_client.get(url))
    data["relations-0-kind"], data["relations-0-other"] = "renews", str(older.pk)
    assert editor_client.post(url, data).status_code == 302
    older.refresh_from_db()
    assert older.status == "superseded"
