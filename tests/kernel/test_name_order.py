"""Pinyin sort keys (kernel/text.py), kept on save by NameOrderedModel
(kernel/name_order.py), and the Traditional/Simplified variants searches try."""

from __future__ import annotations

from django.utils import translation

from agreements.models import CooperationField, Region
from kernel.name_order import fill_sort_keys, name_ordering
from kernel.text import name_sort_key, script_variants
from parties.models import Party, Person
from parties.services import party_update, person_update
from tests.factories import CooperationFieldFactory, PartyFactory, PersonFactory, RegionFactory


def test_a_chinese_name_sorts_by_its_pinyin_with_tone_numbers() -> None:
    assert name_sort_key("Chinese Academy of Sciences", "中国科学院") == "zhong1guo2ke1xue2yuan4"
    # Phrases are read as phrases: 重庆 is chong2 qing4, not zhong4 qing4.
    assert name_sort_key("Bank of Chongqing", "重庆银行").startswith("chong2qing4")


def test_a_name_without_chinese_characters_sorts_by_the_english_name_folded() -> None:
    assert name_sort_key("Universität Zürich", "") == "universitat0zurich0"
    # A local name in another script (Korean) does not give the key.
    assert name_sort_key("Seoul National University", "서울대학교") == "seoul0national0university0"


def test_latin_letters_inside_a_chinese_name_are_kept_in_place() -> None:
    key = name_sort_key("SIAT", "深圳先进技术研究院 (SIAT)")
    assert key.startswith("shen1zhen4") and key.endswith("siat0")


def test_keys_compare_syllable_by_syllable() -> None:
    names = ["张三", "詹姆斯", "战略", "安徽", "Zhan Lab"]
    ordered = sorted(names, key=lambda n: name_sort_key(n, n))
    # an1 < zhan (a Latin word) < zhan1 (詹) < zhan4 (战) < zhang1 (张): a whole syllable
    # or word before a longer one, then by tone.
    assert ordered == ["安徽", "Zhan Lab", "詹姆斯", "战略", "张三"]


def test_script_variants_give_both_forms_of_chinese_text_only() -> None:
    assert script_variants("國立臺灣大學") == ["國立臺灣大學", "国立台湾大学"]
    assert script_variants("中国科学院")[0] == "中国科学院"
    assert "中國科學院" in script_variants("中国科学院")
    assert script_variants("Shenzhen") == ["Shenzhen"]


def test_saving_fills_the_key_and_a_partial_save_of_a_name_rewrites_it(db: None) -> None:
    party = PartyFactory(name="Shenzhen Municipal People's Government", name_local="深圳市人民政府")
    assert Party.objects.get(pk=party.pk).sort_key.startswith("shen1zhen4shi4")
    # The write service saves only the changed columns (update_fields): the key follows.
    party_update(party=party, data={"name_local": "广东省人民政府"})
    assert Party.objects.get(pk=party.pk).sort_key.startswith("guang3dong1")
    person = PersonFactory(name="BAI Chunli", name_local="")
    assert Person.objects.get(pk=person.pk).sort_key == "bai0chunli0"
    person_update(person=person, data={"name_local": "白春礼"})
    assert Person.objects.get(pk=person.pk).sort_key == "bai2chun1li3"


def test_vocabulary_terms_keep_a_key_too(db: None) -> None:
    field = CooperationFieldFactory(name="Science", name_local="科学")
    region = RegionFactory(name="Greater Bay Area", name_local="粤港澳大湾区")
    assert CooperationField.objects.get(pk=field.pk).sort_key == "ke1xue2"
    assert Region.objects.get(pk=region.pk).sort_key.startswith("yue4gang3ao4")


def test_fill_sort_keys_repairs_rows_written_without_save(db: None) -> None:
    party = PartyFactory(name="Chinese Academy of Sciences", name_local="中国科学院")
    Party.objects.filter(pk=party.pk).update(sort_key="")
    assert fill_sort_keys(Party) == 1
    assert Party.objects.get(pk=party.pk).sort_key == "zhong1guo2ke1xue2yuan4"
    assert fill_sort_keys(Party) == 0  # nothing left to write


def test_chinese_readers_get_the_pinyin_order_and_others_the_english_one(db: None) -> None:
    for name, local in [
        ("Tsinghua University", "清华大学"),
        ("Chinese Academy of Sciences", "中国科学院"),
        ("Peking University", "北京大学"),
        ("Anhui University", "安徽大学"),
    ]:
        PartyFactory(name=name, name_local=local)
    with translation.override("en"):
        english = list(Party.objects.order_by(*name_ordering()).values_list("name", flat=True))
    with translation.override("zh-hans"):
        chinese = list(Party.objects.order_by(*name_ordering()).values_list("name", flat=True))
    assert english == [
        "Anhui University",
        "Chinese Academy of Sciences",
        "Peking University",
        "Tsinghua University",
    ]
    # an1, bei3, qing1, zhong1
    assert chinese == [
        "Anhui University",
        "Peking University",
        "Tsinghua University",
        "Chinese Academy of Sciences",
    ]


def test_links_changed_from_the_keyed_side_still_write_history(db: None) -> None:
    # django-simple-history writes the *linked* record's history row with the tracking
    # model's field list, so the key must be a column of the history tables too.
    from tests.factories import AgreementFactory, EventFactory

    party, region, event, agreement = (
        PartyFactory(),
        RegionFactory(),
        EventFactory(),
        AgreementFactory(),
    )
    event.parties.add(party)
    party.events.remove(event)
    agreement.regions.add(region)
    region.agreements.remove(agreement)
    assert party.history.filter(history_type="~").exists()
    assert region.history.filter(history_type="~").exists()
