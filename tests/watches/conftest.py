"""Shared fixtures of the watches tests."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.factories import AgreementFactory, CooperationFieldFactory, PartyFactory

URL = re.compile(r"https?://[^\s<>\"]+")


def links(message: Any) -> list[str]:
    """The links of a message's plain text, in order."""
    return URL.findall(message.body)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.fixture
def party(db: None) -> Any:
    return PartyFactory(name="Ocean Institute", slug="ocean-institute")


@pytest.fixture
def other_party(db: None) -> Any:
    return PartyFactory(name="Harbour University")


@pytest.fixture
def cooperation_field(db: None) -> Any:
    return CooperationFieldFactory(name="Marine science", slug="marine-science")


@pytest.fixture
def agreement(party: Any, other_party: Any) -> Any:
    """A published agreement of the party."""
    return AgreementFactory(title="Ocean accord", parties=[party, other_party])
