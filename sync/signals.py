"""Every save and delete of the API's records, and of the rows shown inside them, enters
the change feed in the same transaction (sync/changes.py). Bulk paths call
``changes.record`` themselves."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from agreements.choices import AgreementStatus
from agreements.models import (
    Agreement,
    AgreementParty,
    AgreementRelation,
    AgreementSource,
    Claim,
    Commitment,
    CommitmentProgress,
    CooperationField,
    Document,
    Event,
    EventParticipant,
    Region,
    Signature,
    Source,
)
from agreements.statuses import statuses_changed
from parties.models import Party, PartyAlias, PartyIdentifier, Person, Post

from . import changes, tasks, webhooks
from .choices import ChangeAction, Collection, WebhookEvent

# The many-to-many tables, typed loosely (django-stubs cannot type them).
EVENT_SOURCES: Any = Event.sources.through
EVENT_AGREEMENTS: Any = Event.agreements.through

TRACKED: dict[type[models.Model], Collection] = {
    Agreement: Collection.AGREEMENTS,
    Party: Collection.PARTIES,
    Person: Collection.PEOPLE,
    Event: Collection.EVENTS,
    CooperationField: Collection.FIELDS,
    Region: Collection.REGIONS,
}

Parents = Callable[[Any, str], Iterable[tuple[Collection, Any]]]


def of(collection: Collection, *attributes: str) -> Parents:
    """The records a child row is shown in: its foreign keys ``attributes``."""

    def parents(row: Any, using: str) -> Iterable[tuple[Collection, Any]]:
        return [(collection, getattr(row, name)) for name in attributes]

    return parents


def progress_parents(row: CommitmentProgress, using: str) -> Iterable[tuple[Collection, Any]]:
    rows = Commitment.objects.using(using).filter(pk=row.commitment_id)
    return [(Collection.AGREEMENTS, pk) for pk in rows.values_list("agreement_id", flat=True)]


def source_parents(row: Source, using: str) -> Iterable[tuple[Collection, Any]]:
    """A source's title and address are shown in the agreements and events citing it."""
    if row.pk is None:
        return []
    cited = AgreementSource.objects.using(using).filter(source=row)
    claimed = Claim.objects.using(using).filter(source=row)
    events = EVENT_SOURCES._default_manager.using(using).filter(source=row)
    return [
        *((Collection.AGREEMENTS, pk) for pk in cited.values_list("agreement_id", flat=True)),
        *((Collection.AGREEMENTS, pk) for pk in claimed.values_list("agreement_id", flat=True)),
        *((Collection.EVENTS, pk) for pk in events.values_list("event_id", flat=True)),
    ]


CHILDREN: dict[type[models.Model], Parents] = {
    AgreementParty: of(Collection.AGREEMENTS, "agreement_id"),
    Signature: of(Collection.AGREEMENTS, "agreement_id"),
    AgreementSource: of(Collection.AGREEMENTS, "agreement_id"),
    # Shown in both: as a relation in the one, as an inverse ("renewed by") in the other.
    AgreementRelation: of(Collection.AGREEMENTS, "agreement_id", "other_id"),
    Commitment: of(Collection.AGREEMENTS, "agreement_id"),
    CommitmentProgress: progress_parents,
    Claim: of(Collection.AGREEMENTS, "agreement_id"),
    Document: of(Collection.AGREEMENTS, "agreement_id"),
    EventParticipant: of(Collection.EVENTS, "event_id"),
    PartyAlias: of(Collection.PARTIES, "party_id"),
    PartyIdentifier: of(Collection.PARTIES, "party_id"),
    Post: of(Collection.PEOPLE, "person_id"),
    Source: source_parents,
}

# Many-to-many fields: the owner's collection, and the other side's when the other side
# shows the link too (an agreement lists its events).
M2M: dict[Any, tuple[Collection | None, Collection | None]] = {
    # None: a commitment's, shown inside its agreement.
    Commitment.responsible_parties.through: (None, None),
    Commitment.sources.through: (None, None),
    Agreement.fields.through: (Collection.AGREEMENTS, None),
    Agreement.regions.through: (Collection.AGREEMENTS, None),
    Event.parties.through: (Collection.EVENTS, None),
    Event.sources.through: (Collection.EVENTS, None),
    Event.agreements.through: (Collection.EVENTS, Collection.AGREEMENTS),
}


def touch_all(parents: Iterable[tuple[Collection, Any]], using: str) -> None:
    wanted: dict[Collection, set[Any]] = {}
    for collection, pk in parents:
        wanted.setdefault(collection, set()).add(pk)
    for collection, pks in wanted.items():
        changes.touch(collection, pks, using=using)


def stored_state(instance: models.Model, using: str) -> tuple[str, bool] | None:
    fields = ["slug", "published"] if hasattr(instance, "published") else ["slug"]
    row = type(instance)._default_manager.using(using).filter(pk=instance.pk).values(*fields)
    found = row.first()
    if found is None:
        return None
    return found["slug"], bool(found.get("published", True))


