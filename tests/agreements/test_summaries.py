"""The summaries (agreements/summaries.py): after every kind of write they hold exactly
what counting the published agreements live gives, for every scope and grouping."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from agreements.choices import AgreementKind, AgreementStatus
from agreements.filtersets import AgreementFilterSet
from agreements.groupings import GROUPINGS, count_by, count_by_year_and, summarized_total
from agreements.models import (
    Agreement,
    AgreementCount,
    AgreementParty,
    CooperationField,
    CountedAgreement,
    Region,
)
from agreements.statuses import refresh_statuses
from agreements.summaries import SCOPE_GROUPING, rebuild_summaries
from parties.models import Party
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    CooperationFieldFactory,
    PartyFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db


def filters_of(scope: str) -> dict[str, Any]:
    """The query string selecting the agreements of ``scope``."""
    if not scope:
        return {}
    prefix, _, value = scope.partition(":")
    if prefix in ("field", "region"):
        term = (CooperationField if prefix == "field" else Region).objects.get(pk=value)
        return {prefix: [term.slug]}
    if prefix in ("party", "subparty"):
        slug = Party.objects.get(pk=value).slug
        return {"party": [slug], **({"include_subunits": "true"} if prefix == "subparty" else {})}
    return {{"year": "signed_year", "country": "party_country"}.get(prefix, prefix): [value]}


def live(scope: str) -> Any:
    filterset = AgreementFilterSet(data=filters_of(scope), queryset=Agreement.objects.published())
    assert filterset.is_valid(), filterset.errors
    return filterset.qs


def scopes_to_check() -> set[str]:
    """Every scope the summaries hold, and one per filter value that has no agreement."""
    held = set(AgreementCount.objects.values_list("scope", flat=True))
    every_party = {
        f"{p}:{pk}"
        for pk in Party.objects.values_list("pk", flat=True)
        for p in ("party", "subparty")
    }
    return held | every_party | {"", "kind:memorandum_of_understanding", "status:expired"}


def assert_summaries_match_live_counts() -> None:
    for scope in sorted(scopes_to_check()):
        agreements = live(scope)
        assert summarized_total(scope) == agreements.count(), scope
        own = SCOPE_GROUPING.get(scope.partition(":")[0])
        for grouping in GROUPINGS:
            if scope and grouping == own:
                continue
            expected = count_by(grouping, agreements)
            assert count_by(grouping, agreements, scope=scope) == expected, (scope, grouping)
        by_status = sorted(
            (year, status, n)
            for year, status, n in count_by_year_and("status", agreements)
            if year is not None
        )
        summarized = count_by_year_and("status", agreements, scope=scope)
        assert sorted(r for r in summarized if r[0] is not None) == by_status, scope
    by_kind = count_by_year_and("kind", live(""))
    assert sorted(r for r in count_by_year_and("kind", live(""), scope="") if r[0]) == sorted(
        r for r in by_kind if r[0]
    )


@pytest.fixture
def world() -> dict[str, Any]:
    """CAS with an institute (SIAT), a university abroad, a field with a narrower one, a
    region; three published agreements and a draft."""
    cas = PartyFactory(slug="cas", country="CN")
    siat = PartyFactory(slug="siat", country="CN", parent=cas)
    oxford = PartyFactory(slug="oxford", country="GB")
    un = PartyFactory(slug="un", country="")
    energy = CooperationFieldFactory(slug="energy")
    solar = CooperationFieldFactory(slug="solar", parent=energy)
    europe = RegionFactory(slug="europe")
    first = AgreementFactory(signed_on="2019-07", parties=[cas, oxford])
    first.fields.add(solar)
    first.regions.add(europe)
    second = AgreementFactory(
        signed_on="2021", kind=AgreementKind.MEMORANDUM_OF_UNDERSTANDING, parties=[siat, un]
    )
    second.fields.add(energy)
    undated = AgreementFactory(signed_on=None, parties=[oxford, un])
    draft = AgreementFactory(published=False, parties=[cas, siat])
    draft.fields.add(energy)
    return locals()


def test_the_summaries_match_live_counts_after_creating_agreements(world: dict[str, Any]) -> None:
    assert_summaries_match_live_counts()
    assert summarized_total("") == 3


def test_drafts_are_never_counted(world: dict[str, Any]) -> None:
    draft = world["draft"]
    assert CountedAgreement.objects.filter(agreement_id=draft.pk).count() == 0
    assert summarized_total(f"party:{world['siat'].pk}") == 1  # the second agreement only


def test_publishing_unpublishing_and_deleting_keep_them_exact(world: dict[str, Any]) -> None:
    draft, first = world["draft"], world["first"]
    draft.published = True
    draft.save()
    assert summarized_total("") == 4
    assert_summaries_match_live_counts()
    first.published = False
    first.save()
    assert summarized_total("") == 3
    assert summarized_total(f"party:{world['oxford'].pk}") == 1
    assert_summaries_match_live_counts()
    world["second"].delete()
    assert summarized_total("") == 2
    assert_summaries_match_live_counts()


def test_changing_kind_status_and_date_moves_the_counts(world: dict[str, Any]) -> None:
    first = world["first"]
    first.kind = AgreementKind.MEMORANDUM_OF_UNDERSTANDING
    first.signed_on = "2015-03"
    first.save()
    assert_summaries_match_live_counts()


def test_adding_and_removing_links_keeps_them_exact(world: dict[str, Any]) -> None:
    first, second, undated = world["first"], world["second"], world["undated"]
    link = AgreementPartyFactory(agreement=first, party=world["siat"], position=2)
    assert_summaries_match_live_counts()
    link.delete()
    AgreementParty.objects.filter(agreement=second, party=world["un"]).delete()
    assert_summaries_match_live_counts()
    second.fields.remove(world["energy"])
    second.regions.add(world["europe"])
    world["solar"].agreements.add(undated)  # from the field's side
    assert_summaries_match_live_counts()
    world["europe"].agreements.clear()
    assert_summaries_match_live_counts()
    first.fields.clear()
    assert_summaries_match_live_counts()


def test_a_party_moving_or_changing_country_moves_the_counts(world: dict[str, Any]) -> None:
    siat, oxford = world["siat"], world["oxford"]
    siat.parent = oxford
    siat.save()
    assert summarized_total(f"subparty:{oxford.pk}") == 3
    assert summarized_total(f"subparty:{world['cas'].pk}") == 1
    oxford.country = "FR"
    oxford.save()
    assert summarized_total("country:GB") == 0
    assert_summaries_match_live_counts()


def test_the_daily_status_job_moves_the_counts(world: dict[str, Any]) -> None:
    # Stored in force though it expired long ago: the daily job rewrites it in bulk.
    stale = AgreementFactory(
        signed_on="2010", expires_on="2011", status="in_force", parties=[world["cas"], world["un"]]
    )
    assert summarized_total("status:in_force") >= 1
    assert refresh_statuses() >= 1
    assert Agreement.objects.get(pk=stale.pk).status == AgreementStatus.EXPIRED
    assert summarized_total("status:expired") == 1
    assert_summaries_match_live_counts()


def test_a_rebuild_gives_what_the_writes_kept(world: dict[str, Any]) -> None:
    kept = set(AgreementCount.objects.values_list("scope", "grouping", "value", "count"))
    counted = set(CountedAgreement.objects.values_list("agreement_id", "scopes", "keys"))
    AgreementCount.objects.update(count=99)
    CountedAgreement.objects.all().delete()
    assert rebuild_summaries() == 3
    assert set(AgreementCount.objects.values_list("scope", "grouping", "value", "count")) == kept
    assert set(CountedAgreement.objects.values_list("agreement_id", "scopes", "keys")) == counted


def test_the_command_rebuilds_them_after_a_bulk_load(world: dict[str, Any]) -> None:
    Agreement.objects.filter(pk=world["draft"].pk).update(  # no signal
        published=True, first_published_at=timezone.now()
    )
    assert summarized_total("") == 3
    call_command("rebuild_summaries", verbosity=0)
    assert summarized_total("") == 4
    assert_summaries_match_live_counts()
