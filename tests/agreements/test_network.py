"""The network selector (agreements/network.py) answers the same from the pair table as
from the party links themselves, for every set of agreements the table stands for."""

from __future__ import annotations

import pytest
from pytest_django import DjangoAssertNumQueries

from agreements.models import Agreement, Partnership
from agreements.network import Counted, network_edges, network_nodes
from parties.models import Party
from tests.factories import AgreementFactory, PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def web() -> dict[str, Party]:
    """Four parties in overlapping agreements, one of them a draft with a fifth."""
    parties = {slug: PartyFactory(slug=slug) for slug in ("a", "b", "c", "d", "secret")}
    a, b, c, d, secret = parties.values()
    AgreementFactory(parties=[a, b])
    AgreementFactory(parties=[a, b, c])
    AgreementFactory(parties=[b, c, d])
    AgreementFactory(parties=[a, d])
    AgreementFactory(parties=[a, secret, c], published=False)
    return parties


@pytest.mark.parametrize("drafts", [False, True])
def test_the_whole_network_from_the_table_equals_the_live_one(
    web: dict[str, Party], drafts: bool
) -> None:
    agreements = Agreement.objects.all() if drafts else Agreement.objects.filter(published=True)
    counted = Counted(drafts=drafts)
    assert network_nodes(agreements, counted=counted) == network_nodes(agreements)
    assert network_edges(agreements, counted=counted) == network_edges(agreements)
    for options in ({"min_weight": 2}, {"limit": 2}, {"among": [web["a"].pk, web["c"].pk]}):
        assert network_edges(agreements, counted=counted, **options) == network_edges(
            agreements, **options
        )
    slugs = {"a", "d"}
    assert network_nodes(agreements, counted=counted, slugs=slugs) == network_nodes(
        agreements, slugs=slugs
    )
    assert network_nodes(agreements, counted=counted, excluding=[web["b"].pk]) == network_nodes(
        agreements, excluding=[web["b"].pk]
    )


@pytest.mark.parametrize("drafts", [False, True])
def test_one_partys_partners_from_the_table_equal_the_live_ones(
    web: dict[str, Party], drafts: bool
) -> None:
    a = web["a"]
    visible = Agreement.objects.all() if drafts else Agreement.objects.filter(published=True)
    agreements = visible.filter(agreement_parties__party=a)
    counted = Counted(drafts=drafts, party=a.pk)
    assert network_nodes(agreements, counted=counted) == network_nodes(agreements)
    partners = network_nodes(agreements, counted=counted, excluding=[a.pk])
    assert partners == network_nodes(agreements, excluding=[a.pk])
    assert ("secret" in {p.slug for p in partners}) is drafts
    # Pairs of its partners with each other count only its agreements: paired live.
    assert network_edges(agreements, counted=counted) == network_edges(agreements)


def test_the_whole_network_reads_the_table_in_one_query_each(
    web: dict[str, Party], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    counted = Counted(drafts=False)
    pair = Partnership.objects.filter(party_a=web["a"], party_b=web["b"])
    pair.update(agreements=7, with_drafts=7)
    agreements = Agreement.objects.filter(published=True)
    with django_assert_num_queries(1):
        edges = network_edges(agreements, counted=counted, limit=1)
    assert [(e.source, e.target, e.weight) for e in edges] == [("a", "b", 7)]
    with django_assert_num_queries(1):
        nodes = network_nodes(agreements, counted=counted)
    assert [(n.slug, n.agreements) for n in nodes] == [("a", 3), ("b", 3), ("c", 2), ("d", 2)]
