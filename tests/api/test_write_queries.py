"""What a nested agreement write costs in queries: each search document is rebuilt once per
write, however many of its rows were saved (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

import agreements.search
from agreements.models import Agreement
from tests.factories import AgreementSourceFactory, SourceFactory

from .conftest import AGREEMENTS, agreement_payload, agreement_url, send


@pytest.fixture
def refreshes(monkeypatch: pytest.MonkeyPatch) -> list[set[int]]:
    """The agreement ids of each search document refresh, in order."""
    calls: list[set[int]] = []
    real = agreements.search.refresh_search_documents

    def counted(agreement_ids: Any, *, using: str = "default") -> int:
        calls.append(set(agreement_ids))
        return real(agreement_ids, using=using)

    monkeypatch.setattr(agreements.search, "refresh_search_documents", counted)
    return calls


def test_a_nested_post_refreshes_the_search_document_once(
    feeder_client: Client, world: dict[str, Any], refreshes: list[set[int]]
) -> None:
    payload = agreement_payload(
        parties=[{"party": "siat"}, {"party": "shenzhen"}, {"party": "cas"}],
        signatories=[
            {"person": "bai-chunli", "on_behalf_of": "cas"},
            {"person": "wang-weizhong", "on_behalf_of": "shenzhen"},
        ],
    )
    response = send(feeder_client, "post", AGREEMENTS, payload)
    assert response.status_code == 201, response.content
    agreement = Agreement.objects.get(slug="cas-shenzhen-2017")
    # Without the batching: once for the agreement, once per party link and signature (6).
    assert refreshes == [{agreement.pk}]
    # ...and the one refresh saw every row the write saved.
    document = agreement.search_document
    for name in ("SIAT", "Shenzhen", "Chinese Academy of Sciences", "BAI Chunli", "WANG"):
        assert name in document


def test_a_patch_of_the_parties_refreshes_the_document_once_with_the_new_ones(
    feeder_client: Client, world: dict[str, Any], refreshes: list[set[int]]
) -> None:
    send(feeder_client, "post", AGREEMENTS, agreement_payload())
    refreshes.clear()
    response = send(
        feeder_client,
        "patch",
        agreement_url("cas-shenzhen-2017"),
        {"parties": [{"party": "cas"}, {"party": "shenzhen"}], "signatories": []},
    )
    assert response.status_code == 200, response.content
    agreement = Agreement.objects.get(slug="cas-shenzhen-2017")
    assert refreshes == [{agreement.pk}]
    assert "SIAT" not in agreement.search_document
    assert "BAI Chunli" not in agreement.search_document
    assert "Chinese Academy of Sciences" in agreement.search_document


def test_a_write_refused_halfway_refreshes_nothing(
    feeder_client: Client, world: dict[str, Any], refreshes: list[set[int]]
) -> None:
    # The source is cited by another agreement, so the POST may not retitle it: refused
    # (409) after the parties and signatures were saved, and rolled back.
    source = SourceFactory(url="https://english.siat.ac.cn/news/1.html", title="Old title")
    AgreementSourceFactory(agreement=world["older"], source=source)
    response = send(feeder_client, "post", AGREEMENTS, agreement_payload())
    assert response.status_code == 409, response.content
    assert not Agreement.objects.filter(slug="cas-shenzhen-2017").exists()
    assert refreshes == []