def record_before_save(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    if instance.pk is not None and not instance._state.adding:
        instance._sync_before = stored_state(instance, kwargs.get("using") or "default")


def record_saved(sender: type[models.Model], instance: Any, created: bool, **kwargs: Any) -> None:
    using = kwargs.get("using") or "default"
    collection = TRACKED[sender]
    published = bool(getattr(instance, "published", True))
    before = instance.__dict__.pop("_sync_before", None)
    if created or before is None:
        changes.write(
            collection,
            instance.slug,
            ChangeAction.CREATED,
            was_public=False,
            is_public=published,
            pk=instance.pk,
            using=using,
        )
        return
    old_slug, was_published = before
    renamed, flipped = old_slug != instance.slug, was_published != published
    recorded = changes.pending(using).actions(using, (collection, instance.pk))
    if not (renamed or flipped) and recorded & {ChangeAction.CREATED, ChangeAction.UPDATED}:
        return
    changes.write(
        collection,
        instance.slug,
        ChangeAction.UPDATED,
        was_public=was_published,
        is_public=published,
        previous_slug=old_slug,
        pk=instance.pk,
        using=using,
    )
    if flipped:
        touch_all(shown_with(instance, using), using)


def shown_with(instance: Any, using: str) -> Iterable[tuple[Collection, Any]]:
    """Records whose public representation lists ``instance`` only while it is published."""
    if isinstance(instance, Agreement):
        relations = AgreementRelation.objects.using(using)
        yield from (
            (Collection.AGREEMENTS, pk)
            for pk in relations.filter(agreement=instance).values_list("other_id", flat=True)
        )
        yield from (
            (Collection.AGREEMENTS, pk)
            for pk in relations.filter(other=instance).values_list("agreement_id", flat=True)
        )
        links = EVENT_AGREEMENTS._default_manager.using(using).filter(agreement=instance)
        yield from ((Collection.EVENTS, pk) for pk in links.values_list("event_id", flat=True))
    elif isinstance(instance, Event):
        links = EVENT_AGREEMENTS._default_manager.using(using).filter(event=instance)
        yield from (
            (Collection.AGREEMENTS, pk) for pk in links.values_list("agreement_id", flat=True)
        )


def record_before_delete(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    changes.deleting(TRACKED[sender], instance.pk, using=kwargs.get("using") or "default")


def record_deleted(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    using = kwargs.get("using") or "default"
    collection = TRACKED[sender]
    changes.write(
        collection,
        instance.slug,
        ChangeAction.DELETED,
        was_public=bool(getattr(instance, "published", True)),
        is_public=False,
        pk=instance.pk,
        using=using,
    )


def record_child_changed(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    using = kwargs.get("using") or "default"
    touch_all(CHILDREN[sender](instance, using), using)


def record_link_changed(
    sender: Any,
    instance: Any,
    action: str,
    reverse: bool,
    model: type[models.Model],
    pk_set: set[Any] | None,
    **kwargs: Any,
) -> None:
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    using = kwargs.get("using") or "default"
    owner, other = M2M[sender]
    if action == "pre_clear":
        # The links about to go, read before they do.
        mine, theirs = _link_columns(sender, instance, reverse)
        pk_set = set(
            sender._default_manager.using(using)
            .filter(**{mine: instance.pk})
            .values_list(theirs, flat=True)
        )
    if not pk_set:
        return
    if owner is None:  # a commitment's links: the agreement shows the commitment
        commitments = pk_set if reverse else {instance.pk}
        rows = Commitment.objects.using(using).filter(pk__in=commitments)
        agreements = rows.values_list("agreement_id", flat=True)
        touch_all([(Collection.AGREEMENTS, pk) for pk in agreements], using)
        return
    if reverse:
        touch_all([(owner, pk) for pk in pk_set], using)
        if other is not None:
            touch_all([(other, instance.pk)], using)
    else:
        touch_all([(owner, instance.pk)], using)
        if other is not None:
            touch_all([(other, pk) for pk in pk_set], using)


def _link_columns(through: Any, instance: Any, reverse: bool) -> tuple[str, str]:
    """The through table's columns for ``instance``'s side and the other side."""
    keys = [f for f in through._meta.concrete_fields if isinstance(f, models.ForeignKey)]
    owner_key, other_key = keys[0], keys[1]
    if reverse:
        owner_key, other_key = other_key, owner_key
    return owner_key.attname, other_key.attname


def record_statuses(sender: Any, ids: list[int], **kwargs: Any) -> None:
    """A status refresh updates statuses in bulk (no post_save): each agreement it changed
    is updated in the feed (once per transaction, as any write), and those it has just
    marked expired are announced. A constant number of queries however many changed."""
    changes.touch(Collection.AGREEMENTS, ids)
    expired = Agreement.objects.filter(pk__in=ids, status=AgreementStatus.EXPIRED)
    rows = list(expired.values_list("slug", "published"))
    if rows:
        tasks.queue(webhooks.notify(WebhookEvent.EXPIRED, rows))


def connect() -> None:
    """Called from SyncConfig.ready()."""
    uid = "sync.changes"
    statuses_changed.connect(record_statuses, sender=Agreement, dispatch_uid=f"{uid}.statuses")
    for model in TRACKED:
        name = f"{uid}.{model.__name__}"
        pre_save.connect(record_before_save, sender=model, dispatch_uid=name)
        post_save.connect(record_saved, sender=model, dispatch_uid=name)
        pre_delete.connect(record_before_delete, sender=model, dispatch_uid=name)
        post_delete.connect(record_deleted, sender=model, dispatch_uid=name)
    for model in CHILDREN:
        name = f"{uid}.{model.__name__}"
        post_save.connect(record_child_changed, sender=model, dispatch_uid=name)
        post_delete.connect(record_child_changed, sender=model, dispatch_uid=name)
    for through in M2M:
        name = f"{uid}.{through.__name__}"
        m2m_changed.connect(record_link_changed, sender=through, dispatch_uid=name)
