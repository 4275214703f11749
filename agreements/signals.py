"""Keep what is derived from each agreement (agreements/derived.py) current when anything it
is built from changes: its search document; its pairs in the network's pair table when its
published flag or parties change; its counts in the summaries (agreements/summaries.py)
when its published flag, status, dates, parties (their countries and parents), fields or
regions change. Within a write service's ``refreshed_once()``, once per agreement at the
end of the write; otherwise at once, in the transaction of the change."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from kernel.tree import subtree_ids
from parties.models import Party, PartyAlias, Person

from .derived import COUNTS, PAIRS, SEARCH, changed
from .models import Agreement, AgreementParty, Signature
from .statuses import statuses_changed


def _agreements_of_party(party_id: int) -> set[int]:
    """Agreements the party is a party to, or that were signed on its behalf."""
    return set(
        Agreement.objects.filter(
            Q(agreement_parties__party_id=party_id) | Q(signatures__on_behalf_of_id=party_id)
        ).values_list("pk", flat=True)
    )


def agreement_saved(sender: type[Agreement], instance: Agreement, **kwargs: Any) -> None:
    changed([instance.pk], SEARCH, PAIRS, COUNTS, using=kwargs.get("using") or "default")


def agreement_deleted(sender: type[Agreement], instance: Agreement, **kwargs: Any) -> None:
    changed([instance.pk], PAIRS, COUNTS, using=kwargs.get("using") or "default")


def agreement_part_changed(
    sender: type[AgreementParty | Signature], instance: AgreementParty | Signature, **kwargs: Any
) -> None:
    kinds = (SEARCH, PAIRS, COUNTS) if isinstance(instance, AgreementParty) else (SEARCH,)
    changed([instance.agreement_id], *kinds, using=kwargs.get("using") or "default")


def agreement_terms_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """A field or region added to or removed from agreements (from either side)."""
    using = kwargs.get("using") or "default"
    if action == "pre_clear" and reverse:
        # After the clear no link says which agreements had the term.
        term = next(f.name for f in sender._meta.fields if f.related_model is type(instance))
        links = sender.objects.using(using).filter(**{term: instance.pk})
        instance._cleared_agreements = set(links.values_list("agreement_id", flat=True))
    if not action.startswith("post_"):
        return
    if not reverse:
        changed([instance.pk], COUNTS, using=using)
    elif action == "post_clear":
        changed(instance.__dict__.pop("_cleared_agreements", ()), COUNTS, using=using)
    else:
        changed(pk_set or (), COUNTS, using=using)


def agreements_restatused(sender: type[Agreement], ids: list[int], **kwargs: Any) -> None:
    changed(ids, COUNTS)


def party_saving(sender: type[Party], instance: Party, **kwargs: Any) -> None:
    """Note what the counts read of the party (its country, its parent) before the save; a
    new party is in no agreement yet, so there is nothing to read."""
    if instance._state.adding:
        return
    stored = Party.objects.filter(pk=instance.pk).values_list("country", "parent_id").first()
    instance._counted_as = stored  # type: ignore[attr-defined]


def party_saved(sender: type[Party], instance: Party, created: bool = False, **kwargs: Any) -> None:
    if not created:  # a new party is in no agreement yet
        changed(_agreements_of_party(instance.pk), SEARCH)
        before = instance.__dict__.pop("_counted_as", None)
        if before != (str(instance.country or ""), instance.parent_id):
            # Its country counts for its agreements; its parent (an ancestor) for those of
            # its sub-units too.
            subtree = subtree_ids(Party, [instance])
            in_subtree = AgreementParty.objects.filter(party_id__in=subtree)
            changed(set(in_subtree.values_list("agreement_id", flat=True)), COUNTS)


def alias_changed(sender: type[PartyAlias], instance: PartyAlias, **kwargs: Any) -> None:
    changed(_agreements_of_party(instance.party_id), SEARCH)


def person_saved(
    sender: type[Person], instance: Person, created: bool = False, **kwargs: Any
) -> None:
    if not created:
        changed(
            set(Signature.objects.filter(person=instance).values_list("agreement_id", flat=True)),
            SEARCH,
        )


def connect() -> None:
    """Called from AgreementsConfig.ready()."""
    uid = "agreements.search"
    post_save.connect(agreement_saved, sender=Agreement, dispatch_uid=f"{uid}.agreement")
    post_delete.connect(agreement_deleted, sender=Agreement, dispatch_uid=f"{uid}.deleted")
    for through in (Agreement.fields.through, Agreement.regions.through):
        m2m_changed.connect(
            agreement_terms_changed, sender=through, dispatch_uid=f"{uid}.{through.__name__}"
        )
    statuses_changed.connect(agreements_restatused, dispatch_uid=f"{uid}.statuses")
    for model in (AgreementParty, Signature):
        for signal in (post_save, post_delete):
            signal.connect(
                agreement_part_changed, sender=model, dispatch_uid=f"{uid}.{model.__name__}"
            )
    pre_save.connect(party_saving, sender=Party, dispatch_uid=f"{uid}.party")
    post_save.connect(party_saved, sender=Party, dispatch_uid=f"{uid}.party")
    for signal in (post_save, post_delete):
        signal.connect(alias_changed, sender=PartyAlias, dispatch_uid=f"{uid}.alias")
    post_save.connect(person_saved, sender=Person, dispatch_uid=f"{uid}.person")
