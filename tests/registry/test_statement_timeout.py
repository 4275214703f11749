"""No request keeps the database busy for long: web processes carry a statement timeout,
and a statement it cancels is a 503 to retry, on pages as in the API."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg2
import pytest
from django.db import OperationalError, connection
from django.test import Client

from registry.settings import database_from_url

ROOT = Path(__file__).resolve().parents[2]
PG_URL = "postgres://postgres@127.0.0.1:5432/registry"


def test_it_sends_the_timeout_with_the_postgresql_connection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT", "7")
    options = database_from_url(PG_URL)["OPTIONS"]["options"]
    assert options == "-c jit=off -c statement_timeout=7000"


def test_it_sets_no_timeout_by_default_or_on_sqlite(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_STATEMENT_TIMEOUT", raising=False)
    assert "statement_timeout" not in database_from_url(PG_URL)["OPTIONS"]["options"]
    monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT", "7")
    assert "options" not in database_from_url("sqlite:///x.sqlite3")["OPTIONS"]


def test_it_turns_the_jit_compiler_off_on_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_STATEMENT_TIMEOUT", raising=False)
    assert database_from_url(PG_URL)["OPTIONS"]["options"] == "-c jit=off"


def test_it_refuses_a_negative_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT", "-1")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_STATEMENT_TIMEOUT"):
        database_from_url(PG_URL)


def test_the_web_entry_point_sets_a_timeout_that_commands_do_not() -> None:
    """registry.wsgi, which gunicorn loads, sets 20 seconds; manage.py leaves it unset."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_STATEMENT_TIMEOUT"}
    env["DATABASE_URL"] = PG_URL
    code = (
        "import os, registry.wsgi; from django.conf import settings; "
        "print(os.environ['DATABASE_STATEMENT_TIMEOUT'], "
        "settings.DATABASES['default']['OPTIONS'].get('options'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DEBUG": "1"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert out.split() == ["20", "-c", "jit=off", "-c", "statement_timeout=20000"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL statement timeout")
def test_a_statement_past_the_timeout_is_cancelled_as_a_transient_error(db: None) -> None:
    from kernel.api.faults import is_transient_database_error

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 50")
        with pytest.raises(OperationalError) as raised:
            cursor.execute("SELECT pg_sleep(2)")
    assert isinstance(raised.value.__cause__, psycopg2.errors.QueryCanceled)
    assert is_transient_database_error(raised.value)


def fail_on_the_list(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    from public import views

    def fail(*args: Any, **kwargs: Any) -> None:
        raise error

    monkeypatch.setattr(views.AgreementSearch, "results", fail)


def test_a_page_whose_database_is_busy_is_a_plain_503_to_retry(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = OperationalError("database is locked")
    error.__cause__ = sqlite3.OperationalError("database is locked")
    fail_on_the_list(monkeypatch, error)
    response = Client(raise_request_exception=False).get("/en/agreements/?q=busy")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert b"Temporarily unavailable" in response.content
    assert b"try again in 5 seconds" in response.content


def test_a_page_with_a_bug_keeps_the_500(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    fail_on_the_list(monkeypatch, RuntimeError("a bug"))
    response = Client(raise_request_exception=False).get("/en/agreements/?q=bug")
    assert response.status_code == 500
