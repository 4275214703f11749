"""An agreement's public change history, ``/<lang>/agreements/<slug>/history/``.

It reads the entries the shared selector lets the reader see (agreements/history.py, the
API's ``/history/`` reads the same) and shows, newest first, what changed and when: for
the agreement, the fields its public page shows with the old and the new value; for the
parties, signatories, relations, commitments and sources, what was added, removed or
changed. Internal fields (the status note, the full text, the slug) and who made a change
are never shown, to anyone: staff read those in the admin's history.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import Field, Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from agreements.history import HistoryEntry, agreement_history_entries
from agreements.models import Agreement, CooperationField, Region
from kernel.partial_date import PartialDate
from kernel.visibility import can_see_drafts
from public.templatetags.pages import partial_date, primary_name

PAGE_SIZE = 20

# The agreement's own fields its public page shows, in the page's order.
PUBLIC_FIELDS = [
    "title",
    "title_local",
    "kind",
    "status",
    "signed_on",
    "signed_place",
    "signed_place_local",
    "effective_on",
    "expires_on",
    "terminated_on",
    "summary",
    "summary_local",
    "reference_number",
]
# Its tags, recorded by django-simple-history in a table per relation: the tag model and
# the column naming it there.
PUBLIC_TAGS: dict[str, tuple[type[CooperationField | Region], str]] = {
    "fields": (CooperationField, "cooperationfield_id"),
    "regions": (Region, "region_id"),
}
PART_LABELS = {
    "parties": _("Party"),
    "signatories": _("Signatory or witness"),
    "relations": _("Related agreement"),
    "commitments": _("Commitment"),
    "sources": _("Source"),
}


def value_text(record: Any, name: str) -> str:
    """A field's value as the public page shows it; empty for none."""
    value = getattr(record, name)
    if value is None or value == "":
        return ""
    if isinstance(value, PartialDate):
        return partial_date(value)
    field = _field(name)
    if field.choices:
        return capfirst(str(dict(field.flatchoices).get(value, value)))  # type: ignore[arg-type]
    return str(value)


def tags_by_record(records: list[Any]) -> dict[str, dict[int, list[str]]]:
    """The names of the fields and regions each historical record had; four queries."""
    ids = [record.history_id for record in records]
    tagged: dict[str, dict[int, list[str]]] = {}
    for name, (model, column) in PUBLIC_TAGS.items():
        through: type[Model] = apps.get_model("agreements", f"HistoricalAgreement_{name}")
        rows = list(
            through._default_manager.filter(history_id__in=ids).values_list("history_id", column)
        )
        terms = {term.pk: term for term in model.objects.filter(pk__in={t for _h, t in rows})}
        names: dict[int, list[str]] = {}
        for history_id, term_id in rows:
            term = terms.get(term_id)
            names.setdefault(history_id, []).append(primary_name(term) if term else "?")
        tagged[name] = {pk: sorted(found) for pk, found in names.items()}
    return tagged


def _field(name: str) -> Field[Any, Any]:
    field = Agreement._meta.get_field(name)
    assert isinstance(field, Field)
    return field


def field_changes(entry: HistoryEntry, tags: dict[str, dict[int, list[str]]]) -> list[dict]:
    """(label, before, after) of each public field that differs from the previous record."""
    record, before = entry.record, entry.previous
    assert before is not None  # only a change from an earlier record is compared
    changes = [
        {
            "label": capfirst(str(_field(name).verbose_name)),
            "before": value_text(before, name),
            "after": value_text(record, name),
        }
        for name in PUBLIC_FIELDS
        if getattr(before, name) != getattr(record, name)
    ]
    for name, by_record in tags.items():
        old, new = by_record.get(before.history_id, []), by_record.get(record.history_id, [])
        if old != new:
            label = capfirst(str(_field(name).verbose_name))
            changes.append({"label": label, "before": ", ".join(old), "after": ", ".join(new)})
    return changes


def agreement_item(
    entry: HistoryEntry, drafts: bool, tags: dict[str, dict[int, list[str]]]
) -> dict[str, Any] | None:
    """What a record of the agreement itself says to the reader; None if nothing public."""
    record, before = entry.record, entry.previous
    if record.history_type == "+" or before is None:
        return {"what": "published" if record.published else "created", "changes": []}
    if record.history_type == "-":
        return {"what": "deleted", "changes": []}
    if entry.after_draft and not drafts:
        return {"what": "published", "changes": []}
    changes = field_changes(entry, tags)
    if before.published != record.published:
        return {"what": "published" if record.published else "unpublished", "changes": changes}
    return {"what": "changed", "changes": changes} if changes else None


def nested_name(entry: HistoryEntry) -> str:
    """The party, person, source or commitment a nested record names, in the reader's
    language where it has two names."""
    if entry.part == "commitments":
        return primary_name(entry.record)
    if entry.part == "sources" and entry.target is not None:
        return str(entry.target.title)
    if entry.target is not None:
        return primary_name(entry.target)
    return entry.object or ""


NESTED_WHAT = {"+": "added", "-": "removed", "~": "changed"}
# Columns of nested rows whose change the page does not report: the order they are shown in.
UNREPORTED_COLUMNS = {"id", "position"}


def nested_change_shown(entry: HistoryEntry) -> bool:
    """A nested row's change is listed if one of its reported columns changed."""
    record, before = entry.record, entry.previous
    if record.history_type != "~" or before is None:
        return True
    columns = [
        field.attname
        for field in record.instance_type._meta.concrete_fields
        if field.attname not in UNREPORTED_COLUMNS
    ]
    return any(getattr(record, c) != getattr(before, c) for c in columns)


def history_items(agreement: Agreement, viewer: Any) -> list[dict[str, Any]]:
    """The entries the reader may see, as the page lists them, newest first."""
    drafts = can_see_drafts(viewer)
    entries = agreement_history_entries(agreement, viewer=viewer)
    tags = tags_by_record([e.record for e in entries if e.part == "agreement"])
    items = []
    for entry in entries:
        if entry.part == "agreement":
            item = agreement_item(entry, drafts, tags)
            if item is None:
                continue
        elif nested_change_shown(entry):
            item = {
                "what": NESTED_WHAT[entry.record.history_type],
                "part": PART_LABELS[entry.part],
                "name": nested_name(entry),
                "changes": [],
            }
        else:
            continue
        moment = timezone.localtime(entry.record.history_date)
        item["datetime"] = moment
        item["day"] = partial_date(PartialDate(moment.date()))
        items.append(item)
    return items


@require_safe
def agreement_history(request: HttpRequest, slug: str) -> HttpResponse:
    """404 where the agreement's page is: drafts for all who may not see them."""
    agreement = get_object_or_404(Agreement.objects.visible_to(request.user), slug=slug)
    page = Paginator(history_items(agreement, request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"agreement": agreement, "page_obj": page}
    return render(request, "agreements/agreement_history.html", context)
