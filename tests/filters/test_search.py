"""``?q=``: what it searches, how it ranks, and how the search document stays current.

Runs on SQLite and PostgreSQL; the PostgreSQL-only behaviour (tsvector, fuzzy trigram
matching) is marked.
"""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict

from agreements.filtersets import AgreementFilterSet
from agreements.models import Agreement
from agreements.search import (
    Term,
    build_documents,
    cjk_pairs,
    parse_query,
    refresh_search_documents,
)
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    PartyAliasFactory,
    PartyFactory,
    PersonFactory,
    SignatureFactory,
)

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text and trigram search"
)


def found(q: str, **params: str) -> list[str]:
    data = QueryDict(mutable=True)
    data.update({"q": q, **params})
    filterset = AgreementFilterSet(data, queryset=Agreement.objects.all())
    assert filterset.is_valid(), filterset.errors
    return [a.slug for a in filterset.qs]


def test_chinese_text_finds_an_agreement_by_its_chinese_title() -> None:
    AgreementFactory(slug="sichuan", title_local="中国科学院与四川省人民政府全面合作协议")
    AgreementFactory(slug="shenzhen", title_local="共同推进建设深圳国际科技产业创新中心合作协议书")
    assert found("四川") == ["sichuan"]
    assert set(found("合作协议")) == {"shenzhen", "sichuan"}


def test_chinese_terms_of_one_and_two_characters_match_inside_longer_text() -> None:
    agreement = AgreementFactory(slug="sichuan", title="Cooperation")
    AgreementPartyFactory(agreement=agreement, party=PartyFactory(name_local="四川省人民政府"))
    AgreementFactory(slug="other", title_local="广东省人民政府合作协议")
    assert found("四川") == ["sichuan"]
    assert found("川省") == ["sichuan"]
    assert found("川") == ["sichuan"]
    assert found("府") == ["other", "sichuan"]  # a title outranks a party name
    assert found("人民政府 四川") == ["sichuan"]
    assert found("川四") == []


def test_cjk_pairs_cover_every_substring_of_each_run() -> None:
    assert cjk_pairs("中国科学院 and 四川省") == "中国 国科 科学 学院 院 四川 川省 省"
    assert cjk_pairs("No Chinese here") == ""


def test_a_word_finds_longer_words_it_starts() -> None:
    AgreementFactory(slug="innovation", title="Innovation Centre")
    AgreementFactory(slug="other", title="Ocean science")
    assert found("innov") == ["innovation"]


@pytest.mark.parametrize(
    "q",
    [
        "Innovation",
        "innovation",
        "CAS",
        "中国科学院",
        "Chinese Academy",
        "Academia Sinica",
        "BAI Chunli",
        "白春礼",
        "Shenzhen",
        "Technology Centre",
    ],
)
def test_it_searches_titles_parties_aliases_people_places_and_summary(q: str) -> None:
    agreement = AgreementFactory(
        slug="founding",
        title="Agreement on the Shenzhen Innovation Centre",
        signed_place="Shenzhen",
        summary="Builds a Technology Centre.",
    )
    cas = PartyFactory(
        name="Chinese Academy of Sciences", name_local="中国科学院", abbreviation="CAS"
    )
    PartyAliasFactory(party=cas, name="Academia Sinica")
    AgreementPartyFactory(agreement=agreement, party=cas)
    bai = PersonFactory(name="BAI Chunli", name_local="白春礼")
    SignatureFactory(agreement=agreement, person=bai, on_behalf_of=cas)
    AgreementFactory(slug="unrelated", title="Something else entirely")
    assert found(q) == ["founding"]


def test_every_term_must_match() -> None:
    AgreementFactory(slug="both", title="Ocean science cooperation")
    AgreementFactory(slug="one", title="Ocean shipping")
    assert found("ocean science") == ["both"]


def test_it_parses_web_search_syntax() -> None:
    assert parse_query('ocean "marine science" or physics -shipping -"coast guard"') == [
        [Term("ocean")],
        [Term("marine science", phrase=True), Term("physics")],
        [Term("shipping", negated=True)],
        [Term("coast guard", phrase=True, negated=True)],
    ]


def test_it_ignores_stray_operators_and_reads_an_unclosed_quote_to_the_end() -> None:
    assert parse_query('or - ocean or "deep  sea') == [
        [Term("ocean"), Term("deep sea", phrase=True)]
    ]
    assert parse_query("OR") == []


def test_a_minus_word_excludes_agreements_containing_it() -> None:
    AgreementFactory(slug="science", title="Ocean science")
    AgreementFactory(slug="shipping", title="Ocean shipping")
    assert found("ocean -shipping") == ["science"]
    assert found("-shipping ocean") == ["science"]
    assert found('ocean -"ocean shipping"') == ["science"]


