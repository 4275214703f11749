"""Settings read from the environment, each case in a fresh process so settings load anew."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from registry.settings import DEV_SECRET_KEY

ROOT = Path(__file__).resolve().parents[2]
# Only what a process needs to run: none of the variables settings reads leak in from the
# test run (pytest-env sets several), so every case states its whole configuration.
BASE_ENVIRONMENT = {
    name: os.environ[name] for name in ("PATH", "HOME", "LANG", "TMPDIR") if name in os.environ
}
STRONG_KEY = secrets.token_urlsafe(50)
LOAD_SETTINGS = ["-c", "import registry.settings as s; print(s.SECRET_KEY)"]
DEPLOY_CHECK = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]


def run(arguments: list[str], **environment: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        env={**BASE_ENVIRONMENT, **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )


def configuration_error(result: subprocess.CompletedProcess[str]) -> str:
    """The ImproperlyConfigured message a failed process ended with."""
    assert result.returncode != 0
    prefix = "django.core.exceptions.ImproperlyConfigured: "
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith(prefix), result.stderr
    return error.removeprefix(prefix)


@pytest.mark.parametrize("debug", [{"DEBUG": "0"}, {}], ids=["debug-0", "debug-unset"])
def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off(
    debug: dict[str, str],
) -> None:
    error = configuration_error(run(LOAD_SETTINGS, **debug))
    assert error == "SECRET_KEY must be set when DEBUG is off."


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (DEV_SECRET_KEY, "SECRET_KEY starts with 'django-insecure-': it is a development key."),
        ("django-insecure-" + STRONG_KEY, "SECRET_KEY starts with 'django-insecure-'"),
        ("short-key", "SECRET_KEY has 9 characters; it needs at least 50"),
        # Accepted before (32 or more), yet `check --deploy` warns below 50.
        (secrets.token_urlsafe(32)[:32], "SECRET_KEY has 32 characters; it needs at least 50"),
        ("x" * 49, "SECRET_KEY has 49 characters; it needs at least 50"),
        ("abcd" * 20, "SECRET_KEY has 4 different characters; it needs at least 5."),
    ],
    ids=["development", "insecure-prefix", "short", "32", "49", "four-distinct"],
)
def test_it_refuses_a_weak_secret_key_when_debug_is_off(key: str, message: str) -> None:
    error = configuration_error(run(LOAD_SETTINGS, DEBUG="0", SECRET_KEY=key))
    assert error.startswith(message)


@pytest.mark.parametrize(
    "key", ["x" * 45 + "abcde", STRONG_KEY], ids=["50-five-distinct", "strong"]
)
def test_it_accepts_a_key_the_deploy_check_accepts(key: str) -> None:
    result = run(LOAD_SETTINGS, DEBUG="0", SECRET_KEY=key)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == key


def test_its_secret_key_limits_are_the_deploy_checks() -> None:
    from django.core.checks.security import base

    import registry.settings as registry_settings

    assert registry_settings.SECRET_KEY_MIN_LENGTH == base.SECRET_KEY_MIN_LENGTH
    assert (
        registry_settings.SECRET_KEY_MIN_UNIQUE_CHARACTERS == base.SECRET_KEY_MIN_UNIQUE_CHARACTERS
    )
    assert registry_settings.SECRET_KEY_INSECURE_PREFIX == base.SECRET_KEY_INSECURE_PREFIX


def test_the_test_runs_key_passes_the_production_rules() -> None:
    from django.conf import settings

    from registry.settings import secret_key_problem

    assert settings.DEBUG is False
    assert secret_key_problem(settings.SECRET_KEY) is None


def test_debug_without_a_secret_key_starts_with_the_marked_development_key() -> None:
    show_key = "from django.conf import settings; print(settings.SECRET_KEY)"
    result = run(["manage.py", "shell", "--no-imports", "-c", show_key], DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == DEV_SECRET_KEY
    # Django's deploy check recognises this prefix as an insecure key.
    assert DEV_SECRET_KEY.startswith("django-insecure-")


def test_the_deploy_check_passes_with_a_real_key_and_default_security_settings() -> None:
    result = run(DEPLOY_CHECK, DEBUG="0", SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert result.stderr == ""


def test_the_deploy_check_flags_a_plain_http_setup() -> None:
    # Shows the check above can fail: turning off the HTTPS redirect is a deploy warning.
    result = run(DEPLOY_CHECK, DEBUG="0", SECRET_KEY=STRONG_KEY, SECURE_SSL_REDIRECT="false")
    assert result.returncode != 0
    assert "security.W008" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be one of"),
        ("SECURE_SSL_REDIRECT", "yes please", "SECURE_SSL_REDIRECT must be one of"),
        ("SECURE_HSTS_SECONDS", "a year", "SECURE_HSTS_SECONDS must be a whole number"),
        ("TASKS_BACKEND", "celery", "TASKS_BACKEND must be one of"),
        ("INTAKE_BACKGROUND_ROWS", "many", "INTAKE_BACKGROUND_ROWS must be a whole number"),
    ],
)
def test_it_fails_loudly_on_a_value_it_cannot_read(name: str, value: str, message: str) -> None:
    error = configuration_error(run(LOAD_SETTINGS, **{"SECRET_KEY": STRONG_KEY, name: value}))
    assert error.startswith(message)
    assert repr(value) in error


@pytest.mark.parametrize(
    ("environment", "backend"),
    [
        ({"DEBUG": "1"}, "django_tasks.backends.immediate.ImmediateBackend"),
        ({"DEBUG": "0", "SECRET_KEY": STRONG_KEY}, "django_tasks_db.DatabaseBackend"),
        (
            {"DEBUG": "0", "SECRET_KEY": STRONG_KEY, "TASKS_BACKEND": "immediate"},
            "django_tasks.backends.immediate.ImmediateBackend",
        ),
        ({"DEBUG": "1", "TASKS_BACKEND": "Database"}, "django_tasks_db.DatabaseBackend"),
    ],
    ids=["development", "production", "production-immediate", "development-database"],
)
def test_tasks_run_at_once_in_development_and_queue_in_production(
    environment: dict[str, str], backend: str
) -> None:
    report = ["-c", "import registry.settings as s; print(s.TASKS['default']['BACKEND'])"]
    result = run(report, **environment)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == backend
