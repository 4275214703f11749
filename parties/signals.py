"""Keeping a party's search key in step with its aliases (parties/search.py)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from .models import PartyAlias
from .search import refresh_search_keys


def alias_changed(sender: type[PartyAlias], instance: PartyAlias, **kwargs: Any) -> None:
    refresh_search_keys(party_ids=[instance.party_id], using=kwargs.get("using") or "default")


def connect() -> None:
    """Called from PartiesConfig.ready()."""
    for signal in (post_save, post_delete):
        signal.connect(alias_changed, sender=PartyAlias, dispatch_uid="parties.search.alias")
