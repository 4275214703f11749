"""Filters for parties, people, events, cooperation fields and regions."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import QueryDict
from django.test import RequestFactory

from agreements.filtersets import (
    CooperationFieldFilterSet,
    EventFilterSet,
    PartyWithAgreementsFilterSet,
    PersonWithAgreementsFilterSet,
    RegionFilterSet,
)
from agreements.models import CooperationField, Event, Region
from parties.models import Party, Person
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    CooperationFieldFactory,
    EventFactory,
    PartyAliasFactory,
    PartyFactory,
    PersonFactory,
    PostFactory,
    RegionFactory,
    SignatureFactory,
)

pytestmark = pytest.mark.django_db


def slugs(
    filterset_class: Any, queryset: QuerySet[Any], params: dict[str, Any], user: Any = None
) -> set[str]:
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    filterset = filterset_class(
        QueryDict(urlencode(params, doseq=True)), queryset=queryset, request=request
    )
    assert filterset.is_valid(), filterset.errors
    return {obj.slug for obj in filterset.qs}


def errors(filterset_class: Any, queryset: QuerySet[Any], params: dict[str, str]) -> list[str]:
    filterset = filterset_class(QueryDict(urlencode(params)), queryset=queryset)
    assert not filterset.is_valid()
    return list(filterset.errors)


def parties(params: dict[str, Any], user: Any = None) -> set[str]:
    return slugs(PartyWithAgreementsFilterSet, Party.objects.all(), params, user)


def people(params: dict[str, Any], user: Any = None) -> set[str]:
    return slugs(PersonWithAgreementsFilterSet, Person.objects.all(), params, user)


def events(params: dict[str, Any]) -> set[str]:
    return slugs(EventFilterSet, Event.objects.all(), params)


# Parties


def test_parties_filter_by_kind_and_country() -> None:
    PartyFactory(slug="cas", kind="academy", country="CN")
    PartyFactory(slug="mpg", kind="academy", country="DE")
    PartyFactory(slug="tsinghua", kind="university", country="CN")
    assert parties({"kind": "academy"}) == {"cas", "mpg"}
    assert parties({"country": "cn"}) == {"cas", "tsinghua"}
    assert parties({"kind": ["academy", "university"], "country": "CN"}) == {"cas", "tsinghua"}


def test_parties_filter_by_parent_slug() -> None:
    cas = PartyFactory(slug="cas")
    PartyFactory(slug="siat", parent=cas)
    PartyFactory(slug="other")
    assert parties({"parent": "cas"}) == {"siat"}


def test_parties_search_names_in_every_script_abbreviations_and_aliases() -> None:
    cas = PartyFactory(slug="cas", name="Chinese Academy of Sciences", name_local="中国科学院")
    cas.abbreviation = "CAS"
    cas.save()
    PartyAliasFactory(party=cas, name="Academia Sinica")
    PartyAliasFactory(party=cas, name="Academia Sinica Beijing")
    PartyFactory(slug="other", name="Other")
    for q in ("academy", "科学院", "CAS", "sinica"):
        assert parties({"q": q}) == {"cas"}


def test_has_agreements_counts_only_agreements_the_caller_may_see(staff_viewer: User) -> None:
    public, secret = PartyFactory(slug="public"), PartyFactory(slug="secret")
    PartyFactory(slug="idle")
    AgreementPartyFactory(party=public)
    AgreementPartyFactory(party=secret, agreement=AgreementFactory(published=False))
    assert parties({"has_agreements": "true"}) == {"public"}
    assert parties({"has_agreements": "false"}) == {"secret", "idle"}
    assert parties({"has_agreements": "true"}, staff_viewer) == {"public", "secret"}


@pytest.mark.parametrize(
    ("params", "bad"),
    [
        ({"kind": "club"}, "kind"),
        ({"country": "XX"}, "country"),
        ({"parent": "nobody"}, "parent"),
        ({"has_agreements": "perhaps"}, "has_agreements"),
    ],
)
def test_parties_reject_invalid_values(params: dict[str, str], bad: str) -> None:
    assert errors(PartyWithAgreementsFilterSet, Party.objects.all(), params) == [bad]


# People


def test_people_search_names_in_both_scripts() -> None:
    PersonFactory(slug="bai-chunli", name="BAI Chunli", name_local="白春礼")
    PersonFactory(slug="other", name="WANG Wei")
    assert people({"q": "chunli"}) == {"bai-chunli"}
    assert people({"q": "白春"}) == {"bai-chunli"}


def test_people_filter_by_party_through_posts_and_visible_signatures(
    staff_viewer: User,
) -> None:
    cas = PartyFactory(slug="cas")
    PostFactory(person=PersonFactory(slug="president"), party=cas)
    signed = AgreementFactory()
    AgreementPartyFactory(agreement=signed, party=cas)
    SignatureFactory(agreement=signed, on_behalf_of=cas, person=PersonFactory(slug="signer"))
    draft = AgreementFactory(published=False)
    AgreementPartyFactory(agreement=draft, party=cas)
    SignatureFactory(agreement=draft, on_behalf_of=cas, person=PersonFactory(slug="secret"))
    PersonFactory(slug="unrelated")
    assert people({"party": "cas"}) == {"president", "signer"}
    assert people({"party": "cas"}, staff_viewer) == {"president", "signer", "secret"}


def test_people_reject_unknown_party() -> None:
    assert errors(PersonWithAgreementsFilterSet, Person.objects.all(), {"party": "nobody"}) == [
        "party"
    ]


# Events


def test_events_filter_by_kind_party_and_agreement() -> None:
    cas, agreement = PartyFactory(slug="cas"), AgreementFactory(slug="founding")
    symposium = EventFactory(slug="symposium", kind="symposium")
    symposium.parties.add(cas)
    ceremony = EventFactory(slug="ceremony", kind="signing_ceremony")
    ceremony.agreements.add(agreement)
    EventFactory(slug="visit", kind="visit")
    assert events({"kind": "symposium"}) == {"symposium"}
    assert events({"kind": ["symposium", "visit"]}) == {"symposium", "visit"}
    assert events({"party": "cas"}) == {"symposium"}
    assert events({"agreement": "founding"}) == {"ceremony"}


def test_events_date_range_is_precision_aware() -> None:
    EventFactory(slug="day", date="2017-12-03")
    EventFactory(slug="month", date="2017-12")
    EventFactory(slug="year", date="2017")
    assert events({"date_after": "2017-12-02"}) == {"day"}
    assert events({"date_after": "2017-12"}) == {"day", "month"}
    assert events({"date_before": "2017-12-03"}) == {"day"}
    assert events({"date_after": "2017", "date_before": "2017"}) == {"day", "month", "year"}


def test_events_search_titles_place_and_description() -> None:
    EventFactory(slug="a", title="Symposium", title_local="研讨会", place="Shenzhen")
    EventFactory(slug="b", title="Visit", description="A visit to Hefei")
    assert events({"q": "研讨"}) == {"a"}
    assert events({"q": "shenzhen"}) == {"a"}
    assert events({"q": "hefei"}) == {"b"}


@pytest.mark.parametrize(
    ("params", "bad"),
    [
        ({"kind": "party"}, "kind"),
        ({"date_after": "2017-02-30"}, "date_after"),
        ({"date_before": "soon"}, "date_before"),
        ({"agreement": "nothing"}, "agreement"),
    ],
)
def test_events_reject_invalid_values(params: dict[str, str], bad: str) -> None:
    assert errors(EventFilterSet, Event.objects.all(), params) == [bad]


# Fields and regions


@pytest.mark.parametrize(
    ("filterset_class", "factory", "model"),
    [
        (CooperationFieldFilterSet, CooperationFieldFactory, CooperationField),
        (RegionFilterSet, RegionFactory, Region),
    ],
)
def test_vocabularies_filter_by_parent_and_search_both_languages(
    filterset_class: Any, factory: Any, model: Any
) -> None:
    top = factory(slug="top", name="Science", name_local="科学")
    factory(slug="child", name="Physics", name_local="物理", parent=top)
    factory(slug="other", name="Capital")
    terms = model.objects.all()
    assert slugs(filterset_class, terms, {"parent": "top"}) == {"child"}
    assert slugs(filterset_class, terms, {"q": "物理"}) == {"child"}
    assert slugs(filterset_class, terms, {"q": "scien"}) == {"top"}
    assert errors(filterset_class, terms, {"parent": "nothing"}) == ["parent"]


def test_the_parties_app_declares_no_filter_through_agreements() -> None:
    from parties.filtersets import PartyFilterSet

    assert "has_agreements" not in PartyFilterSet.base_filters
    assert "has_agreements" in PartyWithAgreementsFilterSet.base_filters


def test_the_parties_api_filters_through_agreements(client: Any) -> None:
    AgreementPartyFactory(party=PartyFactory(slug="signer"))
    PartyFactory(slug="idle")
    response = client.get("/api/parties/", {"has_agreements": "yes"})
    assert [p["slug"] for p in response.json()["results"]] == ["signer"]
