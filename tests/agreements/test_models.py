from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from agreements.choices import CommitmentStatus, RelationKind
from agreements.models import Agreement, AgreementRelation, Document, Signature
from kernel.partial_date import PartialDate
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    CommitmentFactory,
    PartyFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def test_a_month_precision_date_round_trips_without_becoming_a_day() -> None:
    agreement = AgreementFactory(signed_on="2017-07", expires_on="2028-11-03")
    stored = Agreement.objects.get(pk=agreement.pk)
    assert str(stored.signed_on) == "2017-07"
    assert stored.signed_on.precision == "month"
    assert str(stored.expires_on) == "2028-11-03"


def test_a_year_precision_date_round_trips() -> None:
    agreement = AgreementFactory(signed_on="2018")
    assert str(Agreement.objects.get(pk=agreement.pk).signed_on) == "2018"


def test_the_database_rejects_a_month_date_not_on_the_first() -> None:
    agreement = AgreementFactory(signed_on="2017-07-15")
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=agreement.pk).update(signed_on_precision="month")


def test_it_rejects_expiry_before_signing() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementFactory(signed_on="2019-07-15", expires_on="2018-12-31")


def test_an_expiry_month_containing_the_signing_day_is_allowed() -> None:
    agreement = AgreementFactory(signed_on="2019-07-15", expires_on="2019-07")
    assert str(Agreement.objects.get(pk=agreement.pk).expires_on) == "2019-07"


def test_it_rejects_a_duplicate_party_on_one_agreement() -> None:
    link = AgreementPartyFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementPartyFactory(agreement=link.agreement, party=link.party)


def test_it_rejects_a_signature_for_a_body_that_is_not_a_party_nor_a_parent() -> None:
    agreement = AgreementFactory()
    AgreementPartyFactory(agreement=agreement)
    outsider = PartyFactory()
    with pytest.raises(ValidationError, match="on behalf of a party"):
        Signature.objects.create(agreement=agreement, person=PersonFactory(), on_behalf_of=outsider)
    assert not agreement.signatures.exists()


def test_it_accepts_a_signature_for_a_parent_at_any_depth() -> None:
    academy = PartyFactory(name="Academy")
    institute = PartyFactory(parent=academy)
    lab = PartyFactory(parent=institute)
    agreement = AgreementFactory()
    AgreementPartyFactory(agreement=agreement, party=lab)

    signature = Signature.objects.create(
        agreement=agreement, person=PersonFactory(), on_behalf_of=academy, role="witness"
    )
    assert signature.pk is not None


def test_it_rejects_a_signature_for_a_sub_unit_of_a_party() -> None:
    academy = PartyFactory()
    institute = PartyFactory(parent=academy)
    agreement = AgreementFactory()
    AgreementPartyFactory(agreement=agreement, party=academy)
    with pytest.raises(ValidationError):
        Signature.objects.create(
            agreement=agreement, person=PersonFactory(), on_behalf_of=institute
        )


def test_it_rejects_a_relation_to_itself() -> None:
    agreement = AgreementFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementRelation.objects.create(
            agreement=agreement, other=agreement, kind=RelationKind.RENEWS
        )


def test_a_relation_is_visible_from_both_sides() -> None:
    older, newer = AgreementFactory(), AgreementFactory()
    relation = AgreementRelation.objects.create(
        agreement=newer, other=older, kind=RelationKind.RENEWS
    )
    assert list(older.inverse_relations.all()) == [relation]
    assert relation.inverse_kind == "renewed_by"


def test_only_a_done_commitment_has_a_completion_date() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentFactory(status=CommitmentStatus.PLANNED, completed_on="2020")
    done = CommitmentFactory(status=CommitmentStatus.DONE, completed_on="2020-09")
    assert done.completed_on == PartialDate.parse("2020-09")


def test_a_document_keeps_the_sha256_of_its_file(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    agreement = AgreementFactory()
    document = Document(agreement=agreement, kind="full_text", language="en")
    document.file.save("text.txt", ContentFile(b"agreement text"), save=False)
    document.save()
    assert document.sha256 == hashlib.sha256(b"agreement text").hexdigest()
    assert Document.objects.get(pk=document.pk).sha256 == document.sha256


def test_every_change_is_kept_in_the_history() -> None:
    agreement = AgreementFactory(title="First title")
    agreement.title = "Second title"
    agreement.save()
    agreement_id = agreement.pk
    agreement.delete()
    records = Agreement.history.filter(id=agreement_id).order_by("history_date")
    assert [(r.history_type, r.title) for r in records] == [
        ("+", "First title"),
        ("~", "Second title"),
        ("-", "Second title"),
    ]


@pytest.fixture
def postgresql_only() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL trigger; on SQLite the model's save() enforces the rule")


@pytest.mark.usefixtures("postgresql_only")
def test_the_database_refuses_a_signature_for_an_outsider_written_around_the_model() -> None:
    academy = PartyFactory()
    institute = PartyFactory(parent=academy)
    agreement = AgreementFactory()
    AgreementPartyFactory(agreement=agreement, party=institute)
    signature = Signature.objects.create(
        agreement=agreement, person=PersonFactory(), on_behalf_of=academy
    )
    outsider = PartyFactory()
    with pytest.raises(IntegrityError, match="must be on behalf of a party"), transaction.atomic():
        Signature.objects.filter(pk=signature.pk).update(on_behalf_of=outsider)
    signature.refresh_from_db()
    assert signature.on_behalf_of == academy


@pytest.mark.usefixtures("postgresql_only")
def test_the_database_refuses_a_cycle_of_cooperation_fields() -> None:
    from agreements.models import CooperationField
    from tests.factories import CooperationFieldFactory

    science = CooperationFieldFactory()
    physics = CooperationFieldFactory(parent=science)
    with pytest.raises(IntegrityError, match="own ancestor"), transaction.atomic():
        CooperationField.objects.filter(pk=science.pk).update(parent=physics)
