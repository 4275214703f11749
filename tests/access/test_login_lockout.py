"""Password logins lock out after repeated failures, for a while (django-axes)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY, authenticate
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
ROOT = Path(__file__).resolve().parent.parent.parent


def _login(client: Client, username: str, password: str) -> int:
    response = client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})
    return response.status_code


def test_it_locks_out_the_admin_login_after_repeated_wrong_passwords(
    superuser: User,
) -> None:
    client = Client()
    codes = [_login(client, "root", f"wrong-{n}") for n in range(50)]

    limit = settings.AXES_FAILURE_LIMIT
    assert codes[: limit - 1] == [200] * (limit - 1)  # the form again, with its error
    assert set(codes[limit:]) == {429}
    response = client.post(LOGIN, {"username": "root", "password": "wrong"})
    assert "Too many failed logins" in response.content.decode()


def test_it_refuses_the_right_password_during_a_lockout(superuser: User) -> None:
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "root", f"wrong-{n}")

    assert _login(client, "root", "root-password-1") == 429
    assert SESSION_KEY not in client.session
    assert client.get("/admin/").status_code == 302  # still sent to the login page


def test_it_locks_out_a_username_tried_from_many_addresses(superuser: User) -> None:
    for n in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR=f"203.0.113.{n + 1}").post(
            LOGIN, {"username": "root", "password": "wrong"}
        )

    fresh = Client(REMOTE_ADDR="198.51.100.7")
    assert _login(fresh, "root", "root-password-1") == 429
    assert SESSION_KEY not in fresh.session


def test_it_refuses_every_authenticate_call_with_a_request_during_a_lockout(
    superuser: User,
) -> None:
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "root", f"wrong-{n}")
    request = RequestFactory().post("/somewhere/", REMOTE_ADDR="127.0.0.1")

    assert authenticate(request, username="root", password="root-password-1") is None


def test_it_lets_the_right_password_in_after_the_cool_off(superuser: User) -> None:
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "root", f"wrong-{n}")
    assert _login(client, "root", "root-password-1") == 429

    past = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=past)

    assert _login(client, "root", "root-password-1") == 302
    assert client.session[SESSION_KEY] == str(superuser.pk)


def test_it_lets_the_test_client_log_in_without_a_request(superuser: User) -> None:
    assert Client().login(username="root", password="root-password-1") is True


def test_it_reads_the_failure_limit_and_cool_off_from_the_environment() -> None:
    environment = {
        "PATH": os.environ["PATH"],
        "DEBUG": "1",
        "LOGIN_FAILURE_LIMIT": "12",
        "LOGIN_COOLOFF_MINUTES": "90",
    }
    code = "import registry.settings as s; print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.stdout.split("\n")[0] == "12 1:30:00"

    environment["LOGIN_FAILURE_LIMIT"] = "five"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert "LOGIN_FAILURE_LIMIT must be a whole number" in result.stderr
