"""The pair table (agreements/partnerships.py) equals the pairs counted from the party
links themselves after every kind of write, and after a rebuild; drafts are counted only
in the column for those who may see them."""

from __future__ import annotations

from collections import Counter
from io import StringIO
from itertools import combinations_with_replacement

import pytest
from django.core.management import call_command
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from agreements.models import Agreement, AgreementParty, CountedLink, Partnership
from agreements.partnerships import rebuild_partnerships, refresh_partnerships
from parties.models import Party
from tests.factories import AgreementFactory, PartyFactory

pytestmark = pytest.mark.django_db

Pairs = dict[tuple[int, int], tuple[int, int]]


def live_pairs() -> Pairs:
    """Per pair of parties (a party with itself too): published agreements, all agreements."""
    parties: dict[int, set[int]] = {}
    for agreement_id, party_id in AgreementParty.objects.values_list("agreement_id", "party_id"):
        parties.setdefault(agreement_id, set()).add(party_id)
    published = set(Agreement.objects.filter(published=True).values_list("pk", flat=True))
    counts: Counter[tuple[int, int, bool]] = Counter()
    for agreement_id, members in parties.items():
        for a, b in combinations_with_replacement(sorted(members), 2):
            counts[a, b, agreement_id in published] += 1
    pairs = {(a, b) for a, b, _published in counts}
    return {
        (a, b): (counts[a, b, True], counts[a, b, True] + counts[a, b, False]) for a, b in pairs
    }


def table() -> Pairs:
    return {
        (a, b): (published, every)
        for a, b, published, every in Partnership.objects.values_list(
            "party_a_id", "party_b_id", "agreements", "with_drafts"
        )
    }


@pytest.fixture
def trio() -> list[Party]:
    return [PartyFactory(slug=slug) for slug in ("alpha", "beta", "gamma")]


def test_a_new_agreement_counts_each_pair_of_its_parties_once(trio: list[Party]) -> None:
    alpha, beta, gamma = trio
    AgreementFactory(parties=[alpha, beta, gamma])
    AgreementFactory(parties=[alpha, beta])

    assert table() == live_pairs()
    assert table()[alpha.pk, beta.pk] == (2, 2)
    assert table()[beta.pk, gamma.pk] == (1, 1)
    # A party with itself: the agreements it is party to (the network's node weights).
    assert table()[alpha.pk, alpha.pk] == (2, 2)


def test_drafts_count_only_for_those_who_see_drafts(trio: list[Party]) -> None:
    alpha, beta, _gamma = trio
    AgreementFactory(parties=[alpha, beta], published=False)

    assert table()[alpha.pk, beta.pk] == (0, 1)
    assert table() == live_pairs()


def test_publishing_and_withdrawing_move_the_agreement_between_the_counts(
    trio: list[Party],
) -> None:
    alpha, beta, _gamma = trio
    draft = AgreementFactory(parties=[alpha, beta], published=False)

    draft.published = True
    draft.save()
    assert table()[alpha.pk, beta.pk] == (1, 1)
    draft.published = False
    draft.save()
    assert table()[alpha.pk, beta.pk] == (0, 1)
    assert table() == live_pairs()


def test_adding_removing_and_changing_a_party_link_moves_its_pairs(trio: list[Party]) -> None:
    alpha, beta, gamma = trio
    made = AgreementFactory(parties=[alpha, beta])
    link = AgreementParty.objects.create(agreement=made, party=gamma, position=2)
    assert table()[alpha.pk, gamma.pk] == (1, 1)
    assert table() == live_pairs()

    delta = PartyFactory(slug="delta")
    link.party = delta
    link.save()
    assert (alpha.pk, gamma.pk) not in table()  # no agreement holds the pair any more
    assert table()[alpha.pk, delta.pk] == (1, 1)
    assert table() == live_pairs()

    link.delete()
    assert (alpha.pk, delta.pk) not in table()
    assert table() == live_pairs()


def test_deleting_an_agreement_counts_it_out(trio: list[Party]) -> None:
    alpha, beta, gamma = trio
    AgreementFactory(parties=[alpha, beta])
    gone = AgreementFactory(parties=[alpha, beta, gamma])

    gone.delete()

    assert table() == live_pairs()
    assert table()[alpha.pk, beta.pk] == (1, 1)
    assert (beta.pk, gamma.pk) not in table()
    assert not CountedLink.objects.filter(agreement_id=gone.pk).exists()


def test_a_rebuild_counts_links_written_around_the_signals(trio: list[Party]) -> None:
    alpha, beta, gamma = trio
    AgreementFactory(parties=[alpha, beta])
    bulk = Agreement.objects.bulk_create(
        [
            Agreement(
                title="Bulk",
                slug="bulk",
                kind="contract",
                published=True,
                first_published_at=timezone.now(),
                signed_on="2020",
            )
        ]
    )[0]
    AgreementParty.objects.bulk_create(
        [AgreementParty(agreement=bulk, party=party) for party in (alpha, beta, gamma)]
    )
    assert table() != live_pairs()

    out = StringIO()
    call_command("rebuild_partnerships", stdout=out)

    assert table() == live_pairs()
    assert "Counted 6 pairs" in out.getvalue()
    # Refreshing what the rebuild counted changes nothing.
    assert refresh_partnerships(Agreement.objects.values_list("pk", flat=True)) == 0
    assert rebuild_partnerships() == 6


def test_a_refresh_of_an_unchanged_agreement_costs_two_queries(
    trio: list[Party], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    made = AgreementFactory(parties=trio)
    # 1 the agreement's links as they are (its row locked), 2 as they are counted.
    with django_assert_num_queries(2):
        assert refresh_partnerships([made.pk]) == 0
