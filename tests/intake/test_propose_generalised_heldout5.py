"""propose(): the rules generalised after the fifth held-out set (unit names cut at "and"
or "of", possessive bodies, Chinese institute short forms and venues, Japanese shinjitai,
a sentence naming the signers of the agreement just told, "the following day" opening a
paragraph, bracketed parent bodies).

Each test is a text of our own, not taken from the benchmark corpus.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from intake.pressrelease import propose
from kernel.text import to_simplified
from tests.factories import PartyFactory
from tests.intake.proposals import names, one, roles


def test_a_faculty_of_two_fields_of_a_body_named_without_article_is_the_faculty(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "The Chinese Academy of Sciences and the School of Law and Economics of Lakeside "
        "Northern University signed a memorandum of understanding on 4 May 2026."
    )
    proposal = one(text, published_on=dt.date(2026, 5, 6))
    assert names(proposal) == ["Chinese Academy of Sciences", "School of Law and Economics"]


def test_a_unit_named_with_its_bodys_possessive_is_the_unit(
    registry_world: dict[str, Any],
) -> None:
    PartyFactory(slug="harbour", name="Harbourview University")
    text = (
        "Harbourview's School of Marine Studies, for its part, concluded a memorandum of "
        "understanding with KEMRI on 4 May 2026."
    )
    proposal = one(text, published_on=dt.date(2026, 5, 6))
    assert names(proposal) == ["School of Marine Studies", "KEMRI"]


def test_an_institutes_chinese_short_form_without_yanjiu_is_the_institute(
    registry_world: dict[str, Any],
) -> None:
    PartyFactory(slug="cas-iog", name="Institute of Geology", name_local="中国科学院地质研究所")
    proposal = one(
        "5月4日，中国科学院地质所与深圳市人民政府签署合作协议。", published_on=dt.date(2026, 5, 6)
    )
    assert [p.party for p in proposal.parties] == ["cas-iog", "shenzhen"]


def test_japanese_shinjitai_fold_like_simplified_chinese() -> None:
    assert to_simplified("大気物理研究所") == "大气物理研究所"
    assert to_simplified("劉暁東") == "刘晓东"


def test_a_japanese_ceremony_place_without_shi_and_a_deputy_after_the_name(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "中国科学院は、2月10日、深圳市人民政府と覚書を締結しました。"
        "締結式は仙台で行われ、中国科学院の田中一郎副所長が覚書に署名しました。"
    )
    proposal = one(text, published_on=dt.date(2026, 2, 12))
    assert proposal.signed_place == "仙台"
    assert ("田中一郎", "signatory") in roles(proposal)


def test_a_school_of_two_fields_joined_by_yu_is_one_school(
    registry_world: dict[str, Any],
) -> None:
    proposal = one(
        "5月4日，中国科学院与南江大学海洋与大气学院签署合作备忘录。",
        published_on=dt.date(2026, 5, 6),
    )
    assert names(proposal) == ["中国科学院", "南江大学海洋与大气学院"]


def test_a_sentence_naming_who_signed_the_memorandum_is_the_same_signing(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "山海大学地球物理研究所与中国科学院本周二签署合作备忘录。"
        "备忘录由山地所所长周明与中国科学院副院长白春礼代表签署。"
    )
    (proposal,) = propose(text=text, published_on=dt.date(2026, 5, 8))
    assert names(proposal) == ["山海大学地球物理研究所", "中国科学院"]
    assert ("周明", "signatory") in roles(proposal)
    assert ("白春礼", "signatory") in roles(proposal)


def test_a_name_between_zai_and_the_verb_is_the_venue_not_a_party(
    registry_world: dict[str, Any],
) -> None:
    proposal = one(
        "5月4日，中国科学院与深圳市人民政府在光明行政服务中心签署合作协议。",
        published_on=dt.date(2026, 5, 6),
    )
    assert names(proposal) == ["中国科学院", "深圳市人民政府"]
    assert proposal.signed_place == "光明行政服务中心"


def test_a_name_between_the_verb_and_the_agreement_noun_is_no_party(
    registry_world: dict[str, Any],
) -> None:
    proposal = one(
        "5月4日，中国科学院与深圳市人民政府签署新一轮市院合作协议。",
        published_on=dt.date(2026, 5, 6),
    )
    assert names(proposal) == ["中国科学院", "深圳市人民政府"]


def test_the_following_day_opening_the_paragraph_dates_its_signing(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "5月4日，中国科学院与深圳市人民政府签署合作协议。\n\n"
        "次日，代表团返回广州。在座谈会上，中国科学院与南江大学签署合作备忘录。"
    )
    first, second = propose(text=text, published_on=dt.date(2026, 5, 8))
    assert str(first.signed_on) == "2026-05-04"
    assert str(second.signed_on) == "2026-05-05"


def test_a_body_a_party_belongs_to_named_in_brackets_is_no_party(
    registry_world: dict[str, Any],
) -> None:
    proposal = one(
        "5月4日，中国科学院与南江森林研究所（隶属南江自然资源与环境部）签署合作意向书。",
        published_on=dt.date(2026, 5, 6),
    )
    assert names(proposal) == ["中国科学院", "南江森林研究所"]


def test_a_romance_institute_named_by_field_and_place_matches_its_english_record(
    registry_world: dict[str, Any],
) -> None:
    PartyFactory(slug="lgi", name="Lakeside Institute of Geology")
    text = (
        "Le CNRS et l'Institut de géologie de Lakeside ont signé un accord-cadre le "
        "4 mai 2026 à Paris."
    )
    proposal = one(text, published_on=dt.date(2026, 5, 6))
    assert "Institut de géologie de Lakeside" in names(proposal)
    assert "lgi" in [p.party for p in proposal.parties]


def test_a_castilian_name_matches_the_catalan_record(registry_world: dict[str, Any]) -> None:
    PartyFactory(slug="upv", name="Universitat Politècnica de València")
    text = (
        "La Universidad Politécnica de Valencia y el CAS firmaron el 4 de mayo de 2026 un "
        "convenio marco."
    )
    proposal = one(text, published_on=dt.date(2026, 5, 6))
    assert "upv" in [p.party for p in proposal.parties]


def test_tu_is_the_german_short_form_of_technische_universitat(
    registry_world: dict[str, Any],
) -> None:
    PartyFactory(slug="tud", name="Technische Universität Dresden")
    text = (
        "Die TU Dresden und KEMRI haben am 4. Mai 2026 eine Kooperationsvereinbarung unterzeichnet."
    )
    proposal = one(text, published_on=dt.date(2026, 5, 6))
    assert [p.party for p in proposal.parties] == ["tud", "kemri"]


def test_german_schlossen_signs_and_waren_anwesend_witnesses(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "Am 4. Mai 2026 schlossen die Chinesische Akademie der Wissenschaften und KEMRI eine "
        "Absichtserklärung. Unterzeichnet wurde sie von Prof. Dr. Anna Becker und Dr. Tom "
        "Ochieng. Bai Chunli und Karl Weber waren dabei anwesend."
    )
    proposal = one(text, published_on=dt.date(2026, 5, 6))
    assert proposal.kind == "letter_of_intent"
    assert ("Karl Weber", "witness") in roles(proposal)


def test_the_body_a_party_belongs_to_told_in_a_clause_is_no_party(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "Am 4. Mai 2026 unterzeichneten KEMRI und der Botanische Garten Lakeside, der zur "
        "Nordischen Akademie der Wissenschaften gehört, eine Kooperationsvereinbarung."
    )
    proposal = one(text, published_on=dt.date(2026, 5, 6))
    assert names(proposal) == ["KEMRI", "Botanische Garten Lakeside"]


def test_a_catalan_name_joined_by_i_is_one_name(registry_world: dict[str, Any]) -> None:
    text = (
        "El CAS y KEMRI firmaron el 4 de mayo de 2026 un convenio marco. Firmaron el convenio "
        "el presidente del CAS, Bai Chunli, y el director de KEMRI, Pere Roca i Ferrer."
    )
    proposal = one(text, published_on=dt.date(2026, 5, 6))
    assert any(name.endswith("Roca i Ferrer") for name, _ in roles(proposal))


def test_a_place_inside_a_quoted_name_is_not_where_it_was_signed(
    registry_world: dict[str, Any],
) -> None:
    text = (
        'KEMRI and the Chinese Academy of Sciences signed an agreement titled "Partnership in '
        'Coastal Ecology" on 4 May 2026 at the institute in Kilifi.'
    )
    proposal = one(text, published_on=dt.date(2026, 5, 6))
    assert proposal.signed_place == "Kilifi"
