from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kernel.partial_date import PartialDate
from parties.models import Party, ancestor_ids
from tests.factories import PartyAliasFactory, PartyFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_it_rejects_a_cycle_in_the_hierarchy() -> None:
    academy = PartyFactory(name="Academy")
    institute = PartyFactory(name="Institute", parent=academy)
    lab = PartyFactory(name="Lab", parent=institute)

    academy.parent = lab
    with pytest.raises(ValidationError, match="descendant of itself"):
        academy.save()
    academy.refresh_from_db()
    assert academy.parent is None


def test_it_rejects_a_party_as_its_own_parent() -> None:
    party = PartyFactory()
    party.parent = party
    with pytest.raises(ValidationError, match="own parent"):
        party.full_clean()


def test_the_database_rejects_a_self_parent_written_around_the_model() -> None:
    party = PartyFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Party.objects.filter(pk=party.pk).update(parent=party)


def test_it_derives_a_unique_slug_from_the_abbreviation_or_name() -> None:
    first = PartyFactory(name="Chinese Academy of Sciences", abbreviation="CAS")
    second = PartyFactory(name="Caribbean Agricultural Society", abbreviation="CAS")
    assert (first.slug, second.slug) == ("cas", "cas-2")


def test_the_database_rejects_a_malformed_slug() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        PartyFactory(slug="Not A Slug")


def test_it_rejects_a_duplicate_alias_on_one_party() -> None:
    alias = PartyAliasFactory(name="CAS")
    with pytest.raises(IntegrityError), transaction.atomic():
        PartyAliasFactory(party=alias.party, name="CAS")


def test_party_ancestor_ids_walks_up_any_depth() -> None:
    root = PartyFactory()
    child = PartyFactory(parent=root)
    grandchild = PartyFactory(parent=child)
    PartyFactory(parent=grandchild)
    assert ancestor_ids({grandchild.pk}) == {grandchild.pk, child.pk, root.pk}
    assert ancestor_ids({grandchild.pk}, include_self=False) == {child.pk, root.pk}


def test_a_dated_post_resolves_the_title_held_on_a_signing_date() -> None:
    post = PostFactory(title="President", started_on="2011", ended_on="2020")
    person, party = post.person, post.party
    assert person.post_on(PartialDate.parse("2017-12-03"), party) == post
    assert person.post_on(PartialDate.parse("2020-06"), party) == post
    assert person.post_on(PartialDate.parse("2021"), party) is None


def test_a_post_cannot_end_before_it_starts() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        PostFactory(started_on="2011-05-01", ended_on="2010")


def test_the_database_refuses_a_cycle_written_around_the_model() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the cycle trigger is PostgreSQL's; SQLite relies on Party.save()")
    root = PartyFactory()
    child = PartyFactory(parent=root)
    grandchild = PartyFactory(parent=child)
    with pytest.raises(IntegrityError, match="own ancestor"), transaction.atomic():
        Party.objects.filter(pk=root.pk).update(parent=grandchild)
    root.refresh_from_db()
    assert root.parent is None
