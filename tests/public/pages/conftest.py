"""Fixtures for the public pages: the founding record plus what it lacks (a draft, a
renewal, agreements of a sub-unit)."""

from __future__ import annotations

import pytest

from agreements.choices import RelationKind
from agreements.models import Agreement, AgreementRelation
from tests.factories import AgreementFactory, AgreementPartyFactory


@pytest.fixture
def renewal(founding_record: Agreement) -> Agreement:
    """A later agreement that renews the founding one."""
    later = AgreementFactory(title="Renewed cooperation agreement", signed_on="2022")
    AgreementRelation.objects.create(
        agreement=later, kind=RelationKind.RENEWS, other=founding_record
    )
    return later


@pytest.fixture
def siat_agreement(founding_record: Agreement) -> Agreement:
    """An agreement of SIAT, a sub-unit of CAS, in the science field only."""
    from parties.models import Party

    agreement = AgreementFactory(title="SIAT robotics agreement", signed_on="2019-07")
    AgreementPartyFactory(agreement=agreement, party=Party.objects.get(slug="siat"))
    agreement.fields.set(founding_record.fields.filter(slug="science"))
    return agreement


@pytest.fixture
def draft(founding_record: Agreement) -> Agreement:
    """An unpublished agreement between the founding parties."""
    agreement = AgreementFactory(
        title="Secret draft between CAS and Shenzhen", slug="secret-draft", published=False
    )
    for party in founding_record.parties.all():
        AgreementPartyFactory(agreement=agreement, party=party)
    return agreement
