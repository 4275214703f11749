"""Parties' and people's search keys (parties/search.py) and the loose matching behind
them (kernel/text.py, kernel/fuzzy.py), on whichever database the run uses."""

from __future__ import annotations

import pytest

from kernel.fuzzy import word_similarity
from kernel.text import query_variants, search_key
from parties.models import Party, PartyAlias, Person
from parties.search import find_parties, find_people, refresh_search_keys
from tests.factories import PartyAliasFactory, PartyFactory, PersonFactory


def test_a_key_holds_every_name_folded_and_the_local_name_as_pinyin() -> None:
    key = search_key(["Chinese Academy of Sciences", "CAS"], local_names=["中國科學院"])
    assert key.split(" | ") == [
        "chinese academy of sciences",
        "cas",
        "中国科学院",
        "zhong guo ke xue yuan",
        "zhongguokexueyuan",
    ]
    person = search_key(["BAI Chunli"], local_names=["白春礼"], person=True)
    assert "bai chunli" in person and "chunli bai" in person and "baichunli" in person


def test_a_query_in_characters_is_also_looked_for_as_pinyin() -> None:
    assert query_variants("  Bai   Chunli ") == ["bai chunli", "baichunli"]
    assert query_variants("刘洋") == ["刘洋", "liu yang", "liuyang", "yang liu", "yangliu"]
    assert query_variants("---") == []


def test_word_similarity_is_pg_trgms_measure_over_runs_of_words() -> None:
    assert word_similarity("shenzhen", "the shenzhen government") == 1.0
    assert word_similarity("chinse academy", "chinese academy of sciences") == pytest.approx(
        13 / 18
    )
    assert word_similarity("shenzen", "shenzhen") == pytest.approx(0.6)
    assert word_similarity("atlantis", "shenzhen") == 0.0
    assert word_similarity("", "x") == word_similarity("x", None) == 0.0


def test_saving_fills_the_key_and_an_alias_refreshes_it(db: None) -> None:
    party = PartyFactory(name="Shenzhen Municipal People's Government", name_local="深圳市人民政府")
    assert party.search_key.startswith("shenzhen municipal people s government | 深圳市人民政府")
    PartyAliasFactory(party=party, name="Shenzhen Government")
    party.refresh_from_db()
    assert "shenzhen government" in party.search_key
    PartyAlias.objects.get(party=party).delete()
    party.refresh_from_db()
    assert "shenzhen government" not in party.search_key
    # A save of some columns writes the key too.
    party.abbreviation = "SZG"
    party.save(update_fields=["abbreviation"])
    assert "szg" in Party.objects.get(pk=party.pk).search_key
    assert PartyFactory(name="Peking University").search_key == "peking university"


def test_bulk_loads_fill_the_keys_with_refresh(db: None) -> None:
    party = Party.objects.bulk_create(
        [Party(slug="x", name="Xiamen University", kind="university")]
    )[0]
    PartyAlias.objects.bulk_create([PartyAlias(party=party, name="XMU")])
    person = Person.objects.bulk_create([Person(slug="y", name="YANG Wei", name_local="杨卫")])[0]
    assert Party.objects.get(pk=party.pk).search_key == ""
    assert refresh_search_keys(party_ids=[party.pk], person_ids=[person.pk]) == 2
    assert Party.objects.get(pk=party.pk).search_key == "xiamen university | xmu"
    assert "wei yang" in Person.objects.get(pk=person.pk).search_key
    # Everything, and nothing left to change.
    assert refresh_search_keys() == 0


def test_finding_ranks_names_containing_the_query_above_alike_ones(db: None) -> None:
    PartyFactory(name="Shenzhen University")
    PartyFactory(name="Shenzen Bay Laboratory")  # as misspelt in a source
    names = [p.name for p in find_parties(Party.objects.all(), "Shenzhen")]
    assert names == ["Shenzhen University", "Shenzen Bay Laboratory"]
    PersonFactory(name="BAI Chunli", name_local="白春礼")
    PersonFactory(name="BAI Yu")
    assert [p.name for p in find_people(Person.objects.all(), "白春禮")] == ["BAI Chunli"]
    assert [p.name for p in find_people(Person.objects.all(), "atlantis")] == []
