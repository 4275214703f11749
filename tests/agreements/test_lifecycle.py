"""The status rule (agreements/lifecycle.py), its query form, and the daily refresh
(agreements/statuses.py), on a fixed day passed explicitly."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from agreements import lifecycle
from agreements.choices import AgreementStatus as S
from agreements.models import Agreement, AgreementRelation
from agreements.statuses import refresh_statuses
from agreements.tasks import refresh_statuses as refresh_task
from kernel.partial_date import PartialDate
from tests.factories import AgreementFactory, CooperationFieldFactory


@dataclass
class Dates:
    signed_on: PartialDate | None = None
    effective_on: PartialDate | None = None
    expires_on: PartialDate | None = None
    terminated_on: PartialDate | None = None
    status: str = S.SIGNED
    status_fixed: bool = False


def d(text: str) -> PartialDate:
    return PartialDate.parse(text)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("dates", "on", "expected"),
    [
        # Undated: what was entered decides between negotiating and signed.
        (Dates(status=S.NEGOTIATING), "2020-01-01", S.NEGOTIATING),
        (Dates(status=S.SIGNED), "2020-01-01", S.SIGNED),
        (Dates(status=S.IN_FORCE), "2020-01-01", S.SIGNED),
        # Signed, in force from the signing date (day, month and year precision).
        (Dates(signed_on=d("2017-12-03")), "2017-12-02", S.SIGNED),
        (Dates(signed_on=d("2017-12-03")), "2017-12-03", S.IN_FORCE),
        (Dates(signed_on=d("2017-12")), "2017-11-30", S.SIGNED),
        (Dates(signed_on=d("2017-12")), "2017-12-01", S.IN_FORCE),
        (Dates(signed_on=d("2017")), "2016-12-31", S.SIGNED),
        (Dates(signed_on=d("2017")), "2017-01-01", S.IN_FORCE),
        # An effective date wins over the signing date; "2017-07" starts on 1 July.
        (Dates(signed_on=d("2017-05-10"), effective_on=d("2017-07")), "2017-06-30", S.SIGNED),
        (Dates(signed_on=d("2017-05-10"), effective_on=d("2017-07")), "2017-07-01", S.IN_FORCE),
        (Dates(effective_on=d("2030")), "2026-01-01", S.SIGNED),
        # Expiry: after the last day of the period ("2028" ends on 31 December).
        (Dates(signed_on=d("2017"), expires_on=d("2028")), "2028-12-31", S.IN_FORCE),
        (Dates(signed_on=d("2017"), expires_on=d("2028")), "2029-01-01", S.EXPIRED),
        (Dates(signed_on=d("2017"), expires_on=d("2023-11")), "2023-11-30", S.IN_FORCE),
        (Dates(signed_on=d("2017"), expires_on=d("2023-11")), "2023-12-01", S.EXPIRED),
        (Dates(signed_on=d("2017"), expires_on=d("2023-11-03")), "2023-11-03", S.IN_FORCE),
        (Dates(signed_on=d("2017"), expires_on=d("2023-11-03")), "2023-11-04", S.EXPIRED),
        # Termination: on its (last) day, and before an expiry still to come.
        (Dates(signed_on=d("2017"), terminated_on=d("2020-03-05")), "2020-03-04", S.IN_FORCE),
        (Dates(signed_on=d("2017"), terminated_on=d("2020-03-05")), "2020-03-05", S.TERMINATED),
        (Dates(signed_on=d("2017"), terminated_on=d("2020-03")), "2020-03-30", S.IN_FORCE),
        (Dates(signed_on=d("2017"), terminated_on=d("2020-03")), "2020-03-31", S.TERMINATED),
        (Dates(signed_on=d("2017"), terminated_on=d("2020")), "2020-12-31", S.TERMINATED),
        (
            Dates(signed_on=d("2017"), expires_on=d("2019"), terminated_on=d("2018-06-01")),
            "2020-01-01",
            S.TERMINATED,
        ),
        # A status set by hand stays.
        (
            Dates(signed_on=d("2017"), status=S.TERMINATED, status_fixed=True),
            "2018-01-01",
            S.TERMINATED,
        ),
    ],
)
def test_it_derives_the_status_from_the_dates_at_their_precision(
    dates: Dates, on: str, expected: str
) -> None:
    assert lifecycle.derived_status(dates, day(on)) == expected  # type: ignore[arg-type]


def test_it_is_superseded_once_a_successor_takes_effect_and_not_before() -> None:
    old = Dates(signed_on=d("2017"), expires_on=d("2027"))
    successor = [d("2022-07")]
    assert lifecycle.derived_status(old, day("2022-06-30"), successor) == S.IN_FORCE  # type: ignore[arg-type]
    assert lifecycle.derived_status(old, day("2022-07-01"), successor) == S.SUPERSEDED  # type: ignore[arg-type]
    # Superseded before it would have expired: superseded stays.
    assert lifecycle.derived_status(old, day("2030-01-01"), successor) == S.SUPERSEDED  # type: ignore[arg-type]


def test_it_gives_each_change_a_readable_reason() -> None:
    stage = lifecycle.lifecycle(
        Dates(signed_on=d("2017"), expires_on=d("2023-11-03")),  # type: ignore[arg-type]
        day("2024-01-01"),
    )
    assert stage.reason() == "expired on 3 November 2023"
    in_force = lifecycle.lifecycle(Dates(effective_on=d("2017-07")), day("2018-01-01"))  # type: ignore[arg-type]
    assert in_force.reason() == "in force since July 2017"


def make(**kwargs: Any) -> Agreement:
    kwargs.setdefault("status", S.SIGNED)
    return AgreementFactory(**kwargs)


@pytest.fixture
def varied(db: None) -> list[Agreement]:
    """Agreements at every stage on 2024-01-01, with their stored status stale."""
    renewed = make(slug="renewed", signed_on="2015", expires_on="2025")
    AgreementRelation.objects.create(
        agreement=make(slug="renewal", signed_on="2023-06"), kind="renews", other=renewed
    )
    draft_successor_of = make(slug="draft-renewed", signed_on="2015")
    AgreementRelation.objects.create(
        agreement=make(slug="draft-renewal", signed_on="2023", published=False),
        kind="supersedes",
        other=draft_successor_of,
    )
    return [
        renewed,
        draft_successor_of,
        make(slug="future", signed_on="2030-02"),
        make(slug="expired", signed_on="2010", expires_on="2023-11-03"),
        make(slug="expired-year", signed_on="2010", expires_on="2023"),
        make(slug="running-year", signed_on="2010", expires_on="2024"),
        make(slug="terminated", signed_on="2010", terminated_on="2023-12"),
        make(slug="negotiating", signed_on=None, status=S.NEGOTIATING),
        make(slug="undated-in-force", signed_on=None, status=S.IN_FORCE),
        make(
            slug="fixed",
            signed_on="2020",
            status=S.TERMINATED,
            status_fixed=True,
            status_note="Announced by press release, no date.",
        ),
    ]


def test_the_query_form_gives_the_same_status_as_the_rule(varied: list[Agreement]) -> None:
    for on in (day("2016-01-01"), day("2023-11-03"), day("2024-01-01"), day("2031-01-01")):
        rows = Agreement.objects.annotate(derived=lifecycle.status_expression(on))
        from_query = {a.slug: a.derived for a in rows}
        successors = {
            r.other.slug: lifecycle.took_effect(r.agreement)
            for r in AgreementRelation.objects.filter(agreement__published=True)
        }
        from_rule = {
            a.slug: lifecycle.derived_status(
                a, on, [successors[a.slug]] if a.slug in successors else []
            )
            for a in Agreement.objects.all()
        }
        assert from_query == from_rule, on


def test_the_refresh_changes_only_stale_rows_with_a_reason_in_the_history(
    varied: list[Agreement],
) -> None:
    on = day("2024-01-01")
    untouched = make(slug="already-right", signed_on="2020", status=S.IN_FORCE)
    before = untouched.history.count()
    changed = refresh_statuses(on=on)
    statuses = dict(Agreement.objects.values_list("slug", "status"))
    assert statuses["renewed"] == S.SUPERSEDED
    assert statuses["draft-renewed"] == S.IN_FORCE  # a draft supersedes nothing
    assert statuses["future"] == S.SIGNED
    assert statuses["expired"] == S.EXPIRED
    assert statuses["expired-year"] == S.EXPIRED
    assert statuses["running-year"] == S.IN_FORCE
    assert statuses["terminated"] == S.TERMINATED
    assert statuses["negotiating"] == S.NEGOTIATING
    assert statuses["undated-in-force"] == S.SIGNED
    assert statuses["fixed"] == S.TERMINATED
    expected_changes = {
        "renewed", "draft-renewed", "expired", "expired-year", "running-year", "terminated",
        "undated-in-force", "renewal", "draft-renewal",
    }  # fmt: skip
    assert changed == len(expected_changes)
    assert untouched.history.count() == before
    expired = Agreement.objects.get(slug="expired")
    latest = expired.history.first()
    assert latest.history_change_reason == "expired on 3 November 2023"
    assert latest.diff_against(latest.prev_record).changed_fields == ["status"]
    # Run again: nothing is stale, nothing is written.
    assert refresh_statuses(on=on) == 0


def test_the_refresh_keeps_the_many_to_many_history_unchanged(db: None) -> None:
    agreement = make(signed_on="2010", expires_on="2020")
    agreement.fields.add(CooperationFieldFactory())
    agreement.save()  # a history record with its fields
    assert refresh_statuses(on=day("2024-01-01")) == 1
    latest = agreement.history.first()
    assert [f.cooperationfield_id for f in latest.fields.all()] == [
        f.pk for f in agreement.fields.all()
    ]
    assert "fields" not in latest.diff_against(latest.prev_record).changed_fields


@pytest.mark.parametrize("stale", [3, 20])
def test_the_refresh_takes_the_same_queries_however_many_rows_change(
    db: None, django_assert_num_queries: Any, stale: int
) -> None:
    for _ in range(stale):
        make(signed_on="2010", expires_on="2020")
    make(signed_on="2020", status=S.IN_FORCE)  # already right: read by no query of its own
    # 1 the stale rows (a batch), 1 their successors, then in a savepoint (2: SAVEPOINT,
    # RELEASE) 1 update, 1 history insert, 1 the new history records' ids, 1 the rows of
    # each many-to-many list (fields, regions: 2; none to copy here), then 1 the next
    # batch (empty). Listening to each batch (sync/signals.py): 1 which are now expired
    # (slugs and publication flags), 1 the active webhook receivers; the change feed's entries
    # would be 2 more (the rows, one insert), but rows made in this transaction already
    # have theirs. The summaries' refresh of the batch (agreements/summaries.py), 15 however
    # many rows: in a savepoint (2), the counted rows made sure of and locked (2), the
    # field and region trees (2), the agreements with their fields, regions and parties
    # (4), the counts raised and those fallen to zero (2), the counted keys written back
    # and read (3).
    with django_assert_num_queries(27):
        assert refresh_statuses(on=day("2024-01-01")) == stale


def test_the_refresh_goes_through_in_batches(db: None) -> None:
    for _ in range(7):
        make(signed_on="2010", expires_on="2020")
    assert refresh_statuses(on=day("2024-01-01"), batch_size=3) == 7
    assert set(Agreement.objects.values_list("status", flat=True)) == {S.EXPIRED}


def test_the_task_and_the_command_refresh_the_statuses(db: None) -> None:
    first = make(signed_on="2010", expires_on="2020")
    refresh_task.enqueue()  # the immediate backend runs it now
    first.refresh_from_db()
    assert first.status == S.EXPIRED
    second = make(signed_on="2030")
    call_command("refresh_statuses", "--date", "2031-01-01", stdout=open("/dev/null", "w"))  # noqa: SIM115
    second.refresh_from_db()
    assert second.status == S.IN_FORCE


def test_a_fixed_status_without_a_note_is_refused_by_the_model_and_the_database(
    db: None,
) -> None:
    agreement = make(signed_on="2010")
    agreement.status_fixed = True
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert "status_note" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=agreement.pk).update(status_fixed=True, status_note="")


def test_a_fixed_status_with_a_note_is_kept_by_the_refresh(db: None) -> None:
    agreement = make(
        signed_on="2010",
        status=S.TERMINATED,
        status_fixed=True,
        status_note="The parties announced the end; no date given.",
    )
    agreement.full_clean()
    assert refresh_statuses(on=day("2024-01-01")) == 0
    agreement.refresh_from_db()
    assert agreement.status == S.TERMINATED
