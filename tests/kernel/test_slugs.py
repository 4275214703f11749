"""Slugs derived from names in any script: readable ASCII, never the model's name."""

from __future__ import annotations

import pytest

from kernel.slugs import slug_text
from tests.factories import PartyFactory, PersonFactory


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Российская академия наук", "rossiyskaya-akademiya-nauk"),
        # Han alone reads as Chinese (pinyin): nothing says these are Japanese kanji.
        ("理化学研究所", "li-hua-xue-yan-jiu-suo"),
        # Kana in Hepburn-like romaji: contracted and doubled sounds, long vowel marks.
        ("りかがくけんきゅうしょ", "rikagakukenkyuusho"),
        ("ジェトロ", "jetoro"),
        ("トーキョー がっこう", "tokyo-gakkou"),
        ("서울대학교", "seouldaehaggyo"),
        ("جامعة القاهرة", "jmh-lqhrh"),
        ("Εθνικό Μετσόβιο Πολυτεχνείο", "ethniko-metsovio-polytechneio"),
        ("中國科學院", "zhong-guo-ke-xue-yuan"),
        ("中科院 Shenzhen 2017", "zhong-ke-yuan-shenzhen-2017"),
        ("Université de Genève", "universite-de-geneve"),
        ("Technische Universität München", "technische-universitat-munchen"),
    ],
)
def test_it_transliterates_every_script_into_a_slug(name: str, slug: str) -> None:
    assert slug_text(name) == slug


def test_nothing_readable_gives_no_slug_text() -> None:
    assert slug_text("!!! — ???") == ""


@pytest.mark.django_db
def test_a_party_named_in_cyrillic_gets_a_readable_slug_and_a_second_one_a_suffix() -> None:
    first = PartyFactory(slug="", name="Российская академия наук", abbreviation="")
    second = PartyFactory(slug="", name="Российская академия наук", abbreviation="")
    assert (first.slug, second.slug) == (
        "rossiyskaya-akademiya-nauk",
        "rossiyskaya-akademiya-nauk-2",
    )


def test_kana_mark_a_text_japanese_so_its_kanji_are_not_read_as_mandarin() -> None:
    # さくら研究所: pinyin would make the kanji "yan-jiu-suo"; the registry has no readings.
    assert slug_text("さくら研究所") == "sakura"
    assert slug_text("東京大学 Tokyo", japanese=True) == "tokyo"
    assert slug_text("東京大学", japanese=True) == ""


@pytest.mark.django_db
def test_a_japanese_party_named_in_kanji_gets_its_english_name_or_no_pinyin() -> None:
    riken = PartyFactory(slug="", name="理化学研究所", abbreviation="RIKEN", country="JP")
    tokyo = PartyFactory(slug="", name="東京大学", abbreviation="", country="JP")
    chinese = PartyFactory(slug="", name="中国科学院", abbreviation="", country="CN")

    assert (riken.slug, tokyo.slug, chinese.slug) == ("riken", "party", "zhong-guo-ke-xue-yuan")


@pytest.mark.django_db
def test_a_person_named_with_kana_gets_no_pinyin() -> None:
    person = PersonFactory(slug="", name="山田 さくら")

    assert person.slug == "sakura"


@pytest.mark.django_db
def test_an_existing_slug_stays_when_the_party_is_saved_again() -> None:
    party = PartyFactory(slug="dong-jing-da-xue", name="東京大学", abbreviation="", country="JP")
    party.description = "A national university."
    party.save()

    party.refresh_from_db()
    assert party.slug == "dong-jing-da-xue"
