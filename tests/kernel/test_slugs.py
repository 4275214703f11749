"""Slugs derived from names in any script: readable ASCII, never the model's name."""

from __future__ import annotations

import pytest

from kernel.slugs import slug_text
from tests.factories import PartyFactory


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Российская академия наук", "rossiyskaya-akademiya-nauk"),
        # Kanji read as Chinese (pinyin): the registry keeps no Japanese readings.
        ("理化学研究所", "li-hua-xue-yan-jiu-suo"),
        ("りかがくけんきゅうしょ", "rikagakukenkiyuushiyo"),
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
