"""Recording changes for the feed (``GET /api/changes/``), in the transaction of the write.

Signals (sync/signals.py) record every save and delete of the tracked models and of the
rows shown inside them. Paths that bypass signals (``QuerySet.update``, ``bulk_create``,
raw SQL, data migrations) must call :func:`record` themselves, in the same transaction::

    from sync.changes import record
    Agreement.objects.filter(pk__in=ids).update(status="expired")
    record("agreements", slugs, "updated")

Deletions must be recorded *before* the rows go (the feed must know whether they were
public: a draft's slug is never shown to the public)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.db import connections, models, transaction

from . import tasks
from .choices import ChangeAction, Collection
from .models import Change

# Collections and their models; those with a ``published`` flag have drafts.
MODELS = {
    Collection.AGREEMENTS: "agreements.Agreement",
    Collection.PARTIES: "parties.Party",
    Collection.PEOPLE: "parties.Person",
    Collection.EVENTS: "agreements.Event",
    Collection.FIELDS: "agreements.CooperationField",
    Collection.REGIONS: "agreements.Region",
}
WITH_DRAFTS = {Collection.AGREEMENTS, Collection.EVENTS}


def model_of(collection: str) -> type[models.Model]:
    return apps.get_model(MODELS[Collection(collection)])


def public_action(action: str, *, was_public: bool, is_public: bool) -> str:
    """What callers who may not see drafts are told of a change: nothing while a record
    stays a draft, a creation when it becomes public, a deletion when it stops being."""
    if action == ChangeAction.CREATED:
        return ChangeAction.CREATED if is_public else ""
    if action == ChangeAction.DELETED:
        return ChangeAction.DELETED if was_public else ""
    if was_public and is_public:
        return ChangeAction.UPDATED
    if is_public:
        return ChangeAction.CREATED
    if was_public:
        return ChangeAction.DELETED
    return ""


class _Pending:
    """What this transaction already recorded, per connection: ``(collection, pk)`` →
    actions. An entry is trusted only while its on-commit callback is still queued, so a
    rolled-back savepoint forgets what it recorded."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, Any], tuple[set[str], Callable[[], None]]] = {}

    def actions(self, using: str, key: tuple[str, Any]) -> set[str]:
        entry = self.seen.get(key)
        if entry is None:
            return set()
        connection = connections[using]
        if not connection.in_atomic_block or not any(
            item[1] is entry[1] for item in connection.run_on_commit
        ):
            del self.seen[key]
            return set()
        return entry[0]

    def add(self, using: str, key: tuple[str, Any], action: str) -> None:
        if not connections[using].in_atomic_block:
            return
        if self.actions(using, key):
            self.seen[key][0].add(action)
            return

        def forget() -> None:
            self.seen.pop(key, None)

        self.seen[key] = ({action}, forget)
        transaction.on_commit(forget, using=using)


_pending: dict[str, _Pending] = {}


def pending(using: str) -> _Pending:
    return _pending.setdefault(using, _Pending())


def new_change(
    collection: str,
    slug: str,
    action: str,
    *,
    was_public: bool,
    is_public: bool,
    previous_slug: str = "",
) -> Change:
    """One change, not yet saved."""
    if collection not in WITH_DRAFTS:
        was_public = is_public = True
    return Change(
        collection=collection,
        slug=slug,
        previous_slug=previous_slug if previous_slug != slug else "",
        action=action,
        public_action=public_action(action, was_public=was_public, is_public=is_public),
    )


def saved(change: Change, *, pk: Any = None, using: str = "default") -> Change:
    """What follows the saving of ``change`` (of the record ``pk``): the transaction
    remembers it, and an agreement's change is sent to webhooks after commit."""
    if pk is not None:
        pending(using).add(using, (change.collection, pk), change.action)
    if change.collection == Collection.AGREEMENTS:
        tasks.dispatch_later(change, using=using)
    return change


def write(
    collection: str,
    slug: str,
    action: str,
    *,
    was_public: bool,
    is_public: bool,
    previous_slug: str = "",
    pk: Any = None,
    using: str = "default",
) -> Change:
    """Record one change (the signals call this)."""
    change = new_change(
        collection,
        slug,
        action,
        was_public=was_public,
        is_public=is_public,
        previous_slug=previous_slug,
    )
    change.save(using=using)
    return saved(change, pk=pk, using=using)


def touch(collection: str, pks: Iterable[Any], *, using: str = "default") -> list[Change]:
    """Record an update of the records ``pks`` because a row shown inside them changed (or
    a bulk job changed them), once per record and transaction (nothing for a record created
    or being deleted in it); two queries however many records."""
    state = pending(using)
    wanted = [
        pk for pk in set(pks) if pk is not None and not state.actions(using, (collection, pk))
    ]
    if not wanted:
        return []
    model = model_of(collection)
    fields = ["pk", "slug", "published"] if collection in WITH_DRAFTS else ["pk", "slug"]
    rows = list(model._default_manager.using(using).filter(pk__in=wanted).values(*fields))
    made = [
        new_change(
            collection,
            row["slug"],
            ChangeAction.UPDATED,
            was_public=bool(row.get("published", True)),
            is_public=bool(row.get("published", True)),
        )
        for row in rows
    ]
    Change.objects.using(using).bulk_create(made)
    return [
        saved(change, pk=row["pk"], using=using) for change, row in zip(made, rows, strict=True)
    ]


def deleting(collection: str, pk: Any, *, using: str = "default") -> None:
    """Note that a record is being deleted: its cascading rows record no update."""
    pending(using).add(using, (collection, pk), "deleting")


def record(
    collection: str,
    slugs: Iterable[str],
    action: str,
    *,
    using: str = "default",
) -> list[Change]:
    """Record ``action`` (created/updated/deleted) for the records ``slugs`` of
    ``collection``: for writes that send no signals (bulk updates, raw SQL, data
    migrations). Call it in the write's transaction, after a create or update and *before*
    a delete. Whether the public is told follows each record's ``published`` flag as
    stored now (a record not found counts as a draft)."""
    collection = Collection(collection)
    action = ChangeAction(action)
    slugs = list(dict.fromkeys(slugs))
    model = model_of(collection)
    if collection in WITH_DRAFTS:
        rows = model._default_manager.using(using).filter(slug__in=slugs)
        public = dict(rows.values_list("slug", "published"))
    else:
        public = dict.fromkeys(slugs, True)
    return [
        write(
            collection,
            slug,
            action,
            was_public=bool(public.get(slug, False)),
            is_public=bool(public.get(slug, False)),
            using=using,
        )
        for slug in slugs
    ]
