"""AgreementFilterSet, one behaviour per test, driven by query strings as the API gets them."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from agreements.filtersets import AgreementFilterSet
from agreements.models import Agreement
from parties.choices import PartyKind
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    CooperationFieldFactory,
    PartyFactory,
    PersonFactory,
    RegionFactory,
    SignatureFactory,
)

pytestmark = pytest.mark.django_db


def query(params: dict[str, Any]) -> QueryDict:
    return QueryDict(urlencode(params, doseq=True))


def filtered(params: dict[str, Any]) -> AgreementFilterSet:
    return AgreementFilterSet(query(params), queryset=Agreement.objects.all())


def slugs(params: dict[str, Any]) -> set[str]:
    filterset = filtered(params)
    assert filterset.is_valid(), filterset.errors
    return {a.slug for a in filterset.qs}


def ordered_slugs(params: dict[str, Any]) -> list[str]:
    filterset = filtered(params)
    assert filterset.is_valid(), filterset.errors
    return [a.slug for a in filterset.qs]


def with_parties(*parties: Any, **fields: Any) -> Agreement:
    agreement = AgreementFactory(**fields)
    for party in parties:
        AgreementPartyFactory(agreement=agreement, party=party)
    return agreement


def test_it_filters_by_party_slug_and_repeats_as_any_of() -> None:
    cas, ucas, other = PartyFactory(slug="cas"), PartyFactory(slug="ucas"), PartyFactory()
    a, b, _c = with_parties(cas), with_parties(ucas), with_parties(other)
    assert slugs({"party": "cas"}) == {a.slug}
    assert slugs({"party": ["cas", "ucas"]}) == {a.slug, b.slug}


def test_it_includes_subunits_at_any_depth_only_when_asked() -> None:
    cas = PartyFactory(slug="cas")
    branch = PartyFactory(parent=cas)
    institute = PartyFactory(parent=branch)
    lab = PartyFactory(parent=institute)  # depth 3 below CAS
    top, deep = with_parties(cas), with_parties(lab)
    with_parties(PartyFactory())
    assert slugs({"party": "cas"}) == {top.slug}
    assert slugs({"party": "cas", "include_subunits": "true"}) == {top.slug, deep.slug}
    assert slugs({"party": "cas", "include_subunits": "false"}) == {top.slug}


def test_include_subunits_costs_no_query_per_level(django_assert_num_queries: Any) -> None:
    cas = PartyFactory(slug="cas")
    node = cas
    for _ in range(4):
        node = PartyFactory(parent=node)
    deep = with_parties(node)
    # 1: the slug lookup validating ?party=cas; 2: the agreements, subtree included.
    with django_assert_num_queries(2):
        result = {a.slug for a in filtered({"party": "cas", "include_subunits": "1"}).qs}
    assert result == {deep.slug}


def test_it_filters_by_party_kind() -> None:
    university = with_parties(PartyFactory(kind=PartyKind.UNIVERSITY))
    with_parties(PartyFactory(kind=PartyKind.ENTERPRISE))
    assert slugs({"party_kind": "university"}) == {university.slug}


def test_it_filters_by_party_country_in_any_case() -> None:
    german = with_parties(PartyFactory(country="DE"), PartyFactory(country="CN"))
    with_parties(PartyFactory(country="CN"))
    assert slugs({"party_country": "de"}) == {german.slug}
    assert slugs({"party_country": ["DE", "FR"]}) == {german.slug}


def test_it_never_repeats_an_agreement_matched_through_several_parties() -> None:
    agreement = with_parties(PartyFactory(country="CN"), PartyFactory(country="CN"))
    assert [a.slug for a in filtered({"party_country": "CN"}).qs] == [agreement.slug]


def test_it_tells_international_agreements_by_distinct_countries() -> None:
    international = with_parties(PartyFactory(country="DE"), PartyFactory(country="CN"))
    domestic = with_parties(PartyFactory(country="CN"), PartyFactory(country="CN"))
    # An international organization has no country: it does not make an agreement
    # international by itself.
    with_un = with_parties(PartyFactory(country=""), PartyFactory(country="CN"))
    assert slugs({"international": "true"}) == {international.slug}
    assert slugs({"international": "false"}) == {domestic.slug, with_un.slug}


def test_it_filters_by_kind_and_status() -> None:
    mou = AgreementFactory(kind="memorandum_of_understanding", status="in_force")
    AgreementFactory(kind="contract", status="in_force")
    expired = AgreementFactory(kind="contract", status="expired")
    assert slugs({"kind": "memorandum_of_understanding"}) == {mou.slug}
    assert slugs({"status": "expired"}) == {expired.slug}
    assert slugs({"kind": "contract", "status": ["expired", "signed"]}) == {expired.slug}


def test_it_filters_by_field_including_narrower_fields() -> None:
    science = CooperationFieldFactory(slug="science")
    physics = CooperationFieldFactory(parent=science)
    optics = CooperationFieldFactory(parent=physics)
    broad, narrow, other = AgreementFactory(), AgreementFactory(), AgreementFactory()
    broad.fields.add(science)
    narrow.fields.add(optics)
    other.fields.add(CooperationFieldFactory())
    assert slugs({"field": "science"}) == {broad.slug, narrow.slug}
    assert slugs({"field": physics.slug}) == {narrow.slug}


def test_it_filters_by_region_including_regions_inside_it() -> None:
    bay = RegionFactory(slug="greater-bay-area")
    shenzhen = RegionFactory(parent=bay)
    a, b, c = AgreementFactory(), AgreementFactory(), AgreementFactory()
    a.regions.add(bay)
    b.regions.add(shenzhen)
    c.regions.add(RegionFactory())
    assert slugs({"region": "greater-bay-area"}) == {a.slug, b.slug}


def test_it_filters_by_signed_year_whatever_the_precision() -> None:
    day = AgreementFactory(signed_on="2017-07-15")
    month = AgreementFactory(signed_on="2017-07")
    year = AgreementFactory(signed_on="2019")
    AgreementFactory(signed_on="2018-01-01")
    assert slugs({"signed_year": "2017"}) == {day.slug, month.slug}
    assert slugs({"signed_year": ["2017", "2019"]}) == {day.slug, month.slug, year.slug}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # A month is inside a range only if the whole month is.
        ({"signed_after": "2019-07-01"}, {"july", "july-20", "aug"}),
        ({"signed_after": "2019-07-02"}, {"july-20", "aug"}),
        ({"signed_after": "2019-07"}, {"july", "july-20", "aug"}),
        ({"signed_before": "2019-07-31"}, {"july", "july-20", "june"}),
        ({"signed_before": "2019-07-30"}, {"july-20", "june"}),
        ({"signed_before": "2019-07"}, {"july", "july-20", "june"}),
        # "2019-07" is in year 2019; a year-precision date only in a range holding all of it.
        (
            {"signed_after": "2019", "signed_before": "2019"},
            {"june", "july", "july-20", "aug", "year"},
        ),
        ({"signed_after": "2019-01-02"}, {"june", "july", "july-20", "aug"}),
        ({"signed_before": "2019-12-30"}, {"june", "july", "july-20", "aug"}),
        # December ends when the year does.
        ({"signed_before": "2019-12"}, {"june", "july", "july-20", "aug", "year"}),
        ({"signed_after": "2019-07", "signed_before": "2019-07"}, {"july", "july-20"}),
    ],
)
def test_signed_after_and_before_are_inclusive_and_precision_aware(
    params: dict[str, str], expected: set[str]
) -> None:
    AgreementFactory(slug="july", signed_on="2019-07")
    AgreementFactory(slug="july-20", signed_on="2019-07-20")
    AgreementFactory(slug="june", signed_on="2019-06-30")
    AgreementFactory(slug="aug", signed_on="2019-08-01")
    AgreementFactory(slug="year", signed_on="2019")
    AgreementFactory(slug="undated", signed_on=None)
    assert slugs(params) == expected


def test_it_filters_by_place_of_signing_ignoring_case() -> None:
    shenzhen = AgreementFactory(signed_place="Shenzhen, Guangdong")
    AgreementFactory(signed_place="Beijing")
    assert slugs({"signed_place": "shenzhen"}) == {shenzhen.slug}


def test_it_filters_by_person_and_role() -> None:
    bai = PersonFactory(slug="bai-chunli")
    witnessed = SignatureFactory(person=bai, role="witness").agreement
    signed = SignatureFactory(person=bai, role="signatory").agreement
    someone_else = SignatureFactory(role="witness").agreement
    assert slugs({"person": "bai-chunli"}) == {witnessed.slug, signed.slug}
    assert slugs({"person": "bai-chunli", "person_role": "witness"}) == {witnessed.slug}
    assert slugs({"person_role": "witness"}) == {witnessed.slug, someone_else.slug}


def test_it_keeps_agreements_with_at_least_min_parties() -> None:
    two = with_parties(PartyFactory(), PartyFactory())
    three = with_parties(PartyFactory(), PartyFactory(), PartyFactory())
    one = with_parties(PartyFactory())
    assert slugs({"min_parties": "3"}) == {three.slug}
    assert slugs({"min_parties": "2"}) == {two.slug, three.slug}
    assert slugs({"min_parties": "0"}) == {one.slug, two.slug, three.slug}


def test_expires_before_is_inclusive_and_precision_aware() -> None:
    AgreementFactory(slug="day", signed_on="2019", expires_on="2025-06-15")
    AgreementFactory(slug="month", signed_on="2019", expires_on="2025-06")
    AgreementFactory(slug="later", signed_on="2019", expires_on="2026")
    AgreementFactory(slug="open-ended", signed_on="2019", expires_on=None)
    assert slugs({"expires_before": "2025-06-15"}) == {"day"}
    assert slugs({"expires_before": "2025-06"}) == {"day", "month"}
    assert slugs({"expires_before": "2026"}) == {"day", "month", "later"}


def test_it_orders_by_each_allowed_field_both_ways() -> None:
    AgreementFactory(slug="b", title="Beta", signed_on="2018")
    AgreementFactory(slug="a", title="Alpha", signed_on="2020")
    AgreementFactory(slug="c", title="Gamma", signed_on="2019")
    assert ordered_slugs({"ordering": "title"}) == ["a", "b", "c"]
    assert ordered_slugs({"ordering": "-title"}) == ["c", "b", "a"]
    assert ordered_slugs({"ordering": "signed_on"}) == ["b", "c", "a"]
    assert ordered_slugs({"ordering": "-signed_on"}) == ["a", "c", "b"]
    Agreement.objects.get(slug="b").save()  # touched last
    assert ordered_slugs({"ordering": "-updated_at"})[0] == "b"
    assert ordered_slugs({"ordering": "updated_at"})[-1] == "b"


def test_filters_combine_with_and() -> None:
    cas = PartyFactory(slug="cas", country="CN")
    match = with_parties(cas, kind="contract", signed_on="2019-07")
    with_parties(cas, kind="contract", signed_on="2018")
    with_parties(cas, kind="protocol", signed_on="2019-07")
    assert slugs({"party": "cas", "kind": "contract", "signed_year": "2019"}) == {match.slug}


@pytest.mark.parametrize(
    ("params", "bad"),
    [
        ({"signed_after": "2017-13-45"}, "signed_after"),
        ({"signed_before": "July 2017"}, "signed_before"),
        ({"expires_before": "2017-02-30"}, "expires_before"),
        ({"kind": "treaty"}, "kind"),
        ({"status": "dead"}, "status"),
        ({"party": "no-such-party"}, "party"),
        ({"field": "no-such-field"}, "field"),
        ({"region": "no-such-region"}, "region"),
        ({"person": "nobody"}, "person"),
        ({"person_role": "host"}, "person_role"),
        ({"party_kind": "club"}, "party_kind"),
        ({"party_country": "XX"}, "party_country"),
        ({"international": "maybe"}, "international"),
        ({"include_subunits": "yes-please"}, "include_subunits"),
        ({"min_parties": "two"}, "min_parties"),
        ({"min_parties": "2.5"}, "min_parties"),
        ({"min_parties": "-1"}, "min_parties"),
        ({"signed_year": "20x7"}, "signed_year"),
        ({"ordering": "slug"}, "ordering"),
    ],
)
def test_it_rejects_invalid_values_naming_the_parameter(params: dict[str, str], bad: str) -> None:
    filterset = filtered(params)
    assert not filterset.is_valid()
    assert list(filterset.errors) == [bad]


def test_ordering_breaks_ties_by_primary_key_so_pages_never_overlap() -> None:
    # Which of two equal rows a database returns first is unspecified, so the order itself
    # is what is checked.
    assert filtered({"ordering": "-signed_on"}).qs.query.order_by == ("-signed_on", "pk")
    assert filtered({"q": "x"}).qs.query.order_by[-1] == "pk"


@pytest.mark.parametrize("value", ["yes", "on", "TRUE"])
def test_include_subunits_accepts_every_true_value_the_pages_send(value: str) -> None:
    cas = PartyFactory(slug="cas")
    top, deep = with_parties(cas), with_parties(PartyFactory(parent=cas))
    assert slugs({"party": "cas", "include_subunits": value}) == {top.slug, deep.slug}
    assert slugs({"party": "cas", "include_subunits": "no"}) == {top.slug}
