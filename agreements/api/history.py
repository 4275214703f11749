"""An agreement's change history for the API, from the entries the shared selector lets
the caller see (agreements/history.py): date, user, type, part, object, changed fields."""

from __future__ import annotations

from typing import Any

from kernel.visibility import Viewer, can_see_drafts

from ..history import HistoryEntry, agreement_history_entries
from ..models import Agreement


def changed_fields(entry: HistoryEntry, drafts: bool) -> list[str]:
    """The fields that changed since the row's previous record; for a caller who may not
    see drafts, only that it was published when the previous record was a draft's."""
    record, before = entry.record, entry.previous
    if record.history_type != "~" or before is None:
        return []
    if entry.after_draft and not drafts:
        return ["published"] if entry.part == "agreement" else []
    return sorted(change.field for change in record.diff_against(before).changes)


def as_dict(entry: HistoryEntry, drafts: bool) -> dict[str, Any]:
    record = entry.record
    return {
        "date": record.history_date.isoformat(),
        "user": entry.user,
        "type": record.history_type,
        "part": entry.part,
        "object": entry.object,
        "changed_fields": changed_fields(entry, drafts),
        "reason": record.history_change_reason or "",
    }


def agreement_history(agreement: Agreement, *, viewer: Viewer) -> list[dict[str, Any]]:
    """Users are named to those who may see drafts (staff and tokens)."""
    drafts = can_see_drafts(viewer)
    return [as_dict(entry, drafts) for entry in agreement_history_entries(agreement, viewer=viewer)]
