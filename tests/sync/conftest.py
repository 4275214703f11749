"""Shared fixtures of the change feed and webhook tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.api.conftest import world  # noqa: F401  (the records the writes name)

CHANGES = "/api/changes/"


@pytest.fixture(autouse=True)
def _settled_at_once(settings: Any) -> None:
    """Entries are served as soon as written (PostgreSQL's default waits for commits)."""
    settings.CHANGES_SETTLE_SECONDS = 0


def feed(client: Client, since: str | None = None, **params: Any) -> list[dict[str, Any]]:
    """Every entry after ``since``, following the next links until a page is empty."""
    query = {**params, **({"since": since} if since is not None else {})}
    response = client.get(CHANGES, query)
    assert response.status_code == 200, response.content
    entries: list[dict[str, Any]] = []
    while response.json()["results"]:
        entries += response.json()["results"]
        response = client.get(response.json()["next"])
        assert response.status_code == 200, response.content
    return entries


def seen(entries: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return [(e["collection"], e["slug"], e["action"]) for e in entries]
