"""propose(): the rules generalised after the third held-out set (a signing still to come in
the passive, a signing looked back on, ...).

Each test is a sentence of our own, not taken from the benchmark corpus.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from intake.pressrelease import propose
from tests.intake.proposals import names, one, roles


def test_an_agreement_expected_to_be_signed_in_a_year_is_not_signed(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "Talks with the Coastal Ecology Institute continued in March; a memorandum is "
        "expected to be signed in 2027 by Director Paul Ngugi."
    )
    assert propose(text=text) == []


def test_a_signing_in_the_passive_after_a_modal_adds_no_second_agreement(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "The Chinese Academy of Sciences and KEMRI signed a memorandum of understanding on "
        "4 May 2023. A framework agreement with the Rift Valley Water Institute could be "
        "signed in 2025."
    )
    proposal = one(text)
    assert proposal.signed_on is not None and str(proposal.signed_on) == "2023-05-04"
    assert names(proposal) == ["Chinese Academy of Sciences", "KEMRI"]


def test_a_signing_looked_back_on_in_chinese_is_not_another_agreement(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "中国科学院与深圳市人民政府签署合作备忘录。"
        "南岭大学海洋学院院长表示，备忘录签署后海洋学院与江北研究中心的合作将更加紧密。"
    )
    proposal = one(text)
    assert names(proposal) == ["中国科学院", "深圳市人民政府"]


def test_a_signing_looked_back_on_in_english_is_not_another_agreement(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "KEMRI and the Chinese Academy of Sciences signed a cooperation agreement in Kisumu. "
        "Since the agreement was signed, the Lakeside Health Institute and the Highland "
        "Research Centre have joined two of its projects."
    )
    proposal = one(text, published_on=dt.date(2024, 2, 1))
    assert names(proposal) == ["KEMRI", "Chinese Academy of Sciences"]


def test_a_name_after_at_the_is_a_venue_not_a_signatory(registry_world: dict[str, Any]) -> None:
    text = (
        "KEMRI signed a memorandum with the Chinese Academy of Sciences on Friday at the "
        "Riverside Guest House in Kisumu. It was signed by Director Mary Atieno and Vice "
        "President Li Mingyuan."
    )
    proposal = one(text)
    assert sorted(roles(proposal)) == [("Li Mingyuan", "signatory"), ("Mary Atieno", "signatory")]


def test_a_counsellor_is_an_office_not_a_witness_name(registry_world: dict[str, Any]) -> None:
    text = (
        "KEMRI and the Chinese Academy of Sciences signed a cooperation agreement in the "
        "presence of Ms. Wu Lanfang, Cultural Counsellor at the Embassy in Nairobi."
    )
    proposal = one(text)
    assert roles(proposal) == [("Wu Lanfang", "witness")]


def test_nobody_signs_what_is_still_to_be_signed(registry_world: dict[str, Any]) -> None:
    text = (
        "KEMRI and the Chinese Academy of Sciences signed a cooperation agreement in Nairobi. "
        "A second memorandum is expected to be signed by Lake Basin Director Omondi Otieno."
    )
    proposal = one(text)
    assert roles(proposal) == []


def _dates(sentence: str, day: dt.date, *, dateline: bool = True) -> list[str]:
    from intake.pressrelease.dates import Reference, find_dates
    from kernel.text import normalise

    written = normalise(sentence)
    hits = find_dates(written, 0, len(written), Reference(day, day.year, dateline=dateline))
    return [str(hit.value) for hit in hits if hit.value is not None]


def test_yesterday_is_the_day_before_the_reference_day() -> None:
    assert _dates("The two institutes signed the memorandum yesterday.", dt.date(2022, 3, 1)) == [
        "2022-02-28"
    ]
    assert _dates("两院昨天签署了合作协议。", dt.date(2021, 7, 9)) == ["2021-07-08"]
    # Counted from a publication date alone, it would be a guess.
    assert _dates("两院昨天签署了合作协议。", dt.date(2021, 7, 9), dateline=False) == []


def test_a_taiwanese_day_in_brackets_is_that_day_on_or_before_the_reference() -> None:
    assert _dates("兩校今（15）日簽署合作備忘錄。", dt.date(2023, 8, 15)) == ["2023-08-15"]
    # The 30th, told on the 2nd: the month before.
    assert _dates("雙方昨（30）日簽約。", dt.date(2023, 10, 2)) == ["2023-09-30"]


def test_a_dateline_with_the_day_first_dates_yesterday(registry_world: dict[str, Any]) -> None:
    text = (
        "NAIROBI, 3 October 2024 – KEMRI signed a memorandum of understanding with the "
        "Chinese Academy of Sciences yesterday."
    )
    proposal = one(text)
    assert str(proposal.signed_on) == "2024-10-02"
    assert proposal.signed_place == "Nairobi"


def test_a_conference_centre_after_zai_is_a_venue_not_a_party(
    registry_world: dict[str, Any],
) -> None:
    text = "中国科学院与深圳市人民政府在南湖国际会议中心签署合作协议。"
    proposal = one(text)
    assert names(proposal) == ["中国科学院", "深圳市人民政府"]


def test_he_before_a_bare_institution_word_is_part_of_the_name(
    registry_world: dict[str, Any],
) -> None:
    text = "中国科学院与杭州仁和医院签署合作协议。"
    proposal = one(text)
    assert names(proposal) == ["中国科学院", "杭州仁和医院"]


def test_a_unit_written_with_its_bodys_possessive_is_the_party(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "KEMRI's School of Public Health and the Coastal Research Institutes of the Chinese "
        "Academy of Sciences signed a memorandum of understanding."
    )
    proposal = one(text)
    assert names(proposal) == ["School of Public Health", "Coastal Research Institutes"]
