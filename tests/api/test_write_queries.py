"""What a nested agreement write costs in queries: each search document is rebuilt once per
write, however many of its rows were saved, and the records named by slug are read one
query per kind (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import agreements.derived
import agreements.search
from agreements.models import Agreement
from tests.factories import (
    AgreementSourceFactory,
    PartyFactory,
    PersonFactory,
    SourceFactory,
)

from .conftest import AGREEMENTS, agreement_payload, agreement_url, send


@pytest.fixture
def refreshes(monkeypatch: pytest.MonkeyPatch) -> list[set[int]]:
    """The agreement ids of each search document refresh, in order."""
    calls: list[set[int]] = []
    real = agreements.search.refresh_search_documents

    def counted(agreement_ids: Any, *, using: str = "default") -> int:
        calls.append(set(agreement_ids))
        return real(agreement_ids, using=using)

    monkeypatch.setitem(agreements.derived.REFRESHERS, agreements.derived.SEARCH, counted)
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


def count_queries(client: Client, payload: dict[str, Any]) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = send(client, "post", AGREEMENTS, payload)
    assert response.status_code == 201, response.content
    return len(queries)


def test_each_more_party_or_signatory_costs_its_insert_and_its_history_only(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    PartyFactory(slug="szu", name="Shenzhen University")
    PersonFactory(slug="li-ming", name="LI Ming")
    plain = {"relations": [], "commitments": [], "sources": []}
    # The first write also records the token's use: not counted.
    send(feeder_client, "post", AGREEMENTS, agreement_payload(slug="first", **plain))
    small = count_queries(
        feeder_client,
        agreement_payload(
            slug="small",
            parties=[{"party": "siat"}, {"party": "shenzhen"}],
            signatories=[{"person": "bai-chunli", "on_behalf_of": "cas"}],
            **plain,
        ),
    )
    large = count_queries(
        feeder_client,
        agreement_payload(
            slug="large",
            parties=[{"party": p} for p in ("siat", "shenzhen", "cas", "szu")],
            signatories=[
                {"person": "bai-chunli", "on_behalf_of": "cas"},
                {"person": "wang-weizhong", "on_behalf_of": "shenzhen"},
                {"person": "li-ming", "on_behalf_of": "szu"},
            ],
            **plain,
        ),
    )
    # Two more parties and two more signatories: an INSERT and its history record each.
    # The parties, people and bodies are looked up by slug together, the signing bodies
    # walked once and the search document rebuilt once, however many there are.
    # (Before they were batched: 42.) The summaries walk up the parties' hierarchy one
    # query per level whose parties are not yet known (agreements/summaries.py): here the
    # larger write names CAS itself, so its walk is one query shorter. Never more, though.
    assert 4 * 2 - 1 <= large - small <= 4 * 2


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the count is SQLite's")
def test_the_nested_post_of_the_example_takes_115_queries(
    feeder_client: Client, world: dict[str, Any], django_assert_num_queries: Any
) -> None:
    # 2 the token and its last use; 1 savepoint (the view); 5 validation: parties, people,
    # fields and related agreements by slug, one query each, and the slug's uniqueness;
    # 1 savepoint (the service); 1 the signing bodies the given parties allow; 7 the
    # agreement, its history record, its fields and regions for that record (two reads
    # of the excluded search columns by django-simple-history), the sync change; 5 the
    # parties (stored ones, then INSERT + history for each of 2); 5 the signatory (the
    # stored ones, the parties and the bodies they allow, read once, INSERT + history);
    # 9 fields.set() (with the history record it makes), 2 regions.set([]); 3 the
    # relation; 5 the commitment; 10 the source (found by URL, created, whether cited
    # elsewhere, cited), 2 the savepoint its INSERT runs in (a concurrent write may have
    # stored the same source first); 11 the renewed agreement's status (in a savepoint);
    # 7 the search document, rebuilt once; 5 the network's pair table, refreshed once (the
    # links as counted and as they are, the counted links and the pairs written); 17 the
    # summaries' counts, refreshed once for both agreements (agreements/summaries.py: in a
    # savepoint, the counted rows locked, the trees, the agreements and their links, the
    # parties' parents, the counts changed, the counted keys written back); 2 savepoints
    # released; 16 the answer, read back.
    # Before these were batched: 109 (and 186 for the benchmark's larger probe).
    with django_assert_num_queries(115):
        response = send(feeder_client, "post", AGREEMENTS, agreement_payload())
    assert response.status_code == 201


def test_a_slug_with_a_nul_byte_is_a_400_naming_the_field_not_a_query(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    # PostgreSQL refuses NUL in a query; the batched slug lookup must not send it one.
    payload = agreement_payload(parties=[{"party": "c\x00as"}, {"party": "shenzhen"}])
    response = send(feeder_client, "post", AGREEMENTS, payload)
    assert response.status_code == 400, response.content
    assert "parties" in response.json()["errors"][0]["field"]
    assert not Agreement.objects.filter(slug="cas-shenzhen-2017").exists()
