"""What is derived from an agreement and kept in the database beside it — its search
document (agreements/search.py), its pairs in the network's pair table
(agreements/partnerships.py) and its counts in the summaries (agreements/summaries.py) —
refreshed inside the write's transaction.

The signals (agreements/signals.py) report which agreements changed and what changed in
them; each derived record is refreshed at once, or, within ``refreshed_once()`` (the write
services: a nested write saves a party link or a signature at a time), once per agreement
on leaving the block, still inside the transaction, so nothing outside it ever sees a
stale document or count. Nothing is refreshed when the block raises: the transaction is
rolled back anyway.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from .partnerships import refresh_partnerships
from .search import refresh_search_documents
from .summaries import refresh_summaries

SEARCH, PAIRS, COUNTS = "search", "pairs", "counts"
# Each derived record and its refresh, in the order they run.
REFRESHERS: dict[str, Callable[..., Any]] = {
    SEARCH: refresh_search_documents,
    PAIRS: refresh_partnerships,
    COUNTS: refresh_summaries,
}

# The agreements to refresh on leaving refreshed_once(), by (derived record, database
# alias); None outside it (each change is then refreshed at once).
_pending: ContextVar[dict[tuple[str, str], set[int]] | None] = ContextVar(
    "derived_pending", default=None
)


@contextmanager
def refreshed_once() -> Iterator[None]:
    """Refresh what changes within the block once per agreement, on leaving it."""
    if _pending.get() is not None:  # nested: the outermost block refreshes
        yield
        return
    pending: dict[tuple[str, str], set[int]] = defaultdict(set)
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    for kind in REFRESHERS:
        for (pending_kind, using), ids in pending.items():
            if pending_kind == kind and ids:
                REFRESHERS[kind](ids, using=using)


def changed(agreement_ids: Iterable[int], *kinds: str, using: str = "default") -> None:
    """What the signals call: these agreements' ``kinds`` of derived record (all when none
    is named) may be out of date; refresh them now, or on leaving refreshed_once()."""
    ids = set(agreement_ids)
    if not ids:
        return
    pending = _pending.get()
    for kind in kinds or tuple(REFRESHERS):
        if pending is None:
            REFRESHERS[kind](ids, using=using)
        else:
            pending[(kind, using)].update(ids)
