"""API tokens: created by a command, stored hashed, revocable, listed for superusers only."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from access.models import ApiToken


def create_token(username: str, scope: str) -> str:
    out = StringIO()
    call_command("create_api_token", username, "--scope", scope, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def test_the_command_prints_the_key_as_its_last_line_and_stores_only_its_hash(db: None) -> None:
    User.objects.create_user("analyst")
    key = create_token("analyst", "read")
    token = ApiToken.objects.get()
    assert len(key) >= 40
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert token.prefix == key[:8]
    assert key not in {token.key_hash, token.description, token.prefix}
    assert (token.user.username, token.scope, token.revoked_at) == ("analyst", "read", None)


def test_the_key_from_the_command_authenticates(db: None) -> None:
    User.objects.create_user("feeder")
    key = create_token("feeder", "write")
    response = Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/agreements/")
    assert response.status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


def test_the_command_refuses_an_unknown_user_or_scope(db: None) -> None:
    with pytest.raises(CommandError, match="No user named 'ghost'"):
        create_token("ghost", "read")
    User.objects.create_user("analyst")
    with pytest.raises(CommandError):
        create_token("analyst", "admin")


def test_revoking_sets_the_date(db: None) -> None:
    token, _key = ApiToken.issue(User.objects.create_user("a"), "read")
    token.revoke()
    assert ApiToken.objects.active().count() == 0


def test_superusers_list_tokens_with_their_last_use(superuser_client: Client, db: None) -> None:
    ApiToken.issue(User.objects.create_user("analyst"), "read", "Dashboard")
    response = superuser_client.get("/admin/access/apitoken/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dashboard" in html and "Last used" in html


def test_staff_editors_cannot_see_tokens(editor_client: Client, db: None) -> None:
    token, _key = ApiToken.issue(User.objects.create_user("analyst"), "read")
    assert editor_client.get("/admin/access/apitoken/").status_code == 403
    assert editor_client.get(f"/admin/access/apitoken/{token.pk}/change/").status_code == 403


def test_the_admin_revokes_selected_tokens(superuser_client: Client, db: None) -> None:
    token, _key = ApiToken.issue(User.objects.create_user("analyst"), "read")
    superuser_client.post(
        "/admin/access/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
