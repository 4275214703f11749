"""Shared data for the API tests: a small world an agreement can be written into."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from agreements.models import Agreement, Document
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    AgreementSourceFactory,
    CommitmentFactory,
    CooperationFieldFactory,
    EventFactory,
    PartyFactory,
    PersonFactory,
    RegionFactory,
    SignatureFactory,
    SourceFactory,
)


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    """CAS with an institute, Shenzhen, two people, two fields, a region, an older agreement."""
    cas = PartyFactory(slug="cas", name="Chinese Academy of Sciences", kind="academy")
    return {
        "cas": cas,
        "siat": PartyFactory(slug="siat", name="SIAT", parent=cas),
        "shenzhen": PartyFactory(slug="shenzhen", name="Shenzhen", kind="government"),
        "bai": PersonFactory(slug="bai-chunli", name="BAI Chunli"),
        "wang": PersonFactory(slug="wang-weizhong", name="WANG Weizhong"),
        "science": CooperationFieldFactory(slug="science", name="Science"),
        "education": CooperationFieldFactory(slug="education", name="Education"),
        "gba": RegionFactory(slug="greater-bay-area", name="Greater Bay Area"),
        "older": AgreementFactory(slug="older-slug", title="Older agreement", signed_on="2012"),
    }


def agreement_payload(**overrides: Any) -> dict[str, Any]:
    """The issue's example agreement, against the ``world`` fixture."""
    payload: dict[str, Any] = {
        "slug": "cas-shenzhen-2017",
        "title": "Agreement to jointly promote the Innovation Center",
        "title_local": "共同推进建设深圳国际科技产业创新中心合作协议书",
        "kind": "memorandum_of_understanding",
        "status": "signed",
        "published": True,
        "signed_on": "2017-07",
        "effective_on": None,
        "expires_on": "2028-11-03",
        "signed_place": "Singapore",
        "summary": "A summary.",
        "parties": [{"party": "siat", "role": "party"}, {"party": "shenzhen", "role": "party"}],
        "signatories": [
            {"person": "bai-chunli", "on_behalf_of": "cas", "role": "witness", "title": "President"}
        ],
        "fields": ["science"],
        "regions": [],
        "relations": [{"kind": "renews", "agreement": "older-slug"}],
        "commitments": [{"title": "Co-build a campus", "status": "planned", "due_on": "2020"}],
        "sources": [
            {
                "url": "https://english.siat.ac.cn/news/1.html",
                "title": "Press release",
                "publisher": "SIAT",
                "published_on": "2019-09-02",
                "language": "en",
                "excerpt": "CAS and Shenzhen signed...",
            }
        ],
    }
    payload.update(overrides)
    return payload


def send(client: Client, method: str, url: str, data: Any, **headers: Any) -> Any:
    body = data if isinstance(data, (str, bytes)) else json.dumps(data)
    return getattr(client, method)(url, body, content_type="application/json", **headers)


def agreement_url(slug: str) -> str:
    return reverse("agreements-api:agreement-detail", args=[slug])


AGREEMENTS = "/api/agreements/"


@pytest.fixture
def connected(db: None, settings: Any, tmp_path: Any) -> Agreement:
    """An agreement with documents, relations both ways (drafts among them), commitments
    with responsible parties, month-precision dates and sources, events."""
    settings.MEDIA_ROOT = tmp_path
    agreement = AgreementFactory(slug="connected", signed_on="2017-07", effective_on="2018")
    cas, siat = PartyFactory(slug="cas", name="CAS"), PartyFactory(slug="siat", name="SIAT")
    AgreementPartyFactory(agreement=agreement, party=siat, position=1)
    AgreementPartyFactory(agreement=agreement, party=cas, position=0)
    SignatureFactory(agreement=agreement, on_behalf_of=cas, title="President")
    SignatureFactory(agreement=agreement, on_behalf_of=siat, role="witness")
    older = AgreementFactory(slug="older", signed_on="2012")
    draft = AgreementFactory(slug="draft-renewal", published=False)
    agreement.relations.create(kind="renews", other=older, note="the 2012 one")
    agreement.relations.create(kind="related", other=draft)
    draft.relations.create(kind="amends", other=agreement)
    AgreementFactory(slug="extension").relations.create(kind="extends", other=agreement)
    commitment = CommitmentFactory(
        agreement=agreement, due_on="2019-03", completed_on="2020", status="done"
    )
    commitment.responsible_parties.set([siat, cas])
    CommitmentFactory(agreement=agreement, position=1, due_on="2021-05-04")
    AgreementSourceFactory(
        agreement=agreement,
        source=SourceFactory(published_on="2017-07", excerpt="signed in July"),
        supports="signing date",
    )
    AgreementSourceFactory(agreement=agreement, source=SourceFactory(published_on=None))
    EventFactory(slug="symposium", date="2017-12").agreements.add(agreement)
    EventFactory(slug="draft-visit", published=False).agreements.add(agreement)
    for kind, text in (("translation", b"Ubersetzung"), ("full_text", b"the text")):
        document = Document(agreement=agreement, kind=kind, language="de", title=kind)
        document.file.save(f"{kind}.txt", ContentFile(text))
    return agreement


@pytest.fixture
def two_a_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    """The anonymous throttle at two requests a minute, to reach its limit quickly."""
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
