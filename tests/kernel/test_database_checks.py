"""The autovacuum check: a warning when PostgreSQL would never analyse the tables."""

from __future__ import annotations

import pytest
from django.core import checks
from django.db import connection

from kernel.database_checks import check_autovacuum, vacuum_warnings


def test_it_is_quiet_when_autovacuum_and_its_statistics_are_on() -> None:
    assert vacuum_warnings("default", {"autovacuum": "on", "track_counts": "on"}) == []


def test_it_warns_for_each_setting_that_is_off_and_names_the_fix() -> None:
    warnings = vacuum_warnings("default", {"autovacuum": "off", "track_counts": "off"})
    assert [w.id for w in warnings] == ["registry.W001", "registry.W001"]
    assert all(w.level == checks.WARNING for w in warnings)
    assert "autovacuum = off" in warnings[0].msg
    assert "postgres -c autovacuum=on" in warnings[0].hint
    assert "track_counts = off" in warnings[1].msg


def test_it_warns_when_the_server_does_not_report_the_setting() -> None:
    (warning,) = vacuum_warnings("default", {"track_counts": "on"})
    assert "autovacuum = unknown" in warning.msg


def test_it_runs_only_when_asked_to_check_databases(db: None) -> None:
    # `manage.py check` without --database queries no database.
    assert check_autovacuum(databases=None) == []


@pytest.mark.django_db
def test_it_reports_what_the_server_says() -> None:
    warnings = check_autovacuum(databases=["default"])
    if connection.vendor != "postgresql":
        assert warnings == []
        return
    expected = []
    with connection.cursor() as cursor:
        for name in ("autovacuum", "track_counts"):
            cursor.execute(f"SHOW {name}")
            if cursor.fetchone()[0] != "on":
                expected.append(f"{name} = off")
    assert [w.msg.split(" runs with ")[1].split(":")[0] for w in warnings] == expected


def test_it_is_registered_for_the_database_checks() -> None:
    assert check_autovacuum in checks.registry.registry.get_checks(include_deployment_checks=False)
    assert checks.Tags.database in check_autovacuum.tags  # type: ignore[attr-defined]
