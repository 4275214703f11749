"""A small registry the press-release tests match names against."""

from __future__ import annotations

from typing import Any

import pytest

from parties.models import PartyAlias
from tests.factories import CooperationFieldFactory, PartyFactory, PersonFactory, RegionFactory


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
