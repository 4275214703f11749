"""Records the import and export tests share."""

from __future__ import annotations

from typing import Any

import pytest

from agreements.choices import PartyRole
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    AgreementSourceFactory,
    CooperationFieldFactory,
    PartyFactory,
    PersonFactory,
    RegionFactory,
    SignatureFactory,
    SourceFactory,
)


@pytest.fixture
def stocked(db: None) -> dict[str, Any]:
    """A published agreement with two parties (one the lead), a signatory and a witness,
    a field, a region and a source; and a draft with one party."""
    cas = PartyFactory(slug="cas", name="Chinese Academy of Sciences", abbreviation="CAS")
    shenzhen = PartyFactory(slug="shenzhen", name="Shenzhen Municipal Government")
    bai, wang = PersonFactory(slug="bai-chunli"), PersonFactory(slug="wang-weizhong")
    agreement = AgreementFactory(
        slug="cas-shenzhen-2017",
        title="Strategic cooperation agreement",
        reference_number="CAS-SZ-2017-004",
        summary="=SUM(A1:A9) is not a formula here",
        published=True,
    )
    AgreementPartyFactory(agreement=agreement, party=cas, role=PartyRole.LEAD, position=0)
    AgreementPartyFactory(agreement=agreement, party=shenzhen, position=1)
    SignatureFactory(agreement=agreement, person=bai, on_behalf_of=cas, title="President")
    SignatureFactory(agreement=agreement, person=wang, on_behalf_of=shenzhen, role="witness")
    agreement.fields.add(CooperationFieldFactory(slug="science"))
    agreement.regions.add(RegionFactory(slug="greater-bay-area"))
    AgreementSourceFactory(agreement=agreement, source=SourceFactory(url="https://example.org/a"))
    draft = AgreementFactory(slug="secret-draft", title="Secret draft", published=False)
    AgreementPartyFactory(agreement=draft, party=cas)
    return {"agreement": agreement, "draft": draft, "cas": cas, "shenzhen": shenzhen}
