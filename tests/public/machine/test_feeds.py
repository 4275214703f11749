"""Atom feeds: newly published agreements, per party and per cooperation field."""

from __future__ import annotations

from typing import Any

import feedparser
import pytest
from django.test import Client

from agreements.models import Agreement
from parties.models import Party
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    CooperationFieldFactory,
    PartyFactory,
)

FOUNDING_TITLE_ZH = "共同推进建设深圳国际科技产业创新中心合作协议书"


def read_feed(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_it_lists_the_founding_agreement_and_not_drafts(
    client: Client, founding_record: Agreement, draft_agreement: Agreement
) -> None:
    feed = read_feed(client, "/en/feeds/agreements.atom")

    assert [entry.title for entry in feed.entries] == [founding_record.title]
    entry = feed.entries[0]
    assert entry.link == "http://testserver/en/agreements/cas-shenzhen-2017/"
    assert entry.id == entry.link
    assert entry.summary.startswith("The Chinese Academy of Sciences and the Shenzhen")
    assert entry.updated_parsed is not None
    assert {tag.term for tag in entry.tags} == {
        "Education",
        "Science",
        "Technology",
        "Industry",
        "Capital",
    }
    assert feed.feed.link == "http://testserver/en/agreements/"


def test_the_chinese_feed_titles_entries_in_chinese_and_links_chinese_pages(
    client: Client, founding_record: Agreement
) -> None:
    feed = read_feed(client, "/zh-hans/feeds/agreements.atom")

    assert feed.feed.language == "zh-hans"
    assert feed.entries[0].title == FOUNDING_TITLE_ZH
    assert feed.entries[0].link == "http://testserver/zh-hans/agreements/cas-shenzhen-2017/"


def test_it_falls_back_to_the_english_title_for_chinese_readers(client: Client, db: None) -> None:
    AgreementFactory(title="Agreement known only in English", title_local="")

    feed = read_feed(client, "/zh-hans/feeds/agreements.atom")

    assert feed.entries[0].title == "Agreement known only in English"


def test_it_orders_entries_by_first_publication_not_by_last_edit(client: Client, db: None) -> None:
    written_first = AgreementFactory(title="Written first, published last", published=False)
    older = AgreementFactory(title="Published first")
    newer = AgreementFactory(title="Published second")
    written_first.published = True
    written_first.save()
    older.summary = "Edited after everything else."
    older.save()

    feed = read_feed(client, "/en/feeds/agreements.atom")

    assert [entry.title for entry in feed.entries] == [
        written_first.title,
        newer.title,
        older.title,
    ]


def test_an_agreement_published_again_keeps_its_first_publication(client: Client, db: None) -> None:
    first = AgreementFactory(title="Published, withdrawn, published again")
    first_published_at = first.first_published_at
    assert first_published_at is not None
    second = AgreementFactory(title="Published once, in between")
    first.published = False
    first.save(update_fields=["published"])
    first.published = True
    first.save(update_fields=["published"])
    first.refresh_from_db()

    assert first.first_published_at == first_published_at
    feed = read_feed(client, "/en/feeds/agreements.atom")
    assert [entry.title for entry in feed.entries] == [second.title, first.title]


def test_a_draft_has_no_publication_date_until_published(db: None) -> None:
    draft = AgreementFactory(published=False)
    assert draft.first_published_at is None

    draft.published = True
    draft.save(update_fields=["published"])
    draft.refresh_from_db()

    assert draft.first_published_at is not None


def test_the_party_feed_includes_agreements_of_its_sub_units(
    client: Client, founding_record: Agreement
) -> None:
    AgreementPartyFactory(
        agreement__title="SIAT and a partner", party=Party.objects.get(slug="siat")
    )
    AgreementPartyFactory(agreement__title="Not involving CAS")
    AgreementPartyFactory(
        agreement__title="Draft of CAS",
        agreement__published=False,
        party=Party.objects.get(slug="cas"),
    )

    feed = read_feed(client, "/en/feeds/parties/cas.atom")

    assert {entry.title for entry in feed.entries} == {founding_record.title, "SIAT and a partner"}
    assert feed.feed.link == "http://testserver/en/parties/cas/"
    assert "Chinese Academy of Sciences" in feed.feed.title


def test_the_party_feed_names_the_party_in_chinese_for_chinese_readers(
    client: Client, founding_record: Agreement
) -> None:
    feed = read_feed(client, "/zh-hans/feeds/parties/shenzhen.atom")

    assert feed.feed.title == "深圳市人民政府 的协议"
    assert [entry.title for entry in feed.entries] == [FOUNDING_TITLE_ZH]


def test_the_party_feed_lists_an_agreement_once_when_several_sub_units_signed_it(
    client: Client, db: None
) -> None:
    parent = PartyFactory(slug="academy")
    agreement = AgreementFactory(title="Two institutes")
    for _ in range(2):
        AgreementPartyFactory(agreement=agreement, party=PartyFactory(parent=parent))

    feed = read_feed(client, "/en/feeds/parties/academy.atom")

    assert [entry.title for entry in feed.entries] == ["Two institutes"]


def test_the_field_feed_includes_agreements_in_narrower_fields(client: Client, db: None) -> None:
    science = CooperationFieldFactory(slug="science", name="Science")
    physics = CooperationFieldFactory(slug="physics", name="Physics", parent=science)
    optics = CooperationFieldFactory(slug="optics", name="Optics", parent=physics)
    AgreementFactory(title="Broad science").fields.add(science)
    AgreementFactory(title="Optics lab").fields.add(optics)
    AgreementFactory(title="Elsewhere").fields.add(CooperationFieldFactory())
    AgreementFactory(title="Draft optics", published=False).fields.add(optics)

    science_feed = read_feed(client, "/en/feeds/fields/science.atom")
    physics_feed = read_feed(client, "/en/feeds/fields/physics.atom")

    assert {entry.title for entry in science_feed.entries} == {"Broad science", "Optics lab"}
    assert [entry.title for entry in physics_feed.entries] == ["Optics lab"]
    assert physics_feed.feed.link == "http://testserver/en/fields/physics/"


def test_the_field_feed_includes_the_founding_agreement(
    client: Client, founding_record: Agreement
) -> None:
    feed = read_feed(client, "/zh-hans/feeds/fields/science.atom")

    assert [entry.title for entry in feed.entries] == [FOUNDING_TITLE_ZH]


@pytest.mark.parametrize(
    "url", ["/en/feeds/parties/no-such-party.atom", "/zh-hans/feeds/fields/no-such-field.atom"]
)
def test_it_answers_404_for_unknown_slugs(client: Client, db: None, url: str) -> None:
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("count", [1, 20])
def test_the_feed_query_count_does_not_grow_with_the_number_of_entries(
    client: Client, db: None, django_assert_num_queries: Any, count: int
) -> None:
    field = CooperationFieldFactory(slug="energy")
    for agreement in AgreementFactory.create_batch(count):
        agreement.fields.add(field, CooperationFieldFactory())

    # 1. the newest published agreements, from the top of an index; 2. their fields.
    with django_assert_num_queries(2):
        feed = read_feed(client, "/en/feeds/agreements.atom")
    assert len(feed.entries) == count


@pytest.mark.parametrize("count", [1, 20])
def test_the_party_and_field_feed_query_counts_do_not_grow(
    client: Client, db: None, django_assert_num_queries: Any, count: int
) -> None:
    party = PartyFactory(slug="academy")
    institute = PartyFactory(parent=party)
    field = CooperationFieldFactory(slug="energy")
    for agreement in AgreementFactory.create_batch(count):
        AgreementPartyFactory(agreement=agreement, party=institute)
        agreement.fields.add(field)

    # 1. the party or field; 2. the agreements of it and everything under it; 3. their fields.
    with django_assert_num_queries(3):
        party_feed = read_feed(client, "/en/feeds/parties/academy.atom")
    with django_assert_num_queries(3):
        field_feed = read_feed(client, "/en/feeds/fields/energy.atom")
    assert len(party_feed.entries) == len(field_feed.entries) == count
