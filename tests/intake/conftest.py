"""Records the import and export tests share, and a small registry the press-release
tests match names against."""

from __future__ import annotations

from typing import Any

import pytest

from agreements.choices import PartyRole
from parties.models import PartyAlias
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


@pytest.fixture
def registry_world(db: None) -> dict[str, Any]:
    """CAS (with an alias and an institute), Shenzhen's government, KEMRI, two people."""
    cas = PartyFactory(
        slug="cas", name="Chinese Academy of Sciences", name_local="中国科学院", abbreviation="CAS"
    )
    PartyAlias.objects.create(party=cas, name="Chinese Academy of Science")
    shenzhen = PartyFactory(
        slug="shenzhen",
        name="Shenzhen Municipal People's Government",
        name_local="深圳市人民政府",
        kind="government",
    )
    PartyAlias.objects.create(party=shenzhen, name="Shenzhen government")
    return {
        "cas": cas,
        "shenzhen": shenzhen,
        "kemri": PartyFactory(
            slug="kemri", name="Kenya Medical Research Institute", abbreviation="KEMRI"
        ),
        "bai": PersonFactory(slug="bai-chunli", name="BAI Chunli", name_local="白春礼"),
        "wang": PersonFactory(slug="wang-weizhong", name="WANG Weizhong", name_local="王伟中"),
        "health": CooperationFieldFactory(slug="health", name="Health", name_local="卫生"),
        "gba": RegionFactory(
            slug="greater-bay-area", name="Greater Bay Area", name_local="粤港澳大湾区"
        ),
    }
