from __future__ import annotations

import datetime as dt

import pytest

from kernel.partial_date import PartialDate, PartialDateFormField


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2017", dt.date(2017, 1, 1), dt.date(2017, 12, 31), "year"),
        ("2017-07", dt.date(2017, 7, 1), dt.date(2017, 7, 31), "month"),
        ("2016-02", dt.date(2016, 2, 1), dt.date(2016, 2, 29), "month"),
        ("2017-12-03", dt.date(2017, 12, 3), dt.date(2017, 12, 3), "day"),
    ],
)
def test_it_reads_each_precision_and_knows_the_period(
    text: str, start: dt.date, end: dt.date, precision: str
) -> None:
    value = PartialDate.parse(text)
    assert (value.start, value.end, value.precision) == (start, end, precision)
    assert str(value) == text


@pytest.mark.parametrize("text", ["2017-13", "2017-13-45", "2017-02-30", "17", "July 2017", ""])
def test_it_rejects_impossible_or_malformed_dates(text: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_a_month_date_must_start_on_the_first() -> None:
    with pytest.raises(ValueError):
        PartialDate(dt.date(2017, 7, 15), "month")


def test_the_form_field_names_the_accepted_formats() -> None:
    field = PartialDateFormField(required=False)
    assert field.clean("2017-07") == PartialDate.parse("2017-07")
    with pytest.raises(Exception, match="YYYY, YYYY-MM or YYYY-MM-DD"):
        field.clean("2017-13-45")
