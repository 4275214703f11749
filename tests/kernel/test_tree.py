"""The one hierarchy walker (kernel/tree.py), on parties and on a vocabulary."""

from __future__ import annotations

import pytest

from agreements.models import CooperationField
from kernel.tree import ancestor_ids, subtree_ids
from parties.models import Party
from tests.factories import CooperationFieldFactory, PartyFactory

pytestmark = pytest.mark.django_db


def subtree(model: type[Party] | type[CooperationField], roots: list, **kwargs: bool) -> set[int]:
    return set(
        model.objects.filter(pk__in=subtree_ids(model, roots, **kwargs)).values_list(
            "pk", flat=True
        )
    )


def test_subtree_ids_reaches_every_depth_below_several_roots() -> None:
    a = PartyFactory()
    a_child = PartyFactory(parent=a)
    a_grandchild = PartyFactory(parent=a_child)
    b = PartyFactory()
    b_child = PartyFactory(parent=b)
    PartyFactory()  # unrelated
    assert subtree(Party, [a, b]) == {a.pk, a_child.pk, a_grandchild.pk, b.pk, b_child.pk}
    assert subtree(Party, [a.pk], include_self=False) == {a_child.pk, a_grandchild.pk}


def test_subtree_ids_of_no_roots_is_empty() -> None:
    PartyFactory()
    assert subtree(Party, []) == set()


def test_ancestor_ids_reaches_every_depth_above_several_nodes() -> None:
    root = CooperationFieldFactory()
    science = CooperationFieldFactory(parent=root)
    physics = CooperationFieldFactory(parent=science)
    other = CooperationFieldFactory()
    CooperationFieldFactory(parent=physics)  # below: not an ancestor
    assert ancestor_ids(CooperationField, [physics, other]) == {
        physics.pk,
        science.pk,
        root.pk,
        other.pk,
    }
    # A starting node above another starting node is that one's ancestor, so it stays.
    assert ancestor_ids(CooperationField, [physics, science], include_self=False) == {
        science.pk,
        root.pk,
    }


def test_ancestor_ids_is_one_query(django_assert_num_queries) -> None:
    lab = PartyFactory(parent=PartyFactory(parent=PartyFactory()))
    with django_assert_num_queries(1):
        assert len(ancestor_ids(Party, [lab])) == 3


def test_ancestors_lists_the_chain_from_the_root_down() -> None:
    academy = PartyFactory(name="Academy")
    institute = PartyFactory(name="Institute", parent=academy)
    lab = PartyFactory(name="Lab", parent=institute)
    assert [p.name for p in lab.ancestors()] == ["Academy", "Institute"]
    assert academy.ancestors() == []
