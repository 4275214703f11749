"""The synthetic dataset generator behind the benchmarks (``manage.py generate_dataset``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Count, F

from agreements import search
from agreements.models import (
    Agreement,
    AgreementParty,
    AgreementSource,
    Partnership,
    Signature,
    Source,
)
from bench.dataset import Counts, generate, generator
from kernel.partial_date import PartialDate
from parties.models import Party, Person, Post, ancestor_ids

DATE_FIELDS = ("signed_on", "effective_on", "expires_on", "terminated_on")
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def dataset(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest
) -> Iterator[tuple[Counts, list[str]]]:
    """Thirty agreements in 10-agreement batches, generated once for the module and rolled
    back at its end."""
    lines: list[str] = []
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        counts = generate(30, seed=7, batch_size=10, log=lines.append)
        yield counts, lines
        transaction.set_rollback(True)


def test_it_loads_the_agreements_asked_for_and_reports_each_batch(
    db: None, dataset: tuple[Counts, list[str]]
) -> None:
    counts, lines = dataset
    assert Agreement.objects.count() == counts.agreements == 30
    batch_lines = [line for line in lines if "/30 agreements" in line]
    assert [line.split("/")[0].strip() for line in batch_lines] == ["10", "20", "30"]
    assert all("agreements/s" in line for line in batch_lines)
    # Each batch says how much memory the process holds, to show it stays flat.
    assert all(re.search(r"[\d,]+ MiB resident\)$", line) for line in batch_lines)


def test_every_agreement_has_two_to_five_parties(
    db: None, dataset: tuple[Counts, list[str]]
) -> None:
    sizes = set(
        Agreement.objects.annotate(n=Count("agreement_parties")).values_list("n", flat=True)
    )
    assert sizes <= {2, 3, 4, 5}
    assert 2 in sizes


def test_no_party_is_listed_with_its_own_parent_body(
    db: None, dataset: tuple[Counts, list[str]]
) -> None:
    for agreement in Agreement.objects.prefetch_related("agreement_parties"):
        ids = {link.party_id for link in agreement.agreement_parties.all()}
        for party_id in ids:
            assert not (ancestor_ids({party_id}, include_self=False) & ids)


def test_signatures_are_on_behalf_of_a_party_or_an_ancestor_of_one(
    db: None, dataset: tuple[Counts, list[str]]
) -> None:
    signatures = list(Signature.objects.select_related("agreement"))
    assert len(signatures) >= 20
    for signature in signatures:
        assert signature.on_behalf_of_id in signature.agreement.signing_body_ids()
    roles = {s.role for s in signatures}
    assert "signatory" in roles


def test_signatories_held_a_post_at_the_body_when_they_signed(
    db: None, dataset: tuple[Counts, list[str]]
) -> None:
    signatures = Signature.objects.select_related("agreement").prefetch_related("person__posts")
    for signature in signatures:
        posts = [p for p in signature.person.posts.all() if p.party_id == signature.on_behalf_of_id]
        assert any(p.covers(signature.agreement.signed_on) for p in posts)
        assert {p.title for p in posts} == {signature.title}


def test_precision_columns_match_the_dates(db: None, dataset: tuple[Counts, list[str]]) -> None:
    precisions: set[str] = set()
    for row in Agreement.objects.values(*DATE_FIELDS, *(f"{f}_precision" for f in DATE_FIELDS)):
        for name in DATE_FIELDS:
            day, precision = row[name], row[f"{name}_precision"]
            if day is None:
                assert precision == ""
                continue
            precisions.add(precision)
            assert precision in {"day", "month", "year"}
            if precision != "day":
                assert day.day == 1
            if precision == "year":
                assert day.month == 1
    assert {"day", "month"} <= precisions


def test_dates_read_back_and_expiry_follows_signing(
    db: None, dataset: tuple[Counts, list[str]]
) -> None:
    signed = 0
    for agreement in Agreement.objects.all():
        if agreement.signed_on is None:
            assert agreement.status == "negotiating"
            continue
        signed += 1
        assert PartialDate.parse(str(agreement.signed_on)) == agreement.signed_on
        if agreement.expires_on is not None:
            assert agreement.expires_on.end > agreement.signed_on.start
    assert signed >= 25


def test_agreements_with_a_chinese_party_have_chinese_titles(
    db: None, dataset: tuple[Counts, list[str]]
) -> None:
    chinese = Agreement.objects.filter(parties__country="CN").distinct()
    assert chinese.exists()
    for agreement in chinese:
        assert HAN.search(agreement.title_local), agreement.title_local
        assert agreement.language == "zh"
    assert not Agreement.objects.exclude(pk__in=chinese).exclude(title_local="").exists()


def test_parties_form_deep_hierarchies_with_local_names(
    db: None, dataset: tuple[Counts, list[str]]
) -> None:
    sichuan = Party.objects.get(name_local="四川省人民政府")
    chengdu = Party.objects.get(name_local="成都市人民政府")
    assert chengdu.parent == sichuan
    lab = Party.objects.filter(name__startswith="Key Laboratory of", country="CN").first()
    assert lab is not None
    assert [p.kind for p in lab.ancestors()] == ["academy", "academy", "research_institute"]
    assert Party.objects.get(slug="cas").name_local == "中国科学院"
    assert Party.objects.filter(country="RU", name_local__startswith="Правительство").exists()
    assert Party.objects.filter(country="KR").exclude(name_local="").exists()
    assert Party.objects.filter(country="JP").exclude(name_local="").exists()
    assert Party.objects.values("country").distinct().count() >= 30
    assert Person.objects.filter(name_local="").exists()
    assert Post.objects.filter(ended_on__isnull=True).exists()


def test_every_source_is_cited_and_fields_include_the_seed_fields(
    db: None, dataset: tuple[Counts, list[str]]
) -> None:
    assert Source.objects.count() == AgreementSource.objects.count() >= 30
    assert not Agreement.objects.filter(citations__isnull=True).exists()
    from agreements.models import CooperationField

    roots = set(CooperationField.objects.filter(parent=None).values_list("slug", flat=True))
    assert {"education", "science", "technology", "industry", "capital"} <= roots


def test_the_network_pair_table_counts_every_generated_agreement(
    db: None, dataset: tuple[Counts, list[str]]
) -> None:
    links = AgreementParty.objects.filter(agreement__published=True)
    per_party = links.values("party_id").annotate(n=Count("agreement_id"))
    diagonal = Partnership.objects.filter(party_a=F("party_b"), agreements__gt=0)
    assert {row["party_id"]: row["n"] for row in per_party} == dict(
        diagonal.values_list("party_a_id", "agreements")
    )
    assert any(line.startswith("Pair table rebuilt: ") for line in dataset[1])


def test_every_published_agreement_has_at_least_two_parties(
    db: None, dataset: tuple[Counts, list[str]]
) -> None:
    published = Agreement.objects.filter(published=True).annotate(n=Count("agreement_parties"))
    assert published.exists()
    assert min(published.values_list("n", flat=True)) >= 2


def test_memory_stays_flat_with_the_debug_query_log_on(db: None) -> None:
    """With DEBUG the connection logs every statement; the generator forgets each batch's."""
    from django.db import connection

    connection.force_debug_cursor = True
    try:
        generate(20, seed=7, batch_size=5, append=True, log=lambda line: None)
        logged = len(connection.queries_log)
    finally:
        connection.force_debug_cursor = False
    assert logged < 20  # the statements of the last steps only, not of every batch