def test_a_quoted_phrase_needs_its_words_together_in_order() -> None:
    AgreementFactory(slug="phrase", title="Marine science cooperation")
    AgreementFactory(slug="apart", title="Science of the marine world")
    assert found('"marine science"') == ["phrase"]
    assert found("marine science", ordering="title") == ["phrase", "apart"]


def test_or_between_terms_lets_either_match() -> None:
    AgreementFactory(slug="ocean", title="Ocean cooperation")
    AgreementFactory(slug="space", title="Space cooperation")
    AgreementFactory(slug="other", title="Energy cooperation")
    assert set(found("ocean or space")) == {"ocean", "space"}
    assert found("cooperation ocean OR space -space", ordering="title") == ["ocean"]


def test_the_syntax_keeps_chinese_terms_working() -> None:
    AgreementFactory(slug="sichuan", title_local="中国科学院与四川省人民政府全面合作协议")
    AgreementFactory(slug="shenzhen", title_local="共同推进建设深圳国际科技产业创新中心合作协议书")
    assert found("合作协议 -四川") == ["shenzhen"]
    assert set(found("四川 or 深圳")) == {"sichuan", "shenzhen"}
    assert found('"四川省"') == ["sichuan"]


def test_search_with_only_exclusions_keeps_the_rest() -> None:
    AgreementFactory(slug="kept", title="Energy")
    AgreementFactory(slug="dropped", title="Shipping")
    assert found("-shipping") == ["kept"]


def test_a_punctuated_term_can_be_excluded_or_an_alternative() -> None:
    AgreementFactory(slug="percent", title="A 100% commitment")
    AgreementFactory(slug="plain", title="A 100 commitment")
    assert found("commitment -100%") == ["plain"]
    assert set(found("100% or plain")) == {"percent"}


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite's substring subset")
def test_sqlite_matches_a_quoted_phrase_as_a_substring() -> None:
    AgreementFactory(slug="innovation", title="Innovation Centre")
    assert found('"innov"') == ["innovation"]
    assert found('"ation cen"') == ["innovation"]


@postgres_only
def test_postgres_matches_a_quoted_phrase_word_by_whole_word() -> None:
    AgreementFactory(slug="innovation", title="Innovation Centre")
    assert found('"innov"') == []
    assert found('"innovation centre"') == ["innovation"]
    assert found("innov") == ["innovation"]  # unquoted: a prefix


@postgres_only
def test_postgres_serves_phrases_or_and_exclusions_from_the_index_alone() -> None:
    data = QueryDict(mutable=True)
    data.update({"q": '"marine science" or 四川 -energy'})
    sql = str(AgreementFilterSet(data, queryset=Agreement.objects.all()).qs.query)
    assert "LIKE" not in sql and "search_vector" in sql


def test_it_ranks_titles_above_parties_above_summary_above_place() -> None:
    by_place = AgreementFactory(slug="place", title="Alpha", signed_place="Lanzhou")
    by_summary = AgreementFactory(slug="summary", title="Beta", summary="Held in Lanzhou.")
    by_party = AgreementFactory(slug="party", title="Gamma")
    AgreementPartyFactory(agreement=by_party, party=PartyFactory(name="Lanzhou University"))
    by_title = AgreementFactory(slug="title", title="Lanzhou cooperation")
    assert found("lanzhou") == [by_title.slug, by_party.slug, by_summary.slug, by_place.slug]


def test_it_ranks_chinese_matches_by_where_they_are_found() -> None:
    AgreementFactory(slug="in-summary", title="A", summary="关于四川的合作")
    AgreementFactory(slug="in-title", title="B", title_local="四川合作协议")
    assert found("四川") == ["in-title", "in-summary"]


def test_an_explicit_ordering_replaces_the_rank() -> None:
    AgreementFactory(slug="title", title="Zebra Lanzhou")
    AgreementFactory(slug="summary", title="Aardvark", summary="Lanzhou")
    assert found("lanzhou") == ["title", "summary"]
    assert found("lanzhou", ordering="title") == ["summary", "title"]


def test_search_treats_like_wildcards_as_text() -> None:
    AgreementFactory(slug="percent", title="A 100% commitment")
    AgreementFactory(slug="plain", title="A 1000 commitment")
    assert found("100%") == ["percent"]
    assert found("_") == []


def test_renaming_a_party_or_adding_an_alias_updates_its_agreements() -> None:
    party = PartyFactory(name="Old Name Institute")
    agreement = AgreementFactory(slug="renamed")
    AgreementPartyFactory(agreement=agreement, party=party)
    party.name = "Qinghai Plateau Institute"
    party.save()
    assert found("Qinghai") == ["renamed"]
    PartyAliasFactory(party=party, name="Xining Lab")
    assert found("Xining") == ["renamed"]


