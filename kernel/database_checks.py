"""System checks of the PostgreSQL server's own settings, run by ``migrate`` and
``manage.py check --database default``.

The registry's statistics-driven plans (trigram search, the signature trigger, facet
counts) go wrong on tables that are never analysed: a million agreements loaded with
autovacuum off were planned as if the tables were empty until a manual ``ANALYZE``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.db import connections

# Settings autovacuum needs, each with the value it must have.
VACUUM_SETTINGS = {"autovacuum": "on", "track_counts": "on"}


def vacuum_warnings(alias: str, values: Mapping[str, str]) -> list[checks.CheckMessage]:
    """A warning for each of VACUUM_SETTINGS that the server at ``alias`` has otherwise."""
    return [
        checks.Warning(
            f"PostgreSQL ({alias}) runs with {name} = {values.get(name, 'unknown')}: tables are"
            " then never vacuumed nor analysed and queries are planned on stale statistics.",
            hint=f"Set {name} = {wanted} (postgresql.conf, or `postgres -c {name}={wanted}`).",
            id="registry.W001",
        )
        for name, wanted in VACUUM_SETTINGS.items()
        if values.get(name) != wanted
    ]


@checks.register(checks.Tags.database)
def check_autovacuum(
    app_configs: Iterable[AppConfig] | None = None,
    databases: Iterable[str] | None = None,
    **kwargs: Any,
) -> list[checks.CheckMessage]:
    messages: list[checks.CheckMessage] = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)",
                [list(VACUUM_SETTINGS)],
            )
            messages += vacuum_warnings(alias, dict(cursor.fetchall()))
    return messages
