"""Fixtures for the downloadable files: the founding record, a draft hidden around it,
and a directory of their own for the files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agreements.models import Agreement
from parties.models import Party
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    EventFactory,
    PersonFactory,
    PostFactory,
    SignatureFactory,
)

# In every text of the draft, of its signature and of its draft event; in no file.
MARKER = "Quetzalmarker"
DRAFT_SLUG = "zq-draft-accord"
DRAFT_EVENT_SLUG = "zq-draft-gala"


@pytest.fixture(autouse=True)
def files_root(settings: Any, tmp_path: Path) -> Path:
    """The files go to a fresh directory; URLs in them name the test server; the change
    feed needs no settling time (one test process commits one thing at a time)."""
    root = tmp_path / "datasets"
    settings.DATASETS_ROOT = root
    settings.SITE_URL = "http://testserver"
    settings.CHANGES_SETTLE_SECONDS = 0
    return root


@pytest.fixture
def world(founding_record: Agreement) -> dict[str, Any]:
    """The founding record (published), and a draft between its parties signed by a new
    person, a draft event, and a published event naming both agreements."""
    cas, shenzhen = Party.objects.get(slug="cas"), Party.objects.get(slug="shenzhen")
    draft = AgreementFactory(
        slug=DRAFT_SLUG,
        title=f"{MARKER} accord",
        summary=f"{MARKER} summary",
        signed_place=f"{MARKER} City",
        published=False,
    )
    for party in (cas, shenzhen):
        AgreementPartyFactory(agreement=draft, party=party)
    signer = PersonFactory(name="Signing Person")
    PostFactory(person=signer, party=cas, title="Vice-President", started_on="2015-03")
    SignatureFactory(agreement=draft, person=signer, on_behalf_of=cas, title=f"{MARKER} chair")
    draft_event = EventFactory(slug=DRAFT_EVENT_SLUG, title=f"{MARKER} gala", published=False)
    public_event = EventFactory(title="Public symposium")
    for event in (draft_event, public_event):
        event.agreements.add(draft, founding_record)
        event.parties.add(cas)
    return {"draft": draft, "public": founding_record, "public_event": public_event}
