"""propose(): the rules generalised after the fourth held-out set (signings recalled in
passing, renewals, Japanese and Russian wording, month names inside words, a signing still
ahead, signers named by the bodies they head).

Each test is a text of our own, not taken from the benchmark corpus.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from intake.pressrelease import propose
from tests.intake.proposals import claim, names, one, roles


def test_a_signing_dated_years_before_the_release_is_recalled_not_reported(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "2026年3月2日，中国科学院与深圳市人民政府签署合作备忘录。"
        "双方表示，2019年签署的人才交流协议执行顺利。"
    )
    (proposal,) = propose(text=text, published_on=dt.date(2026, 3, 4))
    assert str(proposal.signed_on) == "2026-03-02"


def test_a_first_signing_recalled_in_english_is_no_second_agreement(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "The Chinese Academy of Sciences and KEMRI signed a memorandum of understanding on "
        "2 March 2026. The two bodies first signed an agreement with the Rift Valley Water "
        "Institute in 2025."
    )
    proposal = one(text, published_on=dt.date(2026, 3, 4))
    assert names(proposal) == ["Chinese Academy of Sciences", "KEMRI"]


def test_a_signing_a_year_before_a_january_release_is_still_reported(
    registry_world: dict[str, Any],
) -> None:
    text = "In 2025 the Chinese Academy of Sciences and KEMRI signed a memorandum of understanding."
    proposal = one(text, published_on=dt.date(2026, 1, 10))
    assert str(proposal.signed_on) == "2025"


def test_a_renewal_in_chinese_is_a_signing(registry_world: dict[str, Any]) -> None:
    proposal = one(
        "3月2日，中国科学院与深圳市人民政府续签合作备忘录。", published_on=dt.date(2026, 3, 4)
    )
    assert proposal.kind == "memorandum_of_understanding"
    assert str(proposal.signed_on) == "2026-03-02"


def test_a_month_abbreviation_inside_a_word_is_no_date(registry_world: dict[str, Any]) -> None:
    text = (
        "The Chinese Academy of Sciences and KEMRI signed an Agreement on Cooperation in "
        "Marine Biology on 5 June."
    )
    proposal = one(text, published_on=dt.date(2026, 6, 9))
    assert str(proposal.signed_on) == "2026-06-05"
    assert claim(proposal, "signed_on").startswith("5 June")


def test_a_signing_agreed_for_next_year_is_not_proposed(registry_world: dict[str, Any]) -> None:
    text = "肯尼亚医学研究所代表团访问中国科学院 双方商定明年签署合作备忘录\n\n双方进行了座谈。"
    assert propose(text=text, published_on=dt.date(2026, 5, 1)) == []


def test_a_japanese_memorandum_is_a_signing_of_its_kind(registry_world: dict[str, Any]) -> None:
    text = "中国科学院は、2026年2月10日、深圳市人民政府と学術交流に関する覚書を締結しました。"
    proposal = one(text, published_on=dt.date(2026, 2, 12), language="ja")
    assert proposal.kind == "memorandum_of_understanding"
    assert str(proposal.signed_on) == "2026-02-10"
    assert "中国科学院" in names(proposal)


def test_a_russian_agreement_dated_in_the_genitive(registry_world: dict[str, Any]) -> None:
    text = (
        "10 марта 2026 г. Chinese Academy of Sciences и KEMRI подписали соглашение о "
        "сотрудничестве."
    )
    proposal = one(text, published_on=dt.date(2026, 3, 12), language="ru")
    assert proposal.kind == "cooperation_agreement"
    assert str(proposal.signed_on) == "2026-03-10"
    assert claim(proposal, "signed_on") == "10 марта 2026"


def test_signers_named_by_the_bodies_they_head_make_a_new_agreement(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "The Chinese Academy of Sciences and the Shenzhen government signed a memorandum of "
        "understanding on 2 March 2026. KEMRI Director Paul Ngugi and Dr Jane Atieno, "
        "President of the Coastal Ecology Institute, put pen to paper on a framework "
        "agreement."
    )
    proposals = propose(text=text, published_on=dt.date(2026, 3, 4))
    assert [p.kind for p in proposals] == ["memorandum_of_understanding", "framework_agreement"]
    assert names(proposals[1])[0] == "KEMRI"


def test_the_following_day_counts_from_the_signing_told_before_it(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "On 4 May 2026 the Chinese Academy of Sciences and the Shenzhen government signed a "
        "memorandum of understanding. The following day, in Mombasa, KEMRI signed two further "
        "documents. KEMRI and the Coastal Ecology Institute signed a framework agreement. "
        "KEMRI and the Rift Valley Water Institute then signed a letter of intent."
    )
    proposals = propose(text=text, published_on=dt.date(2026, 5, 8))
    assert [str(p.signed_on) for p in proposals] == ["2026-05-04", "2026-05-05", "2026-05-05"]
    assert claim(proposals[2], "signed_on") == "The following day"


def test_an_office_joined_by_a_hyphen_is_not_part_of_the_body(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "KEMRI Director Paul Ngugi and Dr Jane Atieno, Director-General of the Coastal Ecology "
        "Institute, put pen to paper on a framework agreement on 4 May 2026."
    )
    proposal = one(text)
    assert names(proposal) == ["KEMRI", "Coastal Ecology Institute"]
    assert [(s.name, s.role) for s in proposal.signatories] == [
        ("Paul Ngugi", "signatory"),
        ("Jane Atieno", "signatory"),
    ]


def test_signed_at_a_party_in_a_city_is_signed_in_that_city(
    registry_world: dict[str, Any],
) -> None:
    text = "KEMRI and the Chinese Academy of Sciences signed an agreement at KEMRI in Kisumu."
    assert one(text).signed_place == "Kisumu"


def test_a_witness_at_another_body_in_a_city_does_not_place_the_signing(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "KEMRI and the Chinese Academy of Sciences signed an agreement in the presence of "
        "Dr Mary Wambui, Dean at the Moi University in Eldoret."
    )
    assert one(text).signed_place is None


def test_a_place_word_inside_the_agreements_name_is_no_place(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "KEMRI and the Chinese Academy of Sciences signed an Agreement on Cooperation in "
        "Tropical Medicine on 4 May 2026."
    )
    proposal = one(text)
    assert proposal.title is not None and "Tropical Medicine" in proposal.title
    assert proposal.signed_place is None


def test_a_japanese_ceremony_held_in_a_city(registry_world: dict[str, Any]) -> None:
    text = (
        "中国科学院は、2026年2月10日、深圳市人民政府と覚書を締結しました。"
        "調印式は京都市の国際会館で行われました。"
    )
    assert one(text, published_on=dt.date(2026, 2, 12)).signed_place == "京都市"


def test_a_russian_ceremony_held_in_a_city_not_the_city_travelled_to(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "В ходе визита в Пекин Chinese Academy of Sciences и KEMRI подписали соглашение о "
        "сотрудничестве. Церемония прошла в Пекине."
    )
    assert one(text).signed_place == "Пекине"


def test_people_at_a_meeting_before_the_signing_did_not_sign(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "中国科学院与深圳市人民政府签署合作协议，中国科学院副院长张明与深圳市副市长李华代表双方签署。"
        "深圳大学校长王强教授亦出席了签署前的会谈。"
    )
    assert roles(one(text)) == [("张明", "signatory"), ("李华", "signatory")]


def test_witnesses_named_in_a_chinese_presence_phrase_witness_each_signing_of_the_sentence(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "当天，在白春礼和王伟中的共同见证下，中国科学院与深圳市人民政府签署合作框架协议，"
        "院长张明、市长李华代表双方签约；肯尼亚医学研究所与深圳大学签署合作意向书，"
        "所长赵亮、校长王强代表双方签约。"
    )
    first, second = propose(text=text)
    witnesses = [("白春礼", "witness"), ("王伟中", "witness")]
    assert roles(first) == [*witnesses, ("张明", "signatory"), ("李华", "signatory")]
    assert roles(second) == [*witnesses, ("赵亮", "signatory"), ("王强", "signatory")]


def test_who_signed_a_recalled_agreement_is_no_signatory_of_the_new_one(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "2026年3月2日，中国科学院与深圳市人民政府签署合作备忘录，院长张明与市长李华代表双方签署。"
        "深圳大学校长王强表示，2019年签署的协议执行顺利。"
    )
    (proposal,) = propose(text=text, published_on=dt.date(2026, 3, 4))
    assert roles(proposal) == [("张明", "signatory"), ("李华", "signatory")]


def test_a_campus_named_after_a_party_is_a_venue_not_a_party(
    registry_world: dict[str, Any],
) -> None:
    text = "中国科学院与深圳市人民政府于2026年3月2日在深圳大学西丽校园签署合作协议。"
    assert names(one(text)) == ["中国科学院", "深圳市人民政府"]


def test_japanese_signers_and_witness_with_the_office_after_the_name(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "本研究所は、2026年2月10日、中国科学院と深圳市人民政府との覚書を締結しました。"
        "中国科学院の山田太郎所長と深圳市人民政府の李華市長が覚書に署名しました。"
        "調印式は、京都大学の鈴木一郎理事の立会いのもと行われました。"
    )
    proposal = one(text, published_on=dt.date(2026, 2, 12), language="ja")
    assert "本研究所" not in names(proposal)
    assert ("山田太郎", "signatory") in roles(proposal)
    assert ("鈴木一郎", "witness") in roles(proposal)


def test_a_russian_release_names_its_parties_signers_and_witnesses(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "12 марта 2026 г. Институт прикладной геофизики Российской академии наук (ИПГ РАН) и "
        "KEMRI подписали соглашение о сотрудничестве. Документ подписали директор ИПГ РАН "
        "академик Павел Орлов и директор KEMRI профессор Samuel Kariuki в присутствии "
        "посла России Ивана Петрова. Церемония прошла в Найроби."
    )
    proposal = one(text, published_on=dt.date(2026, 3, 14), language="ru")
    assert names(proposal) == ["Институт прикладной геофизики Российской академии наук", "KEMRI"]
    assert roles(proposal) == [
        ("Павел Орлов", "signatory"),
        ("Samuel Kariuki", "signatory"),
        ("Ивана Петрова", "witness"),
    ]


def test_guests_of_a_workshop_are_not_witnesses_of_the_signing(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "KEMRI and the Chinese Academy of Sciences signed an agreement on 4 May 2026. The "
        "signing was attended by Dr Mary Wambui. In the afternoon, a workshop was attended by "
        "Prof. John Otieno and Dr Alice Njeri."
    )
    assert roles(one(text)) == [("Mary Wambui", "witness")]


def test_spanish_signers_after_rubricaron_and_a_garden_as_a_party(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "El Jardín Botánico de Nairobi y KEMRI firmaron un convenio marco el 4 de mayo de 2026. "
        "Lo rubricaron el director del jardín, Juan Pérez Gil, y la directora de KEMRI, "
        "Ana Wanjiku."
    )
    proposal = one(text, published_on=dt.date(2026, 5, 6), language="es")
    assert names(proposal) == ["Jardín Botánico de Nairobi", "KEMRI"]
    assert roles(proposal) == [("Juan Pérez Gil", "signatory"), ("Ana Wanjiku", "signatory")]
