"""kernel.streaming.stream: whole-table downloads read a chunk at a time, never all at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from kernel.streaming import stream
from parties.models import Party
from tests.factories import PartyFactory

ROWS = 12
CHUNK = 3

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="server-side cursors are PostgreSQL's"
)


def counted_parties() -> QuerySet[Any, tuple[str, int]]:
    """Slugs of ROWS parties, each row bumping a sequence as PostgreSQL computes it."""
    PartyFactory.create_batch(ROWS)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY SEQUENCE rows_computed")
    counted = Party.objects.annotate(n=RawSQL("nextval('rows_computed')", []))
    # The count is selected: an annotation left out of the SELECT is never computed.
    return counted.order_by("slug").values_list("slug", "n")


def rows_computed() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_value FROM rows_computed")
        (value,) = cursor.fetchone()
    return int(value)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_first_row_comes_after_one_chunk_is_computed_not_the_whole_table() -> None:
    queryset = counted_parties()
    rows = stream(queryset, CHUNK)
    first = next(rows)
    assert rows_computed() == CHUNK
    slugs = [slug for slug, _n in (first, *rows)]
    assert slugs == sorted(Party.objects.values_list("slug", flat=True))
    assert rows_computed() == ROWS


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_plain_iterator_it_replaces_computes_every_row_before_the_first() -> None:
    # Guards the test above: outside a transaction Django's cursor is WITH HOLD, and
    # PostgreSQL computes and stores the whole result before handing out a row.
    queryset = counted_parties()
    rows = queryset.iterator(chunk_size=CHUNK)
    try:
        next(rows)
        assert rows_computed() == ROWS
    finally:
        rows.close()  # closes the cursor, which would keep the test's flush waiting


@pytest.mark.django_db(transaction=True)
def test_it_ends_its_transaction_when_the_reader_stops_early() -> None:
    # A client that hangs up mid-download closes the generator.
    PartyFactory.create_batch(4)
    rows = stream(Party.objects.order_by("slug"), 2)
    next(rows)
    rows.close()
    assert not connection.in_atomic_block


@pytest.mark.django_db
def test_it_reads_inside_a_transaction_already_open() -> None:
    PartyFactory.create_batch(3)
    with transaction.atomic():
        assert len(list(stream(Party.objects.all(), 2))) == 3
        assert connection.in_atomic_block
