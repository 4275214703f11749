"""Lifecycle through the API: statuses written by the write service, statuses set by hand,
renewal chains (drafts hidden), and the point-in-time filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from agreements import lifecycle
from agreements.models import Agreement, AgreementRelation
from tests.factories import AgreementFactory, AgreementPartyFactory, PartyFactory

from .conftest import AGREEMENTS, agreement_payload, agreement_url, send

TODAY = dt.date(2024, 1, 15)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """The clock of statuses and filters, fixed (the site's lifecycle.today())."""
    monkeypatch.setattr(lifecycle, "today", lambda: TODAY)
    return TODAY


def fields_of(response: Any) -> list[str]:
    return [error["field"] for error in response.json()["errors"]]


def test_a_write_stores_the_status_its_dates_give(
    feeder_client: Client, world: dict[str, Any], today: dt.date
) -> None:
    payload = agreement_payload(status="in_force", signed_on="2010", expires_on="2023-11-03")
    response = send(feeder_client, "post", AGREEMENTS, payload)
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "expired"
    changed = send(
        feeder_client, "patch", agreement_url("cas-shenzhen-2017"), {"expires_on": "2030"}
    )
    assert changed.json()["status"] == "in_force"
    assert Agreement.objects.get(slug="cas-shenzhen-2017").status == "in_force"


def test_a_renewal_supersedes_what_it_renews_once_it_takes_effect(
    feeder_client: Client, world: dict[str, Any], today: dt.date
) -> None:
    older = world["older"]
    send(feeder_client, "post", AGREEMENTS, agreement_payload(signed_on="2023-06"))
    older.refresh_from_db()
    assert older.status == "superseded"
    # Not yet in effect: the older one is in force again.
    send(feeder_client, "patch", agreement_url("cas-shenzhen-2017"), {"signed_on": "2025"})
    older.refresh_from_db()
    assert older.status == "in_force"
    send(feeder_client, "patch", agreement_url("cas-shenzhen-2017"), {"signed_on": "2023"})
    older.refresh_from_db()
    assert older.status == "superseded"
    # The relation removed, it is no longer superseded.
    send(feeder_client, "patch", agreement_url("cas-shenzhen-2017"), {"relations": []})
    older.refresh_from_db()
    assert older.status == "in_force"


def test_a_draft_renewal_supersedes_nothing_until_published(
    feeder_client: Client, world: dict[str, Any], today: dt.date
) -> None:
    older = world["older"]
    payload = agreement_payload(signed_on="2023-06", published=False)
    send(feeder_client, "post", AGREEMENTS, payload)
    older.refresh_from_db()
    assert older.status == "in_force"
    send(feeder_client, "patch", agreement_url("cas-shenzhen-2017"), {"published": True})
    older.refresh_from_db()
    assert older.status == "superseded"


def test_a_fixed_status_needs_a_note(
    feeder_client: Client, world: dict[str, Any], today: dt.date
) -> None:
    refused = send(
        feeder_client,
        "post",
        AGREEMENTS,
        agreement_payload(status="terminated", status_fixed=True),
    )
    assert refused.status_code == 400
    assert fields_of(refused) == ["status_note"]
    assert not Agreement.objects.filter(slug="cas-shenzhen-2017").exists()
    note = "Ended by an exchange of letters; no date given."
    kept = send(
        feeder_client,
        "post",
        AGREEMENTS,
        agreement_payload(status="terminated", status_fixed=True, status_note=note),
    )
    assert kept.status_code == 201, kept.content
    assert (kept.json()["status"], kept.json()["status_note"]) == ("terminated", note)
    # Clearing the note of a fixed status is refused too.
    cleared = send(feeder_client, "patch", agreement_url("cas-shenzhen-2017"), {"status_note": ""})
    assert cleared.status_code == 400
    assert fields_of(cleared) == ["status_note"]
    # Unfixed, the dates decide again.
    unfixed = send(
        feeder_client, "patch", agreement_url("cas-shenzhen-2017"), {"status_fixed": False}
    )
    assert unfixed.json()["status"] == "in_force"


@pytest.fixture
def chain(db: None) -> dict[str, Agreement]:
    """2012 renewed by 2017 (in force), renewed by a draft of 2022; 2017 amended in 2019."""
    first = AgreementFactory(slug="first", signed_on="2012", status="superseded")
    second = AgreementFactory(slug="second", signed_on="2017", status="in_force")
    amendment = AgreementFactory(slug="amendment", signed_on="2019", status="in_force")
    draft = AgreementFactory(slug="third-draft", signed_on="2022", published=False)
    unrelated = AgreementFactory(slug="unrelated")
    AgreementRelation.objects.create(agreement=second, kind="renews", other=first)
    AgreementRelation.objects.create(agreement=amendment, kind="amends", other=second)
    AgreementRelation.objects.create(agreement=draft, kind="renews", other=second)
    AgreementRelation.objects.create(agreement=unrelated, kind="related", other=first)
    return {"first": first, "second": second, "draft": draft}


def test_the_chain_lists_renewals_and_amendments_and_marks_the_current_one(
    client: Client, chain: dict[str, Agreement]
) -> None:
    data = client.get(agreement_url("first")).json()
    assert [(c["slug"], c["relation"], c["current"]) for c in data["chain"]] == [
        ("first", "this", False),
        ("second", "renewed_by", True),
        ("amendment", "later", False),
    ]
    assert data["chain"][1]["status"] == "in_force"
    assert data["chain"][1]["signed_on"] == "2017"


def test_the_chain_hides_drafts_from_the_public_but_not_from_tokens(
    client: Client, analyst_client: Client, chain: dict[str, Agreement]
) -> None:
    public = client.get(agreement_url("second")).json()["chain"]
    assert "third-draft" not in {c["slug"] for c in public}
    seen = analyst_client.get(agreement_url("second")).json()["chain"]
    assert {c["slug"]: c["relation"] for c in seen} == {
        "first": "renews",
        "second": "this",
        "amendment": "amended_by",
        "third-draft": "renewed_by",
    }


def test_the_chain_is_empty_without_renewals_and_absent_from_lists(
    client: Client, chain: dict[str, Agreement]
) -> None:
    assert client.get(agreement_url("unrelated")).json()["chain"] == []
    rows = client.get(AGREEMENTS).json()["results"]
    assert rows and all("chain" not in row for row in rows)


@pytest.fixture
def terms(db: None) -> None:
    """Agreements with terms around 2020, precise to the day, the month or the year."""
    AgreementFactory(slug="whole-decade", signed_on="2015", expires_on="2025")
    AgreementFactory(slug="until-march", signed_on="2015", expires_on="2020-03")
    AgreementFactory(slug="from-june-2020", signed_on="2020-05-20", effective_on="2020-06-01")
    AgreementFactory(slug="ended-2019", signed_on="2015", terminated_on="2019-12-31")
    AgreementFactory(slug="negotiating", signed_on=None, status="negotiating")
    AgreementFactory(slug="expiring-soon", signed_on="2015", expires_on="2024-02")
    renewed = AgreementFactory(slug="renewed-2018", signed_on="2010")
    renewal = AgreementFactory(slug="renewal-2018", signed_on="2018-07")
    AgreementRelation.objects.create(agreement=renewal, kind="renews", other=renewed)


def found(client: Client, **params: str) -> set[str]:
    response = client.get(AGREEMENTS, {**params, "fields": "slug", "page_size": "100"})
    assert response.status_code == 200, response.content
    return {row["slug"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2020-04-01", {"whole-decade", "expiring-soon", "renewal-2018"}),
        ("2020-03", {"whole-decade", "until-march", "expiring-soon", "renewal-2018"}),
        (
            "2020",
            {"whole-decade", "until-march", "from-june-2020", "expiring-soon", "renewal-2018"},
        ),
        (
            "2018",
            {
                "whole-decade", "until-march", "ended-2019", "expiring-soon", "renewed-2018",
                "renewal-2018",
            },
        ),
    ],
)  # fmt: skip
def test_in_force_on_finds_what_was_in_force_on_a_day_month_or_year(
    client: Client, terms: None, period: str, expected: set[str]
) -> None:
    assert found(client, in_force_on=period) == expected


def test_the_point_in_time_filters_combine_with_the_others(
    client: Client, terms: None, today: dt.date
) -> None:
    cas = PartyFactory(slug="cas")
    siat = PartyFactory(slug="siat", parent=cas)
    AgreementPartyFactory(agreement=Agreement.objects.get(slug="whole-decade"), party=siat)
    AgreementPartyFactory(agreement=Agreement.objects.get(slug="until-march"), party=siat)
    assert found(client, in_force_on="2020-04", party="cas") == set()
    assert found(client, in_force_on="2020-04", party="cas", include_subunits="true") == {
        "whole-decade"
    }
    assert found(client, expiring_within="60") == {"expiring-soon"}
    assert found(client, expiring_within="3650", in_force_on=today.isoformat()) == {
        "whole-decade",
        "expiring-soon",
    }
    assert found(client, expires_after="2024", expires_before="2024") == {"expiring-soon"}
    assert found(client, expires_after="2025") == {"whole-decade"}


@pytest.mark.parametrize(
    ("params", "bad"),
    [
        ({"in_force_on": "2017-13"}, "in_force_on"),
        ({"in_force_on": "yesterday"}, "in_force_on"),
        ({"expiring_within": "abc"}, "expiring_within"),
        ({"expiring_within": "0"}, "expiring_within"),
        ({"expiring_within": "3651"}, "expiring_within"),
        ({"expires_after": "2024-02-30"}, "expires_after"),
    ],
)
def test_bad_point_in_time_values_get_a_400_naming_the_parameter(
    client: Client, db: None, params: dict[str, str], bad: str
) -> None:
    response = client.get(AGREEMENTS, params)
    assert response.status_code == 400
    assert fields_of(response) == [bad]
