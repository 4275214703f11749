"""Shared data for the API tests: a small world an agreement can be written into."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import (
    AgreementFactory,
    CooperationFieldFactory,
    PartyFactory,
    PersonFactory,
    RegionFactory,
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