def test_statistics_are_refreshed_while_loading(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from bench.dataset import generator

    statements: list[str] = []
    real = generator._refresh_statistics

    def spy(using: str) -> None:
        statements.append(using)
        real(using)

    monkeypatch.setattr(generator, "_refresh_statistics", spy)
    generate(30, seed=7, batch_size=5, append=True, log=lambda line: None)
    # Once before the first batch, after the first and after the fifth (of six).
    assert statements == ["default", "default", "default"]


def test_bulk_loaded_rows_carry_their_pinyin_sort_keys(
    db: None, dataset: tuple[Counts, list[str]]
) -> None:
    from agreements.models import CooperationField, Region
    from kernel.text import name_sort_key

    for model in (Party, Person, CooperationField, Region):
        rows = list(model.objects.values_list("name", "name_local", "sort_key"))
        assert rows, model
        expected = [name_sort_key(name, local) for name, local, _key in rows]
        assert [key for _name, _local, key in rows] == expected
    assert Party.objects.get(slug="cas").sort_key == "zhong1guo2ke1xue2yuan4"


def test_the_search_index_is_rebuilt_in_chunks_that_forget_their_sql(
    transactional_db: None, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DEBUG keeps each statement's SQL; the rebuild's bulk UPDATEs carry whole documents.
    settings.DEBUG = True
    monkeypatch.setattr(generator, "REINDEX_CHUNK", 10)
    logged_before_chunk: list[int] = []
    chunks: list[list[int]] = []
    real = search.refresh_search_documents

    def refresh(ids: list[int], *, using: str = "default") -> int:
        logged_before_chunk.append(len(connection.queries_log))
        chunks.append(list(ids))
        return real(ids, using=using)

    monkeypatch.setattr(search, "refresh_search_documents", refresh)
    counts = generate(25, seed=3, batch_size=25, log=lambda _line: None)
    assert counts.agreements == 25
    assert [len(chunk) for chunk in chunks] == [10, 10, 5]
    assert sorted(pk for chunk in chunks for pk in chunk) == sorted(
        Agreement.objects.values_list("pk", flat=True)
    )
    # Only the query that read the chunk's ids is in the log when a chunk starts.
    assert logged_before_chunk[1:] == [1, 1]
