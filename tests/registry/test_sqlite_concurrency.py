"""The embedded SQLite database holds concurrent writers: they queue, none fails."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connections, transaction

from registry.settings import database_from_url

WRITERS = 4


def test_it_queues_concurrent_read_then_write_transactions_on_sqlite(
    tmp_path: Path, django_db_blocker: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each writer reads the tally, pauses, then writes the next number, inside
    transaction.atomic on its own connection to one file: all succeed, one after another.

    With SQLite's default (deferred) transactions, the writers all read first and then
    each asks to become the writer: SQLite refuses at once with "database is locked"."""
    config = database_from_url(f"sqlite:///{tmp_path / 'race.sqlite3'}")
    configured = connections.configure_settings({"default": {}, "race": config})
    monkeypatch.setitem(connections.settings, "race", configured["race"])
    start = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def write() -> None:
        try:
            start.wait()
            with transaction.atomic(using="race"), connections["race"].cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM tally")
                (count,) = cursor.fetchone()
                time.sleep(0.05)  # every other writer has started by now
                cursor.execute("INSERT INTO tally (number) VALUES (%s)", [count + 1])
        except BaseException as error:  # noqa: BLE001  (reported below, in the test's thread)
            failures.append(error)
        finally:
            connections["race"].close()

    with django_db_blocker.unblock():
        with connections["race"].cursor() as cursor:
            cursor.execute("CREATE TABLE tally (number INTEGER NOT NULL)")
        connections["race"].close()
        threads = [threading.Thread(target=write) for _ in range(WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with connections["race"].cursor() as cursor:
            cursor.execute("SELECT number FROM tally ORDER BY number")
            numbers = [number for (number,) in cursor.fetchall()]
            cursor.execute("PRAGMA journal_mode")
            (journal,) = cursor.fetchone()
        connections["race"].close()

    assert failures == []
    assert numbers == list(range(1, WRITERS + 1))  # each saw the one before it: serialized
    assert journal == "wal"
