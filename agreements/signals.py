"""Keep each agreement's search document current when anything it is built from changes
(within a write service's ``refreshed_once()``, once per agreement at the end of the write)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from parties.models import Party, PartyAlias, Person

from .models import Agreement, AgreementParty, Signature
from .search import search_documents_changed


def _agreements_of_party(party_id: int) -> set[int]:
    """Agreements the party is a party to, or that were signed on its behalf."""
    return set(
        Agreement.objects.filter(
            Q(agreement_parties__party_id=party_id) | Q(signatures__on_behalf_of_id=party_id)
        ).values_list("pk", flat=True)
    )


def agreement_saved(sender: type[Agreement], instance: Agreement, **kwargs: Any) -> None:
    search_documents_changed([instance.pk], using=kwargs.get("using") or "default")


def agreement_part_changed(
    sender: type[AgreementParty | Signature], instance: AgreementParty | Signature, **kwargs: Any
) -> None:
    search_documents_changed([instance.agreement_id], using=kwargs.get("using") or "default")


def party_saved(sender: type[Party], instance: Party, created: bool = False, **kwargs: Any) -> None:
    if not created:  # a new party is in no agreement yet
        search_documents_changed(_agreements_of_party(instance.pk))


def alias_changed(sender: type[PartyAlias], instance: PartyAlias, **kwargs: Any) -> None:
    search_documents_changed(_agreements_of_party(instance.party_id))


def person_saved(
    sender: type[Person], instance: Person, created: bool = False, **kwargs: Any
) -> None:
    if not created:
        search_documents_changed(
            set(Signature.objects.filter(person=instance).values_list("agreement_id", flat=True))
        )


def connect() -> None:
    """Called from AgreementsConfig.ready()."""
    uid = "agreements.search"
    post_save.connect(agreement_saved, sender=Agreement, dispatch_uid=f"{uid}.agreement")
    for model in (AgreementParty, Signature):
        for signal in (post_save, post_delete):
            signal.connect(
                agreement_part_changed, sender=model, dispatch_uid=f"{uid}.{model.__name__}"
            )
    post_save.connect(party_saved, sender=Party, dispatch_uid=f"{uid}.party")
    for signal in (post_save, post_delete):
        signal.connect(alias_changed, sender=PartyAlias, dispatch_uid=f"{uid}.alias")
    post_save.connect(person_saved, sender=Person, dispatch_uid=f"{uid}.person")
