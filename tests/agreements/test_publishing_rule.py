"""Publishing needs at least two parties, held by the database too (PostgreSQL's deferred
constraint triggers, migration 0017), and its refusal named wherever it can surface.

The triggers run at commit; these tests run them earlier with ``check_deferred_now`` (the
test's own transaction never commits), each inside a savepoint so that a refusal leaves
the test's transaction usable. The write paths (import, admin) run the same check
themselves; their Python checks are switched off here to reach the database's."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from agreements.db_triggers import PARTY_LINK_TRIGGER, PUBLISHED_TRIGGER
from agreements.models import Agreement, AgreementParty
from intake.records.importer import error_lines, import_table
from intake.records.readers import read_table
from kernel.writes import check_deferred_now
from tests.factories import AgreementFactory, PartyFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the triggers are PostgreSQL's (see 0017)"
    ),
]


KIND = "memorandum_of_understanding"


def refusal() -> str:
    """The error the pending checks raise, or "" when they pass."""
    try:
        with transaction.atomic():
            check_deferred_now()
    except IntegrityError as error:
        return str(error)
    return ""


def test_it_refuses_an_agreement_published_with_one_party() -> None:
    AgreementFactory(parties=[PartyFactory()], published=True)
    error = refusal()
    assert PUBLISHED_TRIGGER in error
    assert "at least two parties" in error


def test_it_lets_a_draft_have_one_party_or_none() -> None:
    AgreementFactory(parties=[PartyFactory()], published=False)
    AgreementFactory(published=False)
    assert refusal() == ""


def test_a_bulk_load_may_insert_published_agreements_before_their_parties() -> None:
    first, second = PartyFactory(), PartyFactory()
    agreements = Agreement.objects.bulk_create(
        [
            Agreement(
                title=f"Accord {n}",
                slug=f"accord-{n}",
                kind=KIND,
                published=True,
                first_published_at=timezone.now(),  # save() sets it; bulk_create does not
            )
            for n in range(3)
        ]
    )
    AgreementParty.objects.bulk_create(
        AgreementParty(agreement=agreement, party=party, position=position)
        for agreement in agreements
        for position, party in enumerate([first, second])
    )
    assert refusal() == ""


def test_it_refuses_taking_a_party_from_a_published_agreement() -> None:
    agreement = AgreementFactory(parties=[PartyFactory(), PartyFactory()], published=True)
    assert refusal() == ""
    agreement.agreement_parties.first().delete()
    assert PARTY_LINK_TRIGGER in refusal()


def test_it_refuses_moving_a_party_row_to_another_agreement() -> None:
    agreement = AgreementFactory(parties=[PartyFactory(), PartyFactory()], published=True)
    draft = AgreementFactory(published=False)
    assert refusal() == ""
    agreement.agreement_parties.filter(position=0).update(agreement=draft)
    assert PARTY_LINK_TRIGGER in refusal()


def test_a_published_agreement_may_swap_a_party_or_be_deleted_with_them() -> None:
    keep, old, new = PartyFactory(), PartyFactory(), PartyFactory()
    agreement = AgreementFactory(parties=[keep, old], published=True)
    other = AgreementFactory(parties=[keep, old], published=True)
    assert refusal() == ""
    agreement.agreement_parties.filter(party=old).delete()
    AgreementParty.objects.create(agreement=agreement, party=new, position=1)
    other.delete()
    assert refusal() == ""


def test_an_import_row_refused_by_the_database_fails_alone_naming_its_column(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("agreements.services.check_publishing", lambda **kwargs: None)
    PartyFactory(slug="cas")
    PartyFactory(slug="shenzhen")
    data = (
        b"slug,title,kind,published,parties\n"
        b"alone,Alone,memorandum_of_understanding,true,cas\n"
        b"together,Together,memorandum_of_understanding,true,cas; shenzhen\n"
    )
    report = import_table(read_table(data, "csv"), mode="atomic")
    assert [row.action for row in report.rows] == ["failed", "created"]
    lines = error_lines(report)
    assert lines and lines[0].startswith("row 2, column published: "), lines
    assert "at least two parties" in lines[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.publishing_triggers
def test_the_admin_publish_action_reports_a_refusal_by_the_database(
    monkeypatch: pytest.MonkeyPatch, editor_client: Any
) -> None:
    """Each agreement is published in a transaction of its own, refused at its commit."""
    monkeypatch.setattr("agreements.admin.refuses_publishing", lambda published, ids: False)
    draft = AgreementFactory(title="Half an accord", parties=[PartyFactory()], published=False)
    url = reverse("admin:agreements_agreement_changelist")
    response = editor_client.post(
        url, {"action": "publish", "_selected_action": [draft.pk]}, follow=True
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.published is False
    shown = [str(message) for message in response.context["messages"]]
    assert any("at least two parties" in text and "Half an accord" in text for text in shown)


@pytest.mark.django_db(transaction=True)
@pytest.mark.publishing_triggers
def test_the_api_answers_400_naming_published_when_the_database_refuses(
    monkeypatch: pytest.MonkeyPatch, feeder_client: Any
) -> None:
    """The API's write commits when the view's transaction ends, which runs the trigger:
    its refusal is a 400 naming the field, not a 500."""
    monkeypatch.setattr("agreements.services.check_publishing", lambda **kwargs: None)
    party = PartyFactory(slug="cas")
    response = feeder_client.post(
        "/api/agreements/",
        {"title": "Alone", "kind": KIND, "published": True, "parties": [{"party": party.slug}]},
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["field"] == "published"
    assert not Agreement.objects.filter(title="Alone").exists()
