"""Keep what is derived from each agreement (agreements/derived.py) current when anything it
is built from changes: its search document, and its pairs in the network's pair table when
its published flag or parties do. Within a write service's ``refreshed_once()``, once per
agreement at the end of the write."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from parties.models import Party, PartyAlias, Person

from .derived import PAIRS, SEARCH, changed
from .models import Agreement, AgreementParty, Signature


def _agreements_of_party(party_id: int) -> set[int]:
    """Agreements the party is a party to, or that were signed on its behalf."""
    return set(
        Agreement.objects.filter(
            Q(agreement_parties__party_id=party_id) | Q(signatures__on_behalf_of_id=party_id)
        ).values_list("pk", flat=True)
    )


def agreement_saved(sender: type[Agreement], instance: Agreement, **kwargs: Any) -> None:
    changed([instance.pk], SEARCH, PAIRS, using=kwargs.get("using") or "default")


def agreement_deleted(sender: type[Agreement], instance: Agreement, **kwargs: Any) -> None:
    changed([instance.pk], PAIRS, using=kwargs.get("using") or "default")


def agreement_part_changed(
    sender: type[AgreementParty | Signature], instance: AgreementParty | Signature, **kwargs: Any
) -> None:
    kinds = (SEARCH, PAIRS) if isinstance(instance, AgreementParty) else (SEARCH,)
    changed([instance.agreement_id], *kinds, using=kwargs.get("using") or "default")


def party_saved(sender: type[Party], instance: Party, created: bool = False, **kwargs: Any) -> None:
    if not created:  # a new party is in no agreement yet
        changed(_agreements_of_party(instance.pk), SEARCH)


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
    for model in (AgreementParty, Signature):
        for signal in (post_save, post_delete):
            signal.connect(
                agreement_part_changed, sender=model, dispatch_uid=f"{uid}.{model.__name__}"
            )
    post_save.connect(party_saved, sender=Party, dispatch_uid=f"{uid}.party")
    for signal in (post_save, post_delete):
        signal.connect(alias_changed, sender=PartyAlias, dispatch_uid=f"{uid}.alias")
    post_save.connect(person_saved, sender=Person, dispatch_uid=f"{uid}.person")
