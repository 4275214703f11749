"""propose(): the rules generalised after the second held-out set (venues, trips, 出席 as
witnessing, "the same day", witness clauses in German, places that are not people...).

Each test is a sentence of our own, not taken from the benchmark corpus.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from intake.pressrelease import propose
from tests.intake.proposals import names, one, roles


def test_a_campus_after_zai_is_where_they_signed_not_a_party(
    registry_world: dict[str, Any],
) -> None:
    text = "中国科学院与江南理工大学在江南理工大学东湖校区签署合作协议。"
    proposal = one(text)
    assert names(proposal) == ["中国科学院", "江南理工大学"]


def test_a_building_of_an_institution_is_a_venue_and_the_place(
    registry_world: dict[str, Any],
) -> None:
    text = "北川师范学院与中国科学院于5月8日在北川师范学院图书馆报告厅签署合作备忘录。"
    proposal = one(text, published_on=dt.date(2023, 5, 9))
    assert names(proposal) == ["北川师范学院", "中国科学院"]
    assert proposal.signed_place == "北川师范学院图书馆报告厅"


def test_he_joins_two_fields_of_one_office(registry_world: dict[str, Any]) -> None:
    text = "中国科学院与云岭省农业和农村厅签署合作协议。"
    proposal = one(text)
    assert names(proposal) == ["中国科学院", "云岭省农业和农村厅"]


def test_a_month_before_yu_is_not_part_of_the_name(registry_world: dict[str, Any]) -> None:
    text = "深圳市人民政府今年4月与东海海洋大学签署合作协议。"
    proposal = one(text, published_on=dt.date(2022, 6, 1))
    assert names(proposal) == ["深圳市人民政府", "东海海洋大学"]
    assert str(proposal.signed_on) == "2022-04"


def test_a_delegations_destination_is_where_it_signed(registry_world: dict[str, Any]) -> None:
    text = "深圳市人民政府代表团赴武汉，先后与中国科学院、江城大学签署合作协议。"
    proposals = propose(text=text)
    assert proposals
    assert {p.signed_place for p in proposals} == {"武汉"}


def test_attending_the_signing_in_chinese_is_witnessing_it(registry_world: dict[str, Any]) -> None:
    text = (
        "中国科学院与深圳市人民政府签署合作协议。白春礼出席并讲话，"
        "中国科学院副院长李明远与深圳市副市长陈海东代表双方签署协议。"
    )
    proposal = one(text)
    assert sorted(roles(proposal)) == [
        ("李明远", "signatory"),
        ("白春礼", "witness"),
        ("陈海东", "signatory"),
    ]


def test_attending_a_named_ceremony_is_witnessing_it(registry_world: dict[str, Any]) -> None:
    text = (
        "中国科学院与深圳市人民政府签署合作协议，中国科学院副院长李明远与深圳市副市长陈海东"
        "代表双方签字。白春礼出席深圳市签约仪式并见证签约。"
    )
    proposal = one(text)
    assert ("白春礼", "witness") in roles(proposal)
    assert ("白春礼", "signatory") not in roles(proposal)


def test_the_same_day_shares_date_and_place_but_not_the_other_ceremonys_guests(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "3月2日，中国科学院与深圳市人民政府在深圳签署合作协议，白春礼出席见证。\n\n"
        "同日，中国科学院与东海海洋大学签署合作备忘录，王伟中见证签字。"
    )
    first, second = propose(text=text, published_on=dt.date(2021, 3, 5))
    assert second.signed_on == first.signed_on
    assert second.signed_place == "深圳"
    assert [(s.name, s.role) for s in first.signatories] == [("白春礼", "witness")]
    assert [(s.name, s.role) for s in second.signatories] == [("王伟中", "witness")]


def test_a_translated_name_with_a_middle_dot_is_one_person(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "中国科学院与深圳市人民政府签署合作协议，"
        "中国科学院副院长李明远与外方代表团团长主任阿里·汗代表双方签字。"
    )
    proposal = one(text)
    assert ("阿里·汗", "signatory") in roles(proposal)


def test_signing_on_the_document_is_no_place(registry_world: dict[str, Any]) -> None:
    text = "中国科学院与深圳市人民政府签署合作协议，双方代表在协议书上签字。"
    proposal = one(text)
    assert proposal.signed_place is None


def test_a_shorter_chinese_name_is_the_same_party_again(registry_world: dict[str, Any]) -> None:
    text = (
        "中国科学院与泰国曼谷理工大学签署学生交流协议。"
        "协议由中国科学院副院长李明远及曼谷理工大学副校长颂猜代表签署。"
    )
    proposal = one(text)
    assert names(proposal) == ["中国科学院", "泰国曼谷理工大学"]
    assert [name for name, role in roles(proposal) if role == "signatory"] == ["李明远", "颂猜"]


def test_german_witnesses_after_the_cue_words(registry_world: dict[str, Any]) -> None:
    text = (
        "Die Chinese Academy of Sciences und die Universität Kassel haben eine Vereinbarung "
        "unterzeichnet. Die Unterzeichnung fand im Beisein von Jana Albrecht, Staatssekretärin "
        "im Land Hessen, statt. Als Zeugen unterzeichneten der Rektor, Prof. Dr. Paul Weber, "
        "und die Konsulin Lea Brandt."
    )
    proposal = one(text)
    assert sorted(roles(proposal)) == [
        ("Jana Albrecht", "witness"),
        ("Lea Brandt", "witness"),
        ("Paul Weber", "witness"),
    ]


def test_a_city_after_in_is_not_a_witness(registry_world: dict[str, Any]) -> None:
    text = (
        "The Chinese Academy of Sciences and Kenya Medical Research Institute signed an "
        "agreement in the presence of the consul general of Kenya in San Francisco, Mary Wanjiru."
    )
    proposal = one(text)
    assert roles(proposal) == [("Mary Wanjiru", "witness")]
    assert proposal.signed_place is None


def test_a_partys_seat_is_not_where_it_signed(registry_world: dict[str, Any]) -> None:
    text = (
        "In 2020 the Chinese Academy of Sciences signed an agreement with the Kenya Medical "
        "Research Institute (KEMRI) in Nairobi. O acordo foi assinado com o Instituto Lago, "
        "sediado em Kisumu."
    )
    proposal = propose(text=text)[0]
    assert proposal.signed_place is None


def test_a_trip_destination_where_the_signing_happened_is_the_place(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "The delegation then travelled to Mombasa, where the Chinese Academy of Sciences signed "
        "a memorandum with the Kenya Medical Research Institute."
    )
    assert one(text).signed_place == "Mombasa"


def test_a_venue_is_the_place_only_when_no_city_is_named(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "A Chinese Academy of Sciences assinou um acordo com o Kenya Medical Research "
        "Institute. A cerimônia foi realizada no Salão Azul da Reitoria."
    )
    assert one(text, language="pt").signed_place == "Salão Azul da Reitoria"
    text = (
        "A Chinese Academy of Sciences assinou um acordo com o Kenya Medical Research "
        "Institute na Casa Verde, em Campinas."
    )
    assert one(text, language="pt").signed_place == "Campinas"


def test_a_dateline_before_the_subject_and_an_abbreviation_before_and(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "Gdansk, Poland — The Baltic Institute of Marine Robotics (BIMR) and the Kenya "
        "Medical Research Institute signed an agreement on marine sensors."
    )
    proposal = one(text)
    assert names(proposal) == [
        "Baltic Institute of Marine Robotics",
        "Kenya Medical Research Institute",
    ]


def test_a_unit_then_a_comma_and_its_registry_parent_is_the_unit_alone(
    registry_world: dict[str, Any],
) -> None:
    kemri = registry_world["kemri"]
    kemri.parent = registry_world["cas"]
    kemri.save()
    text = (
        "The University of Gdansk and the Kenya Medical Research Institute, Chinese Academy "
        "of Sciences signed an agreement."
    )
    proposal = one(text)
    assert [p.party for p in proposal.parties] == [None, "kemri"]


def test_und_das_starts_the_second_name(registry_world: dict[str, Any]) -> None:
    text = (
        "Die Universität Kassel in Hessen und das Kenya Medical Research Institute (KEMRI) "
        "aus Nairobi haben am Montag eine Vereinbarung über wissenschaftliche "
        "Zusammenarbeit unterzeichnet."
    )
    proposal = one(text, published_on=dt.date(2024, 5, 10))
    assert names(proposal) == ["Universität Kassel", "Kenya Medical Research Institute"]


def test_a_surname_after_a_title_is_the_person_named_in_full_before(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "A delegation led by Prof. Maria OKAFOR visited Nairobi. The Chinese Academy of "
        "Sciences and Kenya Medical Research Institute signed an agreement. "
        "The agreement was signed by Prof. OKAFOR and Dr. Peter Mwangi."
    )
    proposal = one(text)
    assert [(name, role) for name, role in roles(proposal)] == [
        ("Maria OKAFOR", "signatory"),
        ("Peter Mwangi", "signatory"),
    ]


def test_a_surname_never_named_in_full_is_no_one(registry_world: dict[str, Any]) -> None:
    text = (
        "The Chinese Academy of Sciences and Kenya Medical Research Institute signed an "
        "agreement. The agreement was signed by Prof. OKAFOR and Dr. Peter Mwangi."
    )
    assert roles(one(text)) == [("Peter Mwangi", "signatory")]


def test_an_office_before_of_is_not_part_of_the_body(registry_world: dict[str, Any]) -> None:
    from intake.pressrelease.mentions import org_mentions
    from kernel.text import normalise

    text = "He met the Senior Vice President of Lakeside University yesterday."
    found = [text[m.start : m.end] for m in org_mentions(text, normalise(text), 0, len(text))]
    assert found == ["Lakeside University"]


def test_the_university_is_the_publishers_own_when_two_were_named(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "In Kyoto, Lakeside University and Kamo University signed an agreement. "
        "Later, in Nairobi, the university signed a memorandum with Kenya Medical Research "
        "Institute."
    )
    kinds = {p.kind: names(p) for p in propose(text=text, publisher="Lakeside University News")}
    assert kinds["memorandum_of_understanding"] == [
        "Lakeside University",
        "Kenya Medical Research Institute",
    ]
    # Without a publisher, "the university" is the one named last.
    kinds = {p.kind: names(p) for p in propose(text=text)}
    assert kinds["memorandum_of_understanding"][0] == "Kamo University"


def test_a_ceremony_told_after_one_signing_is_not_the_next_ones(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "On 3 May the Chinese Academy of Sciences and Lakeside University signed an agreement. "
        "The signing was witnessed by Dr. Ann Lee.\n\n"
        "On 5 May the Chinese Academy of Sciences and Kenya Medical Research Institute signed "
        "a memorandum. Dr. Tom Ochieng attended the ceremony."
    )
    first, second = propose(text=text, published_on=dt.date(2023, 5, 9))
    assert roles(first) == [("Ann Lee", "witness")]
    assert roles(second) == [("Tom Ochieng", "witness")]


ANNOUNCED = (
    "The Chinese Academy of Sciences signed two agreements on 4 April at its offices in "
    "Kisumu.\n\n"
    "The first, a cooperation agreement with Lakeside University, funds a training scheme in "
    "GIS mapping. It was signed by Prof. WANJIKU Achieng and Dr. Tom Ochieng.\n\n"
    "The second, a memorandum of understanding with the Kenya Medical Research Institute "
    "(KEMRI), covers field surveys. Prof. Wanjiku signed it with Dr. Ruth Akinyi.\n\n"
    "Both signings took place in the presence of Mr. Daniel Otieno."
)


def test_agreements_announced_together_and_told_one_by_one(
    registry_world: dict[str, Any],
) -> None:
    first, second = propose(text=ANNOUNCED, published_on=dt.date(2024, 4, 8))
    assert names(first) == ["Chinese Academy of Sciences", "Lakeside University"]
    assert names(second) == ["Chinese Academy of Sciences", "Kenya Medical Research Institute"]
    assert (first.kind, second.kind) == ("cooperation_agreement", "memorandum_of_understanding")
    assert first.signed_place == second.signed_place == "Kisumu"


def test_a_surname_matches_its_full_name_whatever_its_case(
    registry_world: dict[str, Any],
) -> None:
    first, second = propose(text=ANNOUNCED, published_on=dt.date(2024, 4, 8))
    assert ("WANJIKU Achieng", "signatory") in roles(second)


def test_witnesses_of_both_signings_witnessed_each(registry_world: dict[str, Any]) -> None:
    for proposal in propose(text=ANNOUNCED, published_on=dt.date(2024, 4, 8)):
        assert ("Daniel Otieno", "witness") in roles(proposal)


def test_a_surname_in_capitals_is_a_name_even_if_it_is_a_common_word(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "The Chinese Academy of Sciences and Kenya Medical Research Institute signed an "
        "agreement. It was signed by Prof. PARK Min-ji and Dr. Tom Ochieng. "
        "The Science Park of Kisumu hosted the ceremony."
    )
    assert roles(one(text)) == [("PARK Min-ji", "signatory"), ("Tom Ochieng", "signatory")]


def test_a_district_is_named_for_its_government(registry_world: dict[str, Any]) -> None:
    from parties.models import PartyAlias
    from tests.factories import PartyFactory

    district = PartyFactory(
        slug="nanhu-district",
        name="Nanhu District People's Government",
        name_local="嘉禾市南湖区人民政府",
        kind="government",
    )
    PartyAlias.objects.create(party=district, name="南湖区政府")
    proposal = one("南湖区与中国科学院签署合作协议。")
    assert [p.party for p in proposal.parties] == ["nanhu-district", "cas"]


def test_a_longer_chinese_name_before_chuxi_is_one_person(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "中国科学院与深圳市人民政府签署合作协议。"
        "自治区副主席巴特尔朝鲁、深圳市副市长陈海东出席签约仪式并见证签约。"
    )
    assert sorted(roles(one(text))) == [("巴特尔朝鲁", "witness"), ("陈海东", "witness")]
