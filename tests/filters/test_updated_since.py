"""``?updated_since=`` on every API list: records changed at or after a date or moment."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from agreements.models import Agreement, CooperationField, Event, Region
from parties.models import Party, Person
from tests.factories import (
    AgreementFactory,
    CooperationFieldFactory,
    EventFactory,
    PartyFactory,
    PersonFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db

LISTS = [
    ("agreements", AgreementFactory, Agreement),
    ("parties", PartyFactory, Party),
    ("people", PersonFactory, Person),
    ("events", EventFactory, Event),
    ("fields", CooperationFieldFactory, CooperationField),
    ("regions", RegionFactory, Region),
]
BEFORE = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(("collection", "factory", "model"), LISTS)
def test_every_list_keeps_the_records_changed_since(
    feeder_client: Client, collection: str, factory: Any, model: Any
) -> None:
    old, new = factory(), factory()
    # updated_at is set on save (auto_now): moved back in time without a save.
    model.objects.filter(pk=old.pk).update(updated_at=BEFORE)
    model.objects.filter(pk=new.pk).update(updated_at=BEFORE + dt.timedelta(days=1))

    def listed(since: str) -> set[str]:
        response = feeder_client.get(f"/api/{collection}/", {"updated_since": since})
        assert response.status_code == 200, response.json()
        return {item["slug"] for item in response.json()["results"]}

    assert listed("2026-03-02") == {new.slug}  # a date: from its first moment
    assert listed("2026-03-01") == {old.slug, new.slug}
    assert listed("2026-03-01T12:00:01Z") == {new.slug}
    assert listed("2026-03-01T20:00:00+08:00") == {old.slug, new.slug}  # 12:00 UTC
    assert listed("2026-03-01T20:00:01 08:00") == {new.slug}  # "+" sent unencoded


@pytest.mark.parametrize("collection", [name for name, _, _ in LISTS])
@pytest.mark.parametrize("value", ["yesterday", "2026-02-30", "2026-03-01T25:00", "12"])
def test_a_bad_moment_is_refused_naming_updated_since(
    client: Client, collection: str, value: str
) -> None:
    response = client.get(f"/api/{collection}/", {"updated_since": value})

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["updated_since"]


@pytest.mark.parametrize("collection", [name for name, _, _ in LISTS])
@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"])
def test_a_moment_outside_the_calendar_in_utc_is_refused_not_a_500(
    client: Client, collection: str, value: str
) -> None:
    response = client.get(f"/api/{collection}/", {"updated_since": value})

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["updated_since"]