def test_removing_a_party_or_renaming_a_person_updates_the_document() -> None:
    agreement = AgreementFactory(slug="a")
    link = AgreementPartyFactory(agreement=agreement, party=PartyFactory(name="Gone Institute"))
    person = SignatureFactory(agreement=agreement, person=PersonFactory(name="LI Ming")).person
    assert found("Gone") == ["a"]
    link.delete()
    assert found("Gone") == []
    person.name = "ZHANG Wei"
    person.save()
    assert found("ZHANG") == ["a"]
    assert found("Ming") == []


def test_building_documents_costs_a_fixed_number_of_queries(
    django_assert_num_queries: Any,
) -> None:
    ids = []
    for _ in range(3):
        signature = SignatureFactory()
        PartyAliasFactory(party=signature.on_behalf_of)
        ids.append(signature.agreement_id)
    # agreements, their parties, signatures with people, party names, aliases.
    with django_assert_num_queries(5):
        documents = build_documents(ids)
    assert len(documents) == 3
    assert all(len(text.split("\n")) == 4 for text in documents.values())


def test_rebuild_search_index_fills_documents_written_around_the_signals() -> None:
    AgreementFactory(slug="bulk", title="Bulk loaded Harbin agreement")
    Agreement.objects.update(search_document="", search_vector=None)
    assert found("Harbin") == []
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert out.getvalue().strip() == "Indexed 1 agreements."
    assert found("Harbin") == ["bulk"]


@postgres_only
def test_postgres_keeps_a_weighted_vector() -> None:
    agreement = AgreementFactory(title="Harbin agreement", summary="ice")
    agreement.refresh_from_db()
    assert "'harbin':1A" in agreement.search_vector
    assert "'ice':" in agreement.search_vector and "C" in agreement.search_vector.split("'ice':")[1]


@postgres_only
def test_postgres_finds_misspelled_names_by_trigram() -> None:
    agreement = AgreementFactory(slug="shenzhen", title="Cooperation")
    AgreementPartyFactory(agreement=agreement, party=PartyFactory(name="Shenzhen Municipality"))
    AgreementFactory(slug="other", title="Something else")
    assert found("Shenzen") == ["shenzhen"]


@postgres_only
def test_postgres_matches_fuzzily_only_when_nothing_matches_exactly() -> None:
    AgreementFactory(slug="exact", title="Shenzhen cooperation")
    AgreementFactory(slug="misspelt", title="Shenzen cooperation")
    assert found("Shenzhen") == ["exact"]
    assert found("Shenzen") == ["misspelt"]


@postgres_only
def test_postgres_matches_plain_words_by_the_index_alone() -> None:
    """No per-row LIKE over the document (it cost seconds on 100,000 agreements)."""
    AgreementFactory(title="Energy")
    data = QueryDict(mutable=True)
    data.update({"q": "energy 四川"})
    sql = str(AgreementFilterSet(data, queryset=Agreement.objects.all()).qs.query)
    assert "LIKE" not in sql and "search_vector" in sql
    data["q"] = "100%"
    assert "LIKE" in str(AgreementFilterSet(data, queryset=Agreement.objects.all()).qs.query)


def test_refresh_ignores_agreements_that_no_longer_exist() -> None:
    assert refresh_search_documents([987654]) == 0


@postgres_only
def test_postgres_corrects_a_misspelt_word_against_the_documents_words() -> None:
    AgreementFactory(slug="energy", title="Accord", summary="Clean energy research")
    AgreementFactory(slug="water", title="Accord", summary="Water research")
    assert found("enrgy") == ["energy"]
    assert found("enrgy research") == ["energy"]
    assert found("watr reserch") == ["water"]


@postgres_only
def test_postgres_keeps_each_documents_words_for_correction() -> None:
    from agreements.models import SearchWord
    from agreements.search import similar_words

    AgreementFactory(title="Photovoltaic accord")
    assert SearchWord.objects.filter(word="photovoltaic").exists()
    assert similar_words("fotovoltaic")[0] == "photovoltaic"


@postgres_only
def test_postgres_typo_search_reads_no_document_text(
    django_assert_max_num_queries: Any,
) -> None:
    """The fallback is an indexed search for corrected words: no trigram scan of documents
    (it took minutes on a million agreements), a few queries whatever the rows."""
    for number in range(5):
        AgreementFactory(title=f"Energy accord {number}")
    data = QueryDict(mutable=True)
    data.update({"q": "enrgy"})
    with django_assert_max_num_queries(3):
        sql = str(AgreementFilterSet(data, queryset=Agreement.objects.all()).qs.query)
    assert "search_document" not in sql.split("WHERE", 1)[1]
    assert "search_vector" in sql
