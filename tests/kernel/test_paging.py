"""Numbered pages read past the first rows by primary key first, with the rows of a plain
slice, in one query; and a paginator that stops its numbered pages after some rows."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement
from kernel.paging import DeepPaginator
from kernel.partial_date import PartialDate
from tests.factories import AgreementFactory


@pytest.fixture
def agreements(db: None) -> None:
    """Eleven agreements with ties on the date and the title."""
    for number in range(11):
        AgreementFactory(
            title=f"Accord {number % 3}",
            signed_on=PartialDate.coerce("2019" if number % 2 else "2020-05"),
        )


def ordered() -> object:
    return Agreement.objects.order_by("-signed_on", "title", "pk")


def test_every_page_has_the_rows_of_a_plain_slice(agreements: None) -> None:
    plain, deep = Paginator(ordered(), 4), DeepPaginator(ordered(), 4)
    assert deep.num_pages == plain.num_pages == 3
    for number in (1, 2, 3):
        assert list(deep.page(number).object_list) == list(plain.page(number).object_list)


def test_a_deep_page_reads_its_rows_in_one_query_by_their_keys(agreements: None) -> None:
    page = DeepPaginator(ordered(), 4).page(3)
    with CaptureQueriesContext(connection) as queries:
        rows = list(page.object_list)
    assert len(rows) == 3
    assert len(queries) == 1
    # The inner query walks the ordering for the keys alone; the outer reads three rows.
    sql = queries[0]["sql"]
    assert "IN (SELECT" in sql and "OFFSET 8" in sql


def test_numbered_pages_stop_after_max_rows_and_say_so() -> None:
    paginator = DeepPaginator(list(range(25)), 4, max_rows=10)
    assert paginator.num_pages == 3
    assert paginator.capped and paginator.reach == 12
    # A page past them is the last numbered one, as a page past the end always was.
    last = paginator.get_page(99)
    assert list(last.object_list) == [8, 9, 10, 11]
    assert (last.start_index(), last.end_index()) == (9, 12)
    whole = DeepPaginator(list(range(12)), 4, max_rows=12)
    assert not whole.capped and whole.reach == 12
