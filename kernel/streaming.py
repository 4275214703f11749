"""Reading every row of a big queryset for a download, a chunk at a time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from django.db import connections, models, transaction

Row = TypeVar("Row", bound=Any)


def stream(queryset: models.QuerySet[Any, Row], chunk_size: int) -> Iterator[Row]:
    """``queryset``'s rows, fetched ``chunk_size`` at a time, from the first row at once.

    Outside a transaction Django declares PostgreSQL's server-side cursor ``WITH HOLD``,
    and PostgreSQL then runs the whole query and stores every row before the first can be
    fetched: a client waits for the whole query before its first byte (35 s for the CSV of
    100,000 agreements on a busy machine, docs/benchmarks.md) while the server keeps a copy
    of the result. Inside a transaction the cursor is a plain one, so each fetch computes
    only its own chunk. The transaction only reads, and gives the whole download one
    snapshot of the data.

    SQLite has no server-side cursors, and a transaction there would take the write lock
    for the whole download, so it reads as before.
    """
    # Pinned: with replicas the router picks one at random on each read.
    alias = queryset.db
    queryset = queryset.using(alias)
    connection = connections[alias]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield from queryset.iterator(chunk_size=chunk_size)
        return
    with transaction.atomic(using=alias):
        yield from queryset.iterator(chunk_size=chunk_size)
